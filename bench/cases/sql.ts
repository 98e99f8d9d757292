/**
 * Case 3: analyst SQL through POST /api/sql (Arrow IPC back, analyst role) against the same SQL
 * run bare in this process: one warm read-only DuckDB instance on the same warehouse file, the result
 * materialised as Arrow IPC bytes (src/lib/server/db/arrow.ts, the app's own chunk → Arrow encoder).
 * Both sides are timed to the last byte; the row counts must agree.
 *
 * Before each timed call the server's process tree is left to settle (no CPU used for 60 ms): the SQL
 * sandbox starts a fresh worker after every query (a worker serves one query), and that background work
 * must not land on the bare run that follows, nor on the next API call. What it costs is reported
 * separately as "CPU per call" (server and workers, including the work done after the response).
 *
 * Diagnostics (not the goal): "bare, new instance" opens a new instance per query with the sandbox's
 * settings (its threads, memory_limit 1 GB), which is what a sandbox worker does for isolation; the gap
 * between it and the warm bare run is the price of a fresh instance per query. "bare, sandbox encoder" is the
 * warm bare run with the sandbox's own Arrow encoder (src/lib/server/sql-sandbox/encode.mjs, which reads the
 * vectors' memory directly) instead of the app's: API / that = the price of isolation alone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import { arrowIPC } from '../../src/lib/server/db/arrow.ts';
import { resultToArrowIPC } from '../../src/lib/server/sql-sandbox/encode.mjs';
import type { Server } from '../lib/app.ts';
import { BENCH, settle, treeCpuMs } from '../lib/proc.ts';
import { median, round } from '../lib/stats.ts';

export const QUERIES_DIR = join(BENCH, 'queries');
const ROW_LIMIT = 100_000;

export interface SqlQueryResult {
  name: string;
  rows: number;
  apiRows: number;
  apiMs: number[];
  bareMs: number[];
  coldMs: number[];
  /** warm bare run encoded with the sandbox's encoder */
  sameEncoderMs: number[];
  apiMedian: number;
  bareMedian: number;
  coldMedian: number;
  sameEncoderMedian: number;
  /** Server-side time the API reported (X-Query-Ms: the worker's run + encode). */
  apiServerMs: number;
  /** CPU time of the server and its SQL workers per API call, including the work after the response (median). */
  apiCpuMs: number;
  apiBytes: number;
  bareBytes: number;
  ratio: number;
  error?: string;
}

export interface SqlCaseResult {
  skipped?: string;
  queries: SqlQueryResult[];
  worstRatio: number;
  /** DuckDB threads of the bare "new instance" diagnostic (the sandbox's SQL_THREADS) */
  coldThreads: number;
}

/** Reference (no goal): the fixed cost of one /api/sql round trip (auth, sandbox worker, new instance, history). */
export const REFERENCE_QUERY = { name: '(reference) SELECT 1', sql: 'SELECT 1 AS x' };

export function loadQueries(): Array<{ name: string; sql: string }> {
  return readdirSync(QUERIES_DIR).filter((f) => f.endsWith('.sql')).sort()
    .map((f) => ({ name: f.replace(/\.sql$/, ''), sql: readFileSync(join(QUERIES_DIR, f), 'utf8') }));
}

