/**
 * 任务进展周报接口。
 *   GET  /api/progress?dept=&week=   系统填报的条目（部门负责人只能看本部门）
 *   POST /api/progress               保存本周周报（JSON：{ dept?, rows: [{ task_no, status, percent, note, evidence, planned_date }] }）
 * 部门负责人写别的部门 → 403；已审核的周 → 409；不符合 ETL 规则 → 422（逐行逐列的中文错误）。
 */
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { actingDept, reportingDepartments, saveForm } from '$lib/server/progress';
import { actorOf, errorResponse } from '$lib/server/progress/http';
import { listEntries } from '$lib/server/progress/store';
import { mondayOfWeek } from '$lib/server/progress/week';

export const GET: RequestHandler = async (event) => {
  const actor = actorOf(event);
  if (actor instanceof Response) return actor;
  try {
    const deptParam = event.url.searchParams.get('dept');
    const week = event.url.searchParams.get('week') ?? '';
    if (week && !mondayOfWeek(week)) return json({ error: `“${week}”不是有效的报告周（如 2026-W47）。` }, { status: 400 });
    const all = actor.user.role !== 'dept' && !deptParam;
    const dept = all ? '' : actingDept(actor.user, deptParam, (await reportingDepartments()).map((d) => d.name));
    return json({ entries: await listEntries({ dept, week }) });
  } catch (e) {
    return errorResponse(e);
  }
};

export const POST: RequestHandler = async (event) => {
  const actor = actorOf(event);
  if (actor instanceof Response) return actor;
  let body: { dept?: unknown; rows?: unknown };
  try {
    body = await event.request.json();
  } catch {
    return json({ error: '请求体不是有效的 JSON。' }, { status: 400 });
  }
  try {
    const dept = typeof body?.dept === 'string' ? body.dept : null;
    return json(await saveForm(actor, { dept, rows: body?.rows as never }));
  } catch (e) {
    return errorResponse(e);
  }
};
