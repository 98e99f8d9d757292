/**
 * npm run bench [-- --quick] [--only etl,xlsx,pages,sql,memory,bundle,parquet] [--rebuild] [--profile]
 *               [--seed N] [--page-requests N] [--page-rounds N] [--runs N] [--server-env KEY=VALUE …]
 *
 * Generates data with the project's sample generator (cached under bench/data/), then measures, each
 * against DuckDB doing the same work bare in the same run:
 *   1 etl     the full ETL (runLoad) of the big sample vs CTAS read_csv of the same files; .xlsx rows/s
 *   2 pages   every page under 20 concurrent connections (autocannon, second process) at the small and
 *             the big warehouse: p50/p95, req/s, failed requests
 *   3 sql     three analyst queries through POST /api/sql vs the same SQL in process (Arrow IPC both)
 *   4 memory  the server's peak RSS (VmHWM) at the big warehouse while serving the page load
 *   5 bundle  gzip size of the JS the overview page and the SQL page load
 *   6 parquet (no goal) the facts as Parquet partitioned by province/year; the analyst queries on it
 *             against the same queries on the DuckDB file (evidence for docs/SCALING.md)
 * Prints a goal / measured / pass table and writes bench/results/<timestamp>-<mode>.json. Only the issue's goals
 * are PASS/FAIL (ETL ≤ 2.0× bare; page p95 at the big warehouse ≤ 1.25× the small one, no failed request; SQL
 * ≤ 1.3× bare; server peak RSS ≤ 600 MB with DuckDB's memory limit set; overview JS ≤ 250 KB gzip); cases without
 * a goal (1b .xlsx rows/s, the /sql bundle, 6 Parquet) are printed as "info".
 * Both servers get WAREHOUSE_MEMORY_LIMIT / WAREHOUSE_THREADS (bench/lib/app.ts MEMORY_ENV) and --server-env;
 * the JSON records that environment (serverEnv).
 * Full: 1,000,000 ledger rows (5,000 units) vs 10,000; quick (< 3 min once data is cached): 100,000 vs 10,000.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { APP_DIR, MEMORY_ENV, buildApp, startServer, type Server } from './lib/app.ts';
import { DATA_DIR, ensureSample, ensureXlsx } from './lib/data.ts';
import { BENCH, MemoryPoller, ROOT, procMemory } from './lib/proc.ts';
import { fmtInt, fmtKB, fmtMB, fmtMs, fmtRatio, fmtSeconds, round, table } from './lib/stats.ts';
import { buildWarehouse, compareEtl, profileEtl, type EtlCompare, type ProfileResult } from './cases/etl.ts';
import { measurePages, PAGES, type PageResult } from './cases/pages.ts';
import { profilePageQueries } from './cases/page-queries.ts';
import { measureSql, REFERENCE_QUERY } from './cases/sql.ts';
import { sandboxConfigFromEnv } from '../src/lib/server/sql-sandbox/index.ts';
import { measureBundle, type BundleResult } from './cases/bundle.ts';
import { measureParquet } from './cases/parquet.ts';

const CASES = ['etl', 'xlsx', 'pages', 'sql', 'memory', 'bundle', 'parquet'] as const;
type CaseId = (typeof CASES)[number];

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    rebuild: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    seed: { type: 'string', default: '42' },
    runs: { type: 'string' },
    'page-requests': { type: 'string' },
    'page-rounds': { type: 'string' },
    'server-env': { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h', default: false }
  }
});
if (args.help) {
  console.log(readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0]!.replace(/^\/\*\*\n?/, '').replace(/^ \* ?/gm, ''));
  process.exit(0);
}

const quick = args.quick;
const mode = {
  name: quick ? 'quick' : 'full',
  units: quick ? 1000 : 5000,
  bigRows: quick ? 100_000 : 1_000_000,
  smallRows: 10_000,
  xlsxRows: quick ? 10_000 : 100_000,
  // five ETL/bare pairs: on a shared 2-core machine one pair's ratio moves by ±10%; the median of five steadies it
  etlRuns: Number(args.runs ?? (quick ? 1 : 5)),
  xlsxRuns: Number(args.runs ?? (quick ? 1 : 3)),
  connections: 20,
  pageRequests: Number(args['page-requests'] ?? (quick ? 30 : 60)),
  // the median of five rounds' p95: with three, one slow round on this shared machine moved a page's ratio from
  // 1.0 to 1.4 (the 考核评价 matrix at 16:45, rounds 134–196 ms against 117–135 ms)
  pageRounds: Number(args['page-rounds'] ?? (quick ? 1 : 5)),
  // nine API/bare rounds per query: single calls of the ~100 ms group-by spread 106–181 ms on this machine
  // (2026-11-22 16:04), and a median of five still moved its ratio from 1.0 to 1.4
  sqlRuns: Number(args.runs ?? (quick ? 3 : 9)),
  seed: Number(args.seed)
};
const only = new Set<CaseId>((args.only?.split(',').map((s) => s.trim()).filter(Boolean) as CaseId[] | undefined) ?? CASES);
for (const c of only) if (!CASES.includes(c)) throw new Error(`unknown case ${c}; cases: ${CASES.join(', ')}`);

/** Extra environment for both servers (to try a setting: --server-env SQL_THREADS=2). */
const serverEnv: Record<string, string> = Object.fromEntries((args['server-env'] ?? []).map((kv) => {
  const i = kv.indexOf('=');
  if (i < 1) throw new Error(`--server-env wants KEY=VALUE, not ${kv}`);
  return [kv.slice(0, i), kv.slice(i + 1)];
}));
/** What the servers are started with on top of the paths and port (recorded in the JSON). */
const effectiveServerEnv: Record<string, string> = { ...MEMORY_ENV, ...serverEnv };
/** The SQL sandbox's settings under that environment (its threads are also the "new instance" diagnostic's). */
const sqlSandbox = (() => {
  const c = sandboxConfigFromEnv({ ...process.env, ...effectiveServerEnv });
  return { threads: c.threads, workers: c.poolSize, memoryLimitMb: c.memoryLimitMb };
})();

