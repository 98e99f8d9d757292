/**
 * 任务进展周报的系统填报（issue 5）：部门负责人按周填报本部门（牵头或配合）的任务进展，或上传周报模板；
 * 协调办按周、按部门审核（审核即锁定，取消审核后才能再改）；每次写入都记入审计日志。
 *
 * - 校验：与 ETL 相同的 SQL 规则（validate.ts），另加本功能的规则：只能填报本部门的行（协调办、管理员须明确选择代填的部门），
 *   已审核的周不能修改。
 * - 报告周：北京时间的 ISO 周（周一至周日）；表单只保存本周，上传文件的行按文件中的报告周（不晚于本周）保存。
 * - 逾期：首次提交晚于该周截止时间（deadline.ts：政策配置 reporting.weekly_progress_due，否则周五 18:00）。
 * - 写入在进程内串行执行（store.serialized），“检查锁定 → 写入”在同一事务里。
 * - 审计：progress.save（表单）、progress.upload（上传）、progress.approve、progress.unapprove；
 *   对象为 progress:部门:报告周，before / after 为相关条目或审核记录。
 */
import { appendAudit } from '../appdb/audit';
import { canActForDept } from '../auth/guard';
import type { SessionUser } from '$lib/types/user';
import type { CellError, FormRow, PreviewRow, SaveResponse, UploadPreviewResponse } from '$lib/client/progress/types';
import { deadlineRule } from './deadline';
import { isNewer } from './overlay';
import { exec, latestEntries, listApprovals, listEntries, progressDb, read, rowsOf, serialized, transaction, type Approval, type Entry } from './store';
import { canonicalDept, FileProblem, validateFile, validateRows, type RawProgressRow, type ValidationContext, type ValidationResult, type ValidRow } from './validate';
import { latestWarehouseReports, warehouseMeta, whQuery } from './warehouse';
import { chinaDateTime, deadlineOf, mondayOfWeek, ruleText, weekInfo, weekOfInstant, type DeadlineRule, type WeekInfo } from './week';

export { FileProblem } from './validate';

/** 一个可展示给用户的错误（HTTP 状态 + 中文消息，可带逐行逐列的错误）。 */
export class ProgressError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: CellError[] = [],
    readonly rows: PreviewRow[] = []
  ) {
    super(message);
  }
}

export interface Actor {
  user: SessionUser;
  ip: string | null;
}

const OFFICE_ROLES = new Set(['office', 'admin']);

export const isOffice = (u: SessionUser | null): boolean => !!u && OFFICE_ROLES.has(u.role);

/** 有周报任务的部门（数仓 task_departments）。 */
export async function reportingDepartments(): Promise<{ name: string; short_name: string; lead_tasks: number; support_tasks: number }[]> {
  return (await whQuery('departments')).map((r) => ({
    name: String(r.name),
    short_name: String(r.short_name ?? r.name),
    lead_tasks: Number(r.lead_tasks),
    support_tasks: Number(r.support_tasks)
  }));
}

/**
 * 本次操作代表的部门。部门负责人只能是本部门：请求中写了别的部门即拒绝（403）；协调办、管理员必须明确选择部门。
 */
export function actingDept(user: SessionUser, requested: string | null | undefined, departments: string[]): string {
  const req = typeof requested === 'string' && requested.trim() ? canonicalDept(requested) : null;
  if (user.role === 'dept') {
    const own = user.dept ? canonicalDept(user.dept) : null;
    if (!own) throw new ProgressError(403, '您的账号没有绑定部门，不能填报周报。请联系系统管理员。');
    if (req !== null && req !== own) throw new ProgressError(403, `部门负责人只能填报本部门（${own}）的周报，不能修改“${requested}”的任务进展。`);
    if (!canActForDept(user, own)) throw new ProgressError(403, '您无权填报该部门的周报。');
    return own;
  }
  if (!isOffice(user)) throw new ProgressError(403, '您的角色不能填报周报。');
  if (req === null) throw new ProgressError(400, '请先选择要代为填报的部门。');
  if (!departments.includes(req)) throw new ProgressError(400, `“${requested}”不是任务清单中的责任部门。`);
  if (!canActForDept(user, req)) throw new ProgressError(403, '您无权填报该部门的周报。');
  return req;
}

