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
import { csvField } from '$lib/server/queries/safecell';

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
  const sql = getSql(src.rows);
  const values = bindValues(src.rows, { ...req.params, limit: null, offset: 0 });
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        await withConnection(async (c) => {
          const result = await c.stream(sql, values);
          const names = result.columnNames();
          controller.enqueue(enc.encode('\uFEFF' + names.map(csvField).join(',') + '\r\n'));
          for (;;) {
            const chunk = await result.fetchChunk();
            if (!chunk || chunk.rowCount === 0) break;
            const cols = chunk.getColumns();
            const lines: string[] = [];
            for (let i = 0; i < chunk.rowCount; i++) lines.push(cols.map((col) => csvField(col[i])).join(','));
            controller.enqueue(enc.encode(lines.join('\r\n') + '\r\n'));
          }
        }, 300_000);
        controller.close();
      } catch (e) {
        console.error(e);
        controller.error(e);
      }
    }
  });
  const name = encodeURIComponent(`${src.title}-明细.csv`);
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="rows.csv"; filename*=UTF-8''${name}`,
      'cache-control': 'no-store'
    }
  });
};
