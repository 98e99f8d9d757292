import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { classifyRow, classifyRows } from '../../../etl/read/classify';
import { readRows } from '../../../etl/read/rows';
import type { Row } from '../../../etl/read/rows';
import { sniffFile } from '../../../etl/read/sniff';
import { tempFixtures } from '../../fixtures/temp-fixtures';

describe('classifyRow', () => {
  test.each([
    [['', ' ', '\u3000'], 'blank'],
    [[], 'blank'],
    [['合计', '', '', '120'], 'total'],
    [['', '合  计', '', '120'], 'total'],
    [['总计：', '', '', '120'], 'total'],
    [['1', '小计', '', '120'], 'total'],
    [['注：金额单位为万元。'], 'note'],
    [['说明：本表由各单位填报', '', ''], 'note'],
    [['填表人：王五    审核人：赵六'], 'note'],
    [['1、合同金额以万元为单位'], 'note'],
    [['本表数据截至2025年12月31日，由单位技术转移机构汇总，经单位负责人审核后报送。'], 'note'],
    [['12210000MB0123456X'], 'data'],
    [['12210000MB0123456X', 'XX大学', 'CG-1'], 'data'],
    [['', '注：写在第二列'], 'data'],
    [['合计说明', 'x'], 'data']
  ] as [string[], string][])('%j → %s', (cells, cls) => {
    expect(classifyRow(cells)).toBe(cls);
  });

  test('the first header column counts as the first column', () => {
    expect(classifyRow(['', '注：说明'], { firstColumn: 1 })).toBe('note');
    expect(classifyRow(['', '', '', '合计'], { firstColumn: 1 })).toBe('total');
    expect(classifyRow(['', '', '', '', '合计'], { firstColumn: 1 })).toBe('data');
  });
});

async function* fromArray(rows: Row[]): AsyncGenerator<Row> {
  yield* rows;
}

describe('classifyRows', () => {
  test('a note-like row followed by a data row is data; notes after the last data row are notes', async () => {
    const rows: Row[] = [
      { rowNo: 2, cells: ['U', 'XX大学', 'CG-1'], blank: false },
      { rowNo: 3, cells: ['注：这一行下面还有数据，所以它不是表下的注释'], blank: false },
      { rowNo: 4, cells: [], blank: true },
      { rowNo: 5, cells: ['U', 'XX大学', 'CG-2'], blank: false },
      { rowNo: 6, cells: ['合计', '', '2'], blank: false },
      { rowNo: 7, cells: [], blank: true },
      { rowNo: 8, cells: ['注：金额单位为万元。'], blank: false }
    ];
    const out = [];
    for await (const r of classifyRows(fromArray(rows))) out.push([r.rowNo, r.rowClass]);
    expect(out).toEqual([[2, 'data'], [3, 'data'], [4, 'blank'], [5, 'data'], [6, 'total'], [7, 'blank'], [8, 'note']]);
  });

  describe('on the ledger workbook', () => {
    let f: Awaited<ReturnType<typeof tempFixtures>>;
    beforeAll(async () => {
      f = await tempFixtures();
    });
    afterAll(() => f.cleanup());

    test('data, blank, 合计 and notes', async () => {
      const s = await sniffFile(f.ledgerXlsx);
      const out = [];
      for await (const r of classifyRows(readRows(f.ledgerXlsx, { sniff: s }), s.match)) out.push([r.rowNo, r.rowClass]);
      expect(out).toEqual([[4, 'data'], [5, 'data'], [6, 'blank'], [7, 'blank'], [8, 'data'], [9, 'total'], [10, 'blank'], [11, 'note'], [12, 'note']]);
    });
  });
});
