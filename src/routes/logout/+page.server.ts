/**
 * 退出登录。GET 显示确认按钮（不在 GET 上改状态，防止被第三方页面诱发退出）；POST 删除会话并回到登录页。
 */
import { redirect } from '@sveltejs/kit';
import { getAppDb } from '$lib/server/appdb';
import { appendAudit } from '$lib/server/appdb/audit';
import { destroySession, SESSION_COOKIE } from '$lib/server/auth/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  if (!locals.user) redirect(303, '/login');
  return { username: locals.user.username };
};

export const actions: Actions = {
  default: async ({ cookies, locals, url, getClientAddress }) => {
    const token = cookies.get(SESSION_COOKIE);
    const db = await getAppDb();
    if (token) await destroySession(db, token);
    if (locals.user) await appendAudit(db, { actor: locals.user.username, action: 'logout', entity: `user:${locals.user.username}`, ip: getClientAddress() });
    cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' });
    redirect(303, '/login');
  }
};
