// 逐行读取表头之后的所有行（CSV 任意编码或 .xlsx），行号与 Excel/WPS 中看到的一致。
import { readCsvRecords, CsvDecodeError } from './csv-read';
import { FileReadError } from './errors';
import type { FileLayout } from './layout';
import { sniffFile } from './sniff';
import type { SniffOptions } from './sniff';
import { openXlsxSheets } from './xlsx-read';

export { csvFastPathCheck, csvNeedsSlowPath } from './csv-scan';

export interface Row {
  /**
   * 1-based row number as a person sees it in Excel/WPS: for CSV the record number counting title
   * rows, the header and blank lines (a quoted cell with line breaks is one row); for .xlsx the
   * sheet row number. Always > `headerRowNo`, strictly increasing, without gaps.
   */
  rowNo: number;
  /** Cell texts by 0-based column position in the file (not by contract column); `[]` for blank rows. */
  cells: string[];
  /**
   * True when every cell is empty or whitespace. Blank rows between the header and the last
   * non-blank row are yielded (so they can be counted); blank rows after the last non-blank row
   * (trailing empty lines, formatted-but-empty sheet rows) are not.
   */
  blank: boolean;
  /** Chinese notes on cells that could not be read as shown (quoting problems, formulas without result). */
  warnings?: string[];
}

export interface ReadRowsOptions extends SniffOptions {
  /**
   * Where the rows are: the result of sniffFile for this path (sniffed again when absent), or of
   * detectLayout for a file without a recognised header (then every row from row 1 is yielded).
   */
  sniff?: FileLayout;
}

/**
 * Every row after the header, in file order. Cells are strings exactly as a person reads them
 * (see xlsx-read.ts for .xlsx cells; CSV cells are the decoded text, unchanged). 合计 rows and
 * notes are yielded like any row (see classifyRow). Throws {@link FileReadError} for files that
 * cannot be read (sniffing problems, undecodable bytes, a broken .xlsx).
 */
export async function* readRows(path: string, opts: ReadRowsOptions = {}): AsyncGenerator<Row> {
  const sniff = opts.sniff ?? (await sniffFile(path, opts));
  const source = sniff.format === 'csv' ? csvRows(sniff) : xlsxRows(sniff);
  yield* withBlanks(source, sniff.headerRowNo);
}

interface RawRow {
  rowNo: number;
  cells: string[];
  warnings?: string[];
}

function isBlank(cells: readonly string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

/** Fill gaps (rows absent from an .xlsx) with blank rows; hold blank rows back until a non-blank row follows. */
async function* withBlanks(source: AsyncIterable<RawRow>, headerRowNo: number): AsyncGenerator<Row> {
  let next = headerRowNo + 1; // first row number not yet yielded
  for await (const raw of source) {
    // A row with a note (e.g. a formula without cached result) is not blank even if its text is.
    if (!raw.warnings && isBlank(raw.cells)) continue;
    yield* blanksUpTo(next, raw.rowNo);
    next = raw.rowNo + 1;
    const row: Row = { rowNo: raw.rowNo, cells: raw.cells, blank: false };
    if (raw.warnings) row.warnings = raw.warnings;
    yield row;
  }
}

function* blanksUpTo(from: number, to: number): Generator<Row> {
  for (let r = from; r < to; r++) yield { rowNo: r, cells: [], blank: true };
}

async function* csvRows(sniff: FileLayout): AsyncGenerator<RawRow> {
  if (!sniff.csv) throw new Error('sniff result has no CSV dialect');
  try {
    for await (const rec of readCsvRecords(sniff.path, sniff.csv)) {
      if (rec.recordNo <= sniff.headerRowNo) continue;
      const row: RawRow = { rowNo: rec.recordNo, cells: rec.cells };
      if (rec.warning) row.warnings = [rec.warning];
      yield row;
    }
  } catch (e) {
    if (e instanceof CsvDecodeError) throw new FileReadError(sniff.path, [`文件 ${sniff.label}：${e.message}`]);
    throw e;
  }
}

async function* xlsxRows(sniff: FileLayout): AsyncGenerator<RawRow> {
  const wanted = sniff.sheet;
  if (!wanted) throw new Error('sniff result has no worksheet');
  const dateColumns = new Set<number>();
  sniff.match?.columns.forEach((c, i) => c?.type === 'date' && dateColumns.add(i));
  try {
    for await (const sheet of openXlsxSheets(sniff.path)) {
      if (sheet.order !== wanted.order || sheet.name !== wanted.name) continue;
      let last = 0;
      for await (const row of sheet.rows({ dateColumns })) {
        if (row.rowNo <= last) {
          throw new FileReadError(sniff.path, [`文件 ${sniff.label}：工作表「${sheet.name}」的行号顺序错乱（第 ${row.rowNo} 行），文件可能已损坏`]);
        }
        last = row.rowNo;
        if (row.rowNo > sniff.headerRowNo) yield row;
      }
      return;
    }
  } catch (e) {
    if (e instanceof FileReadError) throw e;
    throw new FileReadError(sniff.path, [`文件 ${sniff.label}：读取 .xlsx 出错（${(e as Error).message}）`]);
  }
  throw new FileReadError(sniff.path, [`文件 ${sniff.label}：找不到工作表「${wanted.name}」`]);
}
