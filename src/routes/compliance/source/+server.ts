/**
 * 违规行背后的原始记录：?table=contracts|achievements|annual_reports&file=<source_file>&row=<source_row>。
 * 返回 JSON：列（英文名、中文名取自列 COMMENT、类型）与匹配的行（通常一行）。
 */
import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { query } from '$lib/server/queries';
import { guard } from '$lib/server/queries/guard';
import { parseOneOf, parsePositiveInt, parseText } from '$lib/server/queries/params';
import { SOURCE_TABLES, type SourceTable } from '../params';

export const GET: RequestHandler = async ({ url }) => {
  const table = parseOneOf(url.searchParams.get('table'), Object.keys(SOURCE_TABLES) as SourceTable[]);
  const file = parseText(url.searchParams.get('file'), 500);
  const rowParam = url.searchParams.get('row');
  if (!table || !file || !rowParam || !/^\d+$/.test(rowParam)) error(400, '参数无效：需要 table、file、row');
  const row = parsePositiveInt(rowParam, 0, 100_000_000);
  const out = await guard(async () => {
    const [cols, rows] = await Promise.all([query('compliance_columns', { table }), query(`compliance_source_${table}`, { file, row })]);
    const columns = Object.keys(rows[0] ?? {}).map((name) => {
      const c = cols.find((x) => x.column_name === name);
      const comment = typeof c?.comment === 'string' ? c.comment : '';
      return { name, label: comment.split('：')[0] || name, comment, type: String(c?.data_type ?? '') };
    });
    return { table, title: SOURCE_TABLES[table], file, row, columns, rows: rows.map((r) => columns.map((c) => r[c.name] ?? null)) };
  });
  return json(out, { headers: { 'cache-control': 'no-store' } });
};
