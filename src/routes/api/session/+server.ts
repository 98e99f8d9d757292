/**
 * 会话接口（公开路由）。
 *   GET    → 200 {username, role, dept, mustChangePassword} 或 401
 *   POST   JSON {username, password} → 200 + 会话 Cookie + {username, role, dept, mustChangePassword}；
 *          400 输入不对 / 401 用户名或密码错误 / 429 失败次数过多（带 Retry-After）
 *   DELETE → 退出：删除会话、清除 Cookie，200 {ok: true}
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getAppDb } from '$lib/server/appdb';
import { appendAudit } from '$lib/server/appdb/audit';
import { attemptLogin } from '$lib/server/auth/login';
import { destroySession, resolveSession, SESSION_COOKIE, sessionCookieOptions } from '$lib/server/auth/session';

export const GET: RequestHandler = async ({ locals, cookies }) => {
  if (!locals.user) return json({ error: '未登录。' }, { status: 401 });
  const s = await resolveSession(await getAppDb(), cookies.get(SESSION_COOKIE));
  return json({ ...locals.user, mustChangePassword: s?.mustChangePassword ?? false });
};

export const POST: RequestHandler = async ({ request, cookies, url, getClientAddress }) => {
  if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) {
    return json({ error: '请求格式必须是 JSON（Content-Type: application/json）。' }, { status: 415 });
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return json({ error: '请求体不是有效的 JSON。' }, { status: 400 });
  }
  const b = (body ?? {}) as { username?: unknown; password?: unknown };
  const db = await getAppDb();
  const result = await attemptLogin(db, {
    username: b.username,
    password: b.password,
    ip: getClientAddress(),
    userAgent: request.headers.get('user-agent')
  });
  if (!result.ok) {
    const headers: Record<string, string> = {};
    if (result.retryAfterSec) headers['Retry-After'] = String(result.retryAfterSec);
    return json({ error: result.error }, { status: result.status, headers });
  }
  // 登录前若已有会话，先作废（防会话固定）
  const old = cookies.get(SESSION_COOKIE);
  if (old) await destroySession(db, old);
  cookies.set(SESSION_COOKIE, result.token, sessionCookieOptions(url, result.expiresAt));
  return json({ ...result.user, mustChangePassword: result.mustChangePassword });
};

export const DELETE: RequestHandler = async ({ cookies, locals, url, getClientAddress }) => {
  const token = cookies.get(SESSION_COOKIE);
  const db = await getAppDb();
  if (token) await destroySession(db, token);
  if (locals.user) await appendAudit(db, { actor: locals.user.username, action: 'logout', entity: `user:${locals.user.username}`, ip: getClientAddress() });
  cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' });
  return json({ ok: true });
};
