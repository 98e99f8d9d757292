// Every input format through the whole loader (fixtures as Excel, WPS, LibreOffice and Chinese
// offices write them): detected kind, encoding and header row, rows read, and the file-level
// errors that refuse every row of a file with a message naming the file and the column.
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runLoad, type LoadSummary } from '../../../etl/load/run.ts';
import { buildFixtures } from '../../fixtures/build-fixtures.ts';
import { query, tempDir } from './helpers.ts';

let summary: LoadSummary;
let db: string;
const file = (name: string) => {
  const f = summary.files.find((x) => x.fileName === name);
  if (!f) throw new Error(`no result for ${name}`);
  return f;
};

beforeAll(async () => {
  const dir = tempDir('etl-formats-');
  await buildFixtures(join(dir, 'in'), { big: false });
  db = join(dir, 'w.duckdb');
  summary = await runLoad({ db, inputs: [join(dir, 'in')], asOf: '2026-11-20' });
}, 120_000);

describe('formats through the loader', () => {
  it.each([
    ['ledger-title.xlsx', 'ledger', 'xlsx', 3, 6, 3],
    ['ledger-utf8.csv', 'ledger', 'utf-8', 1, 3, 0],
    ['ledger-bom-crlf.csv', 'ledger', 'utf-8-bom', 3, 4, 1],
    ['contracts-gbk.csv', 'contracts', 'gb18030', 2, 2, 0],
    ['contracts-sheet2.xlsx', 'contracts', 'xlsx', 1, 2, 0],
    ['date1904.xlsx', 'contracts', 'xlsx', 1, 2, 0],
    ['fast-path.csv', 'contracts', 'utf-8', 2, 2, 0],
    ['park-semicolon.csv', 'park_evaluations', 'gb18030', 1, 1, 0],
    ['task-progress-tab.csv', 'task_progress', 'utf-8', 1, 2, 0],
    ['inline-strings.xlsx', 'task_progress', 'xlsx', 1, 2, 0]
  ])('%s: %s, %s, header row %i, %i rows, %i blank', (name, kind, encoding, headerRow, rowsRead, blank) => {
    const f = file(name);
    expect(f).toMatchObject({ kind, encoding, headerRow, rowsRead, blankRows: blank, status: 'loaded' });
    expect(f.rowsAccepted + f.rowsRejected).toBe(f.rowsRead);
  });

  it('refuses the 合计 row and the notes of an Excel ledger with their own reasons', async () => {
    const r = await query<{ source_row: number; reason: string }>(db,
      `SELECT DISTINCT source_row, reason FROM etl_rejects WHERE file_name = 'ledger-title.xlsx' AND column_name IS NULL ORDER BY source_row`);
    expect(r).toEqual([
      { source_row: 9, reason: '合计/小计行，不作为数据导入' },
      { source_row: 11, reason: '表格下方的说明或备注行，不作为数据导入' },
      { source_row: 12, reason: '表格下方的说明或备注行，不作为数据导入' }
    ]);
  });

  it.each([
    ['annual-missing.csv', /annual-missing\.csv：缺少必填列「提交日期」/],
    ['unit-mismatch.csv', /缺少必填列「合同金额（万元）」（第 E 列「合同金额（元）」的单位不同/],
    ['duplicate-column.csv', /列「成果编号」出现多次/],
    ['ambiguous.csv', /无法确定文件类型/],
    ['unknown-kind.csv', /没有找到表头/]
  ])('%s is refused whole, every row recorded with the reason', async (name, message) => {
    const f = file(name);
    expect(f.status).toBe('failed');
    expect(f.message).toMatch(message);
    expect(f.rowsRead).toBeGreaterThan(0);
    expect(f.rowsRejected).toBe(f.rowsRead);
    const r = await query<{ n: number; reasons: number }>(db,
      `SELECT count(DISTINCT source_row) AS n, count(DISTINCT reason) AS reasons FROM etl_rejects WHERE file_name = '${name}'`);
    expect(r[0]).toEqual({ n: f.rowsRead, reasons: 1 });
  });
});
