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
 * - DuckDB's own memory and threads (see `warehouseConfig`): WAREHOUSE_MEMORY_LIMIT (default 256MB) and
 *   WAREHOUSE_THREADS (default: the number of CPUs). DuckDB's default memory limit is 80% of the machine's
 *   RAM, which lets the server grow far past what it needs for the pre-aggregated marts the pages read.
 *   A misspelt value is an error (shown on every page) rather than silently ignored.
 */
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';

export function warehousePath(): string {
  return resolve(process.env.WAREHOUSE_PATH || 'data/warehouse/warehouse.duckdb');
}

/** Default DuckDB memory limit of the served warehouse: small marts, many concurrent page requests. */
export const DEFAULT_MEMORY_LIMIT = '256MB';

export class WarehouseConfigError extends Error {}

/**
 * DuckDB settings for the served warehouse from the environment.
 * - WAREHOUSE_MEMORY_LIMIT: a size such as `256MB`, `1.5GB`, `512MiB` (B, KB, MB, GB, TB, KiB … TiB), default 256MB.
 * - WAREHOUSE_THREADS: a whole number 1–256, default the number of CPUs (os.availableParallelism()).
 */
export function warehouseConfig(env: Record<string, string | undefined> = process.env): { memory_limit: string; threads: string } {
  const mem = (env.WAREHOUSE_MEMORY_LIMIT ?? '').trim() || DEFAULT_MEMORY_LIMIT;
  const m = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)$/i.exec(mem);
  if (!m || !(Number(m[1]) > 0)) {
    throw new WarehouseConfigError(`WAREHOUSE_MEMORY_LIMIT=${mem} 无效：应为大小，如 256MB、1GB、512MiB`);
  }
  const t = (env.WAREHOUSE_THREADS ?? '').trim() || String(availableParallelism());
  if (!/^\d+$/.test(t) || Number(t) < 1 || Number(t) > 256) {
    throw new WarehouseConfigError(`WAREHOUSE_THREADS=${t} 无效：应为 1–256 的整数`);
  }
  return { memory_limit: `${m[1]}${m[2]!.toUpperCase().replace('IB', 'iB')}`, threads: String(Number(t)) };
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
  const options = { access_mode: 'READ_ONLY', ...warehouseConfig() };
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

/**
 * Values derived from the served file (a page's data for a year, say), kept while that file is served: the
 * warehouse is read-only and replaced whole, so they cannot go stale, and a newly published file starts with an
 * empty cache. At most PER_FILE_MAX entries (the least recently used is dropped). Callers asking at the same time
 * share one computation; a failed one is not kept. The value is shared by all requests: treat it as read-only.
 */
export async function perFileCache<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const h = await refresh();
  if (perFileSignature !== h.signature) {
    perFile.clear();
    perFileSignature = h.signature;
  }
  const hit = perFile.get(key) as Promise<T> | undefined;
  if (hit) {
    perFile.delete(key);
    perFile.set(key, hit);
    return hit;
  }
  const p = compute();
  perFile.set(key, p);
  while (perFile.size > PER_FILE_MAX) perFile.delete(perFile.keys().next().value!);
  p.catch(() => {
    if (perFile.get(key) === p) perFile.delete(key);
  });
  return p;
}
const PER_FILE_MAX = 48;
const perFile = new Map<string, Promise<unknown>>();
let perFileSignature: string | null = null;

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
