/** SQL 控制台的查询历史。 */
import type { AppDb } from './index';

/** 历史里保存的 SQL 最长字符数 */
const MAX_SQL = 20_000;

export interface QueryRecord {
  username: string;
  sql: string;
  rows: number | null;
  ms: number | null;
  error: string | null;
  at?: Date;
}

export async function recordQuery(db: AppDb, q: QueryRecord): Promise<void> {
  await db.run('insert_query_history', {
    username: q.username,
    sql: q.sql.slice(0, MAX_SQL),
    now: (q.at ?? new Date()).toISOString(),
    rows: q.rows,
    ms: q.ms === null ? null : Math.round(q.ms),
    error: q.error
  });
}

export interface HistoryRow {
  id: number;
  sql: string;
  ran_at: Date;
  rows: number | null;
  ms: number | null;
  error: string | null;
  [k: string]: unknown;
}

/** 本人的最近查询（只返回本人的，不能看别人的）。 */
export async function listHistory(db: AppDb, username: string, limit = 50): Promise<HistoryRow[]> {
  return db.all<HistoryRow>('list_query_history', { username, limit: Math.min(500, Math.max(1, limit)) });
}
