/**
 * One ETL run: copy the served warehouse aside, load every input file into the copy, rebuild the
 * dimensions and marts, run the data tests, record the load, and publish the copy atomically.
 */
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { exec, inTransaction, one, rows } from './db.ts';
import { runDataTests, type DataTestResult } from './data-tests.ts';
import { writeDeptAliases, writeDimensions } from './dimensions.ts';
import { expandInputs, isSampleInput, type InputFile } from './input-files.ts';
import { batchable, loadBatch } from './load-batch.ts';
import { loadFile, recordFile, type FileResult } from './load-file.ts';
import { buildRuleViolations } from './rules.ts';
import { abandonBuild, prepareBuild, publishBuild, releaseLock } from './publish.ts';
import { sniffSource } from './sniff-source.ts';
import type { SourceInfo } from './source.ts';
import { MODELS_DIR, modelSql, sqlString } from './sql-files.ts';
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

/** Create the schema and macros, unless the warehouse already has this exact schema (hash in meta). */
async function ensureSchema(conn: import('@duckdb/node-api').DuckDBConnection): Promise<void> {
  const ddl = ['macros.sql', 'schema/facts.sql', 'schema/warehouse.sql'].map((f) => modelSql(f));
  const hash = createHash('sha256').update(ddl.join('\n')).digest('hex');
  const has = await rows<{ value: string }>(conn, `SELECT value FROM duckdb_tables() t, LATERAL (SELECT value FROM meta WHERE key = 'schema_hash') WHERE t.table_name = 'meta' LIMIT 1`).catch(() => []);
  if (has[0]?.value === hash) return;
  // one transaction: some 250 statements, one commit (about half the time of a commit each)
  await inTransaction(conn, async () => {
    for (const sql of ddl) await exec(conn, sql);
    await exec(conn, `INSERT OR REPLACE INTO meta VALUES ('schema_hash', ${sqlString(hash)})`);
  });
}

/**
 * The marts in chains, one chain per connection: a mart that reads another mart (FROM/JOIN mart_…)
 * joins that mart's chain after it; the others are dealt out by name. Chains run at once.
 */
export function martChains(files: string[], sqlOf: (file: string) => string, chains: number): string[][] {
  const out: string[][] = Array.from({ length: Math.max(1, chains) }, () => []);
  const chainOf = new Map<string, number>();
  let next = 0;
  for (const f of [...files].sort()) {
    const reads = [...sqlOf(f).matchAll(/\b(?:FROM|JOIN)\s+(mart_\w+)/gi)].map((m) => m[1]!.toLowerCase());
    const dep = reads.map((name) => chainOf.get(name)).find((c) => c !== undefined);
    const c = dep ?? next++ % out.length;
    out[c]!.push(f);
    chainOf.set(f.replace(/\.sql$/, ''), c);
  }
  return out;
}

/**
 * The marts on all connections at once (martChains); then the compliance rules and the data tests,
 * which read only facts and dimensions, each taken by the first connection whose marts are done.
 */
async function buildMarts<T>(conns: DuckDBConnection[], rules: (c: DuckDBConnection) => Promise<void>, tests: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const files = readdirSync(MODELS_DIR + 'marts').filter((f) => f.endsWith('.sql'));
  const chains = martChains(files, (f) => modelSql(`marts/${f}`), conns.length);
  let tested: T | undefined;
  const tail: Array<[string, (c: DuckDBConnection) => Promise<void>]> = [
    ['rules', rules],
    ['data tests', async (c) => { tested = await tests(c); }]
  ];
  await Promise.all(conns.map(async (c, i) => {
    const trace = tracer('(marts)'); // one per chain: each step's time is its own chain's
    for (const f of chains[i] ?? []) {
      await exec(c, modelSql(`marts/${f}`));
      trace(f.replace(/\.sql$/, ''));
    }
    const traceTail = tracer('(load)');
    for (let next = tail.shift(); next; next = tail.shift()) {
      await next[1](c);
      traceTail(next[0]);
    }
  }));
  return tested as T;
}

