/**
 * 修改本人密码（任何已登录用户）。初始口令或被管理员重置的口令必须先在这里修改。
 * 修改后保留当前会话，删除本人其他会话。
 */
import { fail, redirect } from '@sveltejs/kit';
import { getAppDb } from '$lib/server/appdb';
import { verifyPassword } from '$lib/server/auth/password';
import { hashToken, SESSION_COOKIE } from '$lib/server/auth/session';
import { getUserWithHash, setPassword, UserError } from '$lib/server/auth/users';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  if (!locals.user) redirect(303, '/login');
  const db = await getAppDb();
  const u = await getUserWithHash(db, locals.user.username);
  return { mustChange: !!u?.must_change_password };
};

export const actions: Actions = {
  default: async ({ request, locals, cookies, getClientAddress }) => {
    if (!locals.user) redirect(303, '/login');
    const form = await request.formData();
    const current = String(form.get('current') ?? '');
    const next = String(form.get('next') ?? '');
    const confirm = String(form.get('confirm') ?? '');
    const db = await getAppDb();
    const u = await getUserWithHash(db, locals.user.username);
    if (!u || !(await verifyPassword(current, u.password_hash))) return fail(400, { error: '当前密码不正确。' });
    if (next !== confirm) return fail(400, { error: '两次输入的新密码不一致。' });
    if (next === current) return fail(400, { error: '新密码不能与当前密码相同。' });
    const token = cookies.get(SESSION_COOKIE);
    try {
      await setPassword(
        db,
        u.username,
        { password: next, mustChangePassword: false, keepSessionHash: token ? hashToken(token) : undefined },
        { name: u.username, ip: getClientAddress() }
      );
    } catch (e) {
      if (e instanceof UserError) return fail(400, { error: e.message });
      throw e;
    }
    return { ok: true };
  }
};
