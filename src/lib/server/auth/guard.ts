/**
 * 接口与表单动作里的第二道检查（hooks 已按路由表检查过一次）：
 * 即使路由表被误改，写操作和 SQL 接口仍然只对允许的角色开放。
 */
import { error, json } from '@sveltejs/kit';
import type { Role, SessionUser } from '../../types/user';

/** 页面 / 表单动作用：不满足时抛出 401/403（SvelteKit 渲染错误页）。 */
export function requireRole(locals: App.Locals, roles: readonly Role[]): SessionUser {
  const user = locals.user;
  if (!user) error(401, '请先登录。');
  if (!roles.includes(user.role)) error(403, '您的角色无权执行此操作。');
  return user;
}

/** API 用：返回 null 表示通过，否则返回 JSON 错误响应。 */
export function apiRoleCheck(locals: App.Locals, roles: readonly Role[]): Response | null {
  const user = locals.user;
  if (!user) return json({ error: '请先登录。' }, { status: 401 });
  if (!roles.includes(user.role)) return json({ error: '您的角色无权访问此接口。' }, { status: 403 });
  return null;
}

/** 部门负责人只能操作本部门；协调办与管理员可操作任何部门。给进展填报等页面使用。 */
export function canActForDept(user: SessionUser | null, dept: string): boolean {
  if (!user) return false;
  if (user.role === 'admin' || user.role === 'office') return true;
  return user.role === 'dept' && user.dept === dept;
}

/** 登录后跳转目标：只接受站内相对路径，防止开放重定向。 */
export function safeNext(next: string | null | undefined): string {
  if (!next || typeof next !== 'string') return '/';
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || /[\u0000-\u001f]/.test(next)) return '/';
  if (next.startsWith('/login') || next.startsWith('/logout') || next.startsWith('/api/')) return '/';
  return next.slice(0, 1000);
}