/** Sniff every input (kind, header, mapping), one after the other. */
async function sniffAll(inputs: InputFile[]): Promise<SourceInfo[]> {
  const infos: SourceInfo[] = [];
  for (const input of inputs) {
    const traceFile = tracer(input.relPath.split('/').pop() ?? input.relPath);
    infos.push(await sniffSource(input.path, input.relPath));
    traceFile('sniff');
  }
  return infos;
}

/** How many files load at once (on their own connections); files of one kind never do. */
const STREAMS = Math.max(1, Number(process.env.ETL_STREAMS || 2));

/**
 * Load every input file. Files of one kind load one after the other in input order (a later file
 * may replace rows of an earlier one); different kinds write different fact tables, so up to
 * STREAMS kinds load at once, each on its own connection (temp tables are per connection). The
 * small files' work is mostly planning on one thread, which then overlaps with the big files'.
 * Results come back in input order.
 */
async function loadFiles(conns: DuckDBConnection[], loadId: number, asOfDate: string,
  inputs: InputFile[], infos: SourceInfo[], onFile?: LoadOptions['onFile']): Promise<FileResult[]> {
  const groups = new Map<string, number[]>();
  infos.forEach((info, i) => {
    const key = info.kind ?? `?${i}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const bytes = (idx: number[]) => idx.reduce((a, i) => a + statSync(infos[i]!.path).size, 0);
  const queue = [...groups.values()].sort((a, b) => bytes(b) - bytes(a));
  const results: FileResult[] = new Array(inputs.length);
  let done = 0;
  const worker = async (conn: DuckDBConnection) => {
    for (let group = queue.shift(); group; group = queue.shift()) {
      const groupInfos = group.map((i) => infos[i]!);
      // small files of one kind in one pass (load-batch.ts); the others one by one
      const batch = batchable(groupInfos) ? await loadBatch(conn, { loadId, asOfDate }, groupInfos) : null;
      for (const [k, i] of group.entries()) {
        const r = batch ? batch[k]! : await loadFile(conn, { loadId, asOfDate }, infos[i]!);
        await recordFile(conn, loadId, r);
        results[i] = r;
        onFile?.(++done, inputs.length, r);
      }
    }
  };
  await Promise.all(conns.slice(0, Math.max(1, queue.length)).map(worker));
  return results;
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
    // the files are sniffed (JavaScript, reading their heads) while DuckDB sets up the schema
    const sniffing = sniffAll(inputs);
    sniffing.catch(() => {}); // awaited below; a failure is reported there
    try {
      await ensureSchema(conn);
      trace('schema');
      const { depts } = await inTransaction(conn, () => writeDimensions(conn, profileId));
      trace('dimensions');
      const { load_id: loadId } = await one<{ load_id: number }>(conn, 'SELECT CAST(nextval(\'etl_load_seq\') AS INTEGER) AS load_id');
      for (let k = 1; k < STREAMS; k++) {
        const c = await instance.connect();
        await writeDeptAliases(c, depts);
        conns.push(c);
      }
      const results = await loadFiles(conns, loadId, asOfDate, inputs, await sniffing, opts.onFile);
      // meta first: the marts and the rules judge lateness and age against as_of_date
      const sample = isSampleInput(opts.inputs);
      await exec(conn, `INSERT OR REPLACE INTO meta VALUES ('profile_id', ${sqlString(profileId)}), ('built_at', CAST(now() AS VARCHAR)),
        ('as_of_date', ${sqlString(asOfDate)})${sample ? `, ('is_sample', 'true')` : ''}`);
      trace('files');
      // the units dimension first (marts and rules read it); then the marts and the compliance rules,
      // which read only facts, dimensions and (some marts) other marts, build on all connections at once
      await exec(conn, modelSql('dims/units.sql'));
      trace('dims/units');
      // never two queries at once on one connection: one chain of work per connection
      const tests = await buildMarts(conns, async (c) => { await buildRuleViolations(c, profileId); }, (c) => runDataTests(c, loadId));
      trace('marts'); // with the rules and the data tests (timed on their own)
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
        try { for (const c of conns) c.closeSync(); instance.closeSync(); } catch { /* already closed */ }
      }
    }
  } finally {
    if (!published) abandonBuild(files);
    releaseLock(files);
  }
}
