/**
 * 奖补资格（辽宁（十））：所选评估年度的每个大学科技园与孵化器，按政策配置 awards 判定资格并写明理由；
 * 总预算在页面输入，分配在浏览器中实时计算（./model.ts → $lib/analytics/allocate），送审 Excel 见 ./export.xlsx。
 *
 * 候选表在服务器上筛选（?cat=类别、?only=1 只看符合条件的）和分页（?page=）：页面只带当前一页的候选行；
 * 分配要看全部候选，所以另带全部候选的紧凑列（得分、申请金额、是否符合、类别，见 CandidatePool）。
 */
import type { PageServerLoad } from './$types';
import { query } from '$lib/server/queries';
import { parseText, parseYear } from '$lib/server/queries/params';
import { guard } from '$lib/server/queries/guard';
import { perFileCache } from '$lib/server/db/warehouse';
import { clampPage, parsePage } from '$lib/components/paging';
import { awardsSetup, loadCandidates } from './setup.server';
import { filterPool, judge, packPool, type Candidate } from './model';

const EXPORTERS = ['office', 'admin'] as const;
/** Candidate rows per page. */
const SIZE = 50;

export const load: PageServerLoad = async ({ url, parent, locals }) => {
  const { profileId } = await parent();
  const setup = awardsSetup(profileId);
  const sp = url.searchParams;
  const asked = parseYear(sp.get('year'));
  const filter = { cat: parseText(sp.get('cat')), only: sp.get('only') === '1' };
  const req = parsePage(sp, '', SIZE);
  return guard(async () => {
    const years = (await query('awards_years')).map((r) => Number(r.year));
    const year = asked !== null && years.includes(asked) ? asked : (years[0] ?? null);
    // The year's judged candidates are the same for every request while the file is served: kept.
    const rules = setup.settings?.rules;
    const { all, pool } =
      year === null || !rules
        ? { all: [] as Candidate[], pool: packPool([]) }
        : await perFileCache(`awards:${setup.profileId}:${year}`, async () => {
            const all = judge(await loadCandidates(year), rules);
            return { all, pool: packPool(all) };
          });
    const shown = filterPool(pool, filter);
    const page = clampPage(req.page, shown.length, SIZE);
    // The page's rows, with their index into the pool (the eligibility checks stay on the server: the page shows the reasons).
    const candidates = shown.slice((page - 1) * SIZE, page * SIZE).map((i) => {
      const { checks: _checks, ...c } = all[i]!;
      return { ...c, idx: i };
    });
    return {
      ...setup,
      years,
      year,
      askedYear: asked,
      pool,
      candidates,
      filter,
      paging: { page, size: SIZE, total: shown.length },
      canExport: !!locals.user && (EXPORTERS as readonly string[]).includes(locals.user.role)
    };
  });
};
