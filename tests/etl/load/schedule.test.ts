// The load's jobs run on two connections at once: a job starts only when every job that writes a
// table it reads has finished, and a mart that reads no ledger starts before the ledger is loaded.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { DIMENSION_TABLES } from '../../../etl/load/dimensions.ts';
import { ensureSchema, fileJobs, loadJobs } from '../../../etl/load/run.ts';
import { MODELS_DIR, modelSql } from '../../../etl/load/sql-files.ts';
import { runJobs, tablesRead, type Job } from '../../../etl/load/schedule.ts';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { FileResult } from '../../../etl/load/load-file.ts';
import type { InputFile } from '../../../etl/load/input-files.ts';
import { sniffSource } from '../../../etl/load/sniff-source.ts';
import type { SourceInfo } from '../../../etl/load/source.ts';
import { CONTRACT_HEADER, LEDGER_HEADER, ledgerLine, tempDir, uscc, writeFile } from './helpers.ts';
import { rows } from '../../../etl/load/db.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Jobs that log start and end; `ms` each job's duration. */
function logged(specs: Array<{ name: string; needs?: string[]; gives?: string[]; ms: number; fail?: boolean }>) {
  const log: string[] = [];
  const jobs: Array<Job<string>> = specs.map((s) => ({
    name: s.name, needs: s.needs ?? [], gives: s.gives ?? [],
    run: async (conn) => {
      log.push(`start ${s.name} on ${conn}`);
      await sleep(s.ms);
      if (s.fail) throw new Error(`${s.name} failed`);
      log.push(`end ${s.name}`);
    }
  }));
  return { log, jobs };
}

describe('runJobs', () => {
  it('starts a job only after the jobs that write what it reads, and runs the others meanwhile', async () => {
    const { log, jobs } = logged([
      { name: 'ledger', gives: ['achievements'], ms: 60 },
      { name: 'contracts', gives: ['contracts'], ms: 10 },
      { name: 'units', needs: ['achievements', 'contracts'], gives: ['units'], ms: 5 },
      { name: 'cube', needs: ['contracts'], gives: ['mart_cube'], ms: 5 },
      { name: 'summary', needs: ['mart_cube', 'units'], ms: 5 },
      { name: 'free', needs: ['departments'], ms: 5 } // a table no job writes is there from the start
    ]);
    await runJobs(['a', 'b'], jobs);
    const at = (line: string) => { const i = log.indexOf(line); expect(i, line).toBeGreaterThanOrEqual(0); return i; };
    expect(at('start cube on b')).toBeGreaterThan(at('end contracts'));
    expect(at('start cube on b')).toBeLessThan(at('end ledger')); // built while the ledger loads
    expect(at('start free on b')).toBeLessThan(at('end ledger'));
    expect(at('start units on a')).toBeGreaterThan(at('end ledger'));
    expect(log.findIndex((l) => l.startsWith('start summary'))).toBeGreaterThan(at('end units'));
    expect(log.filter((l) => l.startsWith('end')).length).toBe(jobs.length);
  });

  it('never runs two jobs at once on one connection', async () => {
    const busy = new Set<string>();
    let clash = false;
    const jobs: Array<Job<string>> = Array.from({ length: 12 }, (_, i) => ({
      name: `j${i}`, needs: i % 3 === 2 ? [`t${i - 1}`] : [], gives: [`t${i}`],
      run: async (conn) => { if (busy.has(conn)) clash = true; busy.add(conn); await sleep(1 + (i % 4)); busy.delete(conn); }
    }));
    await runJobs(['a', 'b', 'c'], jobs);
    expect(clash).toBe(false);
  });

  it('rejects with the first error and starts no job after it', async () => {
    const { log, jobs } = logged([
      { name: 'bad', gives: ['x'], ms: 5, fail: true },
      { name: 'waits', needs: ['x'], ms: 5 },
      { name: 'slow', ms: 20 }
    ]);
    await expect(runJobs(['a', 'b'], jobs)).rejects.toThrow('bad failed');
    await sleep(30);
    expect(log.some((l) => l.startsWith('start waits'))).toBe(false);
  });

  it('rejects only after the job running on the other connection has ended', async () => {
    const { log, jobs } = logged([
      { name: 'long', ms: 40 },
      { name: 'bad', ms: 5, fail: true }
    ]);
    await expect(runJobs(['a', 'b'], jobs)).rejects.toThrow('bad failed');
    expect(log).toContain('end long'); // the caller may close the connections now
  });

  it('aborts `stop` with the error, so that a job still running can give up early', async () => {
    const stop = new AbortController();
    let sawAbort = false;
    const jobs: Array<Job<string>> = [
      { name: 'bad', needs: [], gives: [], run: async () => { await sleep(5); throw new Error('bad failed'); } },
      { name: 'patient', needs: [], gives: [], run: async () => { while (!stop.signal.aborted) await sleep(2); sawAbort = true; } }
    ];
    await expect(runJobs(['a', 'b'], jobs, stop)).rejects.toThrow('bad failed');
    expect(sawAbort).toBe(true);
    expect((stop.signal.reason as Error).message).toBe('bad failed');
  });

  it('says which jobs can never start (a job that waits for itself through another)', async () => {
    const { jobs } = logged([
      { name: 'p', needs: ['q'], gives: ['p'], ms: 1 },
      { name: 'q', needs: ['p'], gives: ['q'], ms: 1 }
    ]);
    await expect(runJobs(['a', 'b'], jobs)).rejects.toThrow(/p ← q.*q ← p/);
  });
});