interface Setting {
  rule: DeadlineRule;
  profileId: string | null;
  current: WeekInfo;
  today: string;
}

async function setting(now: Date): Promise<Setting> {
  const meta = await warehouseMeta();
  const rule = deadlineRule(meta.profile_id);
  const w = weekOfInstant(now);
  return { rule, profileId: meta.profile_id, current: weekInfo(w.label, rule), today: w.today };
}

async function validationContext(today: string): Promise<ValidationContext> {
  const [tasks, tds] = await Promise.all([whQuery('tasks'), whQuery('task_departments')]);
  return {
    tasks: tasks.map((r) => Number(r.task_no)),
    taskDepartments: tds.map((r) => ({ task_no: Number(r.task_no), dept_name: String(r.dept_name), role: String(r.role), position: Number(r.position) })),
    asOfDate: today
  };
}

/** 审计日志里的条目快照（不含时间戳以外的冗余列）。 */
function snapshot(e: Record<string, unknown>) {
  return {
    week: e.report_week,
    task: e.task_no,
    status: e.status,
    percent: e.percent,
    note: e.note ?? null,
    evidence: e.evidence ?? null,
    planned: e.planned_date ?? null,
    late: e.is_late,
    rev: e.revision,
    ...(e.source_file ? { file: e.source_file, row: e.source_row } : {})
  };
}

interface WriteMeta {
  channel: 'form' | 'upload';
  fileName: string | null;
}

/** 与已保存的条目内容相同（状态、比例、说明、佐证、计划日期）：再次提交不算修改。 */
function sameAs(r: ValidRow, e: Record<string, unknown> | undefined): boolean {
  return (
    !!e && e.status === r.status && Number(e.percent) === r.percent && (e.note ?? null) === r.note && (e.evidence ?? null) === r.evidence && (e.planned_date ?? null) === r.planned_date
  );
}

/**
 * 保存一批已通过校验的行（同一部门）：检查锁定、跳过与已保存内容相同的行、写入、审计。
 * 锁定检查与写入在同一事务里，且所有写入在进程内串行。
 */
async function writeEntries(actor: Actor, dept: string, rows: ValidRow[], meta: WriteMeta, rule: DeadlineRule, now: Date): Promise<SaveResponse> {
  const weeks = [...new Set(rows.map((r) => r.report_week))].sort();
  const keyOf = (r: { report_week?: unknown; task_no?: unknown; dept_name?: unknown }) => `${String(r.report_week)}|${String(r.task_no)}|${String(r.dept_name)}`;
  const keysJson = (list: ValidRow[]) => JSON.stringify(list.map((r) => ({ report_week: r.report_week, task_no: r.task_no, dept_name: r.dept_name })));
  const payload = (list: ValidRow[]) =>
    JSON.stringify(
      list.map((r) => ({
        report_week: r.report_week,
        week_start: r.week_start,
        task_no: r.task_no,
        dept_name: r.dept_name,
        report_date: r.report_date,
        status: r.status,
        percent: r.percent,
        note: r.note,
        evidence: r.evidence,
        planned_date: r.planned_date,
        channel: meta.channel,
        source_file: meta.fileName,
        source_row: meta.channel === 'upload' ? r.source_row : null,
        deadline_at: deadlineOf(r.report_week, rule).toISOString()
      }))
    );
  const { before, after, unchanged } = await serialized(() =>
    transaction(async (c) => {
      const locked = await rowsOf<Approval & Record<string, unknown>>(c, 'locked_weeks', { dept, weeks: JSON.stringify(weeks) });
      if (locked.length > 0) {
        const l = locked[0]!;
        throw new ProgressError(
          409,
          `${dept} ${locked.map((x) => x.report_week).join('、')} 的周报已由 ${l.approved_by} 于 ${chinaDateTime(l.approved_at)}（北京时间）审核通过并锁定，不能再修改。如需更正，请联系协调办取消审核。`,
          rows
            .filter((r) => locked.some((x) => x.report_week === r.report_week))
            .map((r) => ({ row: meta.channel === 'form' ? r.task_no : r.source_row, task_no: r.task_no, column: 'report_week', header: '报告周', letter: null, value: r.report_week, reason: '该周已审核锁定' }))
        );
      }
      const existing = new Map((await rowsOf(c, 'entries_by_keys', { keys: keysJson(rows) })).map((e) => [keyOf(e), e]));
      const changed = rows.filter((r) => !sameAs(r, existing.get(keyOf(r))));
      if (changed.length === 0) return { before: [], after: [], unchanged: rows.length };
      const before = changed.map((r) => existing.get(keyOf(r))).filter((e): e is Record<string, unknown> => !!e);
      await exec(c, 'upsert_entries', { rows: payload(changed), now: now.toISOString(), username: actor.user.username });
      const after = await rowsOf(c, 'entries_by_keys', { keys: keysJson(changed) });
      return { before, after, unchanged: rows.length - changed.length };
    })
  );
  const unchangedText = unchanged ? `（另有 ${unchanged} 项与已保存的内容相同，未重复保存）` : '';
  if (after.length === 0) {
    return { ok: true, saved: 0, weeks, late: 0, message: `内容与已保存的周报相同，没有需要保存的修改${unchangedText}。` };
  }
  const db = await progressDb();
  await appendAudit(db, {
    actor: actor.user.username,
    action: meta.channel === 'form' ? 'progress.save' : 'progress.upload',
    entity: `progress:${dept}:${weeks.join(',')}`,
    before: before.length ? before.map(snapshot) : null,
    after: { ...(meta.fileName ? { file: meta.fileName } : {}), rows: after.map(snapshot) },
    ip: actor.ip,
    at: now
  });
  const late = after.filter((r) => r.is_late === true).length;
  const lateText = late ? `，其中 ${late} 项晚于截止时间，已标记为逾期` : '';
  return {
    ok: true,
    saved: after.length,
    weeks,
    late,
    message: `已保存 ${dept} ${weeks.join('、')} 的周报 ${after.length} 项${lateText}${unchangedText}。`
  };
}