const GOALS = { etlRatio: 2.0, pageP95Ratio: 1.25, sqlRatio: 1.3, rssBytes: 600 * 2 ** 20, overviewGzip: 250 * 1024 };

const t0 = performance.now();
const log = (m: string) => console.log(m);
const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(0)} s`;
const workDir = join(DATA_DIR, 'work');
mkdirSync(workDir, { recursive: true });

// One benchmark at a time: two would share the app copy, the warehouses and the two cores.
const lockFile = join(workDir, 'bench.lock');
try {
  writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
} catch {
  const holder = Number(readFileSync(lockFile, 'utf8'));
  let alive = false;
  try {
    process.kill(holder, 0);
    alive = true;
  } catch {
    alive = false;
  }
  if (alive && holder !== process.pid) {
    console.error(`another benchmark is running (pid ${holder}); wait for it to finish`);
    process.exit(2);
  }
  writeFileSync(lockFile, String(process.pid));
}
process.on('exit', () => rmSync(lockFile, { force: true }));

/** The commit measured, with "-dirty" when tracked files had changes not yet committed (the figures are then not that commit's). */
function gitHead(): string | null {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head}-dirty` : head;
  } catch {
    return null;
  }
}

interface Row {
  case: string;
  goal: string;
  measured: string;
  /** true/false: a goal of the issue met or missed; 'info': no goal; null: not measured */
  pass: boolean | 'info' | null;
  note?: string;
}
/** Shown in the goal column of a case that has no goal. */
const NO_GOAL = '—';
/** Steps whose failure is reported but is not a missed goal (their cases have no goal). */
const INFO_STEPS = new Set(['xlsx', 'parquet', 'bundle /sql', 'etl-profile', 'page-queries-small', 'page-queries-big']);
const rows: Row[] = [];
const errors: Record<string, string> = {};
const results: Record<string, unknown> = {};

async function step<T>(name: string, fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (e) {
    const msg = (e as Error).stack ?? String(e);
    errors[name] = msg;
    log(`  ! ${name} failed: ${(e as Error).message.split('\n').slice(0, 6).join('\n    ')}`);
    return null;
  }
}

