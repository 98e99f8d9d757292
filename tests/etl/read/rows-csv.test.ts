import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FileReadError } from '../../../etl/read/errors';
import { readRows } from '../../../etl/read/rows';
import type { Row } from '../../../etl/read/rows';
import { encodeGb18030 } from '../../fixtures/gb18030-encode';
import { tempFixtures } from '../../fixtures/temp-fixtures';

let f: Awaited<ReturnType<typeof tempFixtures>>;
beforeAll(async () => {
  f = await tempFixtures();
});
afterAll(() => f.cleanup());

async function all(path: string): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const r of readRows(path)) rows.push(r);
  return rows;
}

function file(name: string, content: string | Buffer): string {
  const p = join(f.dir, name);
  writeFileSync(p, content);
  return p;
}

const HEAD = '合同编号,单位统一社会信用代码,转化方式,受让方名称,合同金额（万元）,签订日期';

describe('readRows on CSV', () => {
  test('UTF-8: quoted commas, quotes and line breaks; cells exactly as written; formula-like text kept', async () => {
    const rows = await all(f.ledgerUtf8Csv);
    expect(rows.map((r) => r.rowNo)).toEqual([2, 3, 4]);
    expect(rows[0]?.cells[3]).toBe('一种电池材料，及其制备方法');
    expect(rows[0]?.cells[8]).toBe('1,234.5');
    expect(rows[1]?.cells[3]).toBe('多行"说明"\n第二行');
    expect(rows[2]?.cells).toEqual(['12210000MB0123456X', 'XX大学', 'CG-3', '=1+2', '专利权', '+86 138', '2024-01-01', '未转化', '-5', '@SUM(A1)']);
    expect(rows.every((r) => !r.blank && !r.warnings)).toBe(true);
  });

  test('UTF-8 BOM + CRLF: title row, blank rows, 合计 and notes keep Excel row numbers; trailing blanks dropped', async () => {
    const rows = await all(f.ledgerBomCrlfCsv);
    expect(rows.map((r) => [r.rowNo, r.blank])).toEqual([[4, false], [5, true], [6, false], [7, false], [8, false]]);
    expect(rows[0]?.cells[0]).toBe('12210000MB0123456X');
    expect(rows[1]?.cells).toEqual([]);
    expect(rows[3]?.cells[0]).toBe('合计');
    expect(rows[4]?.cells).toEqual(['注：金额单位为万元。']);
  });

  test('GBK with a four-byte GB18030 character, doubled quotes, CRLF', async () => {
    const rows = await all(f.contractsGbkCsv);
    expect(rows.map((r) => r.rowNo)).toEqual([3, 4]);
    expect(rows[0]?.cells[4]).toBe('𠀀科技有限公司');
    expect(rows[0]?.cells[6]).toBe('1,200');
    expect(rows[1]?.cells[4]).toBe('沈阳"某某"有限公司');
  });

  test('tab and semicolon delimiters', async () => {
    const tab = await all(f.taskProgressTabCsv);
    expect(tab[0]?.cells).toEqual(['2026-W07', '1', '省科技厅', '推进中', '60', '已起草实施细则，待审议', '', '2026-06-30']);
    const semi = await all(f.parkSemicolonGbkCsv);
    expect(semi[0]?.cells.slice(0, 3)).toEqual(['2025', '东北大学国家大学科技园', '大学科技园']);
  });

  test('a quoted line break counts as one row (as Excel shows it), later rows keep their numbers', async () => {
    const p = file('ml.csv', `标题\n${HEAD}\nH1,U,许可,"甲\n乙\n丙",1,2025-01-01\n\nH2,U,许可,丁,2,2025-01-02\n`);
    const rows = await all(p);
    expect(rows.map((r) => [r.rowNo, r.blank, r.cells[0] ?? null])).toEqual([[3, false, 'H1'], [4, true, null], [5, false, 'H2']]);
  });

  test('whitespace-only and delimiter-only rows are blank', async () => {
    const p = file('ws.csv', `${HEAD}\n  ,\t, ,,,\n,,,,,\nH1,U,许可,丁,2,2025-01-02\n`);
    const rows = await all(p);
    expect(rows.map((r) => [r.rowNo, r.blank])).toEqual([[2, true], [3, true], [4, false]]);
  });

  test('lone CR line breaks (old Mac) are read', async () => {
    const p = file('cr.csv', `${HEAD}\rH1,U,许可,丁,2,2025-01-02\rH2,U,许可,戊,3,2025-01-03\r`);
    expect((await all(p)).map((r) => [r.rowNo, r.cells[0]])).toEqual([[2, 'H1'], [3, 'H2']]);
  });

  test('an unclosed quote is reported on its row, not silently swallowed', async () => {
    const p = file('q.csv', `${HEAD}\nH1,U,许可,"丁,2,2025-01-02\nH2,U,许可,戊,3,2025-01-03\n`);
    const rows = await all(p);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.rowNo).toBe(2);
    expect(rows[0]?.warnings?.[0]).toMatch(/引号未闭合/);
  });

  test('text after a closing quote is reported', async () => {
    const p = file('q2.csv', `${HEAD}\nH1,U,许可,"丁"戊,2,2025-01-02\n`);
    const rows = await all(p);
    expect(rows[0]?.warnings?.[0]).toMatch(/引号用法不规范/);
  });

  test('bytes that are not GBK fail the file with a Chinese message (in the head: when sniffing; later: with the row)', async () => {
    const good = encodeGb18030(`${HEAD}\r\n` + 'H1,U,许可,丁,2,2025-01-02\r\n'.repeat(60_000));
    expect(good.length).toBeGreaterThan(1 << 20);
    const bad = Buffer.from([0x48, 0x32, 0x2c, 0xff, 0xff, 0x0d, 0x0a]);
    const late = file('bad-gbk-late.csv', Buffer.concat([good, bad]));
    const early = file('bad-gbk-early.csv', Buffer.concat([encodeGb18030(`${HEAD}\r\n`), bad]));
    const fail = (p: string) => all(p).then(() => null, (e: unknown) => e);
    const lateErr = await fail(late);
    expect(lateErr).toBeInstanceOf(FileReadError);
    expect((lateErr as FileReadError).message).toMatch(/^文件 bad-gbk-late\.csv：第 60002 行附近有不是 GBK\/GB18030 编码的字节/);
    const earlyErr = await fail(early);
    expect(earlyErr).toBeInstanceOf(FileReadError);
    expect((earlyErr as FileReadError).message).toBe('文件 bad-gbk-early.csv：含有无法解码的字节（编码混杂或已损坏）');
  });

  test('multi-byte characters and records across 1 MB read chunks (UTF-8 and GBK)', async () => {
    const lines = [HEAD];
    const n = 25_000;
    for (let i = 1; i <= n; i++) lines.push(`H${i},U,许可,"辽宁省某某𠀀科技有限公司第${i}分公司\n（沈阳）",${i},2025-01-01`);
    const text = lines.join('\r\n') + '\r\n';
    for (const [name, bytes] of [['big-utf8.csv', Buffer.from(text)], ['big-gbk.csv', encodeGb18030(text)]] as const) {
      expect(bytes.length).toBeGreaterThan(1.5 * 1024 * 1024);
      const rows = await all(file(name, bytes));
      expect(rows).toHaveLength(n);
      rows.forEach((r, i) => {
        expect(r.rowNo).toBe(i + 2);
        expect(r.cells[3]).toBe(`辽宁省某某𠀀科技有限公司第${i + 1}分公司\n（沈阳）`);
      });
    }
  });
});
