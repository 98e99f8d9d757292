/**
 * POST /api/sql  JSON {"sql": "...", "limit": N}
 *   200 application/vnd.apache.arrow.stream（Arrow IPC 流）
 *       响应头 X-Row-Count、X-Row-Limit、X-Truncated（false / rows / bytes）、X-Query-Ms、
 *       X-Columns（JSON：列名与 DuckDB 类型，URI 编码；列太多时省略，同样信息在 Arrow 字段元数据 duckdb_type 里）
 *   400 {"error": "中文说明"}：语句被拒绝或执行失败（含超时）
 *   401/403：未登录 / 角色不是分析员、协调办、管理员
 *   429：同一用户已有查询在运行；503：查询队列已满
 * 查询在 SQL 沙箱（独立进程、只读、禁止外部访问）里执行，见 $lib/server/sql-sandbox。每次都记入 query_history
 * （在响应发出之后写入；GET /api/sql/history 会先等本人尚未写完的记录）。
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { apiRoleCheck } from '$lib/server/auth/guard';
import { getSandbox } from '$lib/server/sql-sandbox';
import { recordQueryLater } from '$lib/server/sql-sandbox/history';
import { readSqlRequest } from '$lib/server/sql-sandbox/request';

const SQL_ROLES = ['analyst', 'office', 'admin'] as const;

/** 每个用户同时只能有一条查询在运行（避免一人占满进程池）。 */
const running = new Set<string>();

export const POST: RequestHandler = async ({ request, locals }) => {
  const denied = apiRoleCheck(locals, SQL_ROLES);
  if (denied) return denied;
  const user = locals.user!;

  const parsed = await readSqlRequest(request);
  if ('error' in parsed) return parsed.error;
  const { limit } = parsed;

  if (running.has(user.username)) {
    return json({ error: '您已有一条查询正在运行，请等它结束后再提交。' }, { status: 429 });
  }
  running.add(user.username);
  const sandbox = getSandbox();
  let outcome;
  try {
    outcome = await sandbox.run(parsed.sql, { limit, format: 'arrow' });
  } finally {
    running.delete(user.username);
  }

  recordQueryLater({
    username: user.username,
    sql: parsed.sql,
    rows: outcome.ok ? outcome.rowCount : null,
    ms: outcome.ms,
    error: outcome.ok ? null : outcome.message
  });

  if (!outcome.ok) {
    const status = outcome.kind === 'busy' ? 503 : 400;
    return json({ error: outcome.message }, { status });
  }
  const headers: Record<string, string> = {
    'content-type': 'application/vnd.apache.arrow.stream',
    'cache-control': 'no-store',
    'x-row-count': String(outcome.rowCount),
    'x-row-limit': String(outcome.rowLimit),
    'x-truncated': String(outcome.truncated),
    'x-query-ms': String(outcome.ms)
  };
  // 列很多时省略这个头（同样的信息在 Arrow 字段元数据 duckdb_type 里），免得超出代理的响应头上限
  const columns = encodeURIComponent(JSON.stringify(outcome.columns));
  if (columns.length <= 8000) headers['x-columns'] = columns;
  return new Response(outcome.arrow as Uint8Array<ArrayBuffer>, { status: 200, headers });
};
