/** 周报填报页：部门负责人填本部门本周周报；协调办、管理员选择部门后代填（页面数据见 $lib/server/progress entryPage）。 */
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/guard';
import { WarehouseMissingError } from '$lib/server/db/warehouse';
import { entryPage, ProgressError } from '$lib/server/progress';

export const load: PageServerLoad = async ({ locals, url }) => {
  const user = requireRole(locals, ['dept', 'office', 'admin']);
  try {
    return { page: await entryPage(user, url.searchParams.get('dept')), role: user.role };
  } catch (e) {
    if (e instanceof ProgressError) error(e.status, e.message);
    if (e instanceof WarehouseMissingError) error(503, e.message);
    console.error('[progress]', e);
    error(500, `读取周报数据失败：${(e as Error).message.split('\n')[0]?.slice(0, 200)}`);
  }
};
