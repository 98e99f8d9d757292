/**
 * Opens one source file in DuckDB as text: the view `raw_file` (c1…cN, every cell VARCHAR, one row
 * per record in file order), then the view `raw_<kind>` (one column per contract column, extra_cells,
 * padded, cells) that the staging model reads; after staging, `classifyFailedRows` looks at the rows
 * that failed.
 *
 * Fast path: a UTF-8 CSV without interior blank lines is not copied at all: raw_file is a view over
 * DuckDB's read_csv, read once by the staging model (in file order, so that the staged row's rowid is
 * its record number). Everything else (GBK/GB18030 text, .xlsx, CSVs with blank lines, which
 * read_csv would skip and so shift row numbers) is first streamed by etl/read into a UTF-8 CSV whose
 * first column is the row number, and read from it into the table raw_cells.
 * A materialised raw_file (raw_cells) also has source_row; the fast path's view has not.
 * Several small files of one kind load together (load-batch.ts): file n is then raw_file_n,
 * raw_cells_n and raw_<kind>_n, and raw_<kind> is their union with file_no.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { KindSpec } from '../read/contract.ts';
import { columnLetter } from '../read/normalize-header.ts';
import { exec, one } from './db.ts';
import { fillTemplate, modelSql, sqlIdent, sqlString } from './sql-files.ts';
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

/** The file's text could not be read at all (its rows are then not counted: rows_read 0). */
export class RawReadError extends Error {}

/** One file opened as raw_file. */
export interface RawSource {
  info: SourceInfo;
  /** 0 for a file loaded alone; n ≥ 1 for the n-th file of a batch (its tables and views are suffixed _n). */
  fileNo: number;
  /** Cell columns c1…c<width>. */
  width: number;
  /** raw_file reads the table raw_cells and has source_row (else it is a view over read_csv). */
  materialized: boolean;
  /** Fast path only: resolves true when the byte scan finds the file needs the slow path after all. */
  slowCheck: Promise<boolean> | null;
}

/**
 * DuckDB's parallel CSV reader keeps the file's order but refuses null_padding together with line
 * breaks inside quoted cells; such a file is then read on one thread (`isParallelReadError`).
 */
export function isParallelReadError(e: unknown): boolean {
  return /parallel/i.test((e as Error)?.message ?? '');
}

/** The name of a file's raw view or table: raw_file, raw_cells, raw_<kind> (suffixed _n in a batch). */
export function rawName(base: string, raw: { fileNo: number }): string {
  return raw.fileNo === 0 ? base : `${base}_${raw.fileNo}`;
}

async function viewOverCsv(conn: DuckDBConnection, raw: RawSource, parallel: boolean): Promise<void> {
  const cells = cellColumns(raw.width);
  await exec(conn, `CREATE OR REPLACE TEMP VIEW ${rawName('raw_file', raw)} AS
    SELECT ${cells.join(', ')} FROM ${readCsvSql(raw.info.path, raw.info.delimiter, raw.info.headerRow, cells, parallel)}`);
}

/** raw_file as a view over read_csv on one thread (after `isParallelReadError`). */
async function readSerially(conn: DuckDBConnection, raw: RawSource): Promise<void> {
  await viewOverCsv(conn, raw, false);
}

/** Copy raw_file into the table raw_cells (in file order: rowid is the record number) and number its rows. */
async function materialize(conn: DuckDBConnection, raw: RawSource, from: string): Promise<void> {
  const cells = cellColumns(raw.width);
  const table = rawName('raw_cells', raw);
  await exec(conn, `CREATE OR REPLACE TEMP TABLE ${table} AS SELECT ${cells.join(', ')} FROM ${from}`);
  await exec(conn, `CREATE OR REPLACE TEMP VIEW ${rawName('raw_file', raw)} AS
    SELECT CAST(rowid + ${raw.info.headerRow + 1} AS INTEGER) AS source_row, ${cells.join(', ')} FROM ${table}`);
  raw.materialized = true;
}

/**
 * Make raw_file a table with source_row (for refusing a whole file, or a caller that wants the raw
 * rows by number). Call it outside a transaction: rowid is the record number once raw_cells is
 * committed (inside a transaction DuckDB numbers new rows from a transaction-local base).
 */
export async function materializeRaw(conn: DuckDBConnection, raw: RawSource): Promise<void> {
  if (raw.materialized) return;
  try {
    await materialize(conn, raw, rawName('raw_file', raw));
  } catch (e) {
    if (!isParallelReadError(e)) throw e;
    await readSerially(conn, raw);
    await materialize(conn, raw, rawName('raw_file', raw));
  }
}

/**
 * The slow path: etl/read streams the rows (any encoding, .xlsx, blank lines kept) into a UTF-8 CSV
 * whose first column is the row number; DuckDB reads it into raw_cells.
 */