const big = { units: mode.units, ledgerRows: mode.bigRows, seed: mode.seed };
const small = { units: mode.units, ledgerRows: mode.smallRows, seed: mode.seed };
const bigLabel = `${fmtInt(mode.bigRows)} rows`;
const bigTag = `u${mode.units}-r${mode.bigRows}`;
const smallTag = `u${mode.units}-r${mode.smallRows}`;
const smallLabel = `${fmtInt(mode.smallRows)} rows`;

log(`成果转化监测 benchmark — ${mode.name} mode (${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')})`);
log(`  big: ${bigLabel}, small: ${smallLabel}, ${mode.units} units, seed ${mode.seed}; cases: ${[...only].join(', ')}; server env ${JSON.stringify(effectiveServerEnv)}`);

// ------------------------------------------------------------------------------------------- data
log(`\n[data] ${elapsed()}`);
const bigSample = await ensureSample(big, log);
const needSmall = only.has('pages');
const smallSample = needSmall ? await ensureSample(small, log) : null;
results.data = { big: { ...big, ...bigSample }, small: smallSample ? { ...small, ...smallSample } : null };

const needServer = only.has('pages') || only.has('sql') || only.has('memory') || only.has('bundle');
const build = needServer ? await step('build', () => buildApp({ force: args.rebuild }, log)) : null;
if (build) log(build.reused ? `  app build reused (sources unchanged, key ${build.key})` : `  app built in ${build.seconds.toFixed(1)} s`);
results.build = build;

// -------------------------------------------------------------------------------------------- ETL
let bigWarehouse: string | null = null;
if (only.has('etl')) {
  log(`\n[1 ETL] ${bigLabel} CSV: runLoad vs CTAS read_csv, ${mode.etlRuns} run(s) each  ${elapsed()}`);
  const etl = await step('etl', () => compareEtl(bigSample.dir, bigSample.dir, mode.etlRuns, workDir, bigTag, log));
  results.etl = etl;
  if (etl) {
    bigWarehouse = etl.warehouse;
    const e0 = etl.etl[etl.etl.length - 1]!;
    log(`  median: ETL ${fmtSeconds(etl.etlMedian)} (${fmtInt(etl.etlRowsPerSec)} rows/s)  bare ${fmtSeconds(etl.bareMedian)}  ratio ${fmtRatio(etl.ratio)}`);
    rows.push({
      case: `1 ETL, ${bigLabel} CSV (+contracts, reports)`, goal: `≤ ${GOALS.etlRatio.toFixed(1)}× bare`,
      measured: `${fmtRatio(etl.ratio)} (${fmtSeconds(etl.etlMedian)} vs ${fmtSeconds(etl.bareMedian)})`, pass: etl.ratio <= GOALS.etlRatio,
      note: `${fmtInt(etl.rowsRead)} rows read, ${e0.rowsRejected} rejected; ETL peak RSS ${fmtMB(e0.peakRss)}`
    });
    if (quick && etl.ratio > GOALS.etlRatio && !args.profile) log('  (add --profile to time the ETL phases; the full mode does it when the goal is missed)');
    if (args.profile || (!quick && etl.ratio > GOALS.etlRatio)) {
      log(`  profiling one ETL run (the ETL's ETL_TRACE step timings) ${elapsed()}`);
      const prof = await step('etl-profile', () => profileEtl(bigSample.dir, workDir));
      results.etlProfile = prof;
      if (prof) printProfile(prof, etl);
    }
  }
}

function printProfile(p: ProfileResult, etl: EtlCompare): void {
  if (!p.traceLines) log('  (the ETL printed no ETL_TRACE lines: only its total is known)');
  log(`  profile run total ${fmtSeconds(p.seconds)} (runLoad median ${fmtSeconds(etl.etlMedian)}); where the time goes:`);
  const top = p.phases.filter((x) => x.seconds >= 0.05 * p.seconds || x.seconds >= 1);
  log(table(['phase', 'seconds', '% of total'], top.map((x) => [x.phase, x.seconds.toFixed(2), `${((100 * x.seconds) / p.seconds).toFixed(0)}%`]), [false, true, true])
    .split('\n').map((l) => '    ' + l).join('\n'));
  log(`    per input kind (whole file): ${Object.entries(p.perKind).map(([k, s]) => `${k} ${s.toFixed(1)} s`).join(', ')}`);
}

