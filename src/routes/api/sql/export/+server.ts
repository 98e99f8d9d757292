/**
 * POST /api/sql/export?format=csv|xlsx|parquet  JSON {"sql": "...", "limit": N}
 *   200 the file (Content-Disposition: attachment), headers X-Row-Count, X-Truncated
 *   400 {"error": "中文说明"}: bad request, or the statement was refused / failed in the sandbox
 *   401/403: not logged in / not analyst, office or admin; 429: an export of this user is running; 503: sandbox queue full
 *
 * The statement is re-run through the SAME SQL sandbox as /api/sql ($lib/server/sql-sandbox: separate process,
 * read-only, no file or network access, one read-only statement, time and row limits); only its Arrow result
 * is converted here: CSV (UTF-8 with BOM, formula guard), .xlsx (exceljs streaming writer) or Parquet (DuckDB's
 * Parquet writer in a locked in-memory instance allowed to write one temp file, see parquet.ts).
 * Every export is written to the audit log (action sql.export).
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getAppDb } from '$lib/server/appdb';
import { appendAudit } from '$lib/server/appdb/audit';
import { apiRoleCheck } from '$lib/server/auth/guard';
import { getSandbox } from '$lib/server/sql-sandbox';
import { baseName, readResult } from './columns';
import { csvStream } from './csv';
import { xlsxBuffer } from './xlsx';
import { parquetBuffer } from './parquet';
import { readSqlRequest } from '$lib/server/sql-sandbox/request';

const SQL_ROLES = ['analyst', 'office', 'admin'] as const;
const FORMATS = {
  csv: { type: 'text/csv; charset=utf-8', ext: 'csv' },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx' },
  parquet: { type: 'application/vnd.apache.parquet', ext: 'parquet' }
} as const;
type Format = keyof typeof FORMATS;

/** One export at a time per user (an export holds a sandbox worker and converts up to the row limit). */
const running = new Set<string>();

export const POST: RequestHandler = async ({ request, locals, url, getClientAddress }) => {
  const denied = apiRoleCheck(locals, SQL_ROLES);
  if (denied) return denied;
  const user = locals.user!;

  const format = url.searchParams.get('format') ?? 'csv';
  if (!(format in FORMATS)) return json({ error: '导出格式只能是 csv、xlsx 或 parquet。' }, { status: 400 });
  const parsed = await readSqlRequest(request);
  if ('error' in parsed) return parsed.error;
  const { limit } = parsed;

  if (running.has(user.username)) return json({ error: '您已有一个导出正在进行，请等它完成。' }, { status: 429 });
  running.add(user.username);
  try {
    const outcome = await getSandbox().run(parsed.sql, { limit, format: 'arrow' });
    if (!outcome.ok) return json({ error: outcome.message }, { status: outcome.kind === 'busy' ? 503 : 400 });

    const { table, columns } = readResult(outcome.arrow!);
    const numRows = table.numRows;
    const f = FORMATS[format as Format];
    const name = `${baseName()}.${f.ext}`;
    const headers: Record<string, string> = {
      'content-type': f.type,
      'content-disposition': `attachment; filename="query-result.${f.ext}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'cache-control': 'no-store',
      'x-row-count': String(outcome.rowCount),
      'x-truncated': String(outcome.truncated)
    };

    let payload: ReadableStream<Uint8Array> | Uint8Array<ArrayBuffer>;
    try {
      if (format === 'csv') payload = csvStream(columns, numRows);
      else if (format === 'xlsx') {
        const ranAt = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ') + '（北京时间）';
        payload = (await xlsxBuffer(columns, numRows, {
          sql: parsed.sql,
          username: user.username,
          rowCount: outcome.rowCount,
          truncated: outcome.truncated,
          rowLimit: outcome.rowLimit,
          ranAt
        })) as Uint8Array<ArrayBuffer>;
      } else payload = (await parquetBuffer(columns, numRows)) as Uint8Array<ArrayBuffer>;
    } catch (e) {
      console.error('[sql-export] 转换失败：', e);
      return json({ error: `导出文件生成失败：${(e as Error).message.slice(0, 200)}` }, { status: 500 });
    }

    await appendAudit(await getAppDb(), {
      actor: user.username,
      action: 'sql.export',
      entity: `sql-export:${format}`,
      after: { sql: parsed.sql.slice(0, 4000), rows: outcome.rowCount, truncated: outcome.truncated },
      ip: getClientAddress()
    }).catch((e) => console.error('[sql-export] 写审计日志失败：', e));

    return new Response(payload, { status: 200, headers });
  } finally {
    running.delete(user.username);
  }
};
