/**
 * 报告周与截止时间。一律按北京时间（UTC+8）日历计算，与服务器所在时区无关：
 * - 报告周 = ISO 周（周一至周日），标签如 2026-W47；某一时刻属于哪一周，看它在 UTC+8 是哪一天。
 * - 截止时间 = 该周第 weekday 天（1 = 周一 … 7 = 周日；week_offset = 1 表示下一周）的 HH:MM（北京时间），
 *   规则见 deadline.ts（政策配置 YAML 中有 reporting.weekly_progress_due 时取之，否则默认周五 18:00）。
 * - 逾期 = 首次提交的时刻晚于截止时间（恰好在截止时刻提交不算逾期）。
 */
import { chinaDate, dateOfDayNumber, dayNumber } from '$lib/analytics/progress';

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;
const WEEKDAY_NAMES = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

export interface DeadlineRule {
  /** 1 = 周一 … 7 = 周日 */
  weekday: number;
  /** 'HH:MM'，北京时间 */
  time: string;
  /** 0 = 报告周当周，1 = 下一周 */
  weekOffset: 0 | 1;
  /** 规则来源（中文） */
  source: string;
}

export interface WeekInfo {
  /** ISO 周标签，如 2026-W47 */
  label: string;
  /** 周一 YYYY-MM-DD */
  monday: string;
  /** 周日 YYYY-MM-DD */
  sunday: string;
  /** 截止时间（UTC 时刻，ISO） */
  deadline: string;
  /** 截止时间的中文写法：2026-11-20（周五）18:00（北京时间） */
  deadlineText: string;
}

/** ISO 周标签（'2026-W47'）与周一，参数为 UTC+8 日历日 'YYYY-MM-DD'。 */
export function isoWeekOf(date: string): { label: string; monday: string } {
  const day = dayNumber(date);
  // 1970-01-01 是周四：(day + 3) mod 7 = 0 为周一
  const wd = (((day + 3) % 7) + 7) % 7;
  const monday = day - wd;
  const thursday = monday + 3;
  const year = Number(dateOfDayNumber(thursday).slice(0, 4));
  const jan1 = dayNumber(`${String(year).padStart(4, '0')}-01-01`);
  const week = Math.floor((thursday - jan1) / 7) + 1;
  return { label: `${year}-W${String(week).padStart(2, '0')}`, monday: dateOfDayNumber(monday) };
}

/** 周标签的周一；不是有效的 ISO 周（如 2021-W53）时为 null。 */
export function mondayOfWeek(label: string): string | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(label);
  if (!m) return null;
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (week < 1 || week > 53) return null;
  // 1 月 4 日总在第 1 周
  const jan4 = dayNumber(`${m[1]}-01-04`);
  const wd = (((jan4 + 3) % 7) + 7) % 7;
  const monday = jan4 - wd + (week - 1) * 7;
  const back = isoWeekOf(dateOfDayNumber(monday));
  return back.label === `${String(year).padStart(4, '0')}-W${m[2]}` ? dateOfDayNumber(monday) : null;
}

/** 某一时刻所在的报告周（按 UTC+8 日历）。 */
export function weekOfInstant(now: Date): { label: string; monday: string; today: string } {
  const today = chinaDate(now);
  return { ...isoWeekOf(today), today };
}

/** 周标签的截止时刻（UTC）。 */
export function deadlineOf(label: string, rule: DeadlineRule): Date {
  const monday = mondayOfWeek(label);
  if (!monday) throw new RangeError(`不是有效的报告周：${label}`);
  const [hh, mm] = rule.time.split(':').map(Number) as [number, number];
  const day = dayNumber(monday) + rule.weekOffset * 7 + (rule.weekday - 1);
  return new Date(day * DAY_MS + (hh * 60 + mm) * 60_000 - CHINA_OFFSET_MS);
}

/** 时刻的北京时间写法：2026-11-20 18:00。 */
export function chinaDateTime(instant: Date | string): string {
  const ms = (typeof instant === 'string' ? new Date(instant) : instant).getTime();
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** 截止时刻的中文写法：2026-11-20（周五）18:00（北京时间）。 */
export function deadlineText(deadline: Date): string {
  const local = chinaDateTime(deadline);
  const wd = (((Math.floor((deadline.getTime() + CHINA_OFFSET_MS) / DAY_MS) + 3) % 7) + 7) % 7;
  return `${local.slice(0, 10)}（${WEEKDAY_NAMES[wd]}）${local.slice(11)}（北京时间）`;
}

/** 规则的中文说明：每周五 18:00（北京时间）前报送本周周报。 */
export function ruleText(rule: DeadlineRule): string {
  return `${rule.weekOffset === 1 ? '下周' : '每周'}${WEEKDAY_NAMES[rule.weekday - 1]} ${rule.time}（北京时间）前报送${rule.weekOffset === 1 ? '上一周' : '本周'}周报`;
}

export function weekInfo(label: string, rule: DeadlineRule): WeekInfo {
  const monday = mondayOfWeek(label);
  if (!monday) throw new RangeError(`不是有效的报告周：${label}`);
  const deadline = deadlineOf(label, rule);
  return { label, monday, sunday: dateOfDayNumber(dayNumber(monday) + 6), deadline: deadline.toISOString(), deadlineText: deadlineText(deadline) };
}

/** 在时刻 at 首次提交周 label 的周报是否逾期。 */
export function isLate(label: string, at: Date, rule: DeadlineRule): boolean {
  return at.getTime() > deadlineOf(label, rule).getTime();
}

/** 上一周的标签。 */
export function previousWeek(label: string): string {
  const monday = mondayOfWeek(label);
  if (!monday) throw new RangeError(`不是有效的报告周：${label}`);
  return isoWeekOf(dateOfDayNumber(dayNumber(monday) - 7)).label;
}
