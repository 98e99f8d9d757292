/**
 * 任务清单的“系统填报”叠加：数仓每次 ETL 才更新，而网页上保存的周报在应用数据库里，应立即出现在任务清单上。
 *
 * 对每个（任务、部门），应用库中最近一周的条目比数仓中该部门最近一次周报“新”时，就用它替换数仓的最新值：
 *   - 条目的报告周晚于数仓最近一次周报的报告周；或
 *   - 同一报告周，而条目保存于数仓中那一行入库（其加载批次完成）之后。
 * 数仓里原来的最新值成为“上一次”，于是本周变化、延期次数、督办灯照常计算；任务级状态按 mart_task_summary 的
 * 同一规则（见 summarizeTask，测试中与 mart 逐项比对）由各部门的行重新合成。被替换的行在“本周变化”里标出「系统填报」。
 */
import { taskLight } from '$lib/analytics/progress';
import { query, type Row } from '$lib/server/queries';
import type { DeptRow, TaskRow, TasksModel } from '$lib/server/queries/tasks';
import { latestEntries, type LatestEntry } from './store';
import { latestWarehouseReports, whQuery, type WarehouseReport } from './warehouse';

/** 应用库条目是否比数仓中的最近一次周报新（见模块说明）。 */
export function isNewer(entry: { week_start: string; submitted_at: string }, wh: { week_start: string; loaded_at: string | null } | undefined): boolean {
  if (!wh) return true;
  if (entry.week_start !== wh.week_start) return entry.week_start > wh.week_start;
  return wh.loaded_at !== null && entry.submitted_at > wh.loaded_at;
}

/** 合成任务级状态所需的部门行（mart_task_latest 的列）。 */
export interface DeptState {
  status: string;
  percent: number | null;
  prev_percent: number | null;
  planned_date: string | null;
  postponements: number;
  status_changed: boolean;
  planned_changed: boolean;
  percent_delta: number | null;
  first_report: boolean;
  latest_week: string | null;
}

export interface TaskSummary {
  status: string;
  percent: number | null;
  prev_percent: number | null;
  percent_delta: number | null;
  planned_date: string | null;
  postponements: number;
  changed: boolean;
  is_overdue: boolean;
  latest_week: string | null;
}

const minOf = (xs: (number | null)[]): number | null => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? Math.min(...v) : null;
};
const maxOf = <T extends string | number>(xs: (T | null)[]): T | null => {
  const v = xs.filter((x): x is T => x !== null);
  return v.length ? v.reduce((a, b) => (b > a ? b : a)) : null;
};

/**
 * 任务级状态，与 etl/models/marts/mart_task_summary.sql 相同的规则：全部已报部门“已完成”为已完成；
 * 任一部门“滞后”为滞后；全部未启动或未报送且无人报送为未报送，否则为未启动；其余为推进中。
 * 完成比例取各部门最低值，计划完成日期取最晚，逾期 = 截止日已过且未完成。
 */
export function summarizeTask(depts: DeptState[], asOfDate: string | null): TaskSummary {
  const reported = depts.filter((d) => d.status !== '未报送');
  const allDone = reported.length > 0 && reported.every((d) => d.status === '已完成');
  const anyLate = depts.some((d) => d.status === '滞后');
  const noneStarted = depts.every((d) => d.status === '未启动' || d.status === '未报送');
  const status = allDone ? '已完成' : anyLate ? '滞后' : noneStarted && reported.length === 0 ? '未报送' : noneStarted ? '未启动' : '推进中';
  const percent = minOf(depts.map((d) => d.percent));
  const prev = minOf(depts.map((d) => d.prev_percent));
  const planned = maxOf(depts.map((d) => d.planned_date));
  return {
    status,
    percent,
    prev_percent: prev,
    percent_delta: percent !== null && prev !== null ? percent - prev : null,
    planned_date: planned,
    postponements: depts.reduce((a, d) => Math.max(a, d.postponements), 0),
    changed: depts.some((d) => d.status_changed || d.planned_changed || (d.percent_delta ?? 0) !== 0 || d.first_report),
    is_overdue: !allDone && asOfDate !== null && planned !== null && planned < asOfDate,
    latest_week: maxOf(depts.map((d) => d.latest_week))
  };
}

