/**
 * Loads one source file into DuckDB as text: `raw_file` (source_row, c1…cN, every cell VARCHAR),
 * then the view `raw_<kind>` (source_row, one column per contract column, extra_cells, padded) for
 * the staging model; after it, `classifyFailedRows` looks at the rows that failed.
 *
 * Fast path: a UTF-8 CSV without interior blank lines is read by DuckDB's read_csv directly (the row
 * number is the header row + the record's ordinality). Everything else (GBK/GB18030 text, .xlsx,
 * CSVs with blank lines, which read_csv would skip and so shift row numbers) is first streamed by
 * etl/read into a UTF-8 CSV whose first column is the row number, and then read the same way.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { KindSpec } from '../read/contract.ts';
import { columnLetter } from '../read/normalize-header.ts';
import { exec, one } from './db.ts';
import { modelSql, sqlIdent, sqlString } from './sql-files.ts';
import type { SourceInfo } from './source.ts';

/** Cells beyond the header that are still read, so that a row longer than its header is seen (and refused). */
const EXTRA_COLUMNS = 8;

function cellColumns(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `c${i + 1}`);
}

function readCsvSql(path: string, delimiter: string, skip: number, columns: string[], parallel: boolean): string {
  const spec = columns.map((c) => `${sqlString(c)}: 'VARCHAR'`).join(', ');
  return `read_csv(${sqlString(path)}, header = false, auto_detect = false, all_varchar = true,
    delim = ${sqlString(delimiter)}, quote = '"', escape = '"', null_padding = true, strict_mode = false,
    parallel = ${parallel}, skip = ${skip}, columns = {${spec}})`;
}

/**
 * CREATE TABLE raw_cells from a read_csv, in parallel when DuckDB can: its parallel reader keeps the
 * file's order (so rowid is the record number) but refuses null_padding together with line breaks
 * inside quoted cells, and then the file is read again on one thread.
 */
async function readCells(conn: DuckDBConnection, path: string, delimiter: string, skip: number, columns: string[]): Promise<void> {
  const ctas = (parallel: boolean) => `CREATE OR REPLACE TEMP TABLE raw_cells AS SELECT * FROM ${readCsvSql(path, delimiter, skip, columns, parallel)}`;
  try {
    await exec(conn, ctas(true));
  } catch (e) {
    if (!/parallel/i.test((e as Error).message)) throw e;
    await exec(conn, ctas(false));
  }
}

/**
 * Create raw_file (a view over raw_cells with source_row) from the source; returns the number of cell
 * columns read. Call it outside a transaction: rowid is the record number only once raw_cells is
 * committed (inside a transaction DuckDB numbers new rows from a transaction-local base).
 */
export async function loadRawFile(conn: DuckDBConnection, info: SourceInfo, tmpDir = tmpdir()): Promise<number> {
  const width = Math.max(info.headerCells.length, 1) + EXTRA_COLUMNS;
  const cells = cellColumns(width);
  // etl/read is imported lazily: the fast path never needs exceljs or the row streamer.
  const { csvNeedsSlowPath } = await import('../read/rows.ts');
  const utf8Csv = info.encoding.startsWith('utf-8') && !info.path.toLowerCase().endsWith('.xlsx');
  // The byte scan that decides the path (JavaScript, one thread) runs while DuckDB already reads
  // the file (its own threads); the read is simply done again the slow way if the scan says so.
  const [slow, readError] = utf8Csv
    ? await Promise.all([csvNeedsSlowPath(info.path, info.delimiter),
      readCells(conn, info.path, info.delimiter, info.headerRow, cells).then(() => null, (e: unknown) => e)])
    : [true, null];
  if (!slow) {
    if (readError) throw readError;
    // rowid counts the records in file order: the first record after the header is row headerRow + 1
    await exec(conn, `CREATE OR REPLACE TEMP VIEW raw_file AS
      SELECT CAST(rowid + ${info.headerRow + 1} AS INTEGER) AS source_row, ${cells.join(', ')} FROM raw_cells`);
    return width;
  }
  const tmp = join(tmpDir, `raw-${process.pid}-${randomUUID()}.csv`); // unique: two files may load at once
  try {
    const { writeRowsCsv } = await import('../read/rows-to-csv.ts');
    await writeRowsCsv(info.path, tmp, { afterRow: info.headerRow, width, ...(info.sniff ? { sniff: info.sniff } : {}) });
    await readCells(conn, tmp, ',', 0, ['__row_no', ...cells]);
    // etl/read numbers the rows after the header without gaps, so rowid + header row + 1 is the row
    // number here as well (classify_rows relies on it); a reader that broke this would be a bug
    const { n } = await one<{ n: number }>(conn, `SELECT count(*) AS n FROM raw_cells WHERE CAST(__row_no AS BIGINT) <> rowid + ${info.headerRow + 1}`);
    if (n > 0) throw new Error(`读取层给出的行号不连续（${n} 行），无法定位原始行`);
    await exec(conn, `CREATE OR REPLACE TEMP VIEW raw_file AS
      SELECT CAST(__row_no AS INTEGER) AS source_row, ${cells.join(', ')} FROM raw_cells`);
  } finally {
    rmSync(tmp, { force: true });
  }
  return width;
}

