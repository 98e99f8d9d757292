/** 单位排名 CSV：筛选（年度、单位类型、主管部门）与排序同页面，全部单位（页面只显示一页）。 */
import type { RequestHandler } from './$types';
import { sortParams } from '$lib/components/paging';
import { csvResponse } from '$lib/server/csv-response';
import { UNIT_CSV_COLUMNS } from '../columns';
import { kpiFilters, unitPaging } from '../filters.server';

export const GET: RequestHandler = async ({ url }) => {
  const f = kpiFilters(url.searchParams);
  const { sort } = unitPaging(url.searchParams);
  const name = ['单位排名', f.year ? `${f.year}年` : '全部年度', f.type, f.dept].filter(Boolean).join('-');
  return csvResponse('kpi_units', { ...f, ...sortParams(sort) }, `${name}.csv`, UNIT_CSV_COLUMNS);
};
