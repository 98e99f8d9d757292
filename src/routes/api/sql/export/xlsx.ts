/**
 * .xlsx of a sandbox result with exceljs's streaming writer (rows are committed as they are written, so a
 * 100,000-row result does not build a workbook in memory). Sheet 1 "查询结果": header row (bold, frozen),
 * numbers as numbers, dates as dates, text guarded against formulas. Sheet 2 "查询": the statement and its run.
 */
import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { safeText } from '$lib/server/queries/safecell';
import { textValue, type ExportColumn } from './columns';

/** Excel's limit on the characters of one cell. */
const MAX_CELL = 32_767;

const text = (s: string) => safeText(s.length > MAX_CELL ? s.slice(0, MAX_CELL - 1) + '…' : s);

function cellValue(c: ExportColumn, v: unknown): ExcelJS.CellValue {
  if (v === null || v === undefined) return null;
  switch (c.kind) {
    case 'int':
    case 'float':
      return typeof v === 'number' && Number.isFinite(v) ? v : text(String(v));
    case 'bool':
      return !!v;
    case 'date':
      // exceljs writes a Date as its UTC calendar day: DuckDB DATE → the same day
      return typeof v === 'number' ? new Date(v) : text(String(v));
    case 'ts':
      // epoch microseconds; Excel keeps milliseconds
      return typeof v === 'bigint' ? new Date(Number(v / 1000n) + (c.tz ? 8 * 3600_000 : 0)) : text(String(v));
    default:
      return text(String(v));
  }
}

function numFmt(c: ExportColumn): string | undefined {
  if (c.kind === 'date') return 'yyyy-mm-dd';
  if (c.kind === 'ts') return 'yyyy-mm-dd hh:mm:ss';
  if (c.decimal && c.decimal.scale > 0) return `0.${'0'.repeat(Math.min(c.decimal.scale, 10))}`;
  return undefined;
}

function width(c: ExportColumn, numRows: number): number {
  const units = (s: string) => [...s].reduce((n, ch) => n + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  let w = Math.max(units(c.name), 6);
  for (let i = 0; i < Math.min(numRows, 200); i++) {
    const t = textValue(c, c.get(i));
    if (t !== null) w = Math.max(w, Math.min(units(t), 60));
  }
  return Math.min(62, w + 2);
}

export interface XlsxMeta {
  sql: string;
  username: string;
  rowCount: number;
  truncated: false | 'rows' | 'bytes';
  rowLimit: number;
  ranAt: string;
}

export async function xlsxBuffer(columns: ExportColumn[], numRows: number, meta: XlsxMeta): Promise<Uint8Array> {
  const pass = new PassThrough();
  const chunks: Buffer[] = [];
  pass.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<void>((resolve, reject) => {
    pass.on('end', resolve);
    pass.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: pass, useStyles: true, useSharedStrings: false });
  wb.creator = '成果转化监测';
  const ws = wb.addWorksheet('查询结果', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c, j) => ({ key: `c${j}`, width: width(c, numRows), style: numFmt(c) ? { numFmt: numFmt(c) } : {} }));
  const head = ws.addRow(columns.map((c) => text(c.name)));
  head.font = { bold: true };
  head.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F1F8' } };
    cell.numFmt = '@';
  });
  head.commit();
  for (let i = 0; i < numRows; i++) ws.addRow(columns.map((c) => cellValue(c, c.get(i)))).commit();
  ws.commit();

  const info = wb.addWorksheet('查询');
  info.columns = [{ width: 12 }, { width: 100 }];
  const truncated =
    meta.truncated === 'rows' ? `是：只含前 ${meta.rowLimit} 行（行数上限）` : meta.truncated === 'bytes' ? '是：结果过大，已截断' : '否';
  for (const [k, v] of [
    ['语句', meta.sql],
    ['运行时间', meta.ranAt],
    ['运行人', meta.username],
    ['行数', String(meta.rowCount)],
    ['已截断', truncated],
    ['说明', '由 SQL 控制台在只读沙箱中重新运行语句导出；以 = + - @ 开头的文本前加了单引号，防止被当作公式。']
  ] as const) {
    const r = info.addRow([k, text(v)]);
    r.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    r.getCell(1).font = { bold: true };
    r.commit();
  }
  info.commit();
  await wb.commit();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
