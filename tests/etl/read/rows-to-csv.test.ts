import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readRows } from '../../../etl/read/rows';
import { csvField, writeRowsCsv } from '../../../etl/read/rows-to-csv';
import { sniffFile } from '../../../etl/read/sniff';
import { tempFixtures } from '../../fixtures/temp-fixtures';
import { duckReadCsv } from './duckdb-helper';

let f: Awaited<ReturnType<typeof tempFixtures>>;
beforeAll(async () => {
  f = await tempFixtures();
});
afterAll(() => f.cleanup());

test('csvField quotes every field and doubles quotes (RFC 4180), nothing else changes', () => {
  expect(csvField('')).toBe('""');
  expect(csvField('a"b')).toBe('"a""b"');
  expect(csvField('=1+2')).toBe('"=1+2"');
  expect(csvField('x,y\r\nz')).toBe('"x,y\r\nz"');
});

describe('writeRowsCsv', () => {
  test('GBK CSV → UTF-8 CSV with __row_no; DuckDB reads back the exact text', async () => {
    const out = join(f.dir, 'gbk.out.csv');
    const res = await writeRowsCsv(f.contractsGbkCsv, out, { width: 12 });
    expect(res.columns).toEqual(['__row_no', ...Array.from({ length: 12 }, (_v, i) => `c${i + 1}`)]);
    expect(res.rows).toBe(2);
    const text = readFileSync(out, 'utf8');
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text.split('\n')[0]).toBe('"3","HT-001","12210000MB0123456X","CG-1","许可","𠀀科技有限公司","中小微企业","1,200","2025-01-15","协议定价","15","",""');
    const duck = await duckReadCsv(out, { skip: 0, width: 13 });
    expect(duck.map((r) => [r[1], r[6]])).toEqual([['3', '𠀀科技有限公司'], ['4', '沈阳"某某"有限公司']]);
  });

  test('.xlsx → CSV: formula-injection text, line breaks, spaces and blank rows survive a DuckDB round trip', async () => {
    const out = join(f.dir, 'ledger.out.csv');
    const s = await sniffFile(f.ledgerXlsx);
    const res = await writeRowsCsv(f.ledgerXlsx, out, { sniff: s, width: s.match.header.length + 8, rowClassColumn: true });
    expect(res.counts).toEqual({ data: 3, total: 1, note: 2, blank: 3 });
    const width = s.match.header.length + 8;
    const duck = await duckReadCsv(out, { skip: 0, width: width + 2 });
    // columns: ordinality, __row_no, __row_class, c1…
    const byRow = new Map(duck.map((r) => [r[1], r]));
    expect([...byRow.keys()]).toEqual(['4', '5', '6', '7', '8', '9', '10', '11', '12']);
    const mine = new Map<string, string[]>();
    for await (const r of readRows(f.ledgerXlsx, { sniff: s })) mine.set(String(r.rowNo), r.cells);
    for (const [rowNo, cells] of mine) {
      const got = (byRow.get(rowNo) ?? []).slice(3, 3 + cells.length).map((c) => c ?? '');
      expect(got).toEqual(cells);
    }
    const row5 = byRow.get('5') ?? [];
    expect([row5[2], row5[3 + 4], row5[3 + 6], row5[3 + 14], row5[3 + 15]]).toEqual(['data', '=1+2', '+86 138', '-5', '@SUM(A1)']);
    expect((byRow.get('8') ?? [])[3 + 4]).toBe('第一行\n第二行');
    expect((byRow.get('8') ?? [])[3 + 2]).toBe('  XX大学 ');
    expect((byRow.get('6') ?? [])[2]).toBe('blank');
    expect((byRow.get('9') ?? [])[2]).toBe('total');
    expect((byRow.get('11') ?? [])[2]).toBe('note');
  });

  test('cells right of the last column are folded into it, not cut', async () => {
    const p = join(f.dir, 'wide.csv');
    writeFileSync(p, '合同编号,单位统一社会信用代码,转化方式,受让方名称,合同金额（万元）,签订日期\nH1,U,许可,甲,1,2025-01-01,多出来的,,还有\nH2,U,许可,乙,2,2025-01-02,,\n');
    const out = join(f.dir, 'wide.out.csv');
    const res = await writeRowsCsv(p, out, { width: 7 });
    expect(res.rowsOverflowing).toBe(1);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines).toEqual([
      '"2","H1","U","许可","甲","1","2025-01-01","多出来的 | 还有"',
      '"3","H2","U","许可","乙","2","2025-01-02",""'
    ]);
  });

  test('afterRow overrides the header row', async () => {
    const out = join(f.dir, 'after.out.csv');
    const res = await writeRowsCsv(f.ledgerBomCrlfCsv, out, { afterRow: 5 });
    expect(res.rows).toBe(3);
    expect(readFileSync(out, 'utf8').split('\n')[0]?.startsWith('"6",')).toBe(true);
  });
});
