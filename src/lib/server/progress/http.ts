/** 周报接口的公共部分：角色的第二道检查、错误转成 JSON 响应、请求来源地址。 */
import { json, type RequestEvent } from '@sveltejs/kit';
import { apiRoleCheck } from '../auth/guard';
import { WarehouseMissingError } from '../db/warehouse';
import type { Role } from '$lib/types/user';
import { ProgressError, type Actor } from './index';

export const PROGRESS_ROLES: readonly Role[] = ['dept', 'office', 'admin'];

/** 已登录且角色允许时返回操作人，否则返回 401/403 的 JSON 响应。 */
export function actorOf(event: RequestEvent, roles: readonly Role[] = PROGRESS_ROLES): Actor | Response {
  const denied = apiRoleCheck(event.locals, roles);
  if (denied) return denied;
  let ip: string | null = null;
  try {
    ip = event.getClientAddress();
  } catch {
    ip = null;
  }
  return { user: event.locals.user!, ip };
}

/** 把错误转成 JSON：ProgressError 带状态码与逐行错误，其他错误为 500（消息不含堆栈）。 */
export function errorResponse(e: unknown): Response {
  if (e instanceof ProgressError) {
    return json({ error: e.message, ...(e.errors.length ? { errors: e.errors } : {}), ...(e.rows.length ? { rows: e.rows } : {}) }, { status: e.status });
  }
  if (e instanceof WarehouseMissingError) return json({ error: e.message }, { status: 503 });
  console.error('[progress]', e);
  return json({ error: `处理失败：${(e as Error).message?.split('\n')[0]?.slice(0, 200) ?? '未知错误'}` }, { status: 500 });
}
