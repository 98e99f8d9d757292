/** Reads the JSON body {sql, limit} of POST /api/sql and its export: the statement and an optional row limit. */
import { json } from '@sveltejs/kit';

export type SqlRequest = { sql: string; limit: number | undefined } | { error: Response };

export async function readSqlRequest(request: Request): Promise<SqlRequest> {
  if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) {
    return { error: json({ error: '请求格式必须是 JSON（Content-Type: application/json）。' }, { status: 415 }) };
  }
  let body: { sql?: unknown; limit?: unknown };
  try {
    body = (await request.json()) ?? {};
  } catch {
    return { error: json({ error: '请求体不是有效的 JSON。' }, { status: 400 }) };
  }
  if (typeof body.sql !== 'string') return { error: json({ error: '缺少 sql（字符串）。' }, { status: 400 }) };
  if (body.limit === undefined || body.limit === null) return { sql: body.sql, limit: undefined };
  if (typeof body.limit !== 'number' || !Number.isInteger(body.limit) || body.limit < 1) {
    return { error: json({ error: 'limit 必须是正整数。' }, { status: 400 }) };
  }
  return { sql: body.sql, limit: body.limit };
}