export async function openRawSlowly(conn: DuckDBConnection, raw: RawSource, tmpDir = tmpdir()): Promise<void> {
  const { info, width } = raw;
  const cells = cellColumns(width);
  const tmp = join(tmpDir, `raw-${process.pid}-${randomUUID()}.csv`); // unique: two files may load at once
  try {
    const { writeRowsCsv } = await import('../read/rows-to-csv.ts');
    raw.slowCheck = null;
    await writeRowsCsv(info.path, tmp, { afterRow: info.headerRow, width, ...(info.sniff ? { sniff: info.sniff } : {}) });
    const columns = ['__row_no', ...cells];
    try {
      await exec(conn, `CREATE OR REPLACE TEMP TABLE raw_rows_read AS SELECT * FROM ${readCsvSql(tmp, ',', 0, columns, true)}`);
    } catch (e) {
      if (!isParallelReadError(e)) throw e;
      await exec(conn, `CREATE OR REPLACE TEMP TABLE raw_rows_read AS SELECT * FROM ${readCsvSql(tmp, ',', 0, columns, false)}`);
    }
    // etl/read numbers the rows after the header without gaps, so rowid + header row + 1 is the row
    // number here as well (staging and classify_rows rely on it); a reader that broke this is a bug
    const { n } = await one<{ n: number }>(conn, `SELECT count(*) AS n FROM raw_rows_read WHERE CAST(__row_no AS BIGINT) <> rowid + ${info.headerRow + 1}`);
    if (n > 0) throw new Error(`读取层给出的行号不连续（${n} 行），无法定位原始行`);
    await materialize(conn, raw, 'raw_rows_read');
    await exec(conn, 'DROP TABLE raw_rows_read');
  } catch (e) {
    throw e instanceof RawReadError ? e : new RawReadError((e as Error).message);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** The byte scan's verdict (false when there is none); a scan that could not read the file is a RawReadError. */
export async function scannedSlow(raw: RawSource): Promise<boolean> {
  const check = raw.slowCheck;
  raw.slowCheck = null;
  if (!check) return false;
  try {
    return await check;
  } catch (e) {
    throw new RawReadError((e as Error).message);
  }
}

/**
 * raw_file with source_row, whichever path the file takes (to refuse a whole file): waits for the
 * byte scan of the fast path first. A file that cannot be read gives RawReadError.
 */
export async function rawRowsNumbered(conn: DuckDBConnection, raw: RawSource): Promise<void> {
  const slow = await scannedSlow(raw);
  if (slow) return openRawSlowly(conn, raw);
  try {
    await materializeRaw(conn, raw);
  } catch (e) {
    throw new RawReadError((e as Error).message);
  }
}

/**
 * Run the staging model of `kind` over raw_file: the file is read here on the fast path (again on
 * one thread after isParallelReadError). When the byte scan then says the file needs the slow path,
 * it is read that way and staged again; a read error on the fast path counts only if it does not.
 */
export async function stageRaw(conn: DuckDBConnection, raw: RawSource, kind: KindSpec): Promise<void> {
  const sql = stagingSql(kind.id, raw.info.headerRow);
  let error: unknown = null;
  try {
    await exec(conn, sql);
  } catch (e) {
    error = e;
    if (isParallelReadError(e)) {
      await readSerially(conn, raw);
      try { await exec(conn, sql); error = null; } catch (e2) { error = e2; }
    }
  }
  const slow = await scannedSlow(raw);
  if (slow) {
    await openRawSlowly(conn, raw);
    await projectRaw(conn, raw, kind);
    await exec(conn, sql);
    return;
  }
  if (error) throw error;
}

/**
 * Open the source as raw_file. A UTF-8 CSV gets the fast path at once, and the byte scan that says
 * whether it may (JavaScript, one thread) runs while DuckDB reads: `slowCheck` resolves true when the
 * staging must be done again after `openRawSlowly`. With `materialized`, raw_file is always a table.
 */
export async function openRaw(conn: DuckDBConnection, info: SourceInfo, opts: { tmpDir?: string; materialized?: boolean; fileNo?: number } = {}): Promise<RawSource> {
  const raw: RawSource = { info, fileNo: opts.fileNo ?? 0, width: Math.max(info.headerCells.length, 1) + EXTRA_COLUMNS, materialized: false, slowCheck: null };
  const utf8Csv = info.encoding.startsWith('utf-8') && !info.path.toLowerCase().endsWith('.xlsx');
  // etl/read is imported lazily: the fast path never needs exceljs or the row streamer.
  const { csvNeedsSlowPath } = await import('../read/rows.ts');
  if (utf8Csv && !opts.materialized) {
    await viewOverCsv(conn, raw, true);
    raw.slowCheck = csvNeedsSlowPath(info.path, info.delimiter);
    raw.slowCheck.catch(() => {}); // awaited by the caller; a failed scan is reported there
    return raw;
  }
  if (utf8Csv && !(await csvNeedsSlowPath(info.path, info.delimiter))) {
    await viewOverCsv(conn, raw, true);
    await materializeRaw(conn, raw);
    return raw;
  }
  await openRawSlowly(conn, raw, opts.tmpDir);
  return raw;
}

/** SQL that is true for a row of raw_file whose cells are all empty or white space (not a data row). */
export function blankRowSql(width: number): string {
  return `is_blank_text(concat(${cellColumns(width).join(', ')}))`;
}

/**
 * Project raw_file onto the contract's columns as the view raw_<kind>, and describe the file's
 * columns in file_columns. `padded` flags a row where some mapped cell holds white space (its cells
 * are trimmed in staging; the others are taken as they are). `cells` packs every cell of the row
 * (a struct of references, not a copy): staging keeps it, as JSON, for the rows that fail a check,
 * which classify_rows then tells apart (blank rows, 合计 rows, notes under the table).
 */
export async function projectRaw(conn: DuckDBConnection, raw: RawSource, kind: KindSpec, cellsWidth = raw.width): Promise<void> {
  const { info, width } = raw;
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
  // a batch pads every file's cells to the widest file's, so that the union has one type
  const cells = cellColumns(cellsWidth).map((c, i) => `${sqlString(c)}: ${i < width ? c : 'CAST(NULL AS VARCHAR)'}`);
  // the fast path's view has no row numbers: staging numbers its rows by rowid
  const rowNo = raw.materialized ? 'source_row' : 'CAST(NULL AS INTEGER) AS source_row';
  await exec(conn, `CREATE OR REPLACE TEMP VIEW ${rawName(`raw_${kind.id}`, raw)} AS
    SELECT ${raw.fileNo} AS file_no, source_row, ${kind.columns.map((c) => sqlIdent(c.name)).join(', ')}, extra_cells,
      contains(t, ' ') OR contains(t, '　') OR contains(t, E'\\t') OR contains(t, E'\\n') OR contains(t, E'\\r') OR contains(t, chr(65279)) AS padded,
      cells
    FROM (SELECT ${rowNo}, ${select.join(', ')}, ${extras} AS extra_cells, ${text} AS t,
      {${cells.join(', ')}} AS cells FROM ${rawName('raw_file', raw)})`);
  const values = kind.columns.map((c) => {
    const i = byName.get(c.name);
    const header = i === undefined ? c.header : info.headerCells[i] ?? c.header;
    return `(${raw.fileNo}, ${sqlString(c.name)}, ${sqlString(header)}, ${i === undefined ? 'NULL' : sqlString(columnLetter(i))})`;
  });
  await exec(conn, `${raw.fileNo <= 1 ? 'CREATE OR REPLACE TEMP TABLE file_columns AS SELECT * FROM' : 'INSERT INTO file_columns SELECT * FROM'}
    (VALUES ${values.join(', ')}) AS v(file_no, name, raw_header, letter)`);
}

/**
 * The staging model of a kind (etl/models/staging/stg_<kind>.sql, or its text) for a file whose header
 * is on `headerRow`, or for a batch: the header row of each file_no.
 */
export function stagingSql(kindId: string, headerRow: number | Map<number, number>, template?: string): string {
  const firstRow = typeof headerRow === 'number' ? String(headerRow + 1)
    : `CASE s.file_no ${[...headerRow].map(([no, h]) => `WHEN ${no} THEN ${h + 1}`).join(' ')} END`;
  const vars = { first_row: firstRow };
  return template === undefined ? modelSql(`staging/stg_${kindId}.sql`, vars) : fillTemplate(template, vars);
}

function classifyVars(kindId: string, width: number): Record<string, string> {
  const cells = cellColumns(width);
  return { kind: kindId, cell_paths: cells.map((c) => sqlString(`$.${c}`)).join(', ') };
}

/**
 * The SQL of classify_rows (the text of etl/models/load/classify_rows.sql) for a kind whose raw_file
 * has `width` cells.
 */
export function classifyRowsSql(template: string, kindId: string, width: number): string {
  return fillTemplate(template, classifyVars(kindId, width));
}

/** Tell the failed rows of stg_<kind> apart: blank rows removed, 合计 and note rows refused as such. */
export async function classifyFailedRows(conn: DuckDBConnection, kindId: string, width: number): Promise<void> {
  const { n } = await one<{ n: number }>(conn, `SELECT count(*) AS n FROM stg_${kindId} WHERE len(errors) > 0`);
  if (n === 0) return; // every row passed: nothing to tell apart
  await exec(conn, modelSql('load/classify_rows.sql', classifyVars(kindId, width)));
}
