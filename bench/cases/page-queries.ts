/**
 * Where a page's time goes, measured from outside: the named queries (queries/*.sql) its server code
 * names, run bare on the same warehouse (warm, read-only, rows materialised as JS columns like the app's
 * readerRows). Set against the page's single-request time, the rest is the server's own work
 * (rendering the HTML, serialising the data, hooks).
 *
 * Which queries: every `'name'` of a queries/*.sql file that appears in the root layout's and the
 * page's +page.server.ts, the page folder's other .ts files and the $lib/server/queries modules they
 * import (an over-approximation when a module serves several pages). Parameters: what a plain GET
 * gives (NULL = no filter), `limit` 500 and `offset` 0 (the pages' defaults).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { APP_DIR } from '../lib/app.ts';
import { median, round } from '../lib/stats.ts';

export interface PageQueries {
  path: string;
  queries: Array<{ name: string; ms: number; rows: number; error?: string }>;
  sumMs: number;
  maxMs: number;
  slowest: string | null;
}

function queryFiles(): Map<string, string> {
  const dir = join(APP_DIR, 'queries');
  return new Map(readdirSync(dir).filter((f) => f.endsWith('.sql')).map((f) => [f.replace(/\.sql$/, ''), readFileSync(join(dir, f), 'utf8')]));
}

function serverSources(path: string): string[] {
  const routes = join(APP_DIR, 'src', 'routes');
  const pageDir = path === '/' ? routes : join(routes, ...path.split('/').filter(Boolean));
  const files = [join(routes, '+layout.server.ts')];
  if (path === '/') files.push(join(routes, '+page.server.ts'));
  else if (existsSync(pageDir)) {
    for (const f of readdirSync(pageDir)) if (f.endsWith('.ts') && !f.startsWith('+server')) files.push(join(pageDir, f));
  }
  const out = new Set<string>();
  for (const f of files.filter((x) => existsSync(x))) {
    out.add(f);
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/from '\$lib\/server\/queries\/(\w+)'/g)) {
      const lib = join(APP_DIR, 'src', 'lib', 'server', 'queries', `${m[1]}.ts`);
      if (existsSync(lib)) out.add(lib);
    }
  }
  return [...out];
}

function paramsOf(sql: string): Record<string, DuckDBValue> {
  const scan = sql.replace(/--[^\n]*/g, ' ').replace(/'(?:[^']|'')*'/g, "''");
  const out: Record<string, DuckDBValue> = {};
  for (const m of scan.matchAll(/\$([A-Za-z_]\w*)/g)) {
    const p = m[1]!;
    out[p] = p === 'limit' ? 500 : p === 'offset' ? 0 : null;
  }
  return out;
}

export async function profilePageQueries(warehouse: string, pages: string[], runs = 3): Promise<PageQueries[]> {
  const sqls = queryFiles();
  const instance = await DuckDBInstance.create(warehouse, { access_mode: 'READ_ONLY' });
  const timed = new Map<string, { ms: number; rows: number; error?: string }>();
  const runQuery = async (name: string) => {
    const hit = timed.get(name);
    if (hit) return hit;
    const sql = sqls.get(name)!;
    const values = paramsOf(sql);
    const times: number[] = [];
    let rows = 0;
    try {
      for (let i = 0; i <= runs; i++) {
        const c = await instance.connect();
        const t = performance.now();
        try {
          const reader = Object.keys(values).length ? await c.runAndReadAll(sql, values) : await c.runAndReadAll(sql);
          reader.getColumnsJS();
          rows = reader.currentRowCount;
        } finally {
          c.closeSync();
        }
        if (i > 0) times.push(performance.now() - t); // the first run warms the cache
      }
      const r = { ms: round(median(times), 1), rows };
      timed.set(name, r);
      return r;
    } catch (e) {
      const r = { ms: NaN, rows: 0, error: (e as Error).message.split('\n')[0]! };
      timed.set(name, r);
      return r;
    }
  };
  const out: PageQueries[] = [];
  try {
    for (const path of pages) {
      const text = serverSources(path).map((f) => readFileSync(f, 'utf8')).join('\n');
      const names = [...sqls.keys()].filter((n) => text.includes(`'${n}'`)).sort();
      const queries = [];
      for (const name of names) queries.push({ name, ...(await runQuery(name)) });
      const ok = queries.filter((q) => Number.isFinite(q.ms));
      const slow = ok.reduce<(typeof ok)[number] | null>((a, q) => (a && a.ms >= q.ms ? a : q), null);
      out.push({ path, queries, sumMs: round(ok.reduce((a, q) => a + q.ms, 0), 1), maxMs: slow?.ms ?? 0, slowest: slow ? `${slow.name} (${slow.ms} ms, ${slow.rows} rows)` : null });
    }
  } finally {
    instance.closeSync();
  }
  return out;
}