/** 本功能在 ETL 规则之外的检查：行的部门必须是代表的部门。返回附加的错误。 */
function ownDeptErrors(result: ValidationResult, dept: string, form: boolean): CellError[] {
  const out: CellError[] = [];
  for (const r of result.valid) {
    if (r.dept_name !== dept) {
      out.push({
        row: form ? r.task_no : r.source_row,
        task_no: r.task_no,
        column: 'dept_name',
        header: result.columns.find((c) => c.name === 'dept_name')?.header ?? '责任部门',
        letter: result.columns.find((c) => c.name === 'dept_name')?.letter ?? null,
        value: r.dept_name,
        reason: `只能填报本部门（${dept}）的任务进展，不能修改${r.dept_name}的周报`
      });
    }
  }
  return out;
}

/** 网页表单保存本周周报：状态留空的任务不提交。 */
export async function saveForm(actor: Actor, input: { dept?: string | null; rows: FormRow[] }, now = new Date()): Promise<SaveResponse> {
  const depts = (await reportingDepartments()).map((d) => d.name);
  const dept = actingDept(actor.user, input.dept, depts);
  if (!Array.isArray(input.rows)) throw new ProgressError(400, '请求格式不正确：缺少 rows。');
  if (input.rows.length > 200) throw new ProgressError(400, '一次最多保存 200 行。');
  const st = await setting(now);
  const text = (v: unknown, max: number): string | null => {
    if (v === null || v === undefined) return null;
    const t = String(v).slice(0, max);
    return t.trim() === '' ? null : t;
  };
  const rows: RawProgressRow[] = input.rows
    .filter((r) => r && typeof r === 'object' && text(r.status, 20) !== null)
    .map((r, i) => ({
      source_row: i + 1,
      report_week: st.current.label,
      report_date: st.today,
      task_no: text(r.task_no, 10),
      dept_name: dept,
      status: text(r.status, 20),
      percent: text(r.percent, 20),
      note: text(r.note, 2000),
      evidence: text(r.evidence, 1000),
      planned_date: text(r.planned_date, 20)
    }));
  if (rows.length === 0) throw new ProgressError(400, '没有要保存的任务：请至少为一项任务选择进展状态。');
  const result = await validateRows(rows, await validationContext(st.today));
  const errors = [...result.errors, ...ownDeptErrors(result, dept, true)];
  if (errors.length > 0) {
    throw new ProgressError(422, `有 ${errors.length} 处不符合周报规则（与数据加载的校验规则相同），未保存。`, errors);
  }
  return writeEntries(actor, dept, result.valid, { channel: 'form', fileName: null }, st.rule, now);
}

