/**
 * The app under test: built in a private copy of the project (so that another engineer's
 * `npm run build` cannot swap chunks under a running benchmark, and the copy stays out of the
 * type-checked tree), started as `node build` on 127.0.0.1, with bench users created through
 * `npm run user` and logged in through POST /api/session when the app has them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ROOT, runCommand, sleep, stopChild } from './proc.ts';

/** Private copy of the project for building and serving (outside the repo). */
export const APP_DIR = join(tmpdir(), `chengguo-bench-app-${process.getuid?.() ?? 0}`);

const SKIP = new Set(['node_modules', '.git', 'build', '.svelte-kit', 'bench', 'tests', 'data/warehouse', 'data/app', 'data/sample', 't.mts']);

export interface BuildInfo {
  dir: string;
  seconds: number;
  reused: boolean;
  key: string;
}

function copied(rel: string): boolean {
  return rel === '' || (!SKIP.has(rel.split('/')[0]!) && !SKIP.has(rel.split('/').slice(0, 2).join('/')));
}

/** Hash of the path, size and mtime of every file the build copies: the build is redone when it changes. */
export function sourceKey(): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const rel = relative(ROOT, p);
      if (!copied(rel)) continue;
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else h.update(`${rel}\0${st.size}\0${st.mtimeMs}\n`);
    }
  };
  walk(ROOT);
  return h.digest('hex').slice(0, 16);
}

/**
 * Copy the working tree (without node_modules, build output, data and tests) and run `vite build` in
 * it, unless the copy was built from the same sources already (or `force`).
 */
export async function buildApp(opts: { force: boolean }, log: (m: string) => void): Promise<BuildInfo> {
  const built = join(APP_DIR, 'build', 'index.js');
  const keyFile = join(APP_DIR, '.bench-build-key');
  const key = sourceKey();
  if (!opts.force && existsSync(built) && existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key) {
    return { dir: APP_DIR, seconds: 0, reused: true, key };
  }
  const t = performance.now();
  rmSync(APP_DIR, { recursive: true, force: true });
  mkdirSync(APP_DIR, { recursive: true });
  cpSync(ROOT, APP_DIR, {
    recursive: true,
    filter: (src) => copied(relative(ROOT, src))
  });
  symlinkSync(join(ROOT, 'node_modules'), join(APP_DIR, 'node_modules'), 'dir');
  log(`  building the app (vite build in a private copy: ${APP_DIR})`);
  await runCommand(process.execPath, [join(APP_DIR, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: APP_DIR, timeoutMs: 600_000 });
  if (!existsSync(built)) throw new Error('vite build did not produce build/index.js');
  writeFileSync(keyFile, key);
  return { dir: APP_DIR, seconds: (performance.now() - t) / 1000, reused: false, key };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export const BENCH_PASSWORD = 'Bench-Load-2026-pw!';
export const BENCH_USERS = { viewer: 'bench_viewer', analyst: 'bench_analyst' } as const;

export interface Server {
  child: ChildProcess;
  pid: number;
  base: string;
  port: number;
  /** Whether the app has users at all (src/cli/user.ts and POST /api/session). */
  auth: boolean;
  cookies: Partial<Record<keyof typeof BENCH_USERS, string>>;
  log: string;
  stop(): Promise<void>;
}

/** Create the bench users in a fresh app DB with the project's own CLI (password from stdin). */
async function createUsers(appDb: string): Promise<boolean> {
  const cli = join(APP_DIR, 'src/cli/user.ts');
  if (!existsSync(cli)) return false;
  for (const [role, name] of Object.entries(BENCH_USERS)) {
    await runCommand(process.execPath, ['--import', 'tsx', cli, 'add', name, '--role', role], {
      cwd: APP_DIR, env: { ...process.env, APP_DB_PATH: appDb }, input: `${BENCH_PASSWORD}\n`, timeoutMs: 60_000
    });
  }
  return true;
}

/** POST /api/session; returns the cookie header value to send, null when the app has no /api/session. */
export async function login(base: string, username: string): Promise<string | null> {
  const res = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
    redirect: 'manual'
  });
  if (res.status === 404 || res.status === 405) return null;
  if (!res.ok) throw new Error(`login ${username}: HTTP ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!).filter(Boolean);
  if (!cookies.length) throw new Error(`login ${username}: no Set-Cookie in the response`);
  return cookies.join('; ');
}

/** Environment variables the benchmark passes for DuckDB's memory limit (see docs/SCALING.md and the report). */
export const MEMORY_ENV = { WAREHOUSE_MEMORY_LIMIT: '256MB', WAREHOUSE_THREADS: '2' };

/** Start `node build` on a free loopback port against `warehouse`, wait until it answers, log in. */
export async function startServer(warehouse: string, label: string, workDir: string, extraEnv: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const appDb = join(workDir, `app-${label}.duckdb`);
  for (const p of [appDb, `${appDb}.wal`]) rmSync(p, { force: true });
  const hasUsers = await createUsers(appDb);
  const log = join(workDir, `server-${label}.log`);
  const out = createWriteStream(log);
  const child = spawn(process.execPath, [join(APP_DIR, 'build')], {
    cwd: APP_DIR,
    env: {
      ...process.env, ...MEMORY_ENV, ...extraEnv,
      WAREHOUSE_PATH: warehouse, APP_DB_PATH: appDb, PORT: String(port), HOST: '127.0.0.1', ORIGIN: base,
      NODE_ENV: 'production'
    },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const stop = async () => {
    await stopChild(child);
    out.end();
    for (const p of [appDb, `${appDb}.wal`]) rmSync(p, { force: true });
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}; see ${log}`);
    try {
      await fetch(`${base}/login`, { redirect: 'manual' });
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`server did not answer on ${base} within 90 s; see ${log}`);
      }
      await sleep(200);
    }
  }
  const cookies: Server['cookies'] = {};
  let auth = false;
  if (hasUsers) {
    for (const [role, name] of Object.entries(BENCH_USERS) as Array<[keyof typeof BENCH_USERS, string]>) {
      const c = await login(base, name);
      if (c) {
        cookies[role] = c;
        auth = true;
      }
    }
  }
  return { child, pid: child.pid!, base, port, auth, cookies, log, stop };
}

/** JS files under build/client (for the bundle case). */
export function clientDir(): string {
  return join(APP_DIR, 'build', 'client');
}

export function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}
