/**
 * 奖补资格（辽宁（十））：所选评估年度的每个大学科技园与孵化器，按政策配置 awards 判定资格并写明理由；
 * 总预算在页面输入，分配在浏览器中实时计算（./model.ts → $lib/analytics/allocate），送审 Excel 见 ./export.xlsx。
 */
import type { PageServerLoad } from './$types';
import { query } from '$lib/server/queries';
import { parseYear } from '$lib/server/queries/params';
import { guard } from '$lib/server/queries/guard';
import { awardsSetup, loadCandidates } from './setup.server';
import { judge } from './model';

const EXPORTERS = ['office', 'admin'] as const;

export const load: PageServerLoad = async ({ url, parent, locals }) => {
  const { profileId } = await parent();
  const setup = awardsSetup(profileId);
  const asked = parseYear(url.searchParams.get('year'));
  return guard(async () => {
    const years = (await query('awards_years')).map((r) => Number(r.year));
    const year = asked !== null && years.includes(asked) ? asked : (years[0] ?? null);
    const rows = year === null ? [] : await loadCandidates(year);
    const candidates = setup.settings ? judge(rows, setup.settings.rules) : [];
    return {
      ...setup,
      years,
      year,
      askedYear: asked,
      candidates,
      canExport: !!locals.user && (EXPORTERS as readonly string[]).includes(locals.user.role)
    };
  });
};
