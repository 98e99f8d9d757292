/** 周报审核页（协调办、系统管理员）：某周各部门的提交情况，审核（锁定）或取消审核。 */
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/guard';
import { WarehouseMissingError } from '$lib/server/db/warehouse';
import { ProgressError, reviewPage } from '$lib/server/progress';

export const load: PageServerLoad = async ({ locals, url }) => {
  requireRole(locals, ['office', 'admin']);
  try {
    return { review: await reviewPage(url.searchParams.get('week')) };
  } catch (e) {
    if (e instanceof ProgressError) error(e.status, e.message);
    if (e instanceof WarehouseMissingError) error(503, e.message);
    console.error('[progress]', e);
    error(500, `读取周报数据失败：${(e as Error).message.split('\n')[0]?.slice(0, 200)}`);
  }
};
