/**
 * Case 5: gzip size of the JavaScript a page loads.
 *   static:  the page's response (fetched logged in) names its entry scripts (import("…")) and
 *            module preloads (Link header / <link rel="modulepreload">); their static imports (import … from "…") are followed in the
 *            built files under build/client. Dynamic imports are not followed (app.js lists every
 *            route's node as a dynamic import), so code a page imports lazily is not counted here.
 *   browser: Chromium (playwright-core, when /usr/bin/chromium exists) loads the page until the
 *            network is idle; every script it fetched is counted, lazily imported ones included.
 * Sizes: the precompressed .gz adapter-node serves when present, otherwise gzip -9 of the file.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { clientDir, type Server } from '../lib/app.ts';

export interface BundleResult {
  path: string;
  status: number;
  staticFiles: string[];
  staticGzip: number;
  staticRaw: number;
  browserFiles: string[] | null;
  browserGzip: number | null;
  /** The number used for the goal: the browser's when available, else the static one. */
  gzip: number;
  method: 'browser' | 'static';
  note?: string;
}

function gzSize(file: string): number {
  if (existsSync(`${file}.gz`)) return statSync(`${file}.gz`).size;
  return gzipSync(readFileSync(file), { level: 9 }).byteLength;
}

/** Build-relative URL path (/_app/…, ./_app/…) → file under build/client. */
function fileOfUrl(url: string, pageUrl: string): string | null {
  const p = new URL(url, pageUrl).pathname;
  const f = normalize(join(clientDir(), decodeURIComponent(p)));
  return f.startsWith(clientDir()) && existsSync(f) ? f : null;
}

const STATIC_IMPORT = /(?:\bfrom\s*|\bimport\s*)["'](\.{1,2}\/[^"']+\.js)["']/g;

function staticClosure(entries: string[]): string[] {
  const seen = new Set<string>();
  const stack = [...entries];
  while (stack.length) {
    const f = stack.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(STATIC_IMPORT)) {
      const dep = resolve(dirname(f), m[1]!);
      if (existsSync(dep) && !seen.has(dep)) stack.push(dep);
    }
  }
  return [...seen].sort();
}

async function viaBrowser(server: Server, path: string, cookie: string | undefined): Promise<string[] | null> {
  if (!existsSync('/usr/bin/chromium')) return null;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
  });
  try {
    const context = await browser.newContext();
    if (cookie) {
      await context.addCookies(cookie.split('; ').map((kv) => {
        const i = kv.indexOf('=');
        return { name: kv.slice(0, i), value: kv.slice(i + 1), url: server.base };
      }));
    }
    const page = await context.newPage();
    const scripts = new Set<string>();
    page.on('response', (r) => {
      if (r.request().resourceType() === 'script') scripts.add(r.url());
    });
    await page.goto(server.base + path, { waitUntil: 'networkidle', timeout: 60_000 });
    await page.waitForTimeout(500);
    return [...scripts].map((u) => fileOfUrl(u, server.base + '/')).filter((f): f is string => f !== null).sort();
  } finally {
    await browser.close();
  }
}

export async function measureBundle(server: Server, path: string, cookie: string | undefined): Promise<BundleResult> {
  const res = await fetch(server.base + path, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
  const html = await res.text();
  const urls = [
    // Kit sends the page's module preloads in the Link header (and/or as <link> tags)
    ...[...(res.headers.get('link') ?? '').matchAll(/<([^>]+\.js)>;[^,]*rel="modulepreload"/g)].map((m) => m[1]!),
    ...[...html.matchAll(/<link[^>]+rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]!),
    ...[...html.matchAll(/import\(\s*["']([^"']+\.js)["']\s*\)/g)].map((m) => m[1]!)
  ];
  const entries = [...new Set(urls.map((u) => fileOfUrl(u, server.base + path)).filter((f): f is string => f !== null))];
  const staticFiles = staticClosure(entries);
  const staticGzip = staticFiles.reduce((a, f) => a + gzSize(f), 0);
  const staticRaw = staticFiles.reduce((a, f) => a + statSync(f).size, 0);
  let browserFiles: string[] | null = null;
  let note: string | undefined;
  try {
    browserFiles = await viaBrowser(server, path, cookie);
  } catch (e) {
    note = `browser measurement failed: ${(e as Error).message.split('\n')[0]}`;
  }
  const browserGzip = browserFiles ? browserFiles.reduce((a, f) => a + gzSize(f), 0) : null;
  const rel = (f: string) => f.slice(clientDir().length + 1);
  return {
    path, status: res.status, staticFiles: staticFiles.map(rel), staticGzip, staticRaw,
    browserFiles: browserFiles?.map(rel) ?? null, browserGzip,
    gzip: browserGzip ?? staticGzip, method: browserGzip !== null ? 'browser' : 'static', note
  };
}
