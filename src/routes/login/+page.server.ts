/**
 * 登录页。页面脚本把表单以 JSON 提交到 POST /api/session；浏览器禁用脚本时退回到这里的表单动作（同一套登录流程）。
 */
import { fail, redirect } from '@sveltejs/kit';
import { getAppDb } from '$lib/server/appdb';
import { safeNext } from '$lib/server/auth/guard';
import { attemptLogin } from '$lib/server/auth/login';
import { destroySession, SESSION_COOKIE, sessionCookieOptions } from '$lib/server/auth/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const next = safeNext(url.searchParams.get('next'));
  if (locals.user) redirect(303, next);
  return { next };
};

export const actions: Actions = {
  default: async ({ request, cookies, url, getClientAddress }) => {
    const form = await request.formData();
    const username = String(form.get('username') ?? '');
    const password = String(form.get('password') ?? '');
    const db = await getAppDb();
    const result = await attemptLogin(db, { username, password, ip: getClientAddress(), userAgent: request.headers.get('user-agent') });
    if (!result.ok) return fail(result.status, { error: result.error, username });
    const old = cookies.get(SESSION_COOKIE);
    if (old) await destroySession(db, old);
    cookies.set(SESSION_COOKIE, result.token, sessionCookieOptions(url, result.expiresAt));
    redirect(303, result.mustChangePassword ? '/login/password' : safeNext(url.searchParams.get('next')));
  }
};
