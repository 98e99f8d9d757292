/**
 * 周报填报的服务端逻辑：只能改本部门（协调办须明确选择部门）、审核锁定与取消、逾期标记、审计日志、
 * 任务清单的「系统填报」叠加。时间由参数注入（北京时间），不依赖机器时钟与时区。
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { listAudit, verifyAuditChain } from '../../src/lib/server/appdb/audit';
import { entryPage, ProgressError, reviewPage, saveForm, setApproval, uploadFile } from '../../src/lib/server/progress';
import { listEntries } from '../../src/lib/server/progress/store';
import { overlayTasks } from '../../src/lib/server/progress/overlay';
import { loadTasks } from '../../src/lib/server/queries/tasks';
import type { FormRow } from '../../src/lib/client/progress/types';
import { cn, deptTasks, EDU, eduHead, office, setupFixture, viewer, type Fixture } from './progress-fixture';

let fx: Fixture;
let own: number[];
let other: number[];
const eduActor = { user: eduHead, ip: '10.0.0.5' };
const officeActor = { user: office, ip: '10.0.0.9' };

// W48 (2026-11-23 … 11-29) is after the warehouse's last week (W47): entries for it are "newer" on any clock.
const W48_BEFORE = cn('2026-11-27 17:59'); // Friday 17:59 — in time
const W48_AFTER = cn('2026-11-27 18:01'); // Friday 18:01 — late
const W49 = cn('2026-12-01 10:00');

const form = (task: number, over: Partial<FormRow> = {}): FormRow => ({ task_no: task, status: '推进中', percent: '40', note: '', evidence: '', planned_date: '', ...over });

async function rejected(p: Promise<unknown>): Promise<ProgressError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ProgressError);
    return e as ProgressError;
  }
  throw new Error('应被拒绝，却成功了');
}

beforeAll(async () => {
  fx = await setupFixture('service');
  ({ own, other } = await deptTasks(fx.warehouse, EDU));
});

afterAll(() => fx?.close());

describe('只能改本部门', () => {
  test('部门负责人在请求里写别的部门 → 403，什么也不保存', async () => {
    const e = await rejected(saveForm(eduActor, { dept: '省科技厅', rows: [form(own[0]!)] }, W48_BEFORE));
    expect(e.status).toBe(403);
    expect(e.message).toContain('只能填报本部门（省教育厅）');
    expect(await listEntries()).toEqual([]);
  });

  test('部门负责人填别的部门牵头、本部门不负责的任务 → 422（ETL 规则：不是责任部门）', async () => {
    const e = await rejected(saveForm(eduActor, { rows: [form(other[0]!)] }, W48_BEFORE));
    expect(e.status).toBe(422);
    expect(e.errors[0]).toMatchObject({ row: other[0], column: 'dept_name', reason: `该部门不是任务 ${other[0]} 的责任部门` });
  });

  test('上传文件里有别的部门的行 → 403，逐行指出', async () => {
    const sci = (await deptTasks(fx.warehouse, '省科技厅')).own[0]!;
    const file = path.join(fx.dir, 'foreign.csv');
    writeFileSync(file, ['报告周,任务序号,责任部门,进展状态,完成比例（%）', `2026-W48,${own[0]},省教育厅,推进中,10`, `2026-W48,${sci},省科技厅,推进中,10`].join('\n'));
    const e = await rejected(uploadFile(eduActor, { path: file, fileName: 'foreign.csv', commit: true }, W48_BEFORE));
    expect(e.status).toBe(403);
    expect(e.errors).toEqual([expect.objectContaining({ row: 3, column: 'dept_name', letter: 'C', reason: '只能填报本部门（省教育厅）的任务进展，不能修改省科技厅的周报' })]);
    expect(await listEntries()).toEqual([]);
  });

  test('协调办必须明确选择部门；选择后可代填；只读用户不能填', async () => {
    expect((await rejected(saveForm(officeActor, { rows: [form(own[0]!)] }, W48_BEFORE))).status).toBe(400);
    expect((await rejected(saveForm(officeActor, { dept: '不存在的部门', rows: [form(own[0]!)] }, W48_BEFORE))).status).toBe(400);
    expect((await rejected(saveForm({ user: viewer, ip: null }, { dept: EDU, rows: [form(own[0]!)] }, W48_BEFORE))).status).toBe(403);
    expect((await rejected(entryPage(viewer, EDU, W48_BEFORE))).status).toBe(403);
    const page = await entryPage(office, null, W48_BEFORE);
    expect(page.dept).toBeNull();
    expect(page.departments.map((d) => d.name)).toContain(EDU);
  });
});

describe('保存、逾期与审计', () => {
  test('截止前保存：按周存入，不逾期；审计 progress.save 记录修改后的内容', async () => {
    const r = await saveForm(eduActor, { rows: [form(own[0]!, { percent: '45', note: '按期推进', planned_date: '2027-06-30' }), form(own[1]!, { status: '' })] }, W48_BEFORE);
    expect(r).toMatchObject({ ok: true, saved: 1, weeks: ['2026-W48'], late: 0 });
    const [e] = await listEntries({ dept: EDU });
    expect(e).toMatchObject({
      report_week: '2026-W48', week_start: '2026-11-23', task_no: own[0], dept_name: EDU, report_date: '2026-11-27', status: '推进中',
      percent: 45, note: '按期推进', planned_date: '2027-06-30', channel: 'form', is_late: false, revision: 1, submitted_by: 'edu_head',
      deadline_at: '2026-11-27T10:00:00.000Z', first_submitted_at: '2026-11-27T09:59:00.000Z'
    });
    const { rows } = await listAudit(fx.app, { action: 'progress.save' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: 'edu_head', entity: `progress:${EDU}:2026-W48`, ip: '10.0.0.5', before_json: null });
    expect(JSON.parse(rows[0]!.after_json!).rows[0]).toMatchObject({ week: '2026-W48', task: own[0], status: '推进中', percent: 45, late: false, rev: 1 });
  });

  test('截止后首次提交的任务标记逾期；已按时提交的任务再修改不变成逾期；审计记下修改前后', async () => {
    const r = await saveForm(eduActor, { rows: [form(own[0]!, { percent: '50' }), form(own[1]!, { percent: '20' })] }, W48_AFTER);
    expect(r).toMatchObject({ saved: 2, late: 1 });
    expect(r.message).toContain('逾期');
    const es = await listEntries({ dept: EDU, week: '2026-W48' });
    expect(es.find((e) => e.task_no === own[0])).toMatchObject({ percent: 50, is_late: false, revision: 2, submitted_at: '2026-11-27T10:01:00.000Z' });
    expect(es.find((e) => e.task_no === own[1])).toMatchObject({ percent: 20, is_late: true, revision: 1 });
    const { rows } = await listAudit(fx.app, { action: 'progress.save' });
    const last = rows[0]!;
    expect(JSON.parse(last.before_json!)).toEqual([expect.objectContaining({ task: own[0], percent: 45, rev: 1 })]);
    expect(JSON.parse(last.after_json!).rows).toHaveLength(2);
    // the page flags it, and so does the review
    const page = await entryPage(eduHead, null, W48_AFTER);
    expect(page.week).toMatchObject({ label: '2026-W48', pastDeadline: true, deadlineText: '2026-11-27（周五）18:00（北京时间）' });
    expect(page.tasks.find((t) => t.task_no === own[1])!.current).toMatchObject({ is_late: true });
    const review = await reviewPage('2026-W48', W48_AFTER);
    expect(review.rows.find((x) => x.dept_name === EDU)).toMatchObject({ entries: 2, late: 1, approval: null });
  });

  test('上传（CSV）：预览不保存；提交后保存，审计 progress.upload 带文件名与行号', async () => {
    const file = path.join(fx.dir, 'edu.csv');
    writeFileSync(file, '\uFEFF' + ['报告周,报告日期,任务序号,责任部门,进展状态,完成比例（%）,进展说明,佐证材料,计划完成日期', `2026-W48,2026-11-27,${own[2]},省教育厅,已完成,100,上传完成,验收报告,2026-12-31`].join('\r\n'));
    const preview = await uploadFile(eduActor, { path: file, fileName: 'edu.csv', commit: false }, W48_AFTER);
    expect(preview).toMatchObject({ ok: true, accepted: 1, errors: [] });
    expect((await listEntries({ dept: EDU, week: '2026-W48' })).map((e) => e.task_no)).not.toContain(own[2]);
    const saved = await uploadFile(eduActor, { path: file, fileName: 'edu.csv', commit: true }, W48_AFTER);
    expect(saved).toMatchObject({ ok: true, saved: 1, late: 1 });
    const e = (await listEntries({ dept: EDU, week: '2026-W48' })).find((x) => x.task_no === own[2]);
    expect(e).toMatchObject({ channel: 'upload', source_file: 'edu.csv', source_row: 2, status: '已完成', percent: 100, evidence: '验收报告' });
    const { rows } = await listAudit(fx.app, { action: 'progress.upload' });
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.after_json!)).toMatchObject({ file: 'edu.csv', rows: [expect.objectContaining({ task: own[2], file: 'edu.csv', row: 2 })] });
  });

  test('再次提交相同的内容不算修改：不加保存次数、不写审计；只保存改了的行', async () => {
    const audits = (await listAudit(fx.app, { action: 'progress.' })).total;
    const same = await saveForm(eduActor, { rows: [form(own[1]!, { percent: '20' })] }, W48_AFTER);
    expect(same).toMatchObject({ saved: 0 });
    expect(same.message).toContain('没有需要保存的修改');
    expect((await listAudit(fx.app, { action: 'progress.' })).total).toBe(audits);
    const mixed = await saveForm(eduActor, { rows: [form(own[0]!, { percent: '50' }), form(own[1]!, { percent: '25' })] }, W48_AFTER);
    expect(mixed).toMatchObject({ saved: 1 });
    expect(mixed.message).toContain('另有 1 项与已保存的内容相同');
    const es = await listEntries({ dept: EDU, week: '2026-W48' });
    expect(es.find((e) => e.task_no === own[0])!.revision).toBe(2);
    expect(es.find((e) => e.task_no === own[1])).toMatchObject({ percent: 25, revision: 2 });
    const last = (await listAudit(fx.app, { action: 'progress.save' })).rows[0]!;
    expect(JSON.parse(last.before_json!)).toEqual([expect.objectContaining({ task: own[1], percent: 20 })]);
    // put it back as the later tests expect it
    await saveForm(eduActor, { rows: [form(own[1]!, { percent: '20' })] }, W48_AFTER);
  });

  test('上传的文件有错误 → 422，一行也不保存（全部或全不）', async () => {
    const file = path.join(fx.dir, 'bad.csv');
    writeFileSync(file, ['报告周,任务序号,责任部门,进展状态,完成比例（%）', `2026-W48,${own[3]},省教育厅,推进中,30`, `2026-W48,${own[4]},省教育厅,进行中,30`].join('\n'));
    const e = await rejected(uploadFile(eduActor, { path: file, fileName: 'bad.csv', commit: true }, W48_AFTER));
    expect(e.status).toBe(422);
    expect(e.errors).toEqual([expect.objectContaining({ row: 3, header: '进展状态', letter: 'D', value: '进行中' })]);
    expect((await listEntries({ dept: EDU, week: '2026-W48' })).map((x) => x.task_no)).not.toContain(own[3]);
  });
});

describe('审核锁定（DHIS2 式）', () => {
  test('只有协调办、管理员能审核', async () => {
    expect((await rejected(setApproval(eduActor, { week: '2026-W48', dept: EDU, approve: true }, W49))).status).toBe(403);
    expect((await rejected(setApproval(officeActor, { week: '2026-W99', dept: EDU, approve: true }, W49))).status).toBe(400);
    expect((await rejected(setApproval(officeActor, { week: '2026-W48', dept: '省科技厅', approve: true }, W49))).status).toBe(400);
  });

  test('审核后部门不能再改（表单与上传都 409，消息说明谁何时审核、如何解锁）；取消审核后可以再改；都写审计', async () => {
    const a = await setApproval(officeActor, { week: '2026-W48', dept: '*', approve: true }, W49);
    expect(a.depts).toEqual([EDU]);
    const e = await rejected(saveForm(eduActor, { rows: [form(own[0]!, { percent: '70' })] }, W48_AFTER));
    expect(e.status).toBe(409);
    expect(e.message).toBe(`${EDU} 2026-W48 的周报已由 office1 于 2026-12-01 10:00（北京时间）审核通过并锁定，不能再修改。如需更正，请联系协调办取消审核。`);
    const file = path.join(fx.dir, 'locked.csv');
    writeFileSync(file, ['报告周,任务序号,责任部门,进展状态,完成比例（%）', `2026-W48,${own[0]},省教育厅,推进中,70`].join('\n'));
    const u = await rejected(uploadFile(eduActor, { path: file, fileName: 'locked.csv', commit: true }, W48_AFTER));
    expect(u.status).toBe(409);
    expect((await listEntries({ dept: EDU, week: '2026-W48' })).find((x) => x.task_no === own[0])!.percent).toBe(50);
    // the office itself is locked out too until it un-approves
    expect((await rejected(saveForm(officeActor, { dept: EDU, rows: [form(own[0]!)] }, W48_AFTER))).status).toBe(409);
    const page = await entryPage(eduHead, null, W48_AFTER);
    expect(page.lock).toMatchObject({ report_week: '2026-W48', dept_name: EDU, approved_by: 'office1' });
    // approving twice is refused
    expect((await rejected(setApproval(officeActor, { week: '2026-W48', dept: EDU, approve: true }, W49))).status).toBe(400);

    const un = await setApproval(officeActor, { week: '2026-W48', dept: EDU, approve: false }, W49);
    expect(un.depts).toEqual([EDU]);
    const ok = await saveForm(eduActor, { rows: [form(own[0]!, { percent: '70' })] }, W48_AFTER);
    expect(ok.saved).toBe(1);

    const approvals = await listAudit(fx.app, { action: 'progress.approve' });
    expect(approvals.rows).toHaveLength(1);
    expect(approvals.rows[0]).toMatchObject({ actor: 'office1', entity: `progress:${EDU}:2026-W48` });
    expect(JSON.parse(approvals.rows[0]!.after_json!)).toMatchObject({ approved: true, entries: 3 });
    const un2 = await listAudit(fx.app, { action: 'progress.unapprove' });
    expect(un2.rows).toHaveLength(1);
    expect(JSON.parse(un2.rows[0]!.before_json!)).toMatchObject({ approved: true, approved_by: 'office1' });
    expect(await verifyAuditChain(fx.app)).toMatchObject({ ok: true });
  });

  test('审核只锁那一周：下一周照常填报', async () => {
    await setApproval(officeActor, { week: '2026-W48', dept: EDU, approve: true }, W49);
    const r = await saveForm(eduActor, { rows: [form(own[0]!, { percent: '75' })] }, W49);
    expect(r.weeks).toEqual(['2026-W49']);
  });
});

describe('任务清单叠加「系统填报」', () => {
  test('比数仓新的条目替换数仓的最新值，标出「系统填报」，任务级状态重新合成', async () => {
    const model = await loadTasks('liaoning');
    const over = await overlayTasks(model);
    const t = over.tasks.find((x) => x.task_no === own[0])!;
    const d = t.depts.find((x) => x.dept_name === EDU)!;
    const before = model.tasks.find((x) => x.task_no === own[0])!.depts.find((x) => x.dept_name === EDU)!;
    expect(d).toMatchObject({ percent: 75, latest_week: '2026-W49', prev_percent: before.percent });
    expect(d.change).toMatch(/^「系统填报」2026-W49/);
    // the late W48 entry of own[1] is marked as such
    const d1 = over.tasks.find((x) => x.task_no === own[1])!.depts.find((x) => x.dept_name === EDU)!;
    expect(d1.change).toMatch(/^「系统填报·逾期」2026-W48/);
    expect(t.change).toContain(`${EDU}：「系统填报」`);
    // untouched departments and tasks stay exactly as the warehouse has them
    const untouched = model.tasks.filter((x) => !x.depts.some((y) => y.dept_name === EDU));
    for (const u of untouched) expect(over.tasks.find((x) => x.task_no === u.task_no)).toEqual(u);
    expect(over.systemRows).toBe(3);
    // the own[2] entry (已完成 100%) makes that department done
    const d2 = over.tasks.find((x) => x.task_no === own[2])!.depts.find((x) => x.dept_name === EDU)!;
    expect(d2).toMatchObject({ status: '已完成', percent: 100, light: 'done' });
  });

  test('同一周的条目只有在数仓该行入库之后保存才算新（否则数仓的值留着）', async () => {
    // W47 is the warehouse's last week; an entry saved on 2026-11-20 predates the load of the warehouse.
    const other2 = own[5]!;
    await saveForm(eduActor, { rows: [form(other2, { percent: '1', note: '早于数仓的同周填报' })] }, cn('2026-11-20 12:00'));
    const over = await overlayTasks(await loadTasks('liaoning'));
    const d = over.tasks.find((x) => x.task_no === other2)!.depts.find((x) => x.dept_name === EDU)!;
    expect(d.note).not.toBe('早于数仓的同周填报');
    expect(d.change).not.toContain('系统填报');
  });
});
