/**
 * 序时进度与三色督办（43 项工作任务）。
 *
 * Dates are calendar days written 'YYYY-MM-DD' and meant as days in China (UTC+8). They are
 * turned into day numbers by pure arithmetic (Date.UTC on the components), so nothing here
 * depends on the process time zone. To get "today" from an instant use `chinaDate(instant)`,
 * which shifts the instant by +8 h before taking the calendar day.
 *
 * 序时进度 (expected percent) on day `asOf` for a task from `start` to `planned`:
 *   100 · (asOf − start) / (planned − start), in whole days, clamped to 0–100.
 *   So it is 0 on the start day, 100 on the planned day. If planned ≤ start it is 0 before
 *   the planned day and 100 from it.
 *
 * Light, first rule that applies wins (thresholds from the profile YAML; defaults
 * yellow_behind_points 10, red_behind_points 30, blue_days_before_due 14):
 *   done   (已完成) status 已完成, or percent ≥ 100;
 *   red    (红灯)   overdue (asOf after the planned date) and not done,
 *                   or behind = expected − percent > red_behind_points;
 *   yellow (黄灯)   yellow_behind_points ≤ behind ≤ red_behind_points,
 *                   or the department itself reports 滞后;
 *   blue   (蓝灯)   the planned date is within blue_days_before_due days (0 ≤ days left ≤ N);
 *   green  (绿灯)   otherwise.
 * Boundaries: behind exactly 10 is yellow, exactly 30 is still yellow (red is "more than 30");
 * 14 days left is blue, 15 is not; on the planned day itself (0 days left) a task is blue,
 * not overdue. Behind is compared after rounding to 1e-9, so 60 − 50 counts as exactly 10.
 * Without a planned date there is no expected percent: the light is done, yellow (reported
 * 滞后) or green.
 * A missing percent counts as 0; percents are clamped to 0–100.
 */

export type Light = 'red' | 'yellow' | 'blue' | 'green' | 'done';

export const LIGHT_LABELS: Readonly<Record<Light, string>> = {
  red: '红灯',
  yellow: '黄灯',
  blue: '蓝灯',
  green: '绿灯',
  done: '已完成'
};

export interface ProgressThresholds {
  yellow_behind_points: number;
  red_behind_points: number;
  blue_days_before_due: number;
}

export const DEFAULT_PROGRESS_THRESHOLDS: Readonly<ProgressThresholds> = {
  yellow_behind_points: 10,
  red_behind_points: 30,
  blue_days_before_due: 14
};

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** Day number (days since 1970-01-01) of a 'YYYY-MM-DD' calendar date. Throws on invalid dates. */
export function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`日期“${date}”格式须为 YYYY-MM-DD`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`日期“${date}”不存在`);
  }
  return Math.round(ms / DAY_MS);
}

/** 'YYYY-MM-DD' of a day number. */
export function dateOfDayNumber(day: number): string {
  const dt = new Date(day * DAY_MS);
  const y = String(dt.getUTCFullYear()).padStart(4, '0');
  const m = String(dt.getUTCMonth() + 1).padStart(2, '0');
  const d = String(dt.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** Calendar day in China (UTC+8) of an instant, as 'YYYY-MM-DD'. */
export function chinaDate(instant: Date | number): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('无效的时间');
  return dateOfDayNumber(Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS));
}

/** b − a in days. */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

/** 序时进度 in percent (0–100), see module comment. */
export function expectedPercent(start: string, planned: string, asOf: string): number {
  const s = dayNumber(start);
  const p = dayNumber(planned);
  const t = dayNumber(asOf);
  if (p <= s) return t >= p ? 100 : 0;
  const x = (100 * (t - s)) / (p - s);
  return Math.min(100, Math.max(0, x));
}

export interface TaskProgressInput {
  /** Start of the period the task is measured from (e.g. the policy's issue date). */
  start_date: string;
  planned_date?: string | null;
  /** 完成比例（%）. */
  percent?: number | null;
  /** 进展状态: 未启动 / 推进中 / 已完成 / 滞后. */
  status?: string | null;
}

export interface TaskLight {
  light: Light;
  label: string;
  /** 序时进度 %, null without a planned date. */
  expected: number | null;
  /** Reported percent, clamped 0–100 (missing → 0). */
  percent: number;
  /** expected − percent in points (positive = behind), null without a planned date. */
  behind: number | null;
  /** planned − asOf in days (negative = overdue), null without a planned date. */
  daysToDue: number | null;
  overdue: boolean;
  /** Chinese explanation of the light. */
  reason: string;
}

function pts(x: number): string {
  return (Math.round(x * 10) / 10).toFixed(1);
}

/** The 三色督办 light of one task on day `asOf` ('YYYY-MM-DD', China calendar day). */
export function taskLight(
  input: TaskProgressInput,
  asOf: string,
  thresholds: Partial<ProgressThresholds> = {}
): TaskLight {
  const th: ProgressThresholds = { ...DEFAULT_PROGRESS_THRESHOLDS, ...thresholds };
  const raw = input.percent;
  const percent = typeof raw === 'number' && Number.isFinite(raw) ? Math.min(100, Math.max(0, raw)) : 0;
  const status = (input.status ?? '').trim();
  const done = status === '已完成' || percent >= 100;
  const planned = input.planned_date ?? null;

  const expected = planned ? expectedPercent(input.start_date, planned, asOf) : null;
  // Rounded to 1e-9 so that float noise (e.g. 100·29/31 − x) cannot move a boundary.
  const behind = expected === null ? null : Math.round((expected - percent) * 1e9) / 1e9;
  const daysToDue = planned ? daysBetween(asOf, planned) : null;
  const overdue = !done && daysToDue !== null && daysToDue < 0;
  // dayNumber validates the start date even without a planned date.
  dayNumber(input.start_date);

  const base = { expected, percent, behind, daysToDue, overdue };
  const make = (light: Light, reason: string): TaskLight => ({ light, label: LIGHT_LABELS[light], ...base, reason });
  const behindText =
    expected !== null && behind !== null
      ? `落后序时进度 ${pts(behind)} 个百分点（应完成 ${pts(expected)}%，实际 ${pts(percent)}%）`
      : '';

  if (done) return make('done', '已完成');
  if (overdue) return make('red', `已超过计划完成日期 ${-(daysToDue as number)} 天仍未完成`);
  if (behind !== null && behind > th.red_behind_points) return make('red', behindText);
  if (behind !== null && behind >= th.yellow_behind_points) return make('yellow', behindText);
  if (status === '滞后') return make('yellow', '责任部门报告进展滞后');
  if (daysToDue !== null && daysToDue >= 0 && daysToDue <= th.blue_days_before_due) {
    return make('blue', daysToDue === 0 ? '今天为计划完成日期，尚未完成' : `距计划完成日期还有 ${daysToDue} 天，尚未完成`);
  }
  return make('green', expected === null ? '未设计划完成日期，进展正常' : '进度正常');
}
