/**
 * 用户管理（仅系统管理员）：新建、停用/启用、重置密码（生成一次性口令）、修改角色与部门。
 * 每个动作再检查一次角色（路由表之外的第二道检查），每次修改写审计日志。
 */
import { fail } from '@sveltejs/kit';
import { readFileSync } from 'node:fs';
import { getAppDb } from '$lib/server/appdb';
import { locateSourceFile } from '$lib/server/appdb/locate';
import { requireRole } from '$lib/server/auth/guard';
import { generatePassword } from '$lib/server/auth/password';
import { createUser, isRole, listUsers, setDisabled, setPassword, setRole, UserError, type Actor } from '$lib/server/auth/users';
import { getSandbox } from '$lib/server/sql-sandbox';
import type { Actions, PageServerLoad } from './$types';

let departmentsSql: string | null = null;

/** 数仓里的部门名称（数仓不可用时返回空列表，手工输入）。 */
async function departments(): Promise<string[]> {
  try {
    departmentsSql ??= readFileSync(locateSourceFile(import.meta.url, '../../../lib/server/sql-sandbox/departments.sql', 'src/lib/server/sql-sandbox/departments.sql'), 'utf8');
    const r = await getSandbox().run(departmentsSql, { format: 'rows', timeoutMs: 5000 });
    return r.ok ? (r.rows ?? []).map((row) => row[0] ?? '').filter(Boolean) : [];
  } catch {
    return [];
  }
}

export const load: PageServerLoad = async ({ locals }) => {
  requireRole(locals, ['admin']);
  const db = await getAppDb();
  const users = await listUsers(db);
  return {
    me: locals.user!.username,
    users: users.map((u) => ({ ...u, created_at: u.created_at.toISOString(), updated_at: u.updated_at.toISOString() })),
    departments: await departments()
  };
};

function actorOf(locals: App.Locals, ip: string): Actor {
  return { name: locals.user!.username, ip };
}

async function guarded<T>(fn: () => Promise<T>) {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof UserError) return fail(400, { error: e.message });
    throw e;
  }
}

export const actions: Actions = {
  create: async ({ request, locals, getClientAddress }) => {
    requireRole(locals, ['admin']);
    const f = await request.formData();
    const username = String(f.get('username') ?? '').trim();
    const role = String(f.get('role') ?? '');
    const dept = String(f.get('dept') ?? '').trim() || null;
    if (!isRole(role)) return fail(400, { error: '请选择角色。' });
    const password = generatePassword(16);
    return guarded(async () => {
      await createUser(await getAppDb(), { username, password, role, dept, mustChangePassword: true, skipStrengthCheck: true }, actorOf(locals, getClientAddress()));
      return { ok: true, message: `已创建用户 ${username}。`, oneTimeUser: username, oneTimePassword: password };
    });
  },
  disable: async ({ request, locals, getClientAddress }) => {
    requireRole(locals, ['admin']);
    const username = String((await request.formData()).get('username') ?? '');
    return guarded(async () => {
      await setDisabled(await getAppDb(), username, true, actorOf(locals, getClientAddress()));
      return { ok: true, message: `已停用 ${username}，其登录会话已全部失效。` };
    });
  },
  enable: async ({ request, locals, getClientAddress }) => {
    requireRole(locals, ['admin']);
    const username = String((await request.formData()).get('username') ?? '');
    return guarded(async () => {
      await setDisabled(await getAppDb(), username, false, actorOf(locals, getClientAddress()));
      return { ok: true, message: `已启用 ${username}。` };
    });
  },
  reset: async ({ request, locals, getClientAddress }) => {
    requireRole(locals, ['admin']);
    const username = String((await request.formData()).get('username') ?? '');
    const password = generatePassword(16);
    return guarded(async () => {
      await setPassword(await getAppDb(), username, { password, mustChangePassword: true, skipStrengthCheck: true }, actorOf(locals, getClientAddress()));
      return { ok: true, message: `已重置 ${username} 的密码，其登录会话已全部失效。`, oneTimeUser: username, oneTimePassword: password };
    });
  },
  role: async ({ request, locals, getClientAddress }) => {
    requireRole(locals, ['admin']);
    const f = await request.formData();
    const username = String(f.get('username') ?? '');
    const role = String(f.get('role') ?? '');
    const dept = String(f.get('dept') ?? '').trim() || null;
    if (!isRole(role)) return fail(400, { error: '请选择角色。' });
    return guarded(async () => {
      await setRole(await getAppDb(), username, role, dept, actorOf(locals, getClientAddress()));
      return { ok: true, message: `已修改 ${username} 的角色。` };
    });
  }
};

