/** Child processes and /proc memory readings for the benchmark. */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Project root (/work/main): bench/lib/ → ../.. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BENCH = fileURLToPath(new URL('../', import.meta.url));

/** Lines a worker prints as `@@RESULT {json}` are its result. */
export const RESULT_PREFIX = '@@RESULT ';

export function emitResult(value: unknown): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(value)}\n`);
}

export interface ProcMemory {
  /** Current resident set (bytes). */
  rss: number;
  /** Peak resident set since the process started (bytes). */
  hwm: number;
}

/** VmRSS and VmHWM of a process, or null when it is gone. */
export function procMemory(pid: number | 'self'): ProcMemory | null {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** Direct children of a process (Linux /proc/<pid>/task/<tid>/children). */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** All descendants of a process. */
export function descendants(pid: number): number[] {
  const out: number[] = [];
  const stack = childPids(pid);
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    stack.push(...childPids(p));
  }
  return out;
}

/**
 * Polls a process (and its descendants) every `intervalMs`: the peak VmRSS seen, the final VmHWM of the
 * process itself, and the peak of the summed RSS of the process and its children (e.g. SQL workers).
 */
export class MemoryPoller {
  peakRss = 0;
  peakTreeRss = 0;
  lastHwm = 0;
  samples = 0;
  private timer: NodeJS.Timeout | null = null;
  constructor(readonly pid: number, readonly intervalMs = 100) {}

  sample(): void {
    const m = procMemory(this.pid);
    if (!m) return;
    this.samples++;
    this.peakRss = Math.max(this.peakRss, m.rss);
    this.lastHwm = Math.max(this.lastHwm, m.hwm);
    let tree = m.rss;
    // a SQL worker that served its query and was killed is a zombie until reaped: no VmRSS (NaN)
    for (const c of descendants(this.pid)) {
      const rss = procMemory(c)?.rss ?? 0;
      if (Number.isFinite(rss)) tree += rss;
    }
    this.peakTreeRss = Math.max(this.peakTreeRss, tree);
  }

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  stop(): { peakRss: number; hwm: number; peakTreeRss: number; samples: number } {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
    return { peakRss: this.peakRss, hwm: this.lastHwm, peakTreeRss: this.peakTreeRss, samples: this.samples };
  }
}

export interface RunResult<T> {
  code: number | null;
  result: T | null;
  stdout: string;
  stderr: string;
}

/** Run a TypeScript worker under node --import tsx; resolves with the worker's @@RESULT value. */
export function runTsx<T>(script: string, args: string[], opts: SpawnOptions & { timeoutMs?: number } = {}): Promise<RunResult<T>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...opts,
      env: { ...process.env, ...(opts.env ?? {}) }
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr!.on('data', (b: Buffer) => (stderr = (stderr + b.toString('utf8')).slice(-20_000)));
    const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : null;
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      const line = stdout.split('\n').reverse().find((l) => l.startsWith(RESULT_PREFIX));
      resolve({ code, result: line ? (JSON.parse(line.slice(RESULT_PREFIX.length)) as T) : null, stdout, stderr });
    });
  });
}

/** Run a command to completion, collecting its output; rejects on a non-zero exit. */
export function runCommand(cmd: string, args: string[], opts: SpawnOptions & { input?: string; timeoutMs?: number } = {}): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], ...opts });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr!.on('data', (b: Buffer) => (stderr = (stderr + b.toString('utf8')).slice(-20_000)));
    const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : null;
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`${cmd} ${args.join(' ')} exited ${code}\n${stderr.slice(-4000)}`));
    });
    child.stdin!.end(opts.input ?? '');
  });
}

/** Stop a child we started: SIGTERM, then SIGKILL after a grace period. */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await done;
  clearTimeout(t);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * CPU time (ms) used so far by a process and its descendants: its own utime+stime, the children it has
 * reaped (cutime+cstime: e.g. SQL workers that served a query and exited), and the live descendants.
 */
export function treeCpuMs(pid: number): number {
  const ticks = (p: number, withChildren: boolean): number => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields after the command: state(3) … utime(14) stime(15) cutime(16) cstime(17), 1-based in proc(5)
      const [ut, st, cut, cst] = [f[11], f[12], f[13], f[14]].map(Number) as [number, number, number, number];
      return ut + st + (withChildren ? cut + cst : 0);
    } catch {
      return 0;
    }
  };
  let total = ticks(pid, true);
  for (const c of descendants(pid)) total += ticks(c, false);
  return total * 10; // USER_HZ = 100 on Linux
}

/**
 * Wait until a process tree has used no CPU for `quietMs` (at most `maxMs`): lets the app finish the
 * work it does after a response (e.g. the SQL sandbox starting its next worker) before the next
 * measurement, so that this work is charged to neither side of a comparison. Returns the ms waited.
 */
export async function settle(pid: number, quietMs = 60, maxMs = 3000): Promise<number> {
  const t0 = performance.now();
  let last = treeCpuMs(pid);
  let quietSince = performance.now();
  while (performance.now() - t0 < maxMs) {
    await sleep(20);
    const now = treeCpuMs(pid);
    if (now !== last) {
      last = now;
      quietSince = performance.now();
    } else if (performance.now() - quietSince >= quietMs) break;
  }
  return performance.now() - t0;
}
