import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FileReadError } from '../../../etl/read/errors';
import { sniffFile } from '../../../etl/read/sniff';
import { tempFixtures } from '../../fixtures/temp-fixtures';

let f: Awaited<ReturnType<typeof tempFixtures>>;
beforeAll(async () => {
  f = await tempFixtures();
});
afterAll(() => f.cleanup());

async function sniffError(path: string): Promise<string[]> {
  try {
    await sniffFile(path);
  } catch (e) {
    expect(e).toBeInstanceOf(FileReadError);
    return (e as FileReadError).problems;
  }
  throw new Error('expected a FileReadError');
}

describe('sniffFile on .xlsx', () => {
  test('skips the merged title rows above the header; detects the ledger', async () => {
    const s = await sniffFile(f.ledgerXlsx);
    expect(s).toMatchObject({ format: 'xlsx', kind: 'ledger', headerRowNo: 3, sheet: { name: '台账', sheetNo: 1 } });
    expect(s.match.indexOf).toMatchObject({ unit_uscc: 1, title: 4, conversion_amount_wan: 11, inventor_share_pct: 15, is_classified: 17 });
    expect(s.warnings).toEqual(['文件 ledger-title.xlsx：第 A 列「序号」不是「单列管理台账」的规范列，未读取']);
  });

  test('picks the worksheet whose header matches (not the instructions sheet) and says what it left', async () => {
    const s = await sniffFile(f.contractsSecondSheetXlsx, { label: '某大学/合同.xlsx' });
    expect(s).toMatchObject({ kind: 'contracts', headerRowNo: 1, sheet: { name: '合同明细', sheetNo: 2 }, label: '某大学/合同.xlsx' });
    expect(s.warnings).toEqual(['文件 某大学/合同.xlsx：只读取了工作表「合同明细」，未读取「填表说明」']);
  });

  test('inline-string workbooks (streaming writers) are read too', async () => {
    const s = await sniffFile(f.inlineStringsXlsx);
    expect(s).toMatchObject({ kind: 'task_progress', headerRowNo: 1 });
  });
});

describe('sniffFile on CSV: encoding, delimiter and line break are detected, not configured', () => {
  test.each([
    ['ledgerUtf8Csv', { encoding: 'utf-8', delimiter: ',', newline: '\n' }, 'ledger', 1],
    ['ledgerBomCrlfCsv', { encoding: 'utf-8-bom', delimiter: ',', newline: '\r\n' }, 'ledger', 3],
    ['contractsGbkCsv', { encoding: 'gb18030', delimiter: ',', newline: '\r\n' }, 'contracts', 2],
    ['taskProgressTabCsv', { encoding: 'utf-8', delimiter: '\t', newline: '\n' }, 'task_progress', 1],
    ['parkSemicolonGbkCsv', { encoding: 'gb18030', delimiter: ';', newline: '\r\n' }, 'park_evaluations', 1]
  ] as const)('%s', async (name, csv, kind, headerRowNo) => {
    const s = await sniffFile(f[name]);
    expect(s.format).toBe('csv');
    expect(s.csv).toEqual(csv);
    expect(s.kind).toBe(kind);
    expect(s.headerRowNo).toBe(headerRowNo);
    expect(s.match.errors).toEqual([]);
  });

  test('synonyms, full-width brackets/spaces and <b> tags in CSV headers map to contract columns', async () => {
    const gbk = await sniffFile(f.contractsGbkCsv);
    expect(gbk.match.columns.map((c) => c?.name ?? null)).toEqual([
      'contract_no', 'unit_uscc', 'achievement_no', 'conversion_method', 'assignee_name', 'assignee_type', 'amount_wan', 'signed_date', 'pricing_method', 'notice_days'
    ]);
    const bom = await sniffFile(f.ledgerBomCrlfCsv);
    expect(bom.match.indexOf).toMatchObject({ title: 3, conversion_amount_wan: 7 });
    const utf8 = await sniffFile(f.ledgerUtf8Csv);
    expect(utf8.match.indexOf).toMatchObject({ unit_name: 1, title: 3, acquired_date: 6, inventor_share_pct: 9 });
  });

  test('a forced kind is used instead of detection', async () => {
    const s = await sniffFile(f.ledgerUtf8Csv, { kind: 'ledger' });
    expect(s.kind).toBe('ledger');
    await expect(sniffFile(f.ledgerUtf8Csv, { kind: 'contracts' })).rejects.toThrow(/缺少必填列「合同编号」/);
  });
});

describe('sniffFile errors name the file (Chinese)', () => {
  test('missing required column', async () => {
    expect(await sniffError(f.annualMissingCsv)).toEqual(['文件 annual-missing.csv：缺少必填列「提交日期」']);
  });

  test('unknown kind', async () => {
    const [msg] = await sniffError(f.unknownKindCsv);
    expect(msg).toMatch(/^文件 unknown-kind\.csv：前 20 行中没有找到表头/);
  });

  test('ambiguous kind', async () => {
    expect(await sniffError(f.ambiguousCsv)).toEqual(['文件 ambiguous.csv：无法确定文件类型，表头同时符合「单列管理台账」和「转化合同明细」']);
  });

  test('duplicate column', async () => {
    expect(await sniffError(f.duplicateColumnCsv)).toEqual(['文件 duplicate-column.csv：列「成果编号」出现多次（第 C 列「成果编号」、第 D 列「成果代码」）']);
  });

  test('a different unit', async () => {
    expect(await sniffError(f.unitMismatchCsv)).toEqual(['文件 unit-mismatch.csv：缺少必填列「合同金额（万元）」（第 E 列「合同金额（元）」的单位不同，未作为该列读取）']);
  });

  test('header below row 20, empty file, old .xls, UTF-16', async () => {
    const late = join(f.dir, 'late.csv');
    writeFileSync(late, '说明\n'.repeat(20) + '合同编号,单位统一社会信用代码,转化方式,受让方名称,合同金额（万元）,签订日期\n');
    expect((await sniffError(late))[0]).toMatch(/前 20 行中没有找到表头/);
    const at20 = join(f.dir, 'at20.csv');
    writeFileSync(at20, '说明\n'.repeat(19) + '合同编号,单位统一社会信用代码,转化方式,受让方名称,合同金额（万元）,签订日期\n');
    expect((await sniffFile(at20)).headerRowNo).toBe(20);
    const empty = join(f.dir, 'empty.csv');
    writeFileSync(empty, '');
    expect(await sniffError(empty)).toEqual(['文件 empty.csv：文件是空的']);
    const xls = join(f.dir, 'old.xls');
    writeFileSync(xls, 'x');
    expect(await sniffError(xls)).toEqual(['文件 old.xls：不支持旧版 .xls/.et 格式，请在 Excel 或 WPS 中另存为 .xlsx']);
    const u16 = join(f.dir, 'u16.csv');
    writeFileSync(u16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('合同编号', 'utf16le')]));
    expect((await sniffError(u16))[0]).toMatch(/UTF-16/);
  });

  test('a corrupt .xlsx', async () => {
    const bad = join(f.dir, 'bad.xlsx');
    writeFileSync(bad, 'PK not really a zip');
    expect((await sniffError(bad))[0]).toMatch(/^文件 bad\.xlsx：/);
  });
});
