/**
 * Case 6 (no goal; evidence for docs/SCALING.md): the warehouse's facts exported as Parquet partitioned
 * by province / year (province = characters 3–4 of the unit's 统一社会信用代码, the registering
 * authority's 行政区划码), and the analyst queries (bench/queries/*.sql, unchanged) run on views over the
 * Parquet files against the same queries on the DuckDB file. Both warm, in process, Arrow IPC out.
 * Plus one province-and-year query, to show that partition pruning reads one folder.
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { arrowIPC } from '../../src/lib/server/db/arrow.ts';
import { listFiles } from '../lib/app.ts';
import { sqlString } from '../../etl/load/sql-files.ts';
import { median, round } from '../lib/stats.ts';
import { loadQueries } from './sql.ts';

export interface ParquetResult {
  exportSeconds: number;
  parquetBytes: number;
  parquetFiles: number;
  warehouseBytes: number;
  queries: Array<{ name: string; duckdbMs: number; parquetMs: number; ratio: number; rows: number }>;
  pruned: { sql: string; duckdbMs: number; parquetMs: number; rows: number };
}

/** Facts and their partitions: table → expressions for province and year. */
const EXPORTS: Array<{ table: string; year: string | null }> = [
  { table: 'achievements', year: 'year(acquired_date)' },
  { table: 'contracts', year: 'signed_year' },
  { table: 'units', year: null }
];

const PRUNED_SQL = `SELECT conversion_status, count(*) AS n, round(sum(conversion_amount_wan), 2) AS amount_wan
FROM achievements WHERE province = '21' AND year = 2024 GROUP BY conversion_status ORDER BY conversion_status`;

async function timeQuery(conn: DuckDBConnection, sql: string, runs: number): Promise<{ ms: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  await arrowIPC(conn, sql, {}); // warm-up
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    bytes = (await arrowIPC(conn, sql, {})).byteLength;
    times.push(performance.now() - t);
  }
  return { ms: median(times), bytes };
}

export async function measureParquet(warehouse: string, workDir: string, runs: number): Promise<ParquetResult> {
  const dir = join(workDir, 'parquet');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });

  // export: what a province's batch job would publish
  const exporter = await DuckDBInstance.create(':memory:');
  const ex = await exporter.connect();
  await ex.run(`ATTACH ${sqlString(warehouse)} AS wh (READ_ONLY)`);
  const t0 = performance.now();
  for (const e of EXPORTS) {
    const target = sqlString(join(dir, e.table));
    if (e.year) {
      await ex.run(`COPY (SELECT *, substr(unit_uscc, 3, 2) AS province, ${e.year} AS year FROM wh.${e.table})
        TO ${target} (FORMAT parquet, PARTITION_BY (province, year), OVERWRITE_OR_IGNORE)`);
    } else {
      mkdirSync(join(dir, e.table), { recursive: true });
      await ex.run(`COPY (SELECT * FROM wh.${e.table}) TO ${sqlString(join(dir, e.table, 'data.parquet'))} (FORMAT parquet)`);
    }
  }
  const exportSeconds = (performance.now() - t0) / 1000;
  ex.closeSync();
  exporter.closeSync();
  const files = listFiles(dir).filter((f) => f.endsWith('.parquet'));

  // the same queries: on the DuckDB file, and on views over the Parquet folders
  const fileDb = await DuckDBInstance.create(warehouse, { access_mode: 'READ_ONLY' });
  const fileConn = await fileDb.connect();
  const pq = await DuckDBInstance.create(':memory:');
  const pqConn = await pq.connect();
  for (const e of EXPORTS) {
    const glob = e.year ? join(dir, e.table, '*', '*', '*.parquet') : join(dir, e.table, '*.parquet');
    await pqConn.run(`CREATE VIEW ${e.table} AS SELECT * FROM read_parquet(${sqlString(glob)}, hive_partitioning = ${e.year ? 'true' : 'false'})`);
  }
  // the DuckDB file has no province/year columns: give it the same ones for the pruning query
  await fileConn.run(`CREATE TEMP VIEW achievements_py AS SELECT *, substr(unit_uscc, 3, 2) AS province, year(acquired_date) AS year FROM achievements`);
  const out: ParquetResult['queries'] = [];
  try {
    for (const q of loadQueries()) {
      const a = await timeQuery(fileConn, q.sql, runs);
      const b = await timeQuery(pqConn, q.sql, runs);
      const rows = Number((await (await pqConn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM (${q.sql.replace(/;\s*$/, '')})`)).getRowObjectsJS())[0]?.n ?? 0);
      out.push({ name: q.name, duckdbMs: round(a.ms, 1), parquetMs: round(b.ms, 1), ratio: round(b.ms / a.ms, 3), rows });
    }
    const pa = await timeQuery(fileConn, PRUNED_SQL.replace('FROM achievements', 'FROM achievements_py'), runs);
    const pb = await timeQuery(pqConn, PRUNED_SQL, runs);
    const prunedRows = Number((await (await pqConn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM (${PRUNED_SQL})`)).getRowObjectsJS())[0]?.n ?? 0);
    return {
      exportSeconds: round(exportSeconds, 2), parquetBytes: files.reduce((s, f) => s + statSync(f).size, 0), parquetFiles: files.length,
      warehouseBytes: statSync(warehouse).size, queries: out,
      pruned: { sql: PRUNED_SQL, duckdbMs: round(pa.ms, 1), parquetMs: round(pb.ms, 1), rows: prunedRows }
    };
  } finally {
    fileConn.closeSync();
    fileDb.closeSync();
    pqConn.closeSync();
    pq.closeSync();
  }
}