/**
 * 上传的周报文件（已写到带扩展名的临时路径）：commit = false 时只校验并返回预览；commit = true 时无错误才保存。
 */
export async function uploadFile(
  actor: Actor,
  input: { dept?: string | null; path: string; fileName: string; commit: boolean },
  now = new Date()
): Promise<UploadPreviewResponse | SaveResponse> {
  const depts = (await reportingDepartments()).map((d) => d.name);
  const dept = actingDept(actor.user, input.dept, depts);
  const st = await setting(now);
  let result: ValidationResult;
  try {
    result = await validateFile(input.path, input.fileName, await validationContext(st.today));
  } catch (e) {
    if (e instanceof FileProblem) throw new ProgressError(400, e.message);
    throw e;
  }
  const foreign = ownDeptErrors(result, dept, false);
  for (const f of foreign) result.preview.find((p) => p.row === f.row)?.errors.push(f);
  const weeks = [...new Set(result.valid.map((r) => r.report_week))];
  const locked = weeks.length ? await listApprovals({ dept }).then((a) => a.filter((x) => weeks.includes(x.report_week))) : [];
  const lockErrors: CellError[] = result.valid
    .filter((r) => locked.some((l) => l.report_week === r.report_week))
    .map((r) => ({ row: r.source_row, task_no: r.task_no, column: 'report_week', header: '报告周', letter: result.columns.find((c) => c.name === 'report_week')?.letter ?? null, value: r.report_week, reason: '该周已由协调办审核锁定，不能再修改' }));
  for (const f of lockErrors) result.preview.find((p) => p.row === f.row)?.errors.push(f);
  const errors = [...result.errors, ...foreign, ...lockErrors].sort((a, b) => a.row - b.row);
  const accepted = result.valid.length - new Set([...foreign, ...lockErrors].map((e) => e.row)).size;
  const preview: UploadPreviewResponse = {
    ok: errors.length === 0 && result.valid.length > 0,
    fileName: input.fileName,
    headerRow: result.headerRow,
    columns: result.columns,
    rows: result.preview,
    errors,
    ignored: result.ignored,
    accepted,
    warnings: result.warnings,
    message:
      result.valid.length === 0 && errors.length === 0
        ? '文件中没有数据行。'
        : errors.length
          ? `有 ${errors.length} 处不符合周报规则（与数据加载的校验规则相同）；请修改后重新上传。`
          : `${result.valid.length} 行全部通过校验${result.ignored ? `（另有 ${result.ignored} 行合计或说明行不导入）` : ''}，可以提交。`
  };
  if (!input.commit) return preview;
  if (result.valid.length === 0 && errors.length === 0) throw new ProgressError(400, '文件中没有数据行，未保存。');
  if (foreign.length) throw new ProgressError(403, `文件中有 ${foreign.length} 行不是本部门（${dept}）的任务进展，未保存。`, errors, result.preview);
  if (lockErrors.length && result.errors.length === 0) {
    throw new ProgressError(409, `${[...new Set(lockErrors.map((e) => e.value))].join('、')} 的周报已审核锁定，未保存。如需更正，请联系协调办取消审核。`, errors, result.preview);
  }
  if (errors.length) throw new ProgressError(422, preview.message.replace('；请修改后重新上传。', '，未保存。'), errors, result.preview);
  return writeEntries(actor, dept, result.valid, { channel: 'upload', fileName: input.fileName.slice(0, 200) }, st.rule, now);
}

