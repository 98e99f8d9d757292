/**
 * GET /api/sql/history?limit=50 → 200 {items: [{id, sql, ranAt, rows, ms, error}]}
 * 本人最近的查询（不能查看他人），包括刚刚提交、记录尚在写入的。角色：分析员、协调办、管理员。
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getAppDb } from '$lib/server/appdb';
import { listHistory } from '$lib/server/appdb/history';
import { apiRoleCheck } from '$lib/server/auth/guard';
import { historyWritten } from '$lib/server/sql-sandbox/history';

export const GET: RequestHandler = async ({ locals, url }) => {
  const denied = apiRoleCheck(locals, ['analyst', 'office', 'admin']);
  if (denied) return denied;
  const limit = Number(url.searchParams.get('limit') ?? 50);
  // 查询历史在 /api/sql 的响应发出之后才写：先等本人尚未写完的记录
  await historyWritten(locals.user!.username);
  const rows = await listHistory(await getAppDb(), locals.user!.username, Number.isFinite(limit) ? limit : 50);
  return json({
    items: rows.map((r) => ({ id: r.id, sql: r.sql, ranAt: new Date(r.ran_at).toISOString(), rows: r.rows, ms: r.ms, error: r.error }))
  });
};
