/**
 * Rows behind a figure of the 转化成效 page.
 *   ?format=arrow (default): one page (?page=1&size=50) as an Arrow IPC stream; total rows in X-Total-Count.
 *   ?format=csv: every matching row as CSV, UTF-8 with BOM, text cells guarded against formula injection.
 * Filters: source=contracts|achievements|reports, year, method, type, dept, unit, granted, converted, empowered, pool, pay_later.
 */
import type { RequestHandler } from './$types';
import { bindValues, getSql, queryOne } from '$lib/server/queries';
import { withConnection } from '$lib/server/db/warehouse';
import { arrowIPC } from '$lib/server/db/arrow';
import { guard } from '$lib/server/queries/guard';
import { SOURCES, parseDrill } from '$lib/server/queries/drill';
import { csvResponse } from '$lib/server/csv-response';

export const GET: RequestHandler = async ({ url }) => {
  const req = parseDrill(url.searchParams);
  const src = SOURCES[req.source];
  const format = url.searchParams.get('format') === 'csv' ? 'csv' : 'arrow';
  if (format === 'arrow') {
    return guard(async () => {
      const params = { ...req.params, limit: req.size, offset: (req.page - 1) * req.size };
      const [count, ipc] = await Promise.all([
        queryOne(src.count, req.params),
        withConnection((c) => arrowIPC(c, getSql(src.rows), bindValues(src.rows, params)))
      ]);
      return new Response(new Uint8Array(ipc), {
        headers: {
          'content-type': 'application/vnd.apache.arrow.stream',
          'x-total-count': String(count?.total ?? 0),
          'x-total-amount': String(count?.amount_wan ?? 0),
          'cache-control': 'no-store'
        }
      });
    });
  }
  return csvResponse(src.rows, req.params, `${src.title}-明细.csv`);
};
