/** Small helpers over @duckdb/node-api for the ETL: run SQL, read rows as plain objects. */
import type { DuckDBConnection } from '@duckdb/node-api';

export type Row = Record<string, unknown>;

/** Run one or more statements; returns nothing. */
export async function exec(conn: DuckDBConnection, sql: string): Promise<void> {
  await conn.run(sql);
}

/** Run `fn` in one transaction on `conn`: committed when it returns, rolled back when it throws. */
export async function inTransaction<T>(conn: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  await exec(conn, 'BEGIN TRANSACTION');
  let out: T;
  try {
    out = await fn();
  } catch (e) {
    await exec(conn, 'ROLLBACK');
    throw e;
  }
  await exec(conn, 'COMMIT');
  return out;
}

/** Run a query and return its rows as objects with JS values (BIGINT → number when safe). */
export async function rows<T extends Row = Row>(conn: DuckDBConnection, sql: string, params?: Record<string, unknown> | unknown[]): Promise<T[]> {
  const reader = params ? await conn.runAndReadAll(sql, params as never) : await conn.runAndReadAll(sql);
  return reader.getRowObjectsJS().map((r) => {
    const out: Row = {};
    for (const [k, v] of Object.entries(r)) out[k] = typeof v === 'bigint' && Number.isSafeInteger(Number(v)) ? Number(v) : v;
    return out as T;
  });
}

/** The first row of a query, or an error when there is none. */
export async function one<T extends Row = Row>(conn: DuckDBConnection, sql: string, params?: Record<string, unknown> | unknown[]): Promise<T> {
  const r = await rows<T>(conn, sql, params);
  if (!r[0]) throw new Error(`查询没有返回结果：${sql.slice(0, 80)}`);
  return r[0];
}
