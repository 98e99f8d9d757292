/** URL filters, sort and page of 转化成效, read the same way by the page and the CSV export of the unit ranking. */
import { METHODS, parseOneOf, parseText, parseYear } from '$lib/server/queries/params';
import { parsePage, parseSort } from '$lib/components/paging';
import { UNIT_SORTS } from './columns';

export function kpiFilters(sp: URLSearchParams) {
  return {
    year: parseYear(sp.get('year')),
    method: parseOneOf(sp.get('method'), METHODS),
    type: parseText(sp.get('type')),
    dept: parseText(sp.get('dept'))
  };
}

export function unitPaging(sp: URLSearchParams) {
  return { ...parsePage(sp), sort: parseSort(sp, UNIT_SORTS) };
}