/** 审核（approve = true）或取消审核一周的周报；dept 为 '*' 时审核该周所有已提交、尚未审核的部门。 */
export async function setApproval(actor: Actor, input: { week: string; dept: string; approve: boolean }, now = new Date()): Promise<{ ok: true; depts: string[]; message: string }> {
  if (!isOffice(actor.user)) throw new ProgressError(403, '只有协调办或系统管理员可以审核周报。');
  const week = typeof input.week === 'string' ? input.week.trim() : '';
  if (!mondayOfWeek(week)) throw new ProgressError(400, `“${input.week}”不是有效的报告周（如 2026-W47）。`);
  const all = input.dept === '*';
  const dept = all ? '*' : canonicalDept(String(input.dept ?? ''));
  const results = await serialized(() =>
    transaction(async (c) => {
      const submitted = await rowsOf<{ dept_name: string; entries: number; late: number }>(c, 'week_by_dept', { week });
      const approvals = await rowsOf<Approval & Record<string, unknown>>(c, 'approvals', { week, dept: '' });
      const isApproved = (d: string) => approvals.some((a) => a.dept_name === d);
      let targets: string[];
      if (all) {
        targets = input.approve ? submitted.map((s) => s.dept_name).filter((d) => !isApproved(d)) : approvals.map((a) => a.dept_name);
        if (targets.length === 0) throw new ProgressError(400, input.approve ? `${week} 没有待审核的部门。` : `${week} 没有已审核的部门。`);
      } else {
        if (input.approve && isApproved(dept)) throw new ProgressError(400, `${dept} ${week} 的周报已审核。`);
        if (!input.approve && !isApproved(dept)) throw new ProgressError(400, `${dept} ${week} 的周报尚未审核，无需取消。`);
        if (input.approve && !submitted.some((s) => s.dept_name === dept)) throw new ProgressError(400, `${dept} ${week} 没有系统填报的周报，不能审核。`);
        targets = [dept];
      }
      const out: { dept: string; before: unknown; after: unknown }[] = [];
      for (const d of targets) {
        const s = submitted.find((x) => x.dept_name === d);
        const prev = approvals.find((a) => a.dept_name === d) ?? null;
        if (input.approve) {
          await exec(c, 'insert_approval', { week, dept: d, username: actor.user.username, now: now.toISOString() });
          out.push({
            dept: d,
            before: { approved: false },
            after: { approved: true, approved_by: actor.user.username, approved_at: now.toISOString(), entries: s?.entries ?? 0, late: s?.late ?? 0 }
          });
        } else {
          await exec(c, 'delete_approval', { week, dept: d });
          out.push({ dept: d, before: { approved: true, approved_by: prev?.approved_by, approved_at: prev?.approved_at }, after: { approved: false } });
        }
      }
      return out;
    })
  );
  const db = await progressDb();
  for (const r of results) {
    await appendAudit(db, {
      actor: actor.user.username,
      action: input.approve ? 'progress.approve' : 'progress.unapprove',
      entity: `progress:${r.dept}:${week}`,
      before: r.before,
      after: r.after,
      ip: actor.ip,
      at: now
    });
  }
  const depts = results.map((r) => r.dept);
  return {
    ok: true,
    depts,
    message: input.approve
      ? `已审核通过 ${week}：${depts.join('、')}。这些周报已锁定，部门不能再修改。`
      : `已取消审核 ${week}：${depts.join('、')}。部门可以再次修改这些周报。`
  };
}

// ---------------------------------------------------------------------------------------------
// Page models

export interface LatestReport {
  source: '系统填报' | '数据仓库';
  week: string;
  status: string;
  percent: number | null;
  note: string | null;
  evidence: string | null;
  planned_date: string | null;
  is_late: boolean;
}

export interface EntryTask {
  task_no: number;
  role: string;
  direction: string;
  measure: string;
  task_text: string;
  other_depts: string | null;
  task_planned_date: string | null;
  latest: LatestReport | null;
  /** 本周已保存的条目 */
  current: Pick<Entry, 'status' | 'percent' | 'note' | 'evidence' | 'planned_date' | 'is_late' | 'submitted_at' | 'submitted_by' | 'revision' | 'channel'> | null;
}

export interface EntryPage {
  departments: { name: string; short_name: string; lead_tasks: number; support_tasks: number }[];
  canChoose: boolean;
  dept: string | null;
  week: WeekInfo & { pastDeadline: boolean };
  rule: { text: string; source: string };
  lock: Approval | null;
  tasks: EntryTask[];
  history: { report_week: string; entries: number; late: number; last_submitted_at: string | null; approved_by: string | null; approved_at: string | null }[];
}

