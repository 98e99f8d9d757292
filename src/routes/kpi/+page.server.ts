import type { PageServerLoad } from './$types';
import { query, queryOne, type Row } from '$lib/server/queries';
import { METHODS, parseOneOf, parseText, parseYear } from '$lib/server/queries/params';
import { guard } from '$lib/server/queries/guard';

export const load: PageServerLoad = async ({ url }) => {
  const sp = url.searchParams;
  const f = {
    year: parseYear(sp.get('year')),
    method: parseOneOf(sp.get('method'), METHODS),
    type: parseText(sp.get('type')),
    dept: parseText(sp.get('dept'))
  };
  return guard(async () => {
    const [cube, trend, units, totals, types, depts] = await Promise.all([
      query('kpi_cube', f),
      query('kpi_trend', f),
      query('kpi_units', f),
      queryOne('kpi_unit_totals', f),
      query('kpi_unit_types'),
      query('departments')
    ]);
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
      totals,
      types: types.map((r) => String(r.unit_type)),
      depts: depts.map((r) => String(r.name)),
      methods: [...METHODS]
    };
  });
};
