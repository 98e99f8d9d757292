/**
 * Loads one source file into DuckDB as text: `raw_file` (source_row, c1…cN, every cell VARCHAR),
 * then `raw_<kind>` (source_row, one column per contract column, extra_cells) for the staging model.
 *
 * Fast path: a UTF-8 CSV without interior blank lines is read by DuckDB's read_csv directly (the row
 * number is the header row + the record's ordinality). Everything else (GBK/GB18030 text, .xlsx,
 * CSVs with blank lines, which read_csv would skip and so shift row numbers) is first streamed by
 * etl/read into a UTF-8 CSV whose first column is the row number, and then read the same way.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { KindSpec } from '../read/contract.ts';
import { columnLetter } from '../read/normalize-header.ts';
import { exec, one } from './db.ts';
import { sqlIdent, sqlString } from './sql-files.ts';
import type { SourceInfo } from './source.ts';

/** Cells beyond the header that are still read, so that a row longer than its header is seen (and refused). */
const EXTRA_COLUMNS = 8;

function cellColumns(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `c${i + 1}`);
}

function readCsvSql(path: string, delimiter: string, skip: number, columns: string[]): string {
  const spec = columns.map((c) => `${sqlString(c)}: 'VARCHAR'`).join(', ');
  return `read_csv(${sqlString(path)}, header = false, auto_detect = false, all_varchar = true,
    delim = ${sqlString(delimiter)}, quote = '"', escape = '"', null_padding = true, strict_mode = false,
    parallel = false, skip = ${skip}, columns = {${spec}})`;
}

/** Create raw_file from the source; returns the number of cell columns read. */
export async function loadRawFile(conn: DuckDBConnection, info: SourceInfo, tmpDir = tmpdir()): Promise<number> {
  const width = Math.max(info.headerCells.length, 1) + EXTRA_COLUMNS;
  const cells = cellColumns(width);
  // etl/read is imported lazily: the fast path never needs exceljs or the row streamer.
  const { csvNeedsSlowPath } = await import('../read/rows.ts');
  const fast = info.encoding.startsWith('utf-8') && !info.path.toLowerCase().endsWith('.xlsx') && !(await csvNeedsSlowPath(info.path, info.delimiter));
  if (fast) {
    await exec(conn, `CREATE OR REPLACE TEMP TABLE raw_file AS
      SELECT CAST(${info.headerRow} + ordinality AS INTEGER) AS source_row, ${cells.join(', ')}
      FROM ${readCsvSql(info.path, info.delimiter, info.headerRow, cells)} WITH ORDINALITY`);
    return width;
  }
  const tmp = join(tmpDir, `raw-${process.pid}-${Date.now()}.csv`);
  try {
    const { writeRowsCsv } = await import('../read/rows-to-csv.ts');
    await writeRowsCsv(info.path, tmp, { afterRow: info.headerRow, width, ...(info.sniff ? { sniff: info.sniff } : {}) });
    await exec(conn, `CREATE OR REPLACE TEMP TABLE raw_file AS
      SELECT CAST(__row_no AS INTEGER) AS source_row, ${cells.join(', ')}
      FROM ${readCsvSql(tmp, ',', 0, ['__row_no', ...cells])}`);
  } finally {
    rmSync(tmp, { force: true });
  }
  return width;
}

/** SQL that is true for a row of raw_file whose cells are all empty or white space (not a data row). */
export function blankRowSql(width: number): string {
  return `is_blank_text(concat(${cellColumns(width).join(', ')}))`;
}

/** Project raw_file's non-blank rows onto the contract's columns as the view raw_<kind>, and describe the file's columns in file_columns. */
export async function projectRaw(conn: DuckDBConnection, info: SourceInfo, kind: KindSpec, width: number): Promise<void> {
  const byName = new Map<string, number>();
  info.mapping.forEach((name, i) => { if (name) byName.set(name, i); });
  const select = kind.columns.map((c) => {
    const i = byName.get(c.name);
    return i === undefined ? `CAST(NULL AS VARCHAR) AS ${sqlIdent(c.name)}` : `c${i + 1} AS ${sqlIdent(c.name)}`;
  });
  // Cells right of the header, or under a blank header cell, belong to no column: a row with any is refused.
  const extras = cellColumns(width)
    .filter((_, i) => i >= info.headerCells.length || (info.headerCells[i] ?? '').trim() === '')
    .map((c) => `nullif(trim(${c}), '')`);
  // Every cell of the row, mapped or not: a 合计 or a note may sit in an unmapped column such as 序号.
  // The expensive checks run only on the few rows that pass the cheap ones (DuckDB evaluates CASE lazily).
  const cells = cellColumns(width);
  const all = `list_filter([${cells.map((c) => `clean_text(${c})`).join(', ')}], v -> v IS NOT NULL)`;
  const filled = cells.map((c) => `CAST(coalesce(${c}, '') <> '' AS INTEGER)`).join(' + ');
  await exec(conn, `CREATE OR REPLACE TEMP VIEW raw_${kind.id} AS
    SELECT r.source_row, ${kind.columns.map((c) => `r.${sqlIdent(c.name)}`).join(', ')}, r.extra_cells, r.row_class,
      CASE WHEN r.row_class <> 'data' THEN array_to_string(${all.replaceAll('clean_text(c', 'clean_text(r.c')}, ' | ') END AS row_text
    FROM (
      SELECT q.*,
        CASE
          -- the common case first: several filled cells and no 计 anywhere is a data row
          WHEN q.filled > 2 AND strpos(q.all_text, '计') = 0 THEN 'data'
          WHEN strpos(q.all_text, '计') > 0 AND list_has_any(list_transform(${all.replaceAll('clean_text(c', 'clean_text(q.c')}, v -> replace(replace(replace(replace(v, ' ', ''), chr(12288), ''), '：', ''), ':', '')), ['合计', '总计', '小计']) THEN 'total'
          WHEN q.filled = 1 AND (regexp_matches(${all.replaceAll('clean_text(c', 'clean_text(q.c')}[1], '^(注|说明|备注|填表|填报|制表|审核|联系|数据来源)') OR length(${all.replaceAll('clean_text(c', 'clean_text(q.c')}[1]) >= 15) THEN 'note'
          -- a label and its value under the table: 数据截至：| 2025-12-31, 填报人：| 王五
          WHEN q.filled = 2 AND regexp_matches(${all.replaceAll('clean_text(c', 'clean_text(q.c')}[1], '[：:]$') THEN 'note'
          ELSE 'data'
        END AS row_class
      FROM (
        SELECT *, ${select.join(', ')},
          ${extras.length ? `nullif(concat_ws(' | ', ${extras.join(', ')}), '')` : 'CAST(NULL AS VARCHAR)'} AS extra_cells,
          ${filled} AS filled,
          concat(${cells.join(', ')}) AS all_text
        FROM raw_file
      ) AS q
      WHERE NOT is_blank_text(q.all_text)
    ) AS r`);
  const values = kind.columns.map((c) => {
    const i = byName.get(c.name);
    const header = i === undefined ? c.header : info.headerCells[i] ?? c.header;
    return `(${sqlString(c.name)}, ${sqlString(header)}, ${i === undefined ? 'NULL' : sqlString(columnLetter(i))})`;
  });
  await exec(conn, `CREATE OR REPLACE TEMP TABLE file_columns AS
    SELECT * FROM (VALUES ${values.join(', ')}) AS v(name, raw_header, letter)`);
}