export interface OverlaidDeptRow extends DeptRow {
  /** 来自应用库的系统填报 */
  system?: { week: string; submitted_at: string; submitted_by: string; is_late: boolean; channel: string };
}

export interface OverlaidModel extends TasksModel {
  /** 被系统填报替换的（任务、部门）数 */
  systemRows: number;
}

const s = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const n = (v: unknown): number | null => (typeof v === 'number' ? v : null);

function fmtPct(v: number | null): string {
  return v === null ? '—' : `${Math.round(v * 10) / 10}%`;
}

/**
 * The overlaid department row and its state flags: what mart_task_latest would hold with the entry as the latest
 * report and the warehouse's latest report as the previous one (several newer app entries: the warehouse's latest
 * still counts as the previous one).
 */
function overlayRow(
  d: DeptRow,
  e: LatestEntry,
  prev: WarehouseReport | undefined,
  taskPlanned: string | null,
  ctx: { start: string; asOf: string; th: TasksModel['thresholds']; asOfWeekStart: string | null }
): { row: OverlaidDeptRow; state: DeptState } {
  const prevStatus = prev?.status ?? null;
  const prevPercent = prev?.percent ?? null;
  const prevPlanned = prev?.planned_date ?? null;
  // mart_task_latest: planned_date = COALESCE(cur.planned_date, tasks.planned_date)
  const plannedDate = e.planned_date ?? taskPlanned;
  const delta = prevPercent !== null ? e.percent - prevPercent : null;
  const statusChanged = prevStatus !== null && prevStatus !== e.status;
  const plannedChanged = prevPlanned !== null && e.planned_date !== prevPlanned;
  // mart_task_latest: postponed when planned_date > COALESCE(previous report's planned_date, tasks.planned_date)
  const before = prevPlanned ?? taskPlanned;
  const postponed = e.planned_date !== null && before !== null && e.planned_date > before;
  const parts = [`「系统填报${e.is_late ? '·逾期' : ''}」${e.report_week}`];
  if (prev === undefined) parts.push('首次报送');
  if (statusChanged) parts.push(`状态 ${prevStatus}→${e.status}`);
  if (delta !== null && delta !== 0) parts.push(`比例 ${fmtPct(prevPercent)}→${fmtPct(e.percent)}（${delta > 0 ? '+' : ''}${Math.round(delta * 10) / 10}）`);
  if (plannedChanged) parts.push(`计划完成日期 ${prevPlanned ?? '—'}→${e.planned_date ?? '—'}`);
  const base = {
    ...d,
    status: e.status,
    percent: e.percent,
    prev_percent: prevPercent,
    percent_delta: delta,
    planned_date: plannedDate,
    postponements: d.postponements + (postponed ? 1 : 0),
    note: e.note,
    evidence: e.evidence,
    latest_week: e.report_week,
    reported_this_week: ctx.asOfWeekStart !== null && e.week_start >= ctx.asOfWeekStart,
    change: parts.join('；')
  };
  const l = taskLight({ start_date: ctx.start, planned_date: base.planned_date, percent: base.percent, status: base.status }, ctx.asOf, ctx.th);
  const row: OverlaidDeptRow = {
    ...base,
    light: l.light,
    light_label: l.label,
    light_reason: l.reason,
    expected: l.expected,
    system: { week: e.report_week, submitted_at: e.submitted_at, submitted_by: e.submitted_by, is_late: e.is_late, channel: e.channel }
  };
  const state: DeptState = {
    status: e.status,
    percent: e.percent,
    prev_percent: prevPercent,
    planned_date: plannedDate,
    postponements: row.postponements,
    status_changed: statusChanged,
    planned_changed: plannedChanged,
    percent_delta: delta,
    first_report: prev === undefined,
    latest_week: e.report_week
  };
  return { row, state };
}

