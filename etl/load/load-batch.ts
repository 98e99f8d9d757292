/**
 * Loads several small files of one kind in one pass. A file costs ~70–120 ms of fixed work (mostly
 * DuckDB planning the staging and int_ SQL) whatever its size; loaded together, a folder of weekly
 * reports pays it once. Each file is opened as for a load of its own (a view over read_csv, or its
 * numbered table raw_cells_n on the slow path) and projected as raw_<kind>_n; raw_<kind> is their
 * union with file_no, and the staging, classify and int_ models, the counts, the rejects and the
 * upsert then run once. Every rule that speaks of "the file" (duplicate keys, first occurrence) is
 * per file_no, and where files of the batch hold the same key the last one's row is kept, as if they
 * had loaded one after the other.
 * Not for the ledger (a later ledger file replaces whole units: load-file.ts). On any error the batch
 * is undone and its files load one by one (loadFile), which reports each file's own problem.
 */
import { statSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { loadContract, type KindSpec } from '../read/contract.ts';
import { exec, rows } from './db.ts';
import { fileSha256 } from './file-hash.ts';
import { alreadyLoaded, baseResult, failedReason, intAndWrite, loadFile, setContext, UNCHANGED, type FileResult, type LoadContext } from './load-file.ts';
import { classifyFailedRows, openRaw, openRawSlowly, projectRaw, rawName, RawReadError, scannedSlow, stagingSql, type RawSource } from './raw-load.ts';
import type { SourceInfo } from './source.ts';
import { tracer } from './trace.ts';

/**
 * Files at most this big may load in a batch; 0: no batches. (The bench's four 5 MB contract files:
 * 1.76 s batched against 2.05 s one by one, the same CPU; a bigger file gains nothing from it.)
 */
const batchMaxBytes = (): number => Number(process.env.ETL_BATCH_MAX_BYTES ?? 8 * 2 ** 20);

/** Whether files of this kind may ever load in a batch (never the ledger: a later ledger replaces whole units). */
export const kindBatches = (kind: string): boolean => kind !== 'ledger';

/** Whether these files (one kind, in input order) load as one batch. */
export function batchable(infos: SourceInfo[]): boolean {
  return infos.length >= 2 && infos.every((i) => i.kind !== null && kindBatches(i.kind) && !i.error && statSync(i.path).size <= batchMaxBytes())
    && new Set(infos.map((i) => i.kind)).size === 1;
}

interface Member { index: number; info: SourceInfo; base: FileResult; raw: RawSource; version: Date }

export async function loadBatch(conn: DuckDBConnection, ctx: LoadContext, infos: SourceInfo[]): Promise<FileResult[]> {
  const kind: KindSpec = loadContract().kinds[infos[0]!.kind!];
  const trace = tracer(`${kind.id} ×${infos.length}`);
  const results: FileResult[] = new Array(infos.length);
  const members: Member[] = [];
  const seen = new Set<string>();
  for (const [index, info] of infos.entries()) {
    const base = baseResult(info);
    base.sha256 = await fileSha256(info.path);
    // the same content twice in one batch: the second is unchanged, as when loaded one by one
    if (seen.has(base.sha256) || await alreadyLoaded(conn, base.sha256)) { results[index] = { ...base, ...UNCHANGED }; continue; }
    seen.add(base.sha256);
    try {
      // a UTF-8 CSV that may take the fast path stays a view over read_csv (its rows are numbered in
      // staging); the others are read into their numbered table now
      const raw = await openRaw(conn, info, { fileNo: members.length + 1 });
      if (await scannedSlow(raw)) await openRawSlowly(conn, raw);
      members.push({ index, info, base, raw, version: statSync(info.path).mtime });
    } catch (e) {
      // not even the raw text could be read (rows_read 0); any other error is left to the one-file
      // path, which reports it as that file's own problem
      results[index] = e instanceof RawReadError ? { ...base, status: 'failed', message: failedReason(e) } : await loadFile(conn, ctx, info);
    }
  }
  trace('raw_file');
  if (members.length === 0) return results;
  try {
    const width = Math.max(...members.map((m) => m.raw.width));
    for (const m of members) await projectRaw(conn, m.raw, kind, width);
    await exec(conn, `CREATE OR REPLACE TEMP VIEW raw_${kind.id} AS
      ${members.map((m) => `SELECT * FROM ${rawName(`raw_${kind.id}`, m.raw)}`).join('\n      UNION ALL ')}`);
    await setContext(conn, ctx, members.map((m) => ({ fileNo: m.raw.fileNo, info: m.info, version: m.version })));
    trace(`raw_${kind.id}`);
    await exec(conn, stagingSql(kind.id, new Map(members.map((m) => [m.raw.fileNo, m.info.headerRow]))));
    trace(`stg_${kind.id}`);
    const staged = new Map((await rows<{ file_no: number; n: number }>(conn,
      `SELECT file_no, count(*) AS n FROM stg_${kind.id} GROUP BY file_no`)).map((r) => [r.file_no, r.n]));
    await classifyFailedRows(conn, kind.id, width);
    trace('classify');
    const counts = await intAndWrite(conn, kind, trace);
    for (const m of members) {
      const c = counts.get(m.raw.fileNo) ?? { read: 0, accepted: 0, rejected: 0 };
      results[m.index] = { ...m.base, rowsRead: c.read, rowsAccepted: c.accepted, rowsRejected: c.rejected, blankRows: (staged.get(m.raw.fileNo) ?? 0) - c.read };
    }
  } catch (e) {
    if (process.env.ETL_BATCH_STRICT) throw e; // tests: a batch that falls back would hide its own bug
    trace(`batch failed (${(e as Error).message.split('\n')[0]}), loading one by one`);
    for (const m of members) results[m.index] = await loadFile(conn, ctx, m.info);
  } finally {
    for (const m of members) {
      await exec(conn, `DROP VIEW IF EXISTS ${rawName(`raw_${kind.id}`, m.raw)}; DROP VIEW IF EXISTS ${rawName('raw_file', m.raw)}; DROP TABLE IF EXISTS ${rawName('raw_cells', m.raw)}`);
    }
  }
  return results;
}
