/**
 * The warehouse (DuckDB file written by the ETL), opened read-only.
 *
 * - Path from WAREHOUSE_PATH (default data/warehouse/warehouse.duckdb, relative to the working directory).
 * - One connection per query in flight (concurrent queries on one connection have crashed DuckDB).
 * - The ETL publishes a new warehouse by renaming a finished file over the served path. On each request
 *   (at most once a second) the file's inode, size and mtime are compared; on change a new instance is
 *   opened first, then swapped in, and the old one is closed once its last query has finished.
 *   `DuckDBInstance.fromCache` keys on the path and would hand back the old instance while it is still
 *   open, so reopening uses `DuckDBInstance.create` (tested: fromCache returns the stale file's data).
 */
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';

export function warehousePath(): string {
  return resolve(process.env.WAREHOUSE_PATH || 'data/warehouse/warehouse.duckdb');
}

interface Handle {
  instance: DuckDBInstance;
  signature: string;
  active: number;
  retired: boolean;
  closed: boolean;
}

let current: Handle | null = null;
let opening: Promise<Handle> | null = null;
let lastCheck = 0;
/** Default statement timeout (ms): DuckDB has none, so a timer interrupts the connection. */
export const QUERY_TIMEOUT_MS = Number(process.env.QUERY_TIMEOUT_MS || 30_000);

function signatureOf(path: string): string | null {
  try {
    const s = statSync(path);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return null;
  }
}

async function open(path: string, signature: string, first: boolean): Promise<Handle> {
  const options = { access_mode: 'READ_ONLY' };
  const instance = first ? await DuckDBInstance.fromCache(path, options) : await DuckDBInstance.create(path, options);
  // Make sure the new file is readable before it is swapped in.
  const c = await instance.connect();
  try {
    await c.runAndReadAll('SELECT 1');
  } finally {
    c.closeSync();
  }
  return { instance, signature, active: 0, retired: false, closed: false };
}

function closeIfIdle(h: Handle) {
  if (h.retired && h.active === 0 && !h.closed) {
    h.closed = true;
    try {
      h.instance.closeSync();
    } catch {
      /* already closed */
    }
  }
}

export class WarehouseMissingError extends Error {
  constructor(path: string) {
    super(`数据仓库文件不存在：${path}（请先运行 npm run etl）`);
  }
}

/** Make sure `current` is the published file (checked at most once a second). */
async function refresh(): Promise<Handle> {
  const path = warehousePath();
  const now = Date.now();
  if (current && now - lastCheck < 1000) return current;
  if (opening) return opening;
  lastCheck = now;
  const sig = signatureOf(path);
  if (sig === null) {
    if (current) return current; // keep serving the open file while a rename is in progress
    throw new WarehouseMissingError(path);
  }
  if (current && current.signature === sig) return current;
  const first = current === null;
  opening = open(path, sig, first)
    .then((h) => {
      const old = current;
      current = h;
      if (old) {
        old.retired = true;
        closeIfIdle(old);
      }
      return h;
    })
    .catch((e) => {
      if (current) return current; // a half-written file: keep the old one, retry next second
      throw e;
    })
    .finally(() => {
      opening = null;
    });
  return opening;
}

/** Run `fn` with a fresh connection on the current warehouse; the connection is closed afterwards. */
export async function withConnection<T>(fn: (c: DuckDBConnection) => Promise<T>, timeoutMs = QUERY_TIMEOUT_MS): Promise<T> {
  await refresh();
  // Take the handle and count the query in the same synchronous step, so a swap can never close it
  // between the choice and the count.
  const h = current!;
  h.active++;
  let conn: DuckDBConnection | null = null;
  let timer: NodeJS.Timeout | null = null;
  try {
    conn = await h.instance.connect();
    const c = conn;
    timer = setTimeout(() => c.interrupt(), timeoutMs);
    return await fn(c);
  } finally {
    if (timer) clearTimeout(timer);
    if (conn) conn.closeSync();
    h.active--;
    closeIfIdle(h);
  }
}

export type Params = Record<string, DuckDBValue>;
