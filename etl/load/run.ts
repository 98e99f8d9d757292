/**
 * One ETL run: copy the served warehouse aside, load every input file into the copy, rebuild the
 * dimensions and marts, run the data tests, record the load, and publish the copy atomically.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { exec, inTransaction, one, rows } from './db.ts';
import { runDataTests, type DataTestResult } from './data-tests.ts';
import { DIMENSION_TABLES, writeDeptAliases, writeDimensions } from './dimensions.ts';
import { loadDepartments } from '../policy/departments.ts';
import { loadProfile, type Profile } from '../policy/profile.ts';
import { expandInputs, isSampleInput, type InputFile } from './input-files.ts';
import { batchable, kindBatches, loadBatch } from './load-batch.ts';
import { loadContract } from '../read/contract.ts';
import { loadFile, recordFile, type FileResult } from './load-file.ts';
import { buildRuleViolations } from './rules.ts';
import { abandonBuild, prepareBuild, publishBuild, releaseLock } from './publish.ts';
import { sniffSource } from './sniff-source.ts';
import type { SourceInfo } from './source.ts';
import { MODELS_DIR, modelSql, sqlString } from './sql-files.ts';
import { runJobs, tablesRead, type Job } from './schedule.ts';
import { tracer } from './trace.ts';

export interface LoadOptions {
  db: string;
  inputs: string[];
  profileId?: string;
  /** Calendar date of the load in UTC+8 (YYYY-MM-DD); default today in UTC+8. */
  asOf?: string;
  onFile?: (done: number, total: number, result: FileResult) => void;
  /** Test hook: called after the files are loaded, before publishing. */
  beforePublish?: () => Promise<void> | void;
}

export interface LoadSummary {
  loadId: number;
  db: string;
  profileId: string;
  files: FileResult[];
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  tests: DataTestResult[];
  seconds: number;
}