describe('tablesRead', () => {
  it('finds the tables after FROM, JOIN and a comma, not in comments', () => {
    const sql = `-- FROM commented_out
      WITH c AS (SELECT * FROM contracts) SELECT * FROM c LEFT JOIN units u USING (unit_uscc), annual_reports r
      WHERE x IN (SELECT 1 FROM mart_a)`;
    expect(tablesRead(sql).sort()).toEqual(['annual_reports', 'c', 'contracts', 'mart_a', 'units']);
  });
});

describe('loadJobs (the real models)', () => {
  // the jobs as runLoad makes them: the dimensions, one job per kind of file (reading what its int_ model reads)
  const noop = async () => {};
  const kinds = ['ledger', 'contracts', 'annual_reports', 'park_evaluations', 'task_progress'];
  const facts = ['achievements', 'contracts', 'annual_reports', 'park_evaluations', 'task_progress'];
  const dims: Job<never> = { name: 'dimensions', needs: [], gives: [...DIMENSION_TABLES], run: noop };
  const jobs = loadJobs([dims, ...fileJobs({ loadId: 1, asOfDate: '2026-11-20' }, [], [], [])] as never, noop, noop);
  const byName = new Map(jobs.map((j) => [j.name, j]));

  it('has a job for every mart, reading the marts and dimensions it names', () => {
    const mart = byName.get('mart_task_summary')!;
    expect(mart.needs).toContain('mart_task_latest');
    expect(byName.get('units')!.needs.sort()).toEqual(['achievements', 'annual_reports', 'contracts', 'unit_reports']);
    for (const j of jobs) expect(j.needs, j.name).not.toContain(j.name);
  });

  it('builds the contract cube from contracts and the latest reports alone (before the ledger is loaded)', () => {
    expect(byName.get('mart_contract_stats')!.needs.sort()).toEqual(['contracts', 'unit_reports']);
    expect(byName.get('unit_reports')!.needs).toEqual(['annual_reports']);
  });

  it('loads the weekly reports after the tasks they are checked against, the ledger at once', () => {
    expect(byName.get('files task_progress')!.needs).toEqual(expect.arrayContaining(['tasks', 'task_departments']));
    expect(byName.get('files ledger')!.needs).toEqual([]); // the ledger and the contracts start at once
    expect(byName.get('files contracts')!.needs).toEqual([]);
    expect(byName.get('mart_task_latest')!.needs).toEqual(expect.arrayContaining(['task_progress', 'tasks', 'departments']));
  });

  it('runs the rules and the data tests after every fact table and dimension, and reads no mart', () => {
    for (const name of ['rules', 'data tests']) {
      expect(byName.get(name)!.needs.sort()).toEqual([...facts, ...DIMENSION_TABLES, 'unit_reports', 'units'].sort());
    }
  });

  it('misses no table that a model names outside its comments and string literals', () => {
    const given = new Set(jobs.flatMap((j) => j.gives));
    const sqlOf = new Map<string, string>([
      ...kinds.map((k, i): [string, string] => [`files ${k}`, modelSql(`intermediate/int_${k}.sql`)]),
      ...['dims/unit_reports.sql', 'dims/units.sql', ...readdirSync(MODELS_DIR + 'marts').filter((f) => f.endsWith('.sql')).map((f) => `marts/${f}`)]
        .map((rel): [string, string] => [rel.replace(/^.*\//, '').replace(/\.sql$/, ''), modelSql(rel)])
    ]);
    expect(sqlOf.size).toBeGreaterThan(10);
    for (const [name, sql] of sqlOf) {
      const job = byName.get(name)!;
      expect(job, name).toBeDefined();
      // words that are tables some job writes, not a column (after "." or "AS"), outside comments and literals
      const code = sql.replace(/--[^\n]*/g, '').replace(/'(?:[^']|'')*'/g, "''");
      const named = [...code.matchAll(/(?<![.\w])(?<!\bAS\s+)([a-z_]\w*)\b/gi)].map((m) => m[1]!.toLowerCase()).filter((t) => given.has(t));
      for (const t of new Set(named)) expect([...job.needs, ...job.gives], `${name} names ${t}`).toContain(t);
    }
  });
});

/** A fresh in-memory warehouse with the schema, for `fn`, closed after it. */
async function withWarehouse(fn: (conn: DuckDBConnection) => Promise<void>): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await ensureSchema(conn);
    await fn(conn);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** A sniff that has not finished yet, and how to finish it. */
function pendingSniff(): { sniffed: Promise<SourceInfo>; release: (info: SourceInfo) => void } {
  let release: (info: SourceInfo) => void = () => {};
  const sniffed = new Promise<SourceInfo>((r) => { release = r; });
  return { sniffed, release };
}

describe('fileJobs', () => {
  it('loads a ledger file as soon as it and the files before it are sniffed, not after the whole folder', async () => {
    const dir = tempDir();
    const path = writeFile(dir, '台账.csv', `${LEDGER_HEADER}\n${ledgerLine(uscc(1), 'A1')}\n${ledgerLine(uscc(1), 'A2')}\n`);
    const ledger = await sniffSource(path, '台账.csv');
    expect(ledger.kind).toBe('ledger');
    await withWarehouse(async (conn) => {
      const { sniffed: second, release } = pendingSniff();
      const results: FileResult[] = [];
      let loaded: () => void = () => {};
      const firstLoaded = new Promise<void>((r) => { loaded = r; });
      const inputs = [{ path, relPath: '台账.csv' }, { path, relPath: 'later.csv' }] as InputFile[];
      const jobs = fileJobs({ loadId: 1, asOfDate: '2026-11-20' }, inputs, [Promise.resolve(ledger), second], results, () => loaded());
      let finished = false;
      const running = jobs.find((j) => j.name === 'files ledger')!.run(conn).then(() => { finished = true; });
      await firstLoaded; // while the second file is not sniffed yet
      expect(results[0]).toMatchObject({ status: 'loaded', rowsAccepted: 2 });
      await sleep(20);
      expect(finished).toBe(false); // the job still waits to know whether the second file is a ledger too
      release({ ...ledger, relPath: 'later.csv', kind: 'contracts' });
      await running;
      expect(results[1]).toBeUndefined(); // not a ledger: the contracts job loads it
    });
  });
  it('loads a batching kind only once every file is sniffed, in input order; a file of no known kind is refused by its own job', async () => {
    const dir = tempDir();
    const u = uscc(2);
    const contract = (no: string) => `${no},${u},CG1,许可,甲公司,非国有企业,10,2025-03-01,协议定价,15,否,10,70,10,10,否,否`;
    const c1 = writeFile(dir, 'c1.csv', `${CONTRACT_HEADER}\n${contract('K1')}\n${contract('K2')}\n`);
    const c2 = writeFile(dir, 'c2.csv', `${CONTRACT_HEADER}\n${contract('K2')}\n`);
    const junk = writeFile(dir, 'junk.csv', 'foo,bar\n1,2\n');
    const [i1, i2, ij] = [await sniffSource(c1, 'c1.csv'), await sniffSource(c2, 'c2.csv'), await sniffSource(junk, 'junk.csv')];
    expect([i1.kind, i2.kind, ij.kind]).toEqual(['contracts', 'contracts', null]);
    await withWarehouse(async (conn) => {
      const { sniffed: second, release } = pendingSniff();
      const results: FileResult[] = [];
      const inputs = [{ path: c1, relPath: 'c1.csv' }, { path: c2, relPath: 'c2.csv' }, { path: junk, relPath: 'junk.csv' }] as InputFile[];
      let released = false;
      let loadedEarly = false;
      const jobs = fileJobs({ loadId: 1, asOfDate: '2026-11-20' }, inputs, [Promise.resolve(i1), second, Promise.resolve(ij)], results,
        () => { loadedEarly ||= !released; });
      const contracts = jobs.find((j) => j.name === 'files contracts')!.run(conn);
      await sleep(500); // ample time to load the first file, were it not waiting
      expect(results.filter(Boolean)).toHaveLength(0); // the first file waits: the second may be one of its kind
      released = true;
      release(i2);
      await contracts;
      expect(loadedEarly).toBe(false);
      expect([0, 1, 2].map((i) => results[i] && [results[i].fileName, results[i].status, results[i].rowsAccepted])).toEqual([['c1.csv', 'loaded', 2], ['c2.csv', 'loaded', 1], undefined]);
      // K2 of the later file replaced the earlier one's: input order was kept
      expect((await rows(conn, 'SELECT contract_no, source_file FROM contracts ORDER BY 1')).map((r) => `${r.contract_no} ${r.source_file}`))
        .toEqual(['K1 c1.csv', 'K2 c2.csv']);
      await jobs.find((j) => j.name === 'files of no known kind')!.run(conn);
      expect(results[2]).toMatchObject({ fileName: 'junk.csv', status: 'failed', rowsAccepted: 0 });
    });
  });

  it('loads no further file once the load is stopped', async () => {
    const dir = tempDir();
    const path = writeFile(dir, '台账.csv', `${LEDGER_HEADER}\n${ledgerLine(uscc(3), 'B1')}\n`);
    const ledger = await sniffSource(path, '台账.csv');
    const stop = new AbortController();
    stop.abort(new Error('another job failed'));
    const results: FileResult[] = [];
    const jobs = fileJobs({ loadId: 1, asOfDate: '2026-11-20' }, [{ path, relPath: '台账.csv' }] as InputFile[], [Promise.resolve(ledger)], results, undefined, stop.signal);
    // no connection is touched: the job gives up before loading
    await expect(jobs.find((j) => j.name === 'files ledger')!.run(null as never)).rejects.toThrow('another job failed');
    expect(results).toEqual([]);
  });
});
