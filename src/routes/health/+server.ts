/**
 * 健康检查（公开）：GET /health → { ok, warehouse: 构建时间（UTC）}。数仓打不开时 ok = false、状态 503。
 * 不返回路径、版本、用户或任何配置。
 */
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { warehouseMeta } from '$lib/server/progress/warehouse';

export const GET: RequestHandler = async () => {
  const headers = { 'cache-control': 'no-store' };
  try {
    const meta = await warehouseMeta();
    return json({ ok: meta.built_at !== null, warehouse: meta.built_at }, { status: meta.built_at !== null ? 200 : 503, headers });
  } catch {
    return json({ ok: false, warehouse: null }, { status: 503, headers });
  }
};
