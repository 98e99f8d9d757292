/**
 * View model of the 任务清单 page and its .xlsx export: task rows with the 三色督办 light against 序时进度
 * (taskLight from $lib/analytics/progress, thresholds from the profile's traffic_light), per-department
 * rows, and a Chinese "what changed since last week" text.
 */
import { query, type Row } from './index';
import { taskLight, type Light } from '$lib/analytics/progress';
import { trafficLight, type Thresholds } from './profile';

export interface DeptRow {
  task_no: number;
  dept_name: string;
  role: string;
  status: string;
  percent: number | null;
  prev_percent: number | null;
  percent_delta: number | null;
  planned_date: string | null;
  postponements: number;
  note: string | null;
  evidence: string | null;
  latest_week: string | null;
  reported_this_week: boolean;
  change: string;
  light: Light;
  light_label: string;
  light_reason: string;
  expected: number | null;
}

export interface TaskRow {
  task_no: number;
  direction_no: number;
  direction: string;
  measure_no: number;
  measure: string;
  task_text: string;
  start_date: string;
  lead_dept: string | null;
  support_depts: string | null;
  status: string;
  percent: number | null;
  percent_delta: number | null;
  planned_date: string | null;
  postponements: number;
  changed: boolean;
  is_overdue: boolean;
  light: Light;
  light_label: string;
  light_reason: string;
  expected: number | null;
  depts: DeptRow[];
  change: string;
  note: string | null;
}

export const LIGHT_ORDER: Record<Light, number> = { red: 0, yellow: 1, blue: 2, green: 3, done: 4 };

const n = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const s = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function changeText(r: Row): string {
  const parts: string[] = [];
  if (r.first_report) parts.push('首次报送');
  if (r.status_changed) parts.push(`状态 ${r.prev_status}→${r.status}`);
  const d = n(r.percent_delta);
  if (d !== null && d !== 0) parts.push(`比例 ${r.prev_percent}%→${r.percent}%（${d > 0 ? '+' : ''}${d}）`);
  if (r.planned_changed) parts.push(`计划完成日期 ${r.prev_planned_date ?? '—'}→${r.planned_date ?? '—'}`);
  if (r.status !== '未报送' && !r.reported_this_week) parts.push(`本期未报送（最近 ${r.latest_week}）`);
  if (r.status === '未报送') parts.push('从未报送');
  return parts.join('；');
}

function light(start: string, row: { planned_date: string | null; percent: number | null; status: string }, asOf: string, th: Thresholds) {
  const l = taskLight({ start_date: start, planned_date: row.planned_date, percent: row.percent, status: row.status }, asOf, th);
  return { light: l.light, light_label: l.label, light_reason: l.reason, expected: l.expected };
}

export interface TasksModel {
  tasks: TaskRow[];
  asOfWeek: string | null;
  asOfDate: string | null;
  thresholds: Thresholds;
}

/** All 43 tasks with their departments; asOf = Sunday of the latest report week (data-driven, TZ-free). */
export async function loadTasks(profileId: string | null): Promise<TasksModel> {
  const [summary, deptRows] = await Promise.all([query('tasks_summary'), query('tasks_depts', { dept: null })]);
  const th = trafficLight(profileId);
  const asOfDate = s(summary[0]?.as_of_date) ?? s(deptRows[0]?.as_of_date);
  const asOfWeek = s(summary[0]?.as_of_week);
  const asOf = asOfDate ?? '1970-01-01';
  const byTask = new Map<number, DeptRow[]>();
  for (const r of deptRows) {
    const start = s(r.start_date) ?? asOf;
    const base = {
      task_no: Number(r.task_no),
      dept_name: String(r.dept_name),
      role: String(r.role),
      status: String(r.status),
      percent: n(r.percent),
      prev_percent: n(r.prev_percent),
      percent_delta: n(r.percent_delta),
      planned_date: s(r.planned_date),
      postponements: Number(r.postponements ?? 0),
      note: s(r.note),
      evidence: s(r.evidence),
      latest_week: s(r.latest_week),
      reported_this_week: Boolean(r.reported_this_week),
      change: changeText(r)
    };
    const d: DeptRow = { ...base, ...light(start, base, asOf, th) };
    const list = byTask.get(d.task_no) ?? [];
    list.push(d);
    byTask.set(d.task_no, list);
  }
  const tasks: TaskRow[] = summary.map((r) => {
    const depts = (byTask.get(Number(r.task_no)) ?? []).sort(
      (a, b) => (a.role === '牵头' ? 0 : 1) - (b.role === '牵头' ? 0 : 1) || a.dept_name.localeCompare(b.dept_name, 'zh-CN')
    );
    const base = {
      task_no: Number(r.task_no),
      direction_no: Number(r.direction_no),
      direction: String(r.direction),
      measure_no: Number(r.measure_no),
      measure: String(r.measure),
      task_text: String(r.task_text),
      start_date: s(r.start_date) ?? asOf,
      lead_dept: s(r.lead_dept),
      support_depts: s(r.support_depts),
      status: String(r.status),
      percent: n(r.percent),
      percent_delta: n(r.percent_delta),
      planned_date: s(r.planned_date),
      postponements: Number(r.postponements ?? 0),
      changed: Boolean(r.changed),
      is_overdue: Boolean(r.is_overdue),
      depts,
      change: depts
        .filter((d) => d.change)
        .map((d) => `${d.dept_name}：${d.change}`)
        .join('\n'),
      note: depts.find((d) => d.role === '牵头')?.note ?? depts.find((d) => d.note)?.note ?? null
    };
    return { ...base, ...light(base.start_date, base, asOf, th) };
  });
  return { tasks, asOfWeek, asOfDate, thresholds: th };
}

/** Weekly-review order: red first, then yellow, blue, green, done; within a colour by task number. */
export function reviewOrder<T extends { light: Light; task_no: number }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => LIGHT_ORDER[a.light] - LIGHT_ORDER[b.light] || a.task_no - b.task_no);
}

/** A department's view: its own rows, first where it leads, then where it supports; with the task context. */
export function deptView(model: TasksModel, dept: string): { lead: (DeptRow & { task: TaskRow })[]; support: (DeptRow & { task: TaskRow })[] } {
  const lead: (DeptRow & { task: TaskRow })[] = [];
  const support: (DeptRow & { task: TaskRow })[] = [];
  for (const t of model.tasks) {
    for (const d of t.depts) {
      if (d.dept_name !== dept) continue;
      (d.role === '牵头' ? lead : support).push({ ...d, task: t });
    }
  }
  return { lead, support };
}
