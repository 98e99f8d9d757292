// Loading the same file twice changes nothing; a unit's newer ledger replaces its older one; keys
// decide upserts for the other kinds.
import { describe, expect, it } from 'vitest';
import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import { runLoad } from '../../../etl/load/run.ts';
import { CONTRACT_HEADER, LEDGER_HEADER, factDigest, ledgerLine, query, tempDir, uscc, writeFile } from './helpers.ts';

const asOf = '2026-11-20';

describe('idempotent loads', () => {
  it('a second load of the same file changes no fact or dimension row', async () => {
    const dir = tempDir();
    const db = join(dir, 'w.duckdb');
    const f = writeFile(dir, 'ledger.csv', [LEDGER_HEADER, ledgerLine(uscc(1), 'A1'), ledgerLine(uscc(1), 'A2', '已转化', { amount: '12' })].join('\n'));
    await runLoad({ db, inputs: [f], asOf });
    const before = await factDigest(db);
    const second = await runLoad({ db, inputs: [f], asOf });
    expect(second.files[0]!.status).toBe('unchanged');
    expect(await factDigest(db)).toEqual(before);
    const loads = await query<{ n: number }>(db, 'SELECT count(*) AS n FROM etl_loads');
    expect(loads[0]!.n).toBe(2);
  });

  it('a big file (hashed while it is read) loaded again is also left unchanged', async () => {
    process.env.ETL_HASH_WHILE_READING_BYTES = '0'; // every file counts as big
    try {
      const dir = tempDir();
      const db = join(dir, 'w.duckdb');
      const f = writeFile(dir, 'ledger.csv', [LEDGER_HEADER, ledgerLine(uscc(1), 'A1'), ledgerLine(uscc(1), 'A2', '已转化', { amount: '12' })].join('\n'));
      const first = await runLoad({ db, inputs: [f], asOf });
      expect(first.files[0]).toMatchObject({ status: 'loaded', rowsAccepted: 2 });
      expect(first.files[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
      const before = await factDigest(db);
      const second = await runLoad({ db, inputs: [f], asOf });
      expect(second.files[0]).toMatchObject({ status: 'unchanged', sha256: first.files[0]!.sha256 });
      expect(await factDigest(db)).toEqual(before);
    } finally {
      delete process.env.ETL_HASH_WHILE_READING_BYTES;
    }
  });

  it("a unit's newer ledger replaces its older one, and an older ledger loaded later is refused", async () => {
    const dir = tempDir();
    const db = join(dir, 'w.duckdb');
    const u = uscc(2);
    const other = uscc(3);
    const old = writeFile(dir, 'old.csv', [LEDGER_HEADER, ledgerLine(u, 'A1'), ledgerLine(u, 'A2'), ledgerLine(u, 'A3'), ledgerLine(other, 'B1')].join('\n'));
    const neu = writeFile(dir, 'new.csv', [LEDGER_HEADER, ledgerLine(u, 'A1', '已转化', { amount: '30' }), ledgerLine(u, 'A4')].join('\n'));
    utimesSync(old, new Date('2025-01-01T00:00:00Z'), new Date('2025-01-01T00:00:00Z'));
    utimesSync(neu, new Date('2025-06-01T00:00:00Z'), new Date('2025-06-01T00:00:00Z'));

    await runLoad({ db, inputs: [old], asOf });
    await runLoad({ db, inputs: [neu], asOf });
    const rows = await query<{ unit_uscc: string; achievement_no: string; conversion_amount_wan: number | null }>(db,
      'SELECT unit_uscc, achievement_no, conversion_amount_wan FROM achievements ORDER BY unit_uscc, achievement_no');
    expect(rows).toEqual([
      { unit_uscc: u, achievement_no: 'A1', conversion_amount_wan: 30 },
      { unit_uscc: u, achievement_no: 'A4', conversion_amount_wan: null },
      { unit_uscc: other, achievement_no: 'B1', conversion_amount_wan: null }
    ].sort((a, b) => a.unit_uscc.localeCompare(b.unit_uscc) || a.achievement_no.localeCompare(b.achievement_no)));

    // the old file again, under another name (new content hash): its rows of unit u are refused
    const old2 = writeFile(dir, 'old-again.csv', [LEDGER_HEADER, ledgerLine(u, 'A1'), ledgerLine(u, 'A9'), ledgerLine(other, 'B1'), ''].join('\n'));
    utimesSync(old2, new Date('2025-01-01T00:00:00Z'), new Date('2025-01-01T00:00:00Z'));
    const s = await runLoad({ db, inputs: [old2], asOf });
    expect(s.files[0]).toMatchObject({ rowsRead: 3, rowsAccepted: 1, rowsRejected: 2 });
    const rejects = await query<{ reason: string }>(db, `SELECT reason FROM etl_rejects WHERE file_name = 'old-again.csv'`);
    expect(rejects.map((r) => r.reason)).toEqual([
      '该单位已有更新的台账（new.csv），本行所在的旧台账未采用', '该单位已有更新的台账（new.csv），本行所在的旧台账未采用'
    ]);
    const n = await query<{ n: number }>(db, `SELECT count(*) AS n FROM achievements WHERE unit_uscc = '${u}'`);
    expect(n[0]!.n).toBe(2);
  });

  it('contracts upsert by (unit, contract number): a corrected row replaces the old one', async () => {
    const dir = tempDir();
    const db = join(dir, 'w.duckdb');
    const u = uscc(4);
    const line = (no: string, amount: string) => `${no},${u},A1,许可,甲公司,中小微企业,${amount},2024-03-05,挂牌交易,,否,,,,,否,否`;
    await runLoad({ db, inputs: [writeFile(dir, 'c1.csv', [CONTRACT_HEADER, line('H1', '10'), line('H2', '20')].join('\n'))], asOf });
    await runLoad({ db, inputs: [writeFile(dir, 'c2.csv', [CONTRACT_HEADER, line('H2', '25'), line('H3', '30')].join('\n'))], asOf });
    const rows = await query<{ contract_no: string; amount_wan: number; source_file: string }>(db,
      'SELECT contract_no, amount_wan, source_file FROM contracts ORDER BY contract_no');
    expect(rows).toEqual([
      { contract_no: 'H1', amount_wan: 10, source_file: 'c1.csv' },
      { contract_no: 'H2', amount_wan: 25, source_file: 'c2.csv' },
      { contract_no: 'H3', amount_wan: 30, source_file: 'c2.csv' }
    ]);
  });
});
