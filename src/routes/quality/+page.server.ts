import type { PageServerLoad } from './$types';
import { query, queryOne, type Param } from '$lib/server/queries';
import { guard } from '$lib/server/queries/guard';
import { clampPage, limitOffset, sortParams, type PageRequest } from '$lib/components/paging';
import { qualityParams } from './params.server';

export const load: PageServerLoad = async ({ url }) => {
  const q = qualityParams(url.searchParams);
  const { year, load } = q;
  const recon = { year, status: q.reconStatus, ...sortParams(q.reconSort) };
  return guard(async () => {
    const pageOf = (name: string, params: Record<string, Param>, req: PageRequest) => (page: number) => query(name, { ...params, ...limitOffset(page, req.size) });
    const reconPage = pageOf('quality_reconciliation', recon, q.reconPage);
    const latePage = pageOf('quality_report_list', { year }, q.latePage);
    const rejectPage = pageOf('quality_rejects', { load }, q.rejectPage);
    const [loads, files, rejectSummary, rejects0, tests, reportSummary, late0, lateCount, recon0, reconSummary, freshness] = await Promise.all([
      query('quality_loads'),
      query('quality_files', { load }),
      query('quality_rejects_summary', { load }),
      rejectPage(q.rejectPage.page),
      query('quality_tests', { load }),
      query('quality_report_summary'),
      latePage(q.latePage.page),
      queryOne('quality_report_list_count', { year }),
      reconPage(q.reconPage.page),
      query('quality_reconciliation_summary', { year }),
      queryOne('overview_freshness')
    ]);
    // Long tables are paged on the server; their totals come from the summary queries (all rows).
    const rejectTotal = rejectSummary.reduce((s, r) => s + Number(r.rows ?? 0), 0);
    const lateTotal = Number(lateCount?.n ?? 0);
    const reconTotal = reconSummary.reduce((s, r) => s + (q.reconStatus === null || r.status === q.reconStatus ? Number(r.n ?? 0) : 0), 0);
    // A page past the end (the data changed, or a hand-made link) shows the last page.
    const settle = async (req: PageRequest, total: number, first: typeof recon0, again: (p: number) => Promise<typeof recon0>) => {
      const page = clampPage(req.page, total, req.size);
      return { rows: page === req.page ? first : await again(page), page, size: req.size, total };
    };
    const [rejects, reportList, reconRows] = await Promise.all([
      settle(q.rejectPage, rejectTotal, rejects0, rejectPage),
      settle(q.latePage, lateTotal, late0, latePage),
      settle(q.reconPage, reconTotal, recon0, reconPage)
    ]);
    return {
      load: load ?? (loads[0]?.load_id as number | undefined) ?? null,
      loads,
      files,
      rejectSummary,
      rejects,
      tests,
      reportSummary,
      reportList,
      recon: { ...reconRows, status: q.reconStatus, sort: q.reconSort },
      reconSummary,
      freshness
    };
  });
};