const bool = (v: unknown): boolean => v === true;

/**
 * 把应用库中比数仓新的条目叠加到任务清单的模型上（不改数仓）。应用库或数仓读不到时原样返回（任务清单照常显示数仓数据）。
 */
export async function overlayTasks(model: TasksModel): Promise<OverlaidModel> {
  let entries: LatestEntry[];
  let wh: WarehouseReport[];
  try {
    [entries, wh] = await Promise.all([latestEntries(), latestWarehouseReports()]);
  } catch (e) {
    console.error('[progress] 读取系统填报失败，任务清单只显示数仓数据：', (e as Error).message);
    return { ...model, systemRows: 0 };
  }
  const whBy = new Map(wh.map((r) => [`${r.task_no}|${r.dept_name}`, r]));
  const newer = new Map<string, LatestEntry>();
  for (const e of entries) {
    const key = `${e.task_no}|${e.dept_name}`;
    if (isNewer(e, whBy.get(key))) newer.set(key, e);
  }
  if (newer.size === 0) return { ...model, systemRows: 0 };

  // Flags of the untouched department rows of the affected tasks (DeptRow does not carry them), and the tasks' own planned dates.
  const [raw, planned] = await Promise.all([query('tasks_depts', { dept: null }), whQuery('task_planned')]);
  const taskPlanned = new Map(planned.map((r) => [Number(r.task_no), s(r.planned_date)]));
  const flags = new Map<string, Row>(raw.map((r) => [`${r.task_no}|${r.dept_name}`, r]));
  const asOf = model.asOfDate ?? '1970-01-01';
  const asOfWeekStart = s(raw[0]?.as_of_date) ? shiftDays(String(raw[0]!.as_of_date), -6) : null;
  let systemRows = 0;
  const tasks: TaskRow[] = model.tasks.map((t) => {
    const touched = t.depts.some((d) => newer.has(`${t.task_no}|${d.dept_name}`));
    if (!touched) return t;
    const states: DeptState[] = [];
    const depts = t.depts.map((d) => {
      const e = newer.get(`${t.task_no}|${d.dept_name}`);
      if (e) {
        systemRows++;
        const o = overlayRow(d, e, whBy.get(`${t.task_no}|${d.dept_name}`), taskPlanned.get(t.task_no) ?? null, {
          start: t.start_date,
          asOf,
          th: model.thresholds,
          asOfWeekStart
        });
        states.push(o.state);
        return o.row;
      }
      const f = flags.get(`${t.task_no}|${d.dept_name}`) ?? {};
      states.push({
        status: d.status,
        percent: d.percent,
        prev_percent: d.prev_percent,
        planned_date: d.planned_date,
        postponements: d.postponements,
        status_changed: bool(f.status_changed),
        planned_changed: bool(f.planned_changed),
        percent_delta: n(f.percent_delta),
        first_report: bool(f.first_report),
        latest_week: s(f.latest_week)
      });
      return d;
    });
    const sum = summarizeTask(states, model.asOfDate);
    const l = taskLight({ start_date: t.start_date, planned_date: sum.planned_date, percent: sum.percent, status: sum.status }, asOf, model.thresholds);
    return {
      ...t,
      status: sum.status,
      percent: sum.percent,
      percent_delta: sum.percent_delta,
      planned_date: sum.planned_date,
      postponements: sum.postponements,
      changed: sum.changed,
      is_overdue: sum.is_overdue,
      light: l.light,
      light_label: l.label,
      light_reason: l.reason,
      expected: l.expected,
      depts,
      change: depts
        .filter((d) => d.change)
        .map((d) => `${d.dept_name}：${d.change}`)
        .join('\n'),
      note: depts.find((d) => d.role === '牵头')?.note ?? depts.find((d) => d.note)?.note ?? null
    };
  });
  return { ...model, tasks, systemRows };
}

function shiftDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
