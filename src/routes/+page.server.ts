import type { PageServerLoad } from './$types';
import { query, queryOne } from '$lib/server/queries';
import { parseYear } from '$lib/server/queries/params';
import { guard } from '$lib/server/queries/guard';

export const load: PageServerLoad = async ({ url }) => {
  const year = parseYear(url.searchParams.get('year'));
  return guard(async () => {
    const [headline, trend, byMethod, tasks, depts, freshness, reports] = await Promise.all([
      queryOne('overview_headline', { year }),
      query('overview_trend'),
      query('overview_by_method', { year }),
      queryOne('overview_tasks'),
      query('overview_dept_progress'),
      queryOne('overview_freshness'),
      queryOne('overview_reports', { year })
    ]);
    return { headline, trend, byMethod, tasks, depts, freshness, reports };
  });
};
