/** 周报填报读取数仓（只读，$lib/server/db/warehouse 的连接）：语句在 warehouse.sql 中按名称取用。 */
import type { DuckDBValue } from '@duckdb/node-api';
import { withConnection } from '$lib/server/db/warehouse';
import { readerRows, type Row } from '$lib/server/queries';
import { bindNamed as bind, namedStatements } from '../appdb/sqlfile';
import warehouseSql from './warehouse.sql?raw';

const sql = namedStatements(warehouseSql, 'src/lib/server/progress/warehouse.sql');

export async function whQuery<T extends Row = Row>(name: string, params: Record<string, DuckDBValue> = {}): Promise<T[]> {
  const text = sql(name);
  return withConnection(async (c) => readerRows(await c.runAndReadAll(text, bind(text, params))) as T[]);
}

export interface WarehouseMeta {
  built_at: string | null;
  profile_id: string | null;
  as_of_date: string | null;
}

export async function warehouseMeta(): Promise<WarehouseMeta> {
  const [m] = await whQuery('meta');
  return { built_at: (m?.built_at as string | null) ?? null, profile_id: (m?.profile_id as string | null) ?? null, as_of_date: (m?.as_of_date as string | null) ?? null };
}

/** 数仓中每（任务、部门）最近一次周报及其入库时间。 */
export interface WarehouseReport {
  task_no: number;
  dept_name: string;
  report_week: string;
  week_start: string;
  status: string;
  percent: number | null;
  note: string | null;
  evidence: string | null;
  planned_date: string | null;
  /** 入库时间（UTC ISO）；未知时为 null */
  loaded_at: string | null;
}

export async function latestWarehouseReports(dept = ''): Promise<WarehouseReport[]> {
  return (await whQuery('latest_reports', { dept })).map((r) => ({
    task_no: Number(r.task_no),
    dept_name: String(r.dept_name),
    report_week: String(r.report_week),
    week_start: String(r.week_start),
    status: String(r.status),
    percent: typeof r.percent === 'number' ? r.percent : null,
    note: (r.note as string | null) ?? null,
    evidence: (r.evidence as string | null) ?? null,
    planned_date: (r.planned_date as string | null) ?? null,
    loaded_at: (r.loaded_at as string | null) ?? null
  }));
}
