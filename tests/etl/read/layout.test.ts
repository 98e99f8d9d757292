import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FileReadError } from '../../../etl/read/errors';
import { detectLayout } from '../../../etl/read/layout';
import { readRows } from '../../../etl/read/rows';
import type { Row } from '../../../etl/read/rows';
import { writeRowsCsv } from '../../../etl/read/rows-to-csv';
import { encodeGb18030 } from '../../fixtures/gb18030-encode';
import { tempFixtures } from '../../fixtures/temp-fixtures';

let f: Awaited<ReturnType<typeof tempFixtures>>;
beforeAll(async () => {
  f = await tempFixtures();
});
afterAll(() => f.cleanup());

async function all(path: string, sniff: Awaited<ReturnType<typeof detectLayout>>): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const r of readRows(path, { sniff })) rows.push(r);
  return rows;
}

describe('detectLayout: rows of files without a recognised header can still be read (to refuse them)', () => {
  test('CSV: every row from row 1', async () => {
    const layout = await detectLayout(f.unknownKindCsv, { label: '某单位/人员.csv' });
    expect(layout).toMatchObject({ format: 'csv', headerRowNo: 0, label: '某单位/人员.csv', csv: { encoding: 'utf-8', delimiter: ',', newline: '\n' } });
    expect((await all(f.unknownKindCsv, layout)).map((r) => [r.rowNo, r.cells])).toEqual([[1, ['姓名', '性别', '年龄']], [2, ['张三', '男', '40']]]);
  });

  test('GBK semicolon CSV: encoding and delimiter guessed', async () => {
    const p = join(f.dir, 'x.csv');
    writeFileSync(p, encodeGb18030('甲;乙;丙\r\n1;2;3\r\n'));
    const layout = await detectLayout(p);
    expect(layout.csv).toEqual({ encoding: 'gb18030', delimiter: ';', newline: '\r\n' });
    expect((await all(p, layout)).map((r) => r.cells)).toEqual([['甲', '乙', '丙'], ['1', '2', '3']]);
  });

  test('.xlsx: the first visible worksheet, all rows', async () => {
    const p = join(f.dir, 'x.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('隐藏', { state: 'hidden' }).getCell('A1').value = '不读';
    const ws = wb.addWorksheet('数据');
    ws.getCell('A1').value = '随便写的表头';
    ws.getCell('B3').value = 45292;
    await wb.xlsx.writeFile(p);
    const layout = await detectLayout(p);
    expect(layout).toMatchObject({ format: 'xlsx', headerRowNo: 0, sheet: { name: '数据', sheetNo: 2 } });
    expect((await all(p, layout)).map((r) => [r.rowNo, r.blank, r.cells])).toEqual([[1, false, ['随便写的表头']], [2, true, []], [3, false, ['', '45292']]]);
  });

  test('writeRowsCsv on a layout needs an explicit width', async () => {
    const layout = await detectLayout(f.unknownKindCsv);
    await expect(writeRowsCsv(f.unknownKindCsv, join(f.dir, 'o.csv'), { sniff: layout })).rejects.toThrow(/width/);
    const res = await writeRowsCsv(f.unknownKindCsv, join(f.dir, 'o.csv'), { sniff: layout, width: 4 });
    expect(res.rows).toBe(2);
  });

  test('files whose rows cannot be read at all still fail', async () => {
    const p = join(f.dir, 'e.csv');
    writeFileSync(p, '');
    await expect(detectLayout(p)).rejects.toBeInstanceOf(FileReadError);
    const z = join(f.dir, 'z.xlsx');
    writeFileSync(z, 'not a zip');
    await expect(detectLayout(z)).rejects.toThrow(/^文件 z\.xlsx：不是有效的 \.xlsx 文件/);
  });
});

test('writeRowsCsv with afterRow 0 and no sniff writes every row of a file sniffFile refuses', async () => {
  const out = join(f.dir, 'refused.csv');
  const res = await writeRowsCsv(f.unknownKindCsv, out, { afterRow: 0, width: 4 });
  expect(res.rows).toBe(2);
  expect(readFileSync(out, 'utf8')).toBe('"1","姓名","性别","年龄",""\n"2","张三","男","40",""\n');
});
