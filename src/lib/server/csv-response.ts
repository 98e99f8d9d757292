/**
 * CSV download of every row of a named query (queries/<name>.sql), streamed chunk by chunk from DuckDB:
 * UTF-8 with BOM (Excel and WPS open it as UTF-8), CRLF, text cells guarded against formula injection.
 * Used by the unit ranking of 转化成效 (/kpi/units.csv), its drill-down rows (/kpi/rows?format=csv) and
 * the long tables of 数据质量 (/quality/export.csv): the pages show one page of these tables, the CSV has all rows.
 */
import { bindValues, getSql, type Param } from '$lib/server/queries';
import { withConnection } from '$lib/server/db/warehouse';
import { csvField } from '$lib/server/queries/safecell';

export interface CsvColumn {
  key: string;
  label: string;
  kind?: string;
}

/** Header text of a column: the label, with the unit for amounts in 万元. */
export const csvLabel = (c: CsvColumn) => (c.kind === 'wan' ? `${c.label}（万元）` : c.label);

/**
 * @param name query name; its $limit is bound to NULL (all rows) unless given in params
 * @param columns the columns to write, in order, with Chinese headers; all the query's columns (its own names) when omitted
 */
export function csvResponse(name: string, params: Record<string, Param>, filename: string, columns?: readonly CsvColumn[]): Response {
  const sql = getSql(name);
  const values = bindValues(name, { limit: null, offset: 0, ...params });
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        await withConnection(async (c) => {
          const result = await c.stream(sql, values);
          const names = result.columnNames();
          const pick = columns ? columns.map((col) => names.indexOf(col.key)) : names.map((_, j) => j);
          if (pick.some((j) => j < 0)) throw new Error(`查询 ${name} 缺少列：${columns!.filter((_, i) => pick[i]! < 0).map((col) => col.key).join('、')}`);
          const header = columns ? columns.map(csvLabel) : names;
          controller.enqueue(enc.encode('\uFEFF' + header.map(csvField).join(',') + '\r\n'));
          for (;;) {
            const chunk = await result.fetchChunk();
            if (!chunk || chunk.rowCount === 0) break;
            const cols = chunk.getColumns();
            const lines: string[] = new Array(chunk.rowCount);
            for (let i = 0; i < chunk.rowCount; i++) lines[i] = pick.map((j) => csvField(cols[j]![i])).join(',');
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
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="export.csv"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      'cache-control': 'no-store'
    }
  });
}
