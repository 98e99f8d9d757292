/**
 * Case 1: the ETL against DuckDB alone on the same files.
 *   CSV:  runLoad of a sample folder (ledger + contracts + reports + parks + weekly reports) into a fresh
 *         warehouse, against CTAS read_csv of every file into a fresh database file. Runs alternate
 *         (etl, bare, etl, bare, …) so that load from other work on the machine hits both alike.
 *   XLSX: runLoad of one .xlsx ledger, rows per second, against bare read_csv of the same rows as CSV.
 * Every run is its own process (bench/workers/etl-run.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BENCH, ROOT, runTsx } from '../lib/proc.ts';
import { AS_OF } from '../lib/data.ts';
import { median, round } from '../lib/stats.ts';

const WORKER = join(BENCH, 'workers', 'etl-run.ts');

export interface EtlRun {
  mode: 'etl' | 'bare';
  seconds: number;
  files: number;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  testsFailed?: string[];
  filesFailed?: string[];
  dbBytes: number;
  inputBytes: number;
  peakRss: number;
}

export interface ProfileResult {
  seconds: number;
  /** Lines of the ETL's ETL_TRACE output captured (0: the hook is gone, only the total is known). */
  traceLines: number;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  phases: Array<{ phase: string; seconds: number }>;
  perKind: Record<string, number>;
  peakRss: number;
}

async function one<T>(mode: string, db: string, input: string): Promise<T> {
  const r = await runTsx<T>(WORKER, [mode, db, input, AS_OF], { timeoutMs: 3_600_000 });
  if (r.code !== 0 || !r.result) throw new Error(`etl-run ${mode} ${input} failed (exit ${r.code}):\n${r.stderr.slice(-3000)}`);
  return r.result;
}

export interface EtlCompare {
  input: string;
  runs: number;
  etl: EtlRun[];
  bare: EtlRun[];
  etlMedian: number;
  bareMedian: number;
  ratio: number;
  rowsRead: number;
  etlRowsPerSec: number;
  bareRowsPerSec: number;
  /** Path of the warehouse left by the last ETL run (used by the page and SQL cases). */
  warehouse: string;
}

/** Alternate `runs` ETL runs and `runs` bare runs on `input`; the last ETL warehouse is kept at `warehouse`. */
export async function compareEtl(input: string, bareInput: string, runs: number, workDir: string, label: string, log: (m: string) => void): Promise<EtlCompare> {
  const etl: EtlRun[] = [];
  const bare: EtlRun[] = [];
  const warehouse = join(workDir, `warehouse-${label}.duckdb`);
  rmSync(`${warehouse}.key`, { force: true });
  for (let i = 0; i < runs; i++) {
    const e = await one<EtlRun>('etl', warehouse, input);
    etl.push(e);
    const b = await one<EtlRun>('bare', join(workDir, `bare-${label}.duckdb`), bareInput);
    bare.push(b);
    log(`    run ${i + 1}/${runs}: ETL ${e.seconds.toFixed(2)} s (${e.rowsRead} rows read, ${e.rowsRejected} rejected, peak RSS ${(e.peakRss / 2 ** 20).toFixed(0)} MB)  bare ${b.seconds.toFixed(2)} s (${b.rowsAccepted} rows, ${b.rowsRejected} rejected)`);
    if (e.filesFailed?.length) log(`    ! files failed: ${e.filesFailed.join('; ')}`);
  }
  const etlMedian = median(etl.map((r) => r.seconds));
  const bareMedian = median(bare.map((r) => r.seconds));
  const rowsRead = etl[0]!.rowsRead;
  markWarehouse(warehouse, input);
  return {
    input, runs, etl, bare, etlMedian: round(etlMedian, 3), bareMedian: round(bareMedian, 3), ratio: round(etlMedian / bareMedian, 3),
    rowsRead, etlRowsPerSec: Math.round(rowsRead / etlMedian), bareRowsPerSec: Math.round(bare[0]!.rowsRead / bareMedian), warehouse
  };
}

/** One ETL run with the ETL's step timings (ETL_TRACE=1): where the time goes. */
export async function profileEtl(input: string, workDir: string): Promise<ProfileResult> {
  return one<ProfileResult>('profile', join(workDir, 'profile.duckdb'), input);
}

/** Key of a warehouse built from `input`: the ETL's files (path, size, mtime), the input's files, the as-of date. */
function warehouseKey(input: string): string {
  const h = createHash('sha256').update(AS_OF);
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else h.update(`${relative(ROOT, p)}\0${st.size}\0${st.mtimeMs}\n`);
    }
  };
  walk(join(ROOT, 'etl'));
  walk(input);
  return h.digest('hex').slice(0, 16);
}

/** Remember which ETL and input made a warehouse (so that the page cases can reuse it). */
export function markWarehouse(warehouse: string, input: string): void {
  writeFileSync(`${warehouse}.key`, warehouseKey(input));
}

/** A warehouse for the page cases: one ETL run of `input`, reused while the ETL code and the input are unchanged. */
export async function buildWarehouse(input: string, workDir: string, label: string): Promise<{ warehouse: string; run: EtlRun | null }> {
  const warehouse = join(workDir, `warehouse-${label}.duckdb`);
  const key = warehouseKey(input);
  if (existsSync(warehouse) && existsSync(`${warehouse}.key`) && readFileSync(`${warehouse}.key`, 'utf8') === key) return { warehouse, run: null };
  rmSync(`${warehouse}.key`, { force: true });
  const run = await one<EtlRun>('etl', warehouse, input);
  writeFileSync(`${warehouse}.key`, key);
  return { warehouse, run };
}
