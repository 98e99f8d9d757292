/**
 * Named queries: one file a query in queries/<name>.sql, read into the bundle at build time.
 * Parameters are bound (`$name`), never concatenated into SQL. Only the parameters a query names
 * are passed to DuckDB; a missing one is bound as NULL (queries read NULL as "no filter").
 */
import type { DuckDBValue, DuckDBResultReader } from '@duckdb/node-api';
import { withConnection } from '$lib/server/db/warehouse';

const files = import.meta.glob('/queries/*.sql', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export const QUERIES: Record<string, string> = Object.fromEntries(
  Object.entries(files).map(([path, sql]) => [path.replace(/^.*\/(.+)\.sql$/, '$1'), sql])
);

/** Strip comments and string literals so `$x` inside them is not taken for a parameter. */
function stripForScan(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^']|'')*'/g, "''");
}

const paramCache = new Map<string, string[]>();
export function paramNames(name: string): string[] {
  let names = paramCache.get(name);
  if (!names) {
    const sql = getSql(name);
    names = [...new Set([...stripForScan(sql).matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!))];
    paramCache.set(name, names);
  }
  return names;
}

export function getSql(name: string): string {
  const sql = QUERIES[name];
  if (sql === undefined) throw new Error(`未知查询：${name}`);
  return sql;
}

export type Param = string | number | boolean | null | undefined;
export type Row = Record<string, string | number | boolean | null>;

export function bindValues(name: string, params: Record<string, Param> = {}): Record<string, DuckDBValue> {
  const out: Record<string, DuckDBValue> = {};
  for (const p of paramNames(name)) {
    const v = params[p];
    out[p] = v === undefined || v === '' ? null : v;
  }
  return out;
}

/** A JSON-safe JS value: BIGINT → number, DATE/TIMESTAMP (DuckDB hands them as UTC) → text. */
export function plain(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return String(v);
}

export function readerRows(reader: DuckDBResultReader): Row[] {
  const names = reader.columnNames();
  const cols = reader.getColumnsJS();
  const n = reader.currentRowCount;
  const rows: Row[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r: Row = {};
    for (let j = 0; j < names.length; j++) r[names[j]!] = plain(cols[j]![i]);
    rows[i] = r;
  }
  return rows;
}

/** Run a named query; rows as plain objects. */
export async function query<T extends Row = Row>(name: string, params: Record<string, Param> = {}): Promise<T[]> {
  const sql = getSql(name);
  const values = bindValues(name, params);
  return withConnection(async (c) => readerRows(await c.runAndReadAll(sql, values)) as T[]);
}

export async function queryOne<T extends Row = Row>(name: string, params: Record<string, Param> = {}): Promise<T | null> {
  const rows = await query<T>(name, params);
  return rows[0] ?? null;
}

/** Run several named queries at once (each on its own connection). */
export async function queries<K extends string>(spec: Record<K, [string, Record<string, Param>?]>): Promise<Record<K, Row[]>> {
  const keys = Object.keys(spec) as K[];
  const results = await Promise.all(keys.map((k) => query(spec[k][0], spec[k][1] ?? {})));
  return Object.fromEntries(keys.map((k, i) => [k, results[i]])) as Record<K, Row[]>;
}
