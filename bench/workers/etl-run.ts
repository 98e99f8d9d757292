/**
 * One ETL measurement, in its own process (so that every run starts with a cold heap and its peak
 * RSS is its own). Prints `@@RESULT {json}`.
 *
 *   etl     runLoad (etl/load/run.ts) of INPUT into a fresh warehouse DB
 *   bare    DuckDB alone: for each input file, CREATE TABLE AS SELECT * FROM read_csv(file, store_rejects = true)
 *           into a fresh database file, then CHECKPOINT (auto-detected types; the sample data holds
 *           deliberate bad dates, on which a plain read_csv stops, so DuckDB's own reject store is used)
 *   profile runLoad as in `etl`, with the ETL's own timing hook (ETL_TRACE=1) captured: seconds per
 *           step of each file, and the rest of the load as one remainder
 *
 *   node --import tsx bench/workers/etl-run.ts MODE DB INPUT [AS_OF]
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { runLoad } from '../../etl/load/run.ts';
import { expandInputs } from '../../etl/load/input-files.ts';
import { one } from '../../etl/load/db.ts';
import { sqlString } from '../../etl/load/sql-files.ts';
import { emitResult, procMemory } from '../lib/proc.ts';

const [mode, db, input, asOf = '2026-11-20'] = process.argv.slice(2);
if (!mode || !db || !input) {
  console.error('usage: etl-run.ts etl|bare|profile DB INPUT [AS_OF]');
  process.exit(2);
}

function freshDb(path: string): void {
  for (const p of [path, `${path}.wal`, `${path}.lock`]) rmSync(p, { force: true });
}

function inputBytes(): number {
  return expandInputs([input!]).reduce((a, f) => a + statSync(f.path).size, 0);
}

async function runEtl() {
  freshDb(db!);
  const t0 = performance.now();
  const s = await runLoad({ db: db!, inputs: [input!], asOf });
  const seconds = (performance.now() - t0) / 1000;
  return {
    mode, seconds, files: s.files.length, rowsRead: s.rowsRead, rowsAccepted: s.rowsAccepted, rowsRejected: s.rowsRejected,
    testsFailed: s.tests.filter((t) => t.status === 'fail').map((t) => t.name),
    filesFailed: s.files.filter((f) => f.status === 'failed').map((f) => `${f.fileName}: ${f.message}`),
    dbBytes: statSync(db!).size, inputBytes: inputBytes(), peakRss: procMemory('self')?.hwm ?? NaN
  };
}

async function runBare() {
  freshDb(db!);
  const files = expandInputs([input!]).filter((f) => /\.(csv|txt|tsv)$/i.test(f.path));
  const t0 = performance.now();
  const instance = await DuckDBInstance.create(db!);
  const conn = await instance.connect();
  for (const [i, f] of files.entries()) {
    await conn.run(`CREATE TABLE t${i} AS SELECT * FROM read_csv(${sqlString(f.path)}, store_rejects = true)`);
  }
  await conn.run('CHECKPOINT');
  const seconds = (performance.now() - t0) / 1000;
  let rows = 0;
  for (let i = 0; i < files.length; i++) rows += (await one<{ n: number }>(conn, `SELECT count(*)::INTEGER AS n FROM t${i}`)).n;
  const rejected = (await one<{ n: number }>(conn, 'SELECT count(DISTINCT (scan_id, line))::INTEGER AS n FROM reject_errors')).n;
  conn.closeSync();
  instance.closeSync();
  return { mode, seconds, files: files.length, rowsRead: rows + rejected, rowsAccepted: rows, rowsRejected: rejected, dbBytes: statSync(db!).size, inputBytes: inputBytes(), peakRss: procMemory('self')?.hwm ?? NaN };
}

// ------------------------------------------------------------------------------------------ profile

/**
 * runLoad with the ETL's own timing hook (ETL_TRACE=1 makes loadFile write `[etl] FILE STEP MS ms` to
 * stderr after each step). The lines are captured here; the time no step accounts for is the rest of
 * the load (sniffing, schema, marts, rule views, data tests, checkpoint, publish).
 */
async function runProfile() {
  freshDb(db!);
  process.env.ETL_TRACE = '1';
  const lines: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    for (const l of text.split('\n')) if (l.startsWith('[etl] ')) lines.push(l);
    return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
  const t0 = performance.now();
  let s;
  try {
    s = await runLoad({ db: db!, inputs: [input!], asOf });
  } finally {
    process.stderr.write = write;
  }
  const seconds = (performance.now() - t0) / 1000;
  const kinds = new Map(expandInputs([input!]).map((f) => [f.path.split('/').pop()!, '']));
  for (const f of s.files) kinds.set(f.fileName, f.kind ?? 'unknown');
  const phases = new Map<string, number>();
  const perKind = new Map<string, number>();
  let traced = 0;
  for (const l of lines) {
    const m = /^\[etl\] (.+) (\S+) (\d+) ms/.exec(l);
    if (!m) continue;
    const [, scope, step, ms] = m as unknown as [string, string, string, string];
    const sec = Number(ms) / 1000;
    if (scope === '(load)' && step === 'jobs') continue; // the sum of the file, mart, rule and test steps below
    if (scope.startsWith('(')) {
      // a phase of the whole load: (load) schema, dimensions, marts, …; (marts) one model each
      const label = scope === '(marts)' ? `marts: ${step}` : `load: ${step}`;
      phases.set(label, (phases.get(label) ?? 0) + sec);
      traced += sec;
      continue;
    }
    // a batch of small files of one kind is traced as "<kind> ×<n>"
    const kind = kinds.get(scope) || /^(\w+) ×\d+$/.exec(scope)?.[1] || 'unknown';
    const label = `file: ${step.replace(new RegExp(`_${kind}$`), '_<kind>')}`;
    phases.set(label, (phases.get(label) ?? 0) + sec);
    perKind.set(kind, (perKind.get(kind) ?? 0) + sec);
    traced += sec;
  }
  // Two kinds load at once (ETL_STREAMS), so file steps can add up to more than their wall time.
  if (lines.length) phases.set('not traced (overlap of the two load streams shows as negative)', seconds - traced);
  const list = [...phases.entries()].map(([phase, sec]) => ({ phase, seconds: sec })).sort((a, b) => b.seconds - a.seconds);
  return {
    mode, seconds, rowsRead: s.rowsRead, rowsAccepted: s.rowsAccepted, rowsRejected: s.rowsRejected, traceLines: lines.length,
    phases: list, perKind: Object.fromEntries(perKind), peakRss: procMemory('self')?.hwm ?? NaN
  };
}

const fns = { etl: runEtl, bare: runBare, profile: runProfile } as const;
const fn = fns[mode as keyof typeof fns];
if (!fn) {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}
try {
  emitResult(await fn());
} finally {
  if (mode !== 'etl' && existsSync(db)) rmSync(db, { force: true });
}
