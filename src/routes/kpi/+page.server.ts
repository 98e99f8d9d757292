import type { PageServerLoad } from './$types';
import { query, queryOne, type Row } from '$lib/server/queries';
import { METHODS } from '$lib/server/queries/params';
import { guard } from '$lib/server/queries/guard';
import { clampPage, limitOffset, sortParams } from '$lib/components/paging';
import { kpiFilters, unitPaging } from './filters.server';

export const load: PageServerLoad = async ({ url }) => {
  const sp = url.searchParams;
  const f = kpiFilters(sp);
  const paging = unitPaging(sp);
  return guard(async () => {
    const unitPage = (page: number) => query('kpi_units', { ...f, ...sortParams(paging.sort), ...limitOffset(page, paging.size) });
    const [cube, trend, firstTry, totals, types, depts] = await Promise.all([
      query('kpi_cube', f),
      query('kpi_trend', f),
      unitPage(paging.page),
      queryOne('kpi_unit_totals', f),
      query('kpi_unit_types'),
      query('departments')
    ]);
    // The unit ranking is paged on the server: one page of rows, the number of units from the totals.
    const unitCount = Number(totals?.units ?? 0);
    const page = clampPage(paging.page, unitCount, paging.size);
    const units = page === paging.page ? firstTry : await unitPage(page);
    // A cube row is "broken down" on a dimension when that dimension is not filtered and not summed up.
    const open = (r: Row) => ({
      year: f.year === null && !r.is_all_year,
      method: f.method === null && !r.is_all_method,
      type: f.type === null && !r.is_all_type,
      dept: f.dept === null && !r.is_all_dept
    });
    const only = (dim: 'year' | 'method' | 'type' | 'dept' | null) =>
      cube.filter((r) => {
        const o = open(r);
        return (Object.keys(o) as (keyof typeof o)[]).every((k) => o[k] === (k === dim));
      });
    return {
      filters: f,
      total: only(null)[0] ?? null,
      byMethod: only('method'),
      byType: only('type'),
      byDept: only('dept'),
      trend,
      units,
      unitPaging: { page, size: paging.size, total: unitCount, sort: paging.sort },
      totals,
      types: types.map((r) => String(r.unit_type)),
      depts: depts.map((r) => String(r.name)),
      methods: [...METHODS]
    };
  });
};