if (only.has('xlsx')) {
  log(`\n[1b XLSX] ${fmtInt(mode.xlsxRows)} ledger rows from .xlsx: runLoad vs read_csv of the same rows  ${elapsed()}`);
  const x = await step('xlsx', async () => {
    const input = await ensureXlsx(bigSample.dir, mode.xlsxRows, mode.seed, log);
    const cmp = await compareEtl(input.xlsxDir, input.csvDir, mode.xlsxRuns, workDir, 'xlsx', log);
    for (const f of [cmp.warehouse, `${cmp.warehouse}.key`]) rmSync(f, { force: true });
    return { ...cmp, xlsx: input };
  });
  results.xlsx = x;
  if (x) {
    log(`  median: ETL ${fmtSeconds(x.etlMedian)} = ${fmtInt(x.etlRowsPerSec)} rows/s  bare read_csv ${fmtSeconds(x.bareMedian)}  ratio ${fmtRatio(x.ratio)}`);
    rows.push({
      case: `1b ETL, ${fmtInt(x.rowsRead)} rows .xlsx (rows/s)`, goal: NO_GOAL,
      measured: `${fmtInt(x.etlRowsPerSec)} rows/s, ${fmtRatio(x.ratio)} bare CSV`, pass: 'info',
      note: `${fmtSeconds(x.etlMedian)} vs ${fmtSeconds(x.bareMedian)}; .xlsx ${fmtMB(x.xlsx.xlsxBytes)}`
    });
  }
}

