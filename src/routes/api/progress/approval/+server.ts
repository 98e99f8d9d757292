/**
 * 审核周报（协调办、系统管理员）：POST /api/progress/approval，JSON { week: '2026-W47', dept: '省教育厅' | '*', approve: true | false }。
 * 审核即锁定该部门该周的周报；取消审核后部门才能再改。审核与取消都写审计日志。
 */
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { setApproval } from '$lib/server/progress';
import { actorOf, errorResponse } from '$lib/server/progress/http';

export const POST: RequestHandler = async (event) => {
  const actor = actorOf(event, ['office', 'admin']);
  if (actor instanceof Response) return actor;
  let body: { week?: unknown; dept?: unknown; approve?: unknown };
  try {
    body = await event.request.json();
  } catch {
    return json({ error: '请求体不是有效的 JSON。' }, { status: 400 });
  }
  if (typeof body?.approve !== 'boolean' || typeof body?.dept !== 'string' || !body.dept) {
    return json({ error: '请求格式不正确：需要 week、dept（部门或 *）与 approve（true/false）。' }, { status: 400 });
  }
  try {
    return json(await setApproval(actor, { week: String(body.week ?? ''), dept: body.dept, approve: body.approve }));
  } catch (e) {
    return errorResponse(e);
  }
};
