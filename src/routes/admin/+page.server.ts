/** /admin：管理员进入用户管理，协调办进入审计日志。 */
import { redirect } from '@sveltejs/kit';
import { requireRole } from '$lib/server/auth/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const user = requireRole(locals, ['office', 'admin']);
  redirect(303, user.role === 'admin' ? '/admin/users' : '/admin/audit');
};