// ------------------------------------------------------------------------------- server cases
let smallPages = null as PageResult[] | null;
let smallWarehouse = null as string | null;
let bigPages = null as PageResult[] | null;
if (needServer && build) {
  if (only.has('pages') && smallSample) {
    const wh = await step('warehouse-small', () => buildWarehouse(smallSample.dir, workDir, smallTag));
    smallWarehouse = wh?.warehouse ?? null;
  }
  if (!bigWarehouse) {
    log(`\n  loading the ${bigLabel} warehouse for the server cases  ${elapsed()}`);
    const wh = await step('warehouse-big', () => buildWarehouse(bigSample.dir, workDir, bigTag));
    bigWarehouse = wh?.warehouse ?? null;
  }

  if (bigWarehouse) {
    const wh = bigWarehouse;
    await step('server-big', async () => {
      const server: Server = await startServer(wh, bigTag, workDir, serverEnv);
      try {
        const idle = procMemory(server.pid);
        const poller = new MemoryPoller(server.pid).start();
        if (only.has('pages') || only.has('memory')) {
          const small = only.has('pages') && smallWarehouse ? await step('server-small', () => startServer(smallWarehouse!, smallTag, workDir, serverEnv)) : null;
          try {
            const targets = [...(small ? [{ label: smallLabel, server: small }] : []), { label: bigLabel, server }];
            log(`\n[2 pages] ${targets.map((t) => `${t.label}: pid ${t.server.pid}`).join(', ')}; ${mode.pageRounds} round(s) × ${mode.pageRequests} requests per page and warehouse, ${mode.connections} connections, interleaved; ${server.auth ? 'logged in as bench_viewer' : 'no login (the app has no /api/session)'}  ${elapsed()}`);
            const res = await step('pages', () => measurePages(targets, { connections: mode.connections, requests: mode.pageRequests, rounds: mode.pageRounds }, log));
            if (res) {
              bigPages = res[res.length - 1]!;
              if (small) smallPages = res[0]!;
            }
          } finally {
            await small?.stop();
          }
        }
        const mem = poller.stop();
        log(`  ${bigLabel} server: RSS after start ${fmtMB(idle?.rss ?? NaN)}`);
        const honoured = Object.keys(MEMORY_ENV).filter((k) => appReads(k));
        results.memory = { ...mem, idleRss: idle?.rss ?? null, env: MEMORY_ENV, envReadByApp: honoured, pageLoad: only.has('pages') };
        log(`\n[4 memory] server VmHWM ${fmtMB(mem.hwm)} (peak VmRSS sampled ${fmtMB(mem.peakRss)}, ${mem.samples} samples); memory env read by the app: ${honoured.length ? honoured.join(', ') : 'none'}`);
        if (only.has('pages') || only.has('memory')) {
          // The goal is the peak with DuckDB's memory limit set: without it the measurement does not count.
          const limited = honoured.includes('WAREHOUSE_MEMORY_LIMIT');
          rows.push({
            case: `4 server peak RSS, ${bigLabel}${only.has('pages') ? ', page load' : ', no page load (add pages)'}`, goal: '≤ 600 MB, DuckDB memory_limit set', measured: fmtMB(mem.hwm),
            pass: !only.has('pages') ? null : limited ? mem.hwm <= GOALS.rssBytes : false,
            note: limited
              ? `${Object.entries(MEMORY_ENV).filter(([k]) => honoured.includes(k)).map(([k, v]) => `${k}=${v}`).join(', ')}`
              : `the app reads no WAREHOUSE_MEMORY_LIMIT (src/lib/server/db/warehouse.ts): DuckDB runs without a memory_limit`
          });
        }

        if (only.has('sql')) {
          log(`\n[3 sql] POST /api/sql vs the same SQL bare in process (Arrow IPC), ${mode.sqlRuns} runs each  ${elapsed()}`);
          const treePoller = new MemoryPoller(server.pid).start();
          log(`  sandbox: ${sqlSandbox.workers} pre-started workers, DuckDB threads ${sqlSandbox.threads}, memory_limit ${sqlSandbox.memoryLimitMb} MB`);
          const sql = await step('sql', () => measureSql(server, wh, mode.sqlRuns, sqlSandbox.threads, log));
          const treeMem = treePoller.stop();
          results.sql = sql ? { ...sql, serverTreePeakRss: treeMem.peakTreeRss } : null;
          if (sql?.skipped) {
            log(`  skipped: ${sql.skipped}`);
            rows.push({ case: '3 SQL console via /api/sql', goal: '≤ 1.3× bare', measured: `skipped: ${sql.skipped}`, pass: null });
          } else if (sql) {
            for (const q of sql.queries) {
              if (q.name === REFERENCE_QUERY.name) continue;
              rows.push({
                case: `3 SQL ${q.name} (${fmtInt(q.rows)} rows)`, goal: '≤ 1.3× bare',
                measured: q.error && !Number.isFinite(q.ratio) ? `error: ${q.error}` : `${fmtRatio(q.ratio)} (${fmtMs(q.apiMedian)} vs ${fmtMs(q.bareMedian)})`,
                pass: Number.isFinite(q.ratio) && !q.error ? q.ratio <= GOALS.sqlRatio : false,
                note: `worker ${fmtMs(q.apiServerMs)}, CPU per call ${fmtMs(q.apiCpuMs)}; bare: new ${sql.coldThreads}-thread instance ${fmtMs(q.coldMedian)}, sandbox encoder ${fmtMs(q.sameEncoderMedian)} (${fmtRatio(q.apiMedian / q.sameEncoderMedian)})${q.error ? '; ' + q.error : ''}`
              });
            }
            log(`  server + SQL workers peak RSS during the SQL case: ${fmtMB(treeMem.peakTreeRss)}`);
          }
        }

        if (only.has('bundle')) {
          log(`\n[5 bundle] JS loaded by / and /sql (gzip)  ${elapsed()}`);
          const bundles: BundleResult[] = [];
          for (const [path, cookie] of [['/', server.cookies.viewer], ['/sql', server.cookies.analyst]] as const) {
            const b = await step(`bundle ${path}`, () => measureBundle(server, path, cookie));
            if (!b) continue;
            bundles.push(b);
            log(`  ${path.padEnd(5)} HTTP ${b.status}: ${fmtKB(b.gzip)} gzip (${b.method}; static analysis ${fmtKB(b.staticGzip)} gzip / ${fmtKB(b.staticRaw)} raw in ${b.staticFiles.length} files${b.browserFiles ? `; browser fetched ${b.browserFiles.length} files` : ''})${b.note ? ' ' + b.note : ''}`);
            rows.push({
              case: `5 JS bundle ${path === '/' ? 'overview /' : 'SQL page /sql'}`, goal: path === '/' ? '≤ 250 KB gzip' : NO_GOAL,
              measured: `${fmtKB(b.gzip)} gzip`, pass: path === '/' ? b.status === 200 && b.gzip <= GOALS.overviewGzip : 'info',
              note: b.status !== 200 ? `HTTP ${b.status}` : `${b.method}, ${(b.browserFiles ?? b.staticFiles).length} files`
            });
          }
          results.bundle = bundles;
        }
      } finally {
        await server.stop();
      }
    });
  }
}
results.pages = { small: smallPages, big: bigPages };

