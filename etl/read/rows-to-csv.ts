// 慢速路径：把任意来源（GBK CSV、.xlsx、有空行的 CSV）的行写成 UTF-8 CSV 临时文件，
// 首列为显式行号 __row_no，供装载层用 DuckDB read_csv 批量读取。
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { classifyRows } from './classify';
import type { RowClass } from './classify';
import { readRows } from './rows';
import type { Row } from './rows';
import { detectLayout } from './layout';
import type { FileLayout } from './layout';
import { sniffFile } from './sniff';
import type { SniffOptions } from './sniff';

export interface WriteRowsCsvOptions extends SniffOptions {
  /** The sniffFile result for this path (sniffed again when absent), or detectLayout's for a file without a recognised header. */
  sniff?: FileLayout;
  /**
   * Header row number; overrides sniff.headerRowNo (rows up to it are not written). Without
   * `sniff`, `afterRow: 0` means "no header": the layout comes from detectLayout (no header search),
   * so the rows of a file sniffFile refused can be written (and refused one by one).
   */
  afterRow?: number;
  /** Number of cell columns c1…cN to write (default: the header's width; required without a header match). */
  width?: number;
  /** Write a `__row_class` column (data/total/note/blank, see classifyRows) after `__row_no`. */
  rowClassColumn?: boolean;
}

export interface WriteRowsCsvResult {
  sniff: FileLayout;
  /** Columns of each line, in order (the file itself has no header line). */
  columns: string[];
  /** Lines written: every row after the header up to the last non-blank row. */
  rows: number;
  blankRows: number;
  /** Rows by class; without `rowClassColumn` only 'data' and 'blank' are counted. */
  counts: Record<RowClass, number>;
  /** Rows with non-empty cells right of column `width` (folded into the last column, see writeRowsCsv). */
  rowsOverflowing: number;
}

/** RFC 4180 field: always quoted, quotes doubled, text otherwise unchanged (`=`, `+`, `-`, `@` stay). */
export function csvField(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

/** Separator used when cells right of the last column are folded into it. */
export const OVERFLOW_SEPARATOR = ' | ';

/**
 * Stream the rows of `path` (anything readRows reads) into a UTF-8 CSV at `outPath`, one line per
 * row, no header line, no BOM, '\n' line breaks, every field quoted (RFC 4180):
 * `__row_no[,__row_class],c1,…,cN`. `__row_no` is the row number as in Excel/WPS; `c1…cN` are the
 * cells of file columns A…; shorter rows get '' (read by DuckDB as NULL with allow_quoted_nulls).
 * Blank rows (between the header and the last non-blank row) are written with empty cells.
 * A row with non-empty cells right of column N has them appended to its cN text, joined by
 * ' | ', so that the row is still seen (and refused) rather than silently cut; choose N larger than
 * the header (e.g. header + 8) so cN is never a contract column. Cell text is written exactly,
 * including a leading `=`, `+`, `-` or `@`.
 */
export async function writeRowsCsv(path: string, outPath: string, opts: WriteRowsCsvOptions = {}): Promise<WriteRowsCsvResult> {
  const sniffed = opts.sniff ?? (opts.afterRow === 0 ? await detectLayout(path, opts) : await sniffFile(path, opts));
  const sniff = opts.afterRow === undefined ? sniffed : { ...sniffed, headerRowNo: opts.afterRow };
  const width = opts.width ?? sniff.match?.header.length;
  if (width === undefined || width < 1) throw new Error('writeRowsCsv: width is required when the layout has no header match');
  const cellNames = Array.from({ length: width }, (_v, i) => `c${i + 1}`);
  const columns = ['__row_no', ...(opts.rowClassColumn ? ['__row_class'] : []), ...cellNames];
  const counts: Record<RowClass, number> = { data: 0, total: 0, note: 0, blank: 0 };
  let rows = 0;
  let rowsOverflowing = 0;

  const out = createWriteStream(outPath, { encoding: 'utf8' });
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  const source: AsyncIterable<Row & { rowClass?: RowClass }> = opts.rowClassColumn
    ? classifyRows(readRows(path, { sniff }), sniff.match)
    : readRows(path, { sniff });
  try {
    for await (const row of source) {
      const cells = Array.from({ length: width }, (_v, i) => row.cells[i] ?? '');
      const overflow = row.cells.slice(width).filter((c) => c.trim() !== '');
      if (overflow.length > 0) {
        rowsOverflowing++;
        cells[width - 1] = [cells[width - 1] ?? '', ...overflow].filter((c) => c !== '').join(OVERFLOW_SEPARATOR);
      }
      const rowClass: RowClass = row.rowClass ?? (row.blank ? 'blank' : 'data');
      const lead = opts.rowClassColumn ? [String(row.rowNo), rowClass] : [String(row.rowNo)];
      await write([...lead, ...cells].map(csvField).join(',') + '\n');
      counts[rowClass]++;
      rows++;
    }
    out.end();
    await once(out, 'finish');
  } catch (e) {
    out.destroy();
    throw e;
  }
  return { sniff, columns, rows, blankRows: counts.blank, counts, rowsOverflowing };
}
