import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readRows } from '../../../etl/read/rows';
import type { Row } from '../../../etl/read/rows';
import { sniffFile } from '../../../etl/read/sniff';
import { BIG_ROWS, bigTitle } from '../../fixtures/build-fixtures';
import { reorderZip } from '../../fixtures/reorder-zip';
import { tempFixtures } from '../../fixtures/temp-fixtures';

const run = promisify(execFile);
let f: Awaited<ReturnType<typeof tempFixtures>>;
beforeAll(async () => {
  f = await tempFixtures({ big: true });
});
afterAll(() => f.cleanup());

async function all(path: string): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const r of readRows(path)) rows.push(r);
  return rows;
}

const USCC = '12210000MB0123456X';

describe('readRows on .xlsx (ledger-title.xlsx)', () => {
  let rows: Row[];
  beforeAll(async () => {
    rows = await all(f.ledgerXlsx);
  });

  test('row numbers are the sheet rows; absent and formatted-empty rows are blank; trailing empty rows are not yielded', () => {
    expect(rows.map((r) => [r.rowNo, r.blank])).toEqual([
      [4, false], [5, false], [6, true], [7, true], [8, false], [9, false], [10, true], [11, false], [12, false]
    ]);
  });

  test('row 4: rich text, date cell, number stored as text, float, percent, boolean', () => {
    expect(rows[0]?.cells).toEqual([
      '1', USCC, 'XX大学', 'CG-2025-001', '一种新型电池材料', '专利权', '张三、李四', '2023-03-15', '已转化', '2', '许可',
      '1,234.5', '0.3', '长期使用权', '10', '70%', '是', 'FALSE'
    ]);
  });

  test('row 5: a bare Excel serial in a date column is a date; formula-like text, formula result, hyperlink text', () => {
    expect(rows[1]?.cells).toEqual([
      '2', USCC, 'XX大学', 'CG-2025-002', '=1+2', '专利申请权', '+86 138', '2024-01-01', '未转化', '0', '',
      '12.3万元', '2469', '所有权', '-5', '@SUM(A1)', '否', '否'
    ]);
  });

  test('row 8: formula errors, date-time, boolean formula, serial outside date columns, no cached result, big numbers, formula date', () => {
    const r = rows[4];
    expect(r?.rowNo).toBe(8);
    expect(r?.cells).toEqual([
      '3', USCC, '  XX大学 ', '#N/A', '第一行\n第二行', '#DIV/0!', '', '2024-06-30 23:30:00', '意向转化', 'TRUE', '45322', '',
      '1000000000000000000000', '12345678901234600000', '2025-02-01'
    ]);
    expect(r?.warnings).toEqual(['第 L 列：公式没有保存计算结果，请在 Excel/WPS 中打开并保存后重新提交']);
  });

  test('合计 row and the notes below the table are yielded like any row', () => {
    expect(rows[5]?.cells[0]).toBe('合  计');
    expect(rows[5]?.cells[11]).toBe('2469');
    expect(rows[7]?.cells[0]).toBe('注：1. 金额单位为万元；2. 本表于次年1月31日前报送省科技厅。');
    expect(rows[8]?.cells).toEqual(['填表人：王五    审核人：赵六']);
  });
});

describe('readRows on other workbooks', () => {
  test('the second worksheet is read when its header matches', async () => {
    const rows = await all(f.contractsSecondSheetXlsx);
    expect(rows.map((r) => r.rowNo)).toEqual([2, 3]);
    expect(rows[0]?.cells).toEqual(['HT-001', USCC, 'CG-2025-001', '许可', '沈阳某某科技有限公司', '中小微企业', '120', '2025-01-15', '协议定价', '15', '是']);
    expect(rows[1]?.cells[7]).toBe('2025-02-12');
  });

  test('1904 date system (Mac Excel): date cells and bare serials', async () => {
    const rows = await all(f.date1904Xlsx);
    expect(rows.map((r) => r.cells[7])).toEqual(['2024-01-01', '2024-01-01']);
  });

  test('inline strings, inline rich text and XML entities', async () => {
    const rows = await all(f.inlineStringsXlsx);
    expect(rows[0]?.cells).toEqual(['2026-W07', '1', '省科技厅', '推进中', '60', '已起草实施细则，待审议', '2026-06-30']);
    expect(rows[1]?.cells[5]).toBe('“双一流”高校<试点>&推进');
  });

  test('Chinese text across zip chunk boundaries is not garbled (exceljs #2063/#2084)', async () => {
    const rows = await all(f.bigChineseXlsx);
    expect(rows).toHaveLength(BIG_ROWS);
    const bad = rows.filter((r, i) => r.cells[3] !== bigTitle(i + 1) || r.cells[7] !== `完成人甲乙丙丁${i + 1}号`);
    expect(bad).toEqual([]);
    expect(rows[BIG_ROWS - 1]?.cells[5]).toBe('2025-06-22');
    expect(rows.some((r) => r.cells.some((c) => c.includes('\uFFFD')))).toBe(false);
  });

  test('a reader abandoned early closes the file (sniffing reads only the head)', async () => {
    const s = await sniffFile(f.bigChineseXlsx);
    let n = 0;
    for await (const r of readRows(f.bigChineseXlsx, { sniff: s })) {
      expect(r.rowNo).toBe(2);
      if (++n === 1) break;
    }
    expect(n).toBe(1);
  });
});