if (only.has('parquet')) {
  if (!bigWarehouse) {
    const wh = await step('warehouse-big', () => buildWarehouse(bigSample.dir, workDir, bigTag));
    bigWarehouse = wh?.warehouse ?? null;
  }
  if (bigWarehouse) {
    const wh = bigWarehouse;
    log(`\n[6 parquet] ${bigLabel}: facts as Parquet by province/year; the analyst queries on Parquet vs on the DuckDB file  ${elapsed()}`);
    const pq = await step('parquet', () => measureParquet(wh, workDir, mode.sqlRuns));
    results.parquet = pq;
    if (pq) {
      log(`  export ${fmtSeconds(pq.exportSeconds)}: ${pq.parquetFiles} files, ${fmtMB(pq.parquetBytes)} (DuckDB file ${fmtMB(pq.warehouseBytes)})`);
      for (const q of pq.queries) log(`    ${q.name.padEnd(26)} DuckDB file ${fmtMs(q.duckdbMs).padStart(9)}  Parquet ${fmtMs(q.parquetMs).padStart(9)}  ${fmtRatio(q.ratio)}`);
      log(`    one province + year (pruned)  DuckDB file ${fmtMs(pq.pruned.duckdbMs)}  Parquet ${fmtMs(pq.pruned.parquetMs)}`);
      const worst = Math.max(...pq.queries.map((q) => q.ratio));
      rows.push({ case: '6 analyst SQL on Parquet by province/year', goal: NO_GOAL, measured: `≤ ${fmtRatio(worst)} the DuckDB file`, pass: 'info',
        note: `${pq.queries.map((q) => `${q.name} ${fmtMs(q.parquetMs)}`).join(', ')}; export ${fmtSeconds(pq.exportSeconds)}` });
    }
  }
}

if (smallPages || bigPages) {
  log(`\n[2 pages] p95 ${bigLabel} / p95 ${smallLabel}`);
  const byPath = new Map((smallPages ?? []).map((p) => [p.path, p]));
  const pageRows: string[][] = [];
  for (const b of bigPages ?? []) {
    const s = byPath.get(b.path);
    const ratio = s && Number.isFinite(s.p95) ? b.p95 / s.p95 : NaN;
    pageRows.push([b.reference ? `(${b.path}: auth floor)` : b.path, s ? fmtMs(s.p50) : '-', s ? fmtMs(s.p95) : '-', s ? s.rps.toFixed(1) : '-', fmtMs(b.p50), fmtMs(b.p95), b.rps.toFixed(1), String((s?.failed ?? 0) + b.failed), fmtRatio(ratio)]);
    if (b.reference) continue;
    if (b.skipped) {
      // a page that is not there (404) or page data whose URL the page does not give: the goal cannot be met
      rows.push({ case: `2 page ${b.path} p95 ${bigLabel}/${smallLabel}`, goal: '≤ 1.25×, 0 failed', measured: `skipped: ${b.skipped}`, pass: false });
      continue;
    }
    const failed = (s?.failed ?? 0) + b.failed;
    rows.push({
      case: `2 page ${b.path} p95 ${bigLabel}/${smallLabel}`, goal: '≤ 1.25×, 0 failed',
      measured: `${fmtRatio(ratio)} (${fmtMs(b.p95)} vs ${s ? fmtMs(s.p95) : '-'})${failed ? `, ${failed} failed` : ''}`,
      pass: Number.isFinite(ratio) ? ratio <= GOALS.pageP95Ratio && failed === 0 : null,
      note: `${b.rps.toFixed(1)} req/s at ${bigLabel}, ${s ? s.rps.toFixed(1) : '-'} at ${smallLabel}`
    });
  }
  log(table(['page', `p50 ${smallLabel}`, 'p95', 'req/s', `p50 ${bigLabel}`, 'p95', 'req/s', 'failed', 'p95 ratio'], pageRows, [false, true, true, true, true, true, true, true, true]));

  const missed = rows.some((r) => r.case.startsWith('2 page') && r.pass === false);
  if ((missed || args.profile) && smallWarehouse && bigWarehouse && smallPages && bigPages) {
    log(`\n[2 pages] where the time goes: each page's named queries run bare on each warehouse vs one request to the page  ${elapsed()}`);
    const small = await step('page-queries-small', () => profilePageQueries(smallWarehouse!, PAGES));
    const big = await step('page-queries-big', () => profilePageQueries(bigWarehouse!, PAGES));
    results.pageQueries = { small, big };
    if (small && big) {
      const single = (list: PageResult[], path: string) => list.find((x) => x.path === path)?.probeMs ?? NaN;
      const kb = (list: PageResult[], path: string) => (list.find((x) => x.path === path)?.probeBytes ?? NaN) / 1024;
      log(table(
        ['page', 'queries', `DB ${smallLabel}`, `DB ${bigLabel}`, `1 request ${smallLabel}`, `1 request ${bigLabel}`, 'HTML KB', `slowest query at ${bigLabel}`],
        big.map((b, i) => {
          const s = small[i]!;
          return [b.path, String(b.queries.length), fmtMs(s.sumMs), fmtMs(b.sumMs), fmtMs(single(smallPages!, b.path)), fmtMs(single(bigPages!, b.path)),
            `${kb(smallPages!, b.path).toFixed(0)} → ${kb(bigPages!, b.path).toFixed(0)}`, b.slowest ?? '-'];
        }),
        [false, true, true, true, true, true, true, false]));
      log('  (DB = the sum of the named queries run one after another, bare; the page runs them concurrently, so its DB wait is between the slowest and the sum)');
    }
  }
}

