/**
 * 周报条目与审核在应用数据库中的读写（表见 schema.sql，语句见 queries.sql）。
 * 表在第一次使用时建立（CREATE TABLE IF NOT EXISTS）；appdb 自己的文件不改。
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

import { bindNamed as bind, namedStatements, readRowObjects } from '../appdb/sqlfile';
import { appDbWithSchema } from '../appdb/schema-ready';
import schemaSql from './schema.sql?raw';
import queriesSql from './queries.sql?raw';

const sql = namedStatements(queriesSql, 'src/lib/server/progress/queries.sql');

export type Row = Record<string, unknown>;

export async function rowsOf<T extends Row = Row>(c: DuckDBConnection, name: string, params: Record<string, DuckDBValue> = {}): Promise<T[]> {
  return readRowObjects<T>(c, sql(name), params);
}

export async function exec(c: DuckDBConnection, name: string, params: Record<string, DuckDBValue> = {}): Promise<number> {
  const text = sql(name);
  const r = await c.run(text, bind(text, params));
  return Number(r.rowsChanged);
}

/** 应用库（确保周报表已建立）。 */
export const progressDb = appDbWithSchema(schemaSql);

export async function read<T extends Row = Row>(name: string, params: Record<string, DuckDBValue> = {}): Promise<T[]> {
  const d = await progressDb();
  return d.withConnection((c) => rowsOf<T>(c, name, params));
}

/** 在同一连接上的事务里执行。 */
export async function transaction<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const d = await progressDb();
  return d.withConnection(async (c) => {
    await c.run('BEGIN TRANSACTION');
    try {
      const out = await fn(c);
      await c.run('COMMIT');
      return out;
    } catch (e) {
      try {
        await c.run('ROLLBACK');
      } catch {
        /* 已回滚 */
      }
      throw e;
    }
  });
}

// 进程内串行化所有周报写入（保存、上传、审核），使“检查锁定 → 写入”不被交错。
let chain: Promise<unknown> = Promise.resolve();

export function serialized<T>(fn: () => Promise<T>): Promise<T> {
  const next = chain.catch(() => undefined).then(fn);
  chain = next;
  return next;
}

/** 一条已保存的周报条目。 */
export interface Entry {
  report_week: string;
  week_start: string;
  task_no: number;
  dept_name: string;
  report_date: string | null;
  status: string;
  percent: number;
  note: string | null;
  evidence: string | null;
  planned_date: string | null;
  channel: 'form' | 'upload';
  source_file: string | null;
  source_row: number | null;
  first_submitted_at: string;
  submitted_at: string;
  submitted_by: string;
  deadline_at: string;
  is_late: boolean;
  revision: number;
}

export async function listEntries(f: { dept?: string; week?: string } = {}): Promise<Entry[]> {
  return read<Entry & Row>('entries', { dept: f.dept ?? '', week: f.week ?? '' });
}

export interface LatestEntry {
  report_week: string;
  week_start: string;
  task_no: number;
  dept_name: string;
  status: string;
  percent: number;
  note: string | null;
  evidence: string | null;
  planned_date: string | null;
  channel: string;
  submitted_at: string;
  submitted_by: string;
  is_late: boolean;
}

/** 每（任务、部门）最近一周的条目。 */
export async function latestEntries(dept = ''): Promise<LatestEntry[]> {
  return read<LatestEntry & Row>('latest_entries', { dept });
}

export interface Approval {
  report_week: string;
  dept_name: string;
  approved_by: string;
  approved_at: string;
}

export async function listApprovals(f: { week?: string; dept?: string } = {}): Promise<Approval[]> {
  return read<Approval & Row>('approvals', { week: f.week ?? '', dept: f.dept ?? '' });
}