/** SQL that is true for a row of raw_file whose cells are all empty or white space (not a data row). */
export function blankRowSql(width: number): string {
  return `is_blank_text(concat(${cellColumns(width).join(', ')}))`;
}

/**
 * Project raw_file onto the contract's columns as the view raw_<kind>, and describe the file's
 * columns in file_columns. `padded` flags a row where some mapped cell holds white space (its cells
 * are trimmed in staging; the others are taken as they are). Blank rows, 合计 rows and notes under
 * the table fail staging's checks and are then told apart by classifyFailedRows.
 */
export async function projectRaw(conn: DuckDBConnection, info: SourceInfo, kind: KindSpec, width: number): Promise<void> {
  const byName = new Map<string, number>();
  info.mapping.forEach((name, i) => { if (name) byName.set(name, i); });
  const mapped = kind.columns.flatMap((c) => { const i = byName.get(c.name); return i === undefined ? [] : [`c${i + 1}`]; });
  const select = kind.columns.map((c) => {
    const i = byName.get(c.name);
    return i === undefined ? `CAST(NULL AS VARCHAR) AS ${sqlIdent(c.name)}` : `c${i + 1} AS ${sqlIdent(c.name)}`;
  });
  // Cells right of the header, or under a blank header cell, belong to no column: a row with any is refused.
  const extraCols = cellColumns(width).filter((_, i) => i >= info.headerCells.length || (info.headerCells[i] ?? '').trim() === '');
  const extras = extraCols.length
    ? `CASE WHEN coalesce(${extraCols.join(', ')}) IS NOT NULL THEN nullif(concat_ws(' | ', ${extraCols.map((c) => `nullif(trim(${c}), '')`).join(', ')}), '') END`
    : 'CAST(NULL AS VARCHAR)';
  // byte searches over the row's mapped cells joined: cheaper than a regular expression or a test per cell
  const text = mapped.length ? `concat(${mapped.join(', ')})` : `''`;
  await exec(conn, `CREATE OR REPLACE TEMP VIEW raw_${kind.id} AS
    SELECT source_row, ${kind.columns.map((c) => sqlIdent(c.name)).join(', ')}, extra_cells,
      contains(t, ' ') OR contains(t, '　') OR contains(t, E'\\t') OR contains(t, E'\\n') OR contains(t, E'\\r') OR contains(t, chr(65279)) AS padded
    FROM (SELECT source_row, ${select.join(', ')}, ${extras} AS extra_cells, ${text} AS t FROM raw_file)`);
  const values = kind.columns.map((c) => {
    const i = byName.get(c.name);
    const header = i === undefined ? c.header : info.headerCells[i] ?? c.header;
    return `(${sqlString(c.name)}, ${sqlString(header)}, ${i === undefined ? 'NULL' : sqlString(columnLetter(i))})`;
  });
  await exec(conn, `CREATE OR REPLACE TEMP TABLE file_columns AS
    SELECT * FROM (VALUES ${values.join(', ')}) AS v(name, raw_header, letter)`);
}

function classifyVars(kindId: string, width: number, headerRow: number): Record<string, string> {
  const cells = cellColumns(width);
  return { kind: kindId, first_row: String(headerRow + 1), clean_cells: cells.map((c) => `clean_text(f.${c})`).join(', ') };
}

/**
 * The SQL of classify_rows (the text of etl/models/load/classify_rows.sql) for a kind, a raw_file of
 * `width` cells and the file's header row.
 */
export function classifyRowsSql(template: string, kindId: string, width: number, headerRow: number): string {
  const vars = classifyVars(kindId, width, headerRow);
  return template.replace(/\{\{(\w+)\}\}/g, (m, name: string) => vars[name] ?? m);
}

/** Tell the failed rows of stg_<kind> apart: blank rows removed, 合计 and note rows refused as such. */
export async function classifyFailedRows(conn: DuckDBConnection, kindId: string, width: number, headerRow: number): Promise<void> {
  const { n } = await one<{ n: number }>(conn, `SELECT count(*) AS n FROM stg_${kindId} WHERE len(errors) > 0`);
  if (n === 0) return; // every row passed: nothing to tell apart
  await exec(conn, modelSql('load/classify_rows.sql', classifyVars(kindId, width, headerRow)));
}