/** Today as a calendar date in UTC+8, whatever the machine's time zone. */
export function todayUtc8(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * The schema's DDL (macros, fact and warehouse tables, and the schema_hash it is recorded under) as one
 * text, or null when the warehouse already has this exact schema.
 */
async function schemaToCreate(conn: DuckDBConnection): Promise<string | null> {
  const ddl = ['macros.sql', 'schema/facts.sql', 'schema/warehouse.sql'].map((f) => modelSql(f));
  const hash = createHash('sha256').update(ddl.join('\n')).digest('hex');
  const has = await rows<{ value: string }>(conn, `SELECT value FROM duckdb_tables() t, LATERAL (SELECT value FROM meta WHERE key = 'schema_hash') WHERE t.table_name = 'meta' LIMIT 1`).catch(() => []);
  if (has[0]?.value === hash) return null;
  return [...ddl, `INSERT OR REPLACE INTO meta VALUES ('schema_hash', ${sqlString(hash)})`].join(';\n'); // (;; is an empty statement)
}

/**
 * Run the DDL in one transaction (some 250 statements, one commit: about half the time of a commit
 * each), sent as one text, so that it does not wait for the event loop between statements.
 */
async function createSchema(conn: DuckDBConnection, ddl: string): Promise<void> {
  try {
    await exec(conn, `BEGIN TRANSACTION;\n${ddl};\nCOMMIT;`);
  } catch (e) {
    await exec(conn, 'ROLLBACK').catch(() => {}); // (no transaction is open when BEGIN itself failed)
    throw e;
  }
}

/** Create the schema and macros, unless the warehouse already has this exact schema (hash in meta). */
export async function ensureSchema(conn: DuckDBConnection): Promise<void> {
  const ddl = await schemaToCreate(conn);
  if (ddl) await createSchema(conn, ddl);
}

/**
 * Sniff every input (kind, header, mapping), one after the other in input order: file i's promise.
 * The loading does not wait for all of them: a file job starts on its files as they are sniffed.
 * Once `stop` is aborted (the load failed) no further file is sniffed.
 */
function sniffInOrder(inputs: InputFile[], stop: AbortSignal): Array<Promise<SourceInfo>> {
  let previous: Promise<unknown> = Promise.resolve();
  return inputs.map((input) => {
    const sniffed = previous.then(async () => {
      stop.throwIfAborted();
      const traceFile = tracer(input.relPath.split('/').pop() ?? input.relPath);
      const info = await sniffSource(input.path, input.relPath);
      traceFile('sniff');
      return info;
    });
    sniffed.catch(() => {}); // awaited by the file jobs; a failure is reported there
    previous = sniffed;
    return sniffed;
  });
}

/** How many connections work at once (files of one kind never load at once; see fileJobs). */
const STREAMS = Math.max(1, Number(process.env.ETL_STREAMS || 2));

/** A job on a connection; `reads`, when given, are the tables its SQL reads (loadJobs turns them into needs). */
type ConnJob = Job<DuckDBConnection> & { reads?: string[] };

/**
 * One job per kind of the contract, in the contract's order (the ledger first), and one for the files
 * of no known kind; each gives its kind's fact table. A kind's files load one after the other in
 * input order (a later file may replace rows of an earlier one), small ones in one pass
 * (load-batch.ts). A kind that never batches (the ledger) starts on a file as soon as it and the files
 * before it are sniffed, so the biggest load need not wait for the sniffing of a folder of small
 * files. Results land in `results` in input order.
 */
export function fileJobs(ctx: { loadId: number; asOfDate: string }, inputs: InputFile[], sniffed: Array<Promise<SourceInfo>>,
  results: FileResult[], onFile?: LoadOptions['onFile'], stop?: AbortSignal): ConnJob[] {
  let done = 0;
  const record = async (conn: DuckDBConnection, i: number, r: FileResult) => {
    await recordFile(conn, ctx.loadId, r);
    results[i] = r;
    onFile?.(++done, inputs.length, r);
  };
  /** The files of `kind` in input order; `each` is called as soon as a file is known to be one. */
  const filesOf = async (kind: string | null, each?: (i: number, info: SourceInfo) => Promise<void>) => {
    const mine: Array<[number, SourceInfo]> = [];
    for (const [i, p] of sniffed.entries()) {
      const info = await p;
      if (info.kind !== kind) continue;
      mine.push([i, info]);
      stop?.throwIfAborted(); // another job failed: load no further file
      await each?.(i, info);
    }
    return mine;
  };
  const kindJobs: ConnJob[] = loadContract().kindList.map((kind) => ({
    name: `files ${kind.id}`, needs: [], reads: intReads(kind.id), gives: [kind.table],
    run: async (conn: DuckDBConnection) => {
      if (!kindBatches(kind.id)) {
        await filesOf(kind.id, async (i, info) => record(conn, i, await loadFile(conn, ctx, info)));
        return;
      }
      const mine = await filesOf(kind.id);
      const infos = mine.map(([, info]) => info);
      const batch = batchable(infos) ? await loadBatch(conn, ctx, infos) : null;
      for (const [k, [i, info]] of mine.entries()) {
        if (!batch) stop?.throwIfAborted();
        await record(conn, i, batch ? batch[k]! : await loadFile(conn, ctx, info));
      }
    }
  }));
  // files whose kind is not known: each is refused whole (loadFile), reading and writing no fact table
  const unknown: ConnJob = {
    name: 'files of no known kind', needs: [], gives: [],
    run: async (conn) => { await filesOf(null, async (i, info) => record(conn, i, await loadFile(conn, ctx, info))); }
  };
  return [...kindJobs, unknown];
}

/** The tables a kind's int_ model checks its rows against (task_progress: the tasks and their departments). */
export function intReads(kind: string): string[] {
  return tablesRead(modelSql(`intermediate/int_${kind}.sql`));
}

/** `fn` with its time traced as the step `step` of the load (ETL_TRACE). */
function timed(step: string, fn: (c: DuckDBConnection) => Promise<unknown>): (c: DuckDBConnection) => Promise<void> {
  return async (c) => {
    const trace = tracer('(load)');
    await fn(c);
    trace(step);
  };
}

/** The job of one model file (etl/models/<rel>): it gives the table named after the file. */
function modelJob(rel: string): ConnJob {
  const sql = modelSql(rel);
  const name = rel.replace(/^.*\//, '').replace(/\.sql$/, '');
  const scope = rel.startsWith('marts/') ? '(marts)' : '(load)';
  return {
    name, reads: tablesRead(sql), needs: [], gives: [name],
    // one transaction per model: its table and its comments commit together (a commit each cost the
    // marts ~15% more time)
    run: async (c) => { const trace = tracer(scope); await inTransaction(c, () => exec(c, sql)); trace(rel.replace(/\.sql$/, '').replace(/^marts\//, '')); }
  };
}

/**
 * Everything after the schema, as jobs on all connections (schedule.ts): the dimensions and the files
 * (`first`), then the dimensions built from the files (unit_reports, units), the marts, the compliance
 * rules and the data tests. A job starts as soon as the tables it reads are written: marts that read
 * no ledger (the contract cube, the task marts) are built on one connection while the other still
 * loads the ledger.
 */
export function loadJobs(first: ConnJob[], rules: (c: DuckDBConnection) => Promise<void>, tests: (c: DuckDBConnection) => Promise<void>): ConnJob[] {
  const marts = readdirSync(MODELS_DIR + 'marts').filter((f) => f.endsWith('.sql')).sort().map((f) => `marts/${f}`);
  const jobs = [...first, ...['dims/unit_reports.sql', 'dims/units.sql', ...marts].map(modelJob)];
  const given = new Set(jobs.flatMap((j) => j.gives));
  for (const j of jobs) j.needs = [...j.needs, ...(j.reads ?? [])].filter((t) => given.has(t) && !j.gives.includes(t));
  // the rules and the data tests read the facts and the dimensions, never a mart
  const beforeMarts = [...given].filter((t) => !t.startsWith('mart_'));
  return [...jobs,
    { name: 'rules', needs: beforeMarts, gives: ['rule_violations', 'mart_rule_summary'], run: timed('rules', rules) }, // rules/_build/finish.sql
    { name: 'data tests', needs: beforeMarts, gives: [], run: timed('tests', tests) }];
}

export async function runLoad(opts: LoadOptions): Promise<LoadSummary> {
  const started = Date.now();
  const inputs = expandInputs(opts.inputs);
  const profileId = opts.profileId ?? 'liaoning';
  const asOfDate = opts.asOf ?? todayUtc8();
  const trace = tracer('(load)');
  const files = prepareBuild(opts.db);
  trace('prepare');
  let published = false;
  try {
    const instance = await DuckDBInstance.create(files.build);
    const conn = await instance.connect();
    const conns = [conn];
    // aborted when the load fails: the sniffing and the file jobs then take no further file
    const stop = new AbortController();
    try {
      // the files are sniffed (JavaScript, reading their heads) once DuckDB has the schema to create:
      // a query's result waits for the event loop, which the sniffing keeps busy for up to ~0.1 s at a time
      const ddl = await schemaToCreate(conn);
      const creating = ddl ? createSchema(conn, ddl) : Promise.resolve();
      const sniffed = sniffInOrder(inputs, stop.signal);
      await creating;
      trace('schema');
      const { load_id: loadId } = await one<{ load_id: number }>(conn, 'SELECT CAST(nextval(\'etl_load_seq\') AS INTEGER) AS load_id');
      for (let k = 1; k < STREAMS; k++) conns.push(await instance.connect());
      // the department spellings on every connection (a temp table, read by the int_ models and unit_reports)
      const depts = loadDepartments();
      // the profile is read once (YAML and its checks: ~0.1 s of JavaScript that holds up every query's
      // result on the event loop), by the first job that needs it: the dimensions, then the rules
      let loaded: Profile | null = null;
      const profile = (): Profile => (loaded ??= loadProfile(profileId));
      for (const c of conns) await writeDeptAliases(c, depts);
      const dimensions: ConnJob = {
        name: 'dimensions', needs: [], gives: DIMENSION_TABLES,
        run: timed('dimensions', (c) => inTransaction(c, () => writeDimensions(c, profile(), depts)))
      };
      // meta first: the marts and the rules judge lateness and age against as_of_date
      const sample = isSampleInput(opts.inputs);
      await exec(conn, `INSERT OR REPLACE INTO meta VALUES ('profile_id', ${sqlString(profileId)}),
        ('as_of_date', ${sqlString(asOfDate)})${sample ? `, ('is_sample', 'true')` : ''}`);
      const results: FileResult[] = new Array(inputs.length);
      let tests: DataTestResult[] = [];
      // never two queries at once on one connection: each connection takes one job at a time
      await runJobs(conns, loadJobs([dimensions, ...fileJobs({ loadId, asOfDate }, inputs, sniffed, results, opts.onFile, stop.signal)],
        async (c) => { await inTransaction(c, () => buildRuleViolations(c, profile())); },
        async (c) => { tests = await runDataTests(c, loadId); }), stop);
      await exec(conn, `INSERT OR REPLACE INTO meta VALUES ('built_at', CAST(now() AS VARCHAR))`);
      trace('jobs'); // files, dimensions, marts, rules and tests, each also timed on its own
      const sum = (f: (r: FileResult) => number) => results.reduce((a, r) => a + f(r), 0);
      const summary: LoadSummary = {
        loadId, db: opts.db, profileId, files: results, tests,
        rowsRead: sum((r) => r.rowsRead), rowsAccepted: sum((r) => r.rowsAccepted), rowsRejected: sum((r) => r.rowsRejected),
        seconds: 0
      };
      await conn.run(`INSERT INTO etl_loads VALUES ($1, to_timestamp($2 / 1000.0)::TIMESTAMP, now()::TIMESTAMP, 'published', $3, $4, $5, $6, $7, $8, NULL)`, [
        loadId, started, profileId, results.length, summary.rowsRead, summary.rowsAccepted, summary.rowsRejected,
        tests.filter((t) => t.status === 'fail').length
      ] as never);
      await opts.beforePublish?.();
      await exec(conn, 'CHECKPOINT');
      trace('checkpoint');
      for (const c of conns.slice(1)) c.closeSync();
      conn.closeSync();
      instance.closeSync();
      publishBuild(files);
      trace('publish');
      published = true;
      summary.seconds = (Date.now() - started) / 1000;
      return summary;
    } finally {
      if (!published) {
        stop.abort();
        try { for (const c of conns) c.closeSync(); instance.closeSync(); } catch { /* already closed */ }
      }
    }
  } finally {
    if (!published) abandonBuild(files);
    releaseLock(files);
  }
}