/** Does the app under test (the built copy) read this environment variable where the warehouse is opened? */
function appReads(name: string): boolean {
  try {
    const src = readFileSync(join(APP_DIR, 'src/lib/server/db/warehouse.ts'), 'utf8');
    return src.includes(`env.${name}`) || src.includes(`env['${name}']`);
  } catch {
    return false;
  }
}

// ------------------------------------------------------------------------------------ summary
for (const [name, msg] of Object.entries(errors)) {
  const info = INFO_STEPS.has(name);
  rows.push({ case: name, goal: info ? NO_GOAL : '-', measured: `error: ${msg.split('\n')[0]!.slice(0, 80)}`, pass: info ? 'info' : false });
}
const seconds = (performance.now() - t0) / 1000;
log(`\n=== ${mode.name} mode: goal / measured / pass (${seconds.toFixed(0)} s; load average now ${loadavg().map((x) => x.toFixed(1)).join(' ')}) ===`);
log(table(['case', 'goal', 'measured', 'pass', 'note'], rows.map((r) => [r.case, r.goal, r.measured, r.pass === 'info' ? 'info' : r.pass === null ? '—' : r.pass ? 'PASS' : 'FAIL', r.note ?? ''])));
const count = (p: Row['pass']) => rows.filter((r) => r.pass === p).length;
log(`goals: ${count(true)} PASS, ${count(false)} FAIL${count(null) ? `, ${count(null)} not measured` : ''}; ${count('info')} informational (no goal)`);
if (quick) log(`(quick mode: the big warehouse has ${bigLabel}, not 1,000,000; run without --quick for the stated goals)`);

const stamp = new Date().toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
const resultsDir = join(BENCH, 'results');
mkdirSync(resultsDir, { recursive: true });
const partial = only.size < CASES.length ? `-only-${[...only].join('+')}` : '';
const file = join(resultsDir, `${stamp}-${mode.name}${partial}.json`);
writeFileSync(file, JSON.stringify({
  startedAt: new Date(Date.now() - seconds * 1000).toISOString(), seconds: round(seconds, 1), mode, cases: [...only],
  machine: { cpus: cpus().length, model: cpus()[0]?.model, memBytes: totalmem(), node: process.version, loadavgEnd: loadavg() },
  git: gitHead(), goals: GOALS, serverEnv: effectiveServerEnv, sqlSandbox, table: rows, errors, results
}, null, 2) + '\n');
log(`\nresults: ${file.slice(ROOT.length)}`);
rmSync(join(workDir, 'profile.duckdb'), { force: true });
process.exit(Object.keys(errors).some((name) => !INFO_STEPS.has(name)) ? 1 : 0);
