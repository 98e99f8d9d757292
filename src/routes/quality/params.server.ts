/** URL state of 数据质量, read the same way by the page and its CSV export. */
import { parseOneOf, parseYear } from '$lib/server/queries/params';
import { PAGE_SIZE, parsePage, parseSort } from '$lib/components/paging';
import { RECON_SORTS, RECON_STATUSES } from './columns';

/** Rows per page of the reject details and the late/missing report list (the reconciliation uses PAGE_SIZE). */
export const SMALL_PAGE = 25;

export function qualityParams(sp: URLSearchParams) {
  const loadParam = sp.get('load');
  return {
    year: parseYear(sp.get('year')),
    load: loadParam && /^\d{1,9}$/.test(loadParam) ? Number(loadParam) : null,
    reconStatus: parseOneOf(sp.get('recon_status'), RECON_STATUSES),
    reconSort: parseSort(sp, RECON_SORTS, 'recon_'),
    reconPage: parsePage(sp, 'recon_', PAGE_SIZE),
    latePage: parsePage(sp, 'late_', SMALL_PAGE),
    rejectPage: parsePage(sp, 'rej_', SMALL_PAGE)
  };
}