async function viaApi(server: Server, sql: string): Promise<{ ms: number; rows: number; bytes: number; serverMs: number; status: number; error?: string }> {
  const t = performance.now();
  const res = await fetch(`${server.base}/api/sql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(server.cookies.analyst ? { cookie: server.cookies.analyst } : {}) },
    body: JSON.stringify({ sql, limit: ROW_LIMIT })
  });
  const body = new Uint8Array(await res.arrayBuffer());
  const ms = performance.now() - t;
  if (res.status !== 200) {
    return { ms, rows: 0, bytes: body.byteLength, serverMs: NaN, status: res.status, error: new TextDecoder().decode(body).slice(0, 300) };
  }
  return { ms, rows: Number(res.headers.get('x-row-count')), bytes: body.byteLength, serverMs: Number(res.headers.get('x-query-ms')), status: 200 };
}

async function bareWarm(instance: DuckDBInstance, sql: string): Promise<{ ms: number; bytes: Uint8Array }> {
  const t = performance.now();
  const conn = await instance.connect();
  try {
    const bytes = await arrowIPC(conn, sql, {});
    return { ms: performance.now() - t, bytes };
  } finally {
    conn.closeSync();
  }
}

async function bareSameEncoder(instance: DuckDBInstance, sql: string): Promise<number> {
  const t = performance.now();
  const conn = await instance.connect();
  try {
    await resultToArrowIPC(await conn.stream(sql));
    return performance.now() - t;
  } finally {
    conn.closeSync();
  }
}

async function bareCold(warehouse: string, sql: string, threads: number): Promise<number> {
  const t = performance.now();
  const instance = await DuckDBInstance.create(warehouse, { access_mode: 'READ_ONLY', threads: String(threads), memory_limit: '1024MB' });
  const conn = await instance.connect();
  try {
    await arrowIPC(conn, sql, {});
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  return performance.now() - t;
}

/**
 * @param coldThreads DuckDB threads for the "new instance" diagnostic: the sandbox's (SQL_THREADS or its default)
 */
export async function measureSql(server: Server, warehouse: string, runs: number, coldThreads: number, log: (m: string) => void): Promise<SqlCaseResult> {
  const queries = [REFERENCE_QUERY, ...loadQueries()];
  // Is /api/sql there, and may the analyst use it?
  const probe = await viaApi(server, 'SELECT 1 AS x');
  if (probe.status === 404 || probe.status === 405) return { skipped: '/api/sql not available', queries: [], worstRatio: NaN, coldThreads };
  if (probe.status !== 200) return { skipped: `/api/sql answered HTTP ${probe.status}: ${probe.error ?? ''}`, queries: [], worstRatio: NaN, coldThreads };

  const instance = await DuckDBInstance.create(warehouse, { access_mode: 'READ_ONLY' });
  const out: SqlQueryResult[] = [];
  try {
    for (const q of queries) {
      // one warm-up of each side (page cache, worker start)
      const w = await viaApi(server, q.sql);
      if (w.status !== 200) {
        out.push({ name: q.name, rows: 0, apiRows: 0, apiMs: [], bareMs: [], coldMs: [], sameEncoderMs: [], apiMedian: NaN, bareMedian: NaN, coldMedian: NaN, sameEncoderMedian: NaN, apiServerMs: NaN, apiCpuMs: NaN, apiBytes: 0, bareBytes: 0, ratio: NaN, error: `HTTP ${w.status}: ${w.error}` });
        log(`    ${q.name}: HTTP ${w.status} ${w.error}`);
        continue;
      }
      const first = await bareWarm(instance, q.sql);
      const rows = tableFromIPC(first.bytes).numRows;
      const apiMs: number[] = [];
      const bareMs: number[] = [];
      const coldMs: number[] = [];
      const sameEncoderMs: number[] = [];
      const serverMs: number[] = [];
      let apiRows = 0;
      let apiBytes = 0;
      const cpuMs: number[] = [];
      for (let i = 0; i < runs; i++) {
        await settle(server.pid);
        const cpu0 = treeCpuMs(server.pid);
        const a = await viaApi(server, q.sql);
        if (a.status !== 200) throw new Error(`/api/sql ${q.name}: HTTP ${a.status} ${a.error}`);
        apiMs.push(a.ms);
        serverMs.push(a.serverMs);
        apiRows = a.rows;
        apiBytes = a.bytes;
        await settle(server.pid);
        cpuMs.push(treeCpuMs(server.pid) - cpu0);
        bareMs.push((await bareWarm(instance, q.sql)).ms);
        coldMs.push(await bareCold(warehouse, q.sql, coldThreads));
        sameEncoderMs.push(await bareSameEncoder(instance, q.sql));
      }
      const r: SqlQueryResult = {
        name: q.name, rows, apiRows, apiMs: apiMs.map((x) => round(x, 1)), bareMs: bareMs.map((x) => round(x, 1)), coldMs: coldMs.map((x) => round(x, 1)), sameEncoderMs: sameEncoderMs.map((x) => round(x, 1)),
        apiMedian: round(median(apiMs), 1), bareMedian: round(median(bareMs), 1), coldMedian: round(median(coldMs), 1), sameEncoderMedian: round(median(sameEncoderMs), 1),
        apiServerMs: round(median(serverMs), 1), apiCpuMs: round(median(cpuMs), 0), apiBytes, bareBytes: first.bytes.byteLength, ratio: round(median(apiMs) / median(bareMs), 3)
      };
      if (apiRows !== rows) r.error = `row counts differ: API ${apiRows}, bare ${rows}`;
      out.push(r);
      log(`    ${q.name.padEnd(26)} ${String(rows).padStart(7)} rows  API ${r.apiMedian.toFixed(1).padStart(7)} ms (worker ${r.apiServerMs} ms, CPU per call ${r.apiCpuMs} ms)  bare ${r.bareMedian.toFixed(1).padStart(7)} ms  ratio ${r.ratio.toFixed(2)}×  [bare, new instance, ${coldThreads} thread(s): ${r.coldMedian.toFixed(1)} ms; bare, sandbox encoder: ${r.sameEncoderMedian.toFixed(1)} ms]${r.error ? '  ! ' + r.error : ''}`);
    }
  } finally {
    instance.closeSync();
  }
  const ratios = out.filter((q) => q.name !== REFERENCE_QUERY.name).map((q) => q.ratio).filter(Number.isFinite);
  return { queries: out, worstRatio: ratios.length ? Math.max(...ratios) : NaN, coldThreads };
}
