/**
 * Loads one file into the build warehouse: raw text → stg_<kind> (typed, per-cell checks) →
 * int_<kind> (consistency rules, duplicates) → accepted rows upserted into the fact table and
 * every other row into etl_rejects. Asserts rows_read = rows_accepted + rows_rejected.
 */
import { statSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { loadContract, type KindSpec } from '../read/contract.ts';
import { exec, inTransaction, one, rows } from './db.ts';
import { fileSha256 } from './file-hash.ts';
import { blankRowSql, classifyFailedRows, openRaw, projectRaw, RawReadError, rawRowsNumbered, stageRaw, type RawSource } from './raw-load.ts';
import type { SourceInfo } from './source.ts';
import { modelSql, sqlString } from './sql-files.ts';
import { tracer } from './trace.ts';

export interface FileResult {
  filePath: string;
  fileName: string;
  sha256: string;
  kind: string | null;
  table: string | null;
  encoding: string;
  headerRow: number;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  blankRows: number;
  status: 'loaded' | 'unchanged' | 'failed';
  message: string | null;
  warnings: string[];
  columnsMapped: string[];
}

export interface LoadContext {
  loadId: number;
  asOfDate: string;
}

/** load_ctx: one row per file being loaded (file_no 0 alone, 1…n in a batch) with its lineage and the load's date. */
export async function setContext(conn: DuckDBConnection, ctx: LoadContext, files: Array<{ fileNo: number; info: SourceInfo; version: Date }>): Promise<void> {
  const rows = files.map(({ fileNo, info, version }) => `(${fileNo}, ${ctx.loadId}::INTEGER, ${sqlString(info.relPath)}, ${sqlString(info.fileName)},
    ${sqlString(version.toISOString())}::TIMESTAMP, ${sqlString(ctx.asOfDate)}::DATE)`);
  await exec(conn, `CREATE OR REPLACE TEMP TABLE load_ctx AS SELECT * FROM (VALUES ${rows.join(', ')})
    AS v(file_no, load_id, file_path, file_name, source_version, as_of_date)`);
}

/** Rows read, accepted and rejected per file_no of the file(s) just staged (a file without data rows has none). */
export async function fileCounts(conn: DuckDBConnection, kindId: string): Promise<Map<number, { read: number; accepted: number; rejected: number }>> {
  const got = await rows<{ file_no: number; rows_read: number; rows_accepted: number; rows_rejected: number }>(conn, modelSql('load/file_counts.sql', { kind: kindId }));
  const out = new Map<number, { read: number; accepted: number; rejected: number }>();
  for (const r of got) {
    if (r.rows_read !== r.rows_accepted + r.rows_rejected) {
      throw new Error(`行数不平：读取 ${r.rows_read}，入库 ${r.rows_accepted}，拒收 ${r.rows_rejected}`);
    }
    out.set(r.file_no, { read: r.rows_read, accepted: r.rows_accepted, rejected: r.rows_rejected });
  }
  return out;
}

export function mergeSql(kind: KindSpec): string {
  if (kind.id === 'ledger') return modelSql('load/replace_ledger.sql');
  return modelSql('load/upsert.sql', {
    table: kind.table,
    kind: kind.id,
    key_cols: kind.key.join(', '),
    key_cols_n: kind.key.map((k) => `n.${k}`).join(', '),
    key_match: kind.key.map((k) => `t.${k} = n.${k}`).join(' AND ')
  });
}

/** Refuse every non-blank row of raw_file with one file-level reason; returns [refused rows, blank rows]. */
async function rejectWholeFile(conn: DuckDBConnection, reason: string, width: number): Promise<[number, number]> {
  await exec(conn, `INSERT INTO etl_rejects
    SELECT ctx.load_id, ctx.file_path, ctx.file_name, r.source_row, NULL, NULL, NULL, ${sqlString(reason)}
    FROM raw_file AS r JOIN load_ctx AS ctx ON ctx.file_no = 0 WHERE NOT (${blankRowSql(width)}) ORDER BY r.source_row`);
  const c = await one<{ n: number; blank: number }>(conn,
    `SELECT count(*) FILTER (WHERE NOT (${blankRowSql(width)})) AS n, count(*) FILTER (WHERE ${blankRowSql(width)}) AS blank FROM raw_file`);
  return [c.n, c.blank];
}

/**
 * After staging and classify, what a single file and a batch share: the int_ model, the counts per
 * file_no, then in one transaction the refused rows (etl_rejects) and the merge into the fact table.
 */
export async function intAndWrite(conn: DuckDBConnection, kind: KindSpec, trace: (step: string) => void): Promise<Map<number, { read: number; accepted: number; rejected: number }>> {
  await exec(conn, modelSql(`intermediate/int_${kind.id}.sql`));
  trace(`int_${kind.id}`);
  const counts = await fileCounts(conn, kind.id);
  await inTransaction(conn, async () => {
    await exec(conn, modelSql('load/reject_rows.sql', { kind: kind.id }));
    trace('rejects');
    await exec(conn, mergeSql(kind));
    trace('merge');
  });
  trace('commit');
  return counts;
}

export async function alreadyLoaded(conn: DuckDBConnection, sha256: string): Promise<boolean> {
  const r = await rows(conn, `SELECT 1 FROM etl_files WHERE sha256 = $1 AND status = 'loaded' LIMIT 1`, [sha256]);
  return r.length > 0;
}

/**
 * Files at least this big are hashed while DuckDB reads them (two cores at work instead of one after
 * the other); an unchanged big file then costs a read that is thrown away. Smaller files are hashed
 * first, so a folder of unchanged files is skipped at the cost of hashing alone.
 */
const hashWhileReadingBytes = (): number => Number(process.env.ETL_HASH_WHILE_READING_BYTES ?? 32 * 2 ** 20); // env: for tests

/** A file's result before any of its rows are counted. */
export function baseResult(info: SourceInfo): FileResult {
  const kind = info.kind ? loadContract().kinds[info.kind] : null;
  return {
    filePath: info.relPath, fileName: info.fileName, sha256: '', kind: info.kind, table: kind?.table ?? null,
    encoding: info.encoding, headerRow: info.headerRow, rowsRead: 0, rowsAccepted: 0, rowsRejected: 0,
    blankRows: 0, status: 'loaded', message: null, warnings: info.warnings,
    columnsMapped: info.headerCells.map((h, i) => `${h} → ${info.mapping[i] ?? '（未识别，忽略）'}`)
  };
}

export const UNCHANGED = { status: 'unchanged' as const, message: '内容与已加载的文件相同（SHA-256 一致），未重复加载' };

/** The reason a file failed, as etl_files and the refused rows show it. */
export const failedReason = (e: unknown): string => `文件处理失败：${(e as Error).message.split('\n')[0]}`;

export async function loadFile(conn: DuckDBConnection, ctx: LoadContext, info: SourceInfo): Promise<FileResult> {
  const trace = tracer(info.fileName);
  const kind = info.kind ? loadContract().kinds[info.kind] : null;
  const base = baseResult(info);
  const file = statSync(info.path);
  // a big file is hashed while DuckDB reads it (in the staging model); an unchanged one then costs a read
  const hashing = file.size >= hashWhileReadingBytes() ? fileSha256(info.path) : null;
  hashing?.catch(() => {}); // awaited below
  if (!hashing) {
    base.sha256 = await fileSha256(info.path);
    trace('sha256');
    if (await alreadyLoaded(conn, base.sha256)) return { ...base, ...UNCHANGED };
  }
  const hashed = async () => { if (hashing) base.sha256 = await hashing; };
  await setContext(conn, ctx, [{ fileNo: 0, info, version: file.mtime }]);
  // raw text, outside the transaction (raw-load.ts: rowid numbers the rows once committed)
  let raw: RawSource;
  try {
    raw = await openRaw(conn, info);
  } catch (e) {
    await hashed();
    return { ...base, status: 'failed', message: failedReason(e) }; // not even the raw text could be read: refused as a whole (rows_read 0)
  }
  trace('raw_file');
  /** Refuse every row with one reason (the file's rows are still accounted for), or none when the text cannot be read. */
  const refuseAll = async (reason: string | null): Promise<FileResult> => {
    await hashed();
    try {
      await rawRowsNumbered(conn, raw);
    } catch (e) {
      if (e instanceof RawReadError) return { ...base, status: 'failed', message: failedReason(e) };
      throw e;
    }
    const [n, blank] = await rejectWholeFile(conn, reason ?? '无法识别文件类别', raw.width);
    return { ...base, rowsRead: n, rowsRejected: n, blankRows: blank, status: 'failed', message: reason };
  };
  if (info.error || !kind) return refuseAll(info.error);
  // The models build temp tables only; the warehouse is written in one transaction at the end, so
  // that a file is loaded whole or not at all. (Temp tables made outside it also stay cheap to update.)
  try {
    await projectRaw(conn, raw, kind);
    trace(`raw_${kind.id}`);
    await stageRaw(conn, raw, kind);
    trace(`stg_${kind.id}`);
    await hashed();
    if (hashing && await alreadyLoaded(conn, base.sha256)) return { ...base, ...UNCHANGED };
    // every record after the header, blank ones too (classify removes those)
    const { staged } = await one<{ staged: number }>(conn, `SELECT count(*) AS staged FROM stg_${kind.id}`);
    await classifyFailedRows(conn, kind.id, raw.width);
    trace('classify');
    const counts = (await intAndWrite(conn, kind, trace)).get(0) ?? { read: 0, accepted: 0, rejected: 0 };
    return { ...base, rowsRead: counts.read, rowsAccepted: counts.accepted, rowsRejected: counts.rejected, blankRows: staged - counts.read };
  } catch (e) {
    if (e instanceof RawReadError) { await hashed(); return { ...base, status: 'failed', message: failedReason(e) }; }
    return refuseAll(failedReason(e));
  }
}

export async function recordFile(conn: DuckDBConnection, loadId: number, r: FileResult): Promise<void> {
  await conn.run(`INSERT INTO etl_files VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, from_json($15, '["VARCHAR"]'), from_json($16, '["VARCHAR"]'))`, [
    loadId, r.filePath, r.fileName, r.sha256, r.kind, r.table, r.encoding, r.headerRow, r.rowsRead,
    r.rowsAccepted, r.rowsRejected, r.blankRows, r.status, r.message, JSON.stringify(r.warnings), JSON.stringify(r.columnsMapped)
  ] as never);
}
