/** The SQL console's calls to /api/sql, /api/sql/schema, /api/sql/history and /api/sql/export. */
import type { HistoryItem, QueryResult, SchemaTable } from './types';

/** An error whose message is meant for the user (Chinese, from the server when it sent one). */
export class ConsoleError extends Error {}

async function errorOf(res: Response): Promise<ConsoleError> {
  let msg = '';
  try {
    const body = (await res.json()) as { error?: unknown };
    if (typeof body?.error === 'string') msg = body.error;
  } catch {
    /* not JSON */
  }
  if (!msg) {
    msg =
      res.status === 401
        ? '登录已失效，请重新登录。'
        : res.status === 403
          ? '您的角色无权使用 SQL 控制台。'
          : `请求失败（HTTP ${res.status}）。`;
  }
  return new ConsoleError(msg);
}

async function post(path: string, sql: string, limit: number, signal?: AbortSignal): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sql, limit }),
      signal
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ConsoleError('无法连接服务器，请检查网络后重试。');
  }
  if (!res.ok) throw await errorOf(res);
  return res;
}

/** Run one statement as typed; the Arrow IPC response decoded. */
export async function runQuery(sql: string, limit: number, signal?: AbortSignal): Promise<QueryResult> {
  const started = performance.now();
  // the Arrow decoder (apache-arrow, its own chunk) loads while the query runs
  const decoder = import('./result');
  decoder.catch(() => undefined);
  const res = await post('/api/sql', sql, limit, signal);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const { decodeResult } = await decoder;
  return decodeResult(bytes, { sql, limit, headers: res.headers, started });
}

export async function fetchSchema(): Promise<SchemaTable[]> {
  const res = await fetch('/api/sql/schema');
  if (!res.ok) throw await errorOf(res);
  return ((await res.json()) as { tables: SchemaTable[] }).tables;
}

export async function fetchHistory(limit = 100): Promise<HistoryItem[]> {
  const res = await fetch(`/api/sql/history?limit=${limit}`);
  if (!res.ok) throw await errorOf(res);
  return ((await res.json()) as { items: HistoryItem[] }).items;
}

export type ExportFormat = 'csv' | 'xlsx' | 'parquet';

function fileName(res: Response, format: ExportFormat): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) {
    try {
      return decodeURIComponent(star[1]!);
    } catch {
      /* fall through */
    }
  }
  return `查询结果.${format}`;
}

export interface ExportInfo {
  name: string;
  rows: number;
  truncated: false | 'rows' | 'bytes';
}

/** Re-run the statement on the server in the requested format and save the file. */
export async function exportResult(sql: string, limit: number, format: ExportFormat): Promise<ExportInfo> {
  const res = await post(`/api/sql/export?format=${format}`, sql, limit);
  const blob = await res.blob();
  const name = fileName(res, format);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  const t = res.headers.get('x-truncated');
  return { name, rows: Number(res.headers.get('x-row-count') ?? 0), truncated: t === 'rows' || t === 'bytes' ? t : false };
}
