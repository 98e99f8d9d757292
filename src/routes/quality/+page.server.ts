import type { PageServerLoad } from './$types';
import { query, queryOne } from '$lib/server/queries';
import { parsePositiveInt, parseYear } from '$lib/server/queries/params';
import { guard } from '$lib/server/queries/guard';

export const load: PageServerLoad = async ({ url }) => {
  const year = parseYear(url.searchParams.get('year'));
  const loadParam = url.searchParams.get('load');
  const load = loadParam && /^\d+$/.test(loadParam) ? Number(loadParam) : null;
  const limit = parsePositiveInt(url.searchParams.get('limit'), 500, 10_000);
  return guard(async () => {
    const [loads, files, rejectSummary, rejects, tests, reportSummary, reportList, recon, reconSummary, freshness] = await Promise.all([
      query('quality_loads'),
      query('quality_files', { load }),
      query('quality_rejects_summary', { load }),
      query('quality_rejects', { load, limit }),
      query('quality_tests', { load }),
      query('quality_report_summary'),
      query('quality_report_list', { year }),
      query('quality_reconciliation', { year }),
      query('quality_reconciliation_summary', { year }),
      queryOne('overview_freshness')
    ]);
    return { load: load ?? (loads[0]?.load_id as number | undefined) ?? null, loads, files, rejectSummary, rejects, limit, tests, reportSummary, reportList, recon, reconSummary, freshness };
  });
};
