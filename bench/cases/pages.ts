/**
 * Case 2: each page's server response (the full SSR HTML of GET /path) under 20 concurrent
 * connections from a second process (bench/workers/load.ts, autocannon), for a fixed number of
 * requests per round; p50/p95 over all responses of a round, requests per second, failed requests
 * (anything but HTTP 200: errors, timeouts, redirects to /login, 5xx). The median of the rounds is kept.
 * The small and the big warehouse are served at once by two servers and measured in turn, page by page.
 */
import { join } from 'node:path';
import type { Server } from '../lib/app.ts';
import { BENCH, MemoryPoller, runTsx } from '../lib/proc.ts';
import { median, round } from '../lib/stats.ts';

const LOAD = join(BENCH, 'workers', 'load.ts');

/** Pages of the dashboard (later ones may still be placeholders; they are measured as they are). */
export const PAGES = ['/', '/tasks', '/kpi', '/quality', '/compliance', '/evaluation', '/awards', '/targets'];

/**
 * Reference, not a page: GET /api/session (logged in) runs the same hooks (session lookup in the app
 * DB, route table, security headers) and no warehouse query: the floor every page request pays.
 */
export const REFERENCE = '/api/session';

/**
 * Data a page fetches in the browser once it has loaded, measured like a page (with the page goal): its URL on each
 * server is read from the page's HTML (it carries the warehouse's version), and it is asked for as a browser does.
 */
interface Entry {
  path: string;
  headers: Record<string, string>;
  /** For page data: the page whose HTML gives the URL, and how. */
  from?: { page: string; url: (html: string) => string | null };
}

export const PAGE_DATA: Entry[] = [
  { path: '/evaluation → matrix', from: { page: '/evaluation', url: (html) => /matrixUrl:"([^"]+)"/.exec(html)?.[1] ?? null }, headers: { 'accept-encoding': 'gzip' } }
];

export interface LoadRound {
  responses: number;
  ok: number;
  failed: number;
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  rps: number;
  seconds: number;
  avgBytes: number;
}

export interface PageResult {
  path: string;
  /** Status of a single request before the load (200 expected; 303 means not logged in). */
  probeStatus: number;
  /** Median time of three single requests one after another (no concurrency). */
  probeMs: number;
  /** Bytes of the (decoded) body; the load rounds' avgBytes are as sent (gzip where asked for). */
  probeBytes: number;
  rounds: LoadRound[];
  p50: number;
  p95: number;
  rps: number;
  failed: number;
  /** Peak VmRSS of the server while this page was under load. */
  peakRss?: number;
  skipped?: string;
  /** True for the reference URL (not a page, no goal). */
  reference?: boolean;
}

export interface PagesOptions {
  connections: number;
  requests: number;
  rounds: number;
}

async function probe(server: Server, path: string, headers: Record<string, string> = {}): Promise<{ status: number; ms: number; bytes: number }> {
  const t = performance.now();
  const res = await fetch(server.base + path, { headers: { ...headers, ...(server.cookies.viewer ? { cookie: server.cookies.viewer } : {}) }, redirect: 'manual' });
  const body = await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - t, bytes: body.byteLength };
}

export interface Target {
  label: string;
  server: Server;
}

/**
 * Every page on every server, interleaved: for each page, round r runs on the first server, then on
 * the second, and so on. Load from other work on the machine then falls on both warehouses alike,
 * which the ratio between them needs. Returns one list of results per server, in `targets` order.
 */
export async function measurePages(targets: Target[], opts: PagesOptions, log: (m: string) => void): Promise<PageResult[][]> {
  const out: PageResult[][] = targets.map(() => []);
  const entries: Entry[] = [...PAGES.map((path) => ({ path, headers: {} })), ...PAGE_DATA, { path: REFERENCE, headers: {} }];
  for (const entry of entries) {
    const path = entry.path;
    const probes: Array<{ status: number; ms: number; bytes: number }> = [];
    const urls: string[] = [];
    let missing = false;
    for (const { server } of targets) {
      let url = path;
      if (entry.from) {
        const html = await (await fetch(server.base + entry.from.page, { headers: server.cookies.viewer ? { cookie: server.cookies.viewer } : {}, redirect: 'manual' })).text();
        const found = entry.from.url(html)?.replaceAll('\\u0026', '&');
        if (!found) {
          missing = true;
          break;
        }
        url = found;
      }
      urls.push(url);
      // warm-up: the first request opens the warehouse, compiles queries, fills caches; then three timed ones
      let p = await probe(server, url, entry.headers);
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        p = await probe(server, url, entry.headers);
        times.push(p.ms);
      }
      probes.push({ ...p, ms: median(times) });
    }
    if (missing) {
      targets.forEach((_, i) => out[i]!.push({ path, probeStatus: 0, probeMs: NaN, probeBytes: 0, rounds: [], p50: NaN, p95: NaN, rps: NaN, failed: 0, skipped: `no URL for it in the HTML of ${entry.from!.page}` }));
      log(`    ${path}: no URL for it in the HTML of ${entry.from!.page}, skipped`);
      continue;
    }
    if (probes.some((p) => p.status === 404)) {
      targets.forEach((_, i) => out[i]!.push({ path, probeStatus: probes[i]!.status, probeMs: probes[i]!.ms, probeBytes: probes[i]!.bytes, rounds: [], p50: NaN, p95: NaN, rps: NaN, failed: 0, skipped: 'page not found (404)' }));
      log(`    ${path}: 404, skipped`);
      continue;
    }
    const rounds: LoadRound[][] = targets.map(() => []);
    const pollers = targets.map((t) => new MemoryPoller(t.server.pid).start());
    for (let r = 0; r < opts.rounds; r++) {
      for (const [i, { server }] of targets.entries()) {
        const res = await runTsx<LoadRound>(LOAD, [JSON.stringify({
          url: server.base + urls[i]!, cookie: server.cookies.viewer, headers: entry.headers, connections: opts.connections, amount: opts.requests
        })], { timeoutMs: 900_000 });
        if (!res.result) throw new Error(`load worker failed for ${path}: ${res.stderr.slice(-2000)}`);
        rounds[i]!.push(res.result);
      }
    }
    for (const [i, t] of targets.entries()) {
      const mem = pollers[i]!.stop();
      const p = probes[i]!;
      const rs = rounds[i]!;
      const pr: PageResult = {
        path, probeStatus: p.status, probeMs: round(p.ms, 1), probeBytes: p.bytes, rounds: rs,
        p50: round(median(rs.map((x) => x.p50)), 1), p95: round(median(rs.map((x) => x.p95)), 1),
        rps: round(median(rs.map((x) => x.rps)), 1), failed: rs.reduce((a, x) => a + x.failed, 0), peakRss: mem.peakRss,
        ...(path === REFERENCE ? { reference: true } : {})
      };
      out[i]!.push(pr);
      log(`    ${path.padEnd(12)} ${t.label.padStart(16)}  HTTP ${p.status} ${(p.bytes / 1024).toFixed(0).padStart(4)} KB  1 request ${p.ms.toFixed(0).padStart(5)} ms  p50 ${pr.p50.toFixed(0).padStart(6)} ms  p95 ${pr.p95.toFixed(0).padStart(6)} ms  ${pr.rps.toFixed(1).padStart(5)} req/s  failed ${pr.failed}  RSS ≤ ${(mem.peakRss / 2 ** 20).toFixed(0)} MB`);
    }
  }
  return out;
}