describe('dates do not depend on the time zone', () => {
  test.concurrent.each(['UTC', 'America/Los_Angeles', 'Asia/Shanghai'])('TZ=%s', async (tz) => {
    const script = join(import.meta.dirname, '../../fixtures/print-rows.ts');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', script, f.ledgerXlsx], { env: { ...process.env, TZ: tz } });
    const out = JSON.parse(stdout) as { tzOffset: number; rows: Row[] };
    expect(out.tzOffset).toBe({ UTC: 0, 'America/Los_Angeles': 480, 'Asia/Shanghai': -480 }[tz]);
    const dates = out.rows.filter((r) => !r.blank).map((r) => r.cells[7] ?? '');
    expect(dates.slice(0, 3)).toEqual(['2023-03-15', '2024-01-01', '2024-06-30 23:30:00']);
    expect(out.rows.find((r) => r.rowNo === 8)?.cells[14]).toBe('2025-02-01');
  });
});

// LibreOffice-written .xlsx: only where LibreOffice is installed (CI does not need it).
if (existsSync('/usr/bin/soffice')) {
  test('a real LibreOffice .xlsx (converted from CSV) reads back as the CSV text', async () => {
    const csv = join(f.dir, 'lo.csv');
    writeFileSync(
      csv,
      '合同编号,单位统一社会信用代码,转化方式,受让方名称,合同金额（万元）,签订日期,是否资产评估,奖励完成人比例（%）\n' +
        'HT-1,12210000MB0123456X,许可,某公司,120.5,2025-01-15,TRUE,70%\n' +
        'HT-2,12210000MB0123456X,转让,"A,B",0.3,2025-02-01,FALSE,7.5\n'
    );
    await run('/usr/bin/soffice', [
      `-env:UserInstallation=file://${join(f.dir, 'lo-profile')}`, '--headless', '--convert-to', 'xlsx',
      '--infilter=CSV:44,34,76,1', '--outdir', join(f.dir, 'lo'), csv
    ], { timeout: 120_000 });
    const rows = await all(join(f.dir, 'lo', 'lo.xlsx'));
    expect(rows.map((r) => r.cells)).toEqual([
      ['HT-1', '12210000MB0123456X', '许可', '某公司', '120.5', '2025-01-15', 'TRUE', '70%'],
      ['HT-2', '12210000MB0123456X', '转让', 'A,B', '0.3', '2025-02-01', 'FALSE', '7.5']
    ]);
  });
}

describe('zip entry order (writers differ)', () => {
  test.each([
    ['styles.xml after the sheet, shared strings before it', ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml'], ['xl/styles.xml']],
    ['shared strings and styles after the sheet (as Excel writes)', ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels'], ['xl/styles.xml', 'xl/sharedStrings.xml']],
    ['workbook.xml and its rels last', [], ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml']],
    ['workbook.xml alone last', ['xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml'], ['xl/workbook.xml']]
  ])('%s', async (_name, first, last) => {
    const p = join(f.dir, `reordered-${first.length}-${last.length}.xlsx`);
    const order = await reorderZip(f.ledgerXlsx, p, first, last);
    expect(order.indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(order.indexOf(last[0] ?? ''));
    const rows = await all(p);
    expect(rows[0]?.cells.slice(4, 8)).toEqual(['一种新型电池材料', '专利权', '张三、李四', '2023-03-15']);
    expect(rows[0]?.cells[15]).toBe('70%');
    expect(rows[4]?.cells[14]).toBe('2025-02-01');
    expect((await sniffFile(p)).sheet?.name).toBe('台账');
  });
});