export async function entryPage(user: SessionUser, deptParam: string | null, now = new Date()): Promise<EntryPage> {
  const departments = await reportingDepartments();
  const canChoose = isOffice(user);
  let dept: string | null = null;
  if (!canChoose || deptParam) dept = actingDept(user, deptParam, departments.map((d) => d.name));
  const st = await setting(now);
  const week = { ...st.current, pastDeadline: now.getTime() > new Date(st.current.deadline).getTime() };
  const rule = { text: ruleText(st.rule), source: st.rule.source };
  if (!dept) return { departments, canChoose, dept, week, rule, lock: null, tasks: [], history: [] };
  const [taskRows, whLatest, appLatest, current, approvals, history] = await Promise.all([
    whQuery('dept_tasks', { dept }),
    latestWarehouseReports(dept),
    latestEntries(dept),
    listEntries({ dept, week: st.current.label }),
    listApprovals({ week: st.current.label, dept }),
    read<EntryPage['history'][number] & Record<string, unknown>>('dept_weeks', { dept })
  ]);
  const tasks: EntryTask[] = taskRows.map((t) => {
    const no = Number(t.task_no);
    const wh = whLatest.find((r) => r.task_no === no);
    const app = appLatest.find((r) => r.task_no === no);
    let latest: LatestReport | null = null;
    if (app && isNewer(app, wh)) {
      latest = { source: '系统填报', week: app.report_week, status: app.status, percent: app.percent, note: app.note, evidence: app.evidence, planned_date: app.planned_date, is_late: app.is_late };
    } else if (wh) {
      latest = { source: '数据仓库', week: wh.report_week, status: wh.status, percent: wh.percent, note: wh.note, evidence: wh.evidence, planned_date: wh.planned_date, is_late: false };
    }
    const cur = current.find((e) => e.task_no === no) ?? null;
    return {
      task_no: no,
      role: String(t.role),
      direction: String(t.direction),
      measure: String(t.measure),
      task_text: String(t.task_text),
      other_depts: (t.other_depts as string | null) ?? null,
      task_planned_date: (t.task_planned_date as string | null) ?? null,
      latest,
      current: cur
        ? { status: cur.status, percent: cur.percent, note: cur.note, evidence: cur.evidence, planned_date: cur.planned_date, is_late: cur.is_late, submitted_at: cur.submitted_at, submitted_by: cur.submitted_by, revision: cur.revision, channel: cur.channel }
        : null
    };
  });
  return { departments, canChoose, dept, week, rule, lock: approvals[0] ?? null, tasks, history };
}

export interface ReviewRow {
  dept_name: string;
  short_name: string;
  tasks: number;
  entries: number;
  late: number;
  uploaded: number;
  first_submitted_at: string | null;
  last_submitted_at: string | null;
  submitters: string | null;
  approval: Approval | null;
}

export interface ReviewPage {
  week: WeekInfo;
  currentWeek: string;
  weeks: { report_week: string; entries: number; depts: number; late: number; approved_depts: number }[];
  rows: ReviewRow[];
  entries: Entry[];
  rule: { text: string; source: string };
}

export async function reviewPage(weekParam: string | null, now = new Date()): Promise<ReviewPage> {
  const st = await setting(now);
  const label = weekParam && mondayOfWeek(weekParam) ? weekParam : st.current.label;
  const [departments, byDept, approvals, weeks, entries] = await Promise.all([
    reportingDepartments(),
    read<Record<string, unknown>>('week_by_dept', { week: label }),
    listApprovals({ week: label }),
    read<ReviewPage['weeks'][number] & Record<string, unknown>>('weeks'),
    listEntries({ week: label })
  ]);
  const rows: ReviewRow[] = departments.map((d) => {
    const s = byDept.find((x) => x.dept_name === d.name);
    return {
      dept_name: d.name,
      short_name: d.short_name,
      tasks: d.lead_tasks + d.support_tasks,
      entries: Number(s?.entries ?? 0),
      late: Number(s?.late ?? 0),
      uploaded: Number(s?.uploaded ?? 0),
      first_submitted_at: (s?.first_submitted_at as string | undefined) ?? null,
      last_submitted_at: (s?.last_submitted_at as string | undefined) ?? null,
      submitters: (s?.submitters as string | undefined) ?? null,
      approval: approvals.find((a) => a.dept_name === d.name) ?? null
    };
  });
  return { week: weekInfo(label, st.rule), currentWeek: st.current.label, weeks, rows, entries, rule: { text: ruleText(st.rule), source: st.rule.source } };
}
