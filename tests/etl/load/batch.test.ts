// Small files of one kind load in one pass (etl/load/load-batch.ts). The outcome must be the one of
// loading them one by one: same facts, same refused rows with the same reasons, same counts per file.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runLoad, type LoadSummary } from '../../../etl/load/run.ts';
import { encodeGb18030 } from '../../fixtures/gb18030-encode';
import { CONTRACT_HEADER, factDigest, query, tempDir, uscc, writeFile } from './helpers.ts';

const asOf = '2026-11-20';
const SAMPLE = join(import.meta.dirname, '../../../data/sample');

async function load(db: string, inputs: string[], batches: boolean): Promise<LoadSummary> {
  // with batches, a batch that failed would fall back to one by one and hide its own bug: strict
  if (batches) process.env.ETL_BATCH_STRICT = '1';
  else process.env.ETL_BATCH_MAX_BYTES = '0';
  try {
    return await runLoad({ db, inputs, asOf });
  } finally {
    delete process.env.ETL_BATCH_MAX_BYTES;
    delete process.env.ETL_BATCH_STRICT;
  }
}

const rejects = (db: string) => query(db, `SELECT file_path, source_row, column_name, column_letter, value, reason FROM etl_rejects ORDER BY ALL`);
const files = (db: string) => query(db, `SELECT file_path, status, rows_read, rows_accepted, rows_rejected, blank_rows, message FROM etl_files ORDER BY file_path`);

function contract(no: string, unit: string, amount: string): string {
  return `${no},${unit},CG1,许可,甲公司,非国有企业,${amount},2025-03-01,协议定价,15,否,${amount},70,10,10,否,否`;
}

describe('small files of one kind load in one pass, with the outcome of loading them one by one', () => {
  it('the bundled sample: same facts, refused rows and per-file counts with and without batches', async () => {
    const dir = tempDir();
    const a = await load(join(dir, 'batched.duckdb'), [SAMPLE], true);
    const b = await load(join(dir, 'single.duckdb'), [SAMPLE], false);
    expect(a.rowsRejected).toBeGreaterThan(0);
    expect(a.files.map((f) => [f.filePath, f.status, f.rowsRead, f.rowsAccepted, f.rowsRejected, f.blankRows]))
      .toEqual(b.files.map((f) => [f.filePath, f.status, f.rowsRead, f.rowsAccepted, f.rowsRejected, f.blankRows]));
    expect(await factDigest(join(dir, 'batched.duckdb'))).toEqual(await factDigest(join(dir, 'single.duckdb')));
    expect(await rejects(join(dir, 'batched.duckdb'))).toEqual(await rejects(join(dir, 'single.duckdb')));
    expect(await files(join(dir, 'batched.duckdb'))).toEqual(await files(join(dir, 'single.duckdb')));
  }, 120_000);

  it('duplicates are per file, the last file wins a shared key, the same content twice is unchanged', async () => {
    const dir = tempDir();
    const u = uscc(7);
    const f1 = writeFile(dir, 'c1.csv', [CONTRACT_HEADER, contract('K1', u, '10'), contract('K2', u, '20'), contract('K2', u, '21')].join('\n'));
    // K1 sits lower in c2 than in c1: a duplicate check across files would refuse it
    const f2 = writeFile(dir, 'c2.csv', [CONTRACT_HEADER, contract('K3', u, '30'), contract('K1', u, '11')].join('\n'));
    const f3 = writeFile(dir, 'c3.csv', [CONTRACT_HEADER, contract('K3', u, '30'), contract('K1', u, '11')].join('\n'));
    const results: Record<string, unknown[]> = {};
    for (const batches of [true, false]) {
      const db = join(dir, `w-${batches}.duckdb`);
      const s = await load(db, [f1, f2, f3], batches);
      expect(s.files.map((f) => [f.fileName, f.status, f.rowsRead, f.rowsAccepted, f.rowsRejected])).toEqual([
        ['c1.csv', 'loaded', 3, 2, 1], ['c2.csv', 'loaded', 2, 2, 0], ['c3.csv', 'unchanged', 0, 0, 0]
      ]);
      const facts = await query(db, `SELECT contract_no, amount_wan, source_file, source_row FROM contracts ORDER BY contract_no`);
      expect(facts).toEqual([
        { contract_no: 'K1', amount_wan: 11, source_file: 'c2.csv', source_row: 3 },
        { contract_no: 'K2', amount_wan: 20, source_file: 'c1.csv', source_row: 3 },
        { contract_no: 'K3', amount_wan: 30, source_file: 'c2.csv', source_row: 2 }
      ]);
      const r = await rejects(db);
      expect(r).toMatchObject([{ file_path: 'c1.csv', source_row: 4, reason: '合同编号在本文件中重复（同一单位），首次出现在第 3 行' }]);
      results[String(batches)] = [facts, r];
    }
    expect(results.true).toEqual(results.false);
  }, 60_000);

  it('a batch of files read as they are and files read the slow way (a blank line, GBK) numbers rows as one by one', async () => {
    const dir = tempDir();
    const u = uscc(8);
    const bad = (no: string) => contract(no, u, '-5'); // a negative amount: refused, with its row number
    const inputs = [
      writeFile(dir, 'a.csv', [CONTRACT_HEADER, contract('A1', u, '1'), bad('A2'), contract('A3', u, '3')].join('\n')),
      writeFile(dir, 'b.csv', [CONTRACT_HEADER, contract('B1', u, '1'), '', bad('B2'), '', contract('B3', u, '3')].join('\n')),
      writeFile(dir, 'c.csv', encodeGb18030([CONTRACT_HEADER, bad('C1'), contract('C2', u, '2')].join('\r\n')))
    ];
    const got: unknown[] = [];
    for (const batches of [true, false]) {
      const db = join(dir, `m-${batches}.duckdb`);
      const s = await load(db, inputs, batches);
      got.push([s.files.map((f) => [f.fileName, f.rowsRead, f.rowsRejected, f.blankRows]), await rejects(db),
        await query(db, 'SELECT contract_no, source_file, source_row FROM contracts ORDER BY ALL')]);
    }
    expect(got[0]).toEqual(got[1]);
    const refused = ((got[0] as unknown[][])[1] as Array<{ file_path: string; source_row: number }>).map((r) => `${r.file_path}:${r.source_row}`);
    expect([...new Set(refused)]).toEqual(['a.csv:3', 'b.csv:4', 'c.csv:2']);
  }, 60_000);
});
