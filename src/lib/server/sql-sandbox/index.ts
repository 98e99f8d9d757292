/**
 * 分析员 SQL 沙箱：在独立的工作进程里对数仓做只读查询。
 *
 * - 每个工作进程用 child_process.fork 启动；有 prlimit 时套上 `prlimit --as=…`（操作系统级的地址空间上限），
 *   另加 `--max-old-space-size` 限制 JS 堆；环境变量只传 PATH/LANG/TZ，工作目录为 /。
 * - 进程池（默认 2 个）：一个查询卡住时，其他用户的查询仍由另一个进程回答；排队上限可配置。
 * - 工作进程内部的限制（只读、禁止外部访问、锁定配置、单语句、语句类型白名单、超时中断、行数上限）见 worker.mjs。
 * - 工作进程超时不回应（中断无效）或异常退出（超出内存）时，父进程强制结束它并在下次需要时重新启动。
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { locateSourceFile } from '../appdb/locate';
import { failureMessage, type FailureInfo, type SandboxFailureKind } from './messages';

export interface SandboxConfig {
  /** 数仓 DuckDB 文件（只读打开） */
  warehousePath: string;
  /** 工作进程数 */
  poolSize: number;
  /** 默认时间上限（毫秒） */
  timeoutMs: number;
  /** 行数上限（请求里的 limit 不能超过它） */
  maxRows: number;
  /** 结果大小上限（字节，近似） */
  maxBytes: number;
  /** DuckDB memory_limit（MB） */
  memoryLimitMb: number;
  /** DuckDB threads */
  threads: number;
  /** 工作进程 JS 堆上限（MB） */
  heapMb: number;
  /** 工作进程地址空间上限（MB，prlimit --as）；0 表示不设 */
  addressSpaceMb: number;
  /** 排队等待的查询数上限 */
  maxQueue: number;
  /** SQL 文本长度上限（字符） */
  maxSqlLength: number;
  /** prlimit 可执行文件；null 表示不可用 */
  prlimitPath: string | null;
  /** 超时后等待工作进程自行中断的宽限（毫秒），过后强制结束 */
  killGraceMs: number;
}

function intEnv(env: NodeJS.ProcessEnv, name: string, def: number): number {
  const v = env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : def;
}

export function findPrlimit(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.SQL_PRLIMIT === 'off') return null;
  const candidates = [env.SQL_PRLIMIT, '/usr/bin/prlimit', '/bin/prlimit'].filter((x): x is string => !!x);
  return candidates.find((c) => existsSync(c)) ?? null;
}

/** 从环境变量读取配置（都有默认值）。 */
export function sandboxConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SandboxConfig {
  const memoryLimitMb = intEnv(env, 'SQL_MEMORY_LIMIT_MB', 1024);
  const heapMb = intEnv(env, 'SQL_WORKER_HEAP_MB', 512);
  return {
    warehousePath: path.resolve(env.WAREHOUSE_PATH || 'data/warehouse/warehouse.duckdb'),
    poolSize: Math.max(1, intEnv(env, 'SQL_WORKERS', 2)),
    timeoutMs: Math.max(100, intEnv(env, 'SQL_TIMEOUT_MS', 30_000)),
    maxRows: Math.max(1, intEnv(env, 'SQL_MAX_ROWS', 100_000)),
    maxBytes: Math.max(1024, intEnv(env, 'SQL_MAX_RESULT_MB', 64) * 1024 * 1024),
    memoryLimitMb,
    threads: Math.max(1, intEnv(env, 'SQL_THREADS', 1)),
    heapMb,
    // node + DuckDB 加载后虚拟地址约 1.4 GB，再加 DuckDB 内存与 JS 堆
    addressSpaceMb: intEnv(env, 'SQL_WORKER_AS_MB', 2048 + memoryLimitMb + heapMb),
    maxQueue: intEnv(env, 'SQL_MAX_QUEUE', 8),
    maxSqlLength: intEnv(env, 'SQL_MAX_LENGTH', 100_000),
    prlimitPath: findPrlimit(env),
    killGraceMs: intEnv(env, 'SQL_KILL_GRACE_MS', 5_000)
  };
}

export interface ColumnInfo {
  name: string;
  /** DuckDB 类型名，如 VARCHAR、DECIMAL(18,2) */
  type: string;
}

export interface SandboxSuccess {
  ok: true;
  columns: ColumnInfo[];
  rowCount: number;
  /** false：完整；'rows'：达到行数上限被截断；'bytes'：达到大小上限被截断 */
  truncated: false | 'rows' | 'bytes';
  /** 本次生效的行数上限 */
  rowLimit: number;
  ms: number;
  /** format = 'arrow' 时：Arrow IPC 流 */
  arrow?: Uint8Array;
  /** format = 'rows' 时：文本形式的行（null 为空值） */
  rows?: (string | null)[][];
}

export interface SandboxFailure {
  ok: false;
  kind: SandboxFailureKind;
  /** 中文说明 */
  message: string;
  /** DuckDB 原始报错（仅记录在查询历史，不直接给用户看） */
  detail: string;
  statementType?: string;
  ms: number;
}

export type SandboxOutcome = SandboxSuccess | SandboxFailure;

export interface RunOptions {
  /** 行数上限（会被限制在 maxRows 以内） */
  limit?: number;
  /** 时间上限（毫秒，会被限制在配置值以内；测试可以设得更短） */
  timeoutMs?: number;
  format?: 'arrow' | 'rows';
}

interface WorkerResult {
  type: 'result';
  id: number;
  ok: boolean;
  kind?: SandboxFailureKind;
  detail?: string;
  statementType?: string;
  count?: number;
  columns?: ColumnInfo[];
  rowCount?: number;
  truncated?: false | 'rows' | 'bytes';
  ms: number;
  arrow?: Uint8Array;
  rows?: (string | null)[][];
}

interface Job {
  id: number;
  sql: string;
  rowLimit: number;
  timeoutMs: number;
  format: 'arrow' | 'rows';
  started: number;
  resolve: (o: SandboxOutcome) => void;
}

class WorkerSlot {
  child: ChildProcess | null = null;
  job: Job | null = null;
  hardTimer: NodeJS.Timeout | null = null;
  killedForTimeout = false;
  stderrTail = '';

  constructor(private readonly sandbox: SqlSandbox) {}

  get busy(): boolean {
    return this.job !== null;
  }

  /** 空闲时预先启动工作进程，等它报告就绪。 */
  warm(): Promise<void> {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) return this.readyPromise ?? Promise.resolve();
    this.child = this.spawn();
    return this.readyPromise!;
  }

  private readyPromise: Promise<void> | null = null;

  private spawn(): ChildProcess {
    const cfg = this.sandbox.config;
    const script = this.sandbox.workerScript;
    const nodeArgs = [`--max-old-space-size=${cfg.heapMb}`];
    const useLimit = cfg.prlimitPath && cfg.addressSpaceMb > 0;
    const child = fork(script, [], {
      execPath: useLimit ? cfg.prlimitPath! : process.execPath,
      execArgv: useLimit
        ? [`--as=${cfg.addressSpaceMb * 1024 * 1024}`, '--', process.execPath, ...nodeArgs]
        : nodeArgs,
      serialization: 'advanced',
      // 不继承服务进程的环境变量（其中可能有 APP_DB_PATH、密钥等），也不继承 NODE_OPTIONS
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', TZ: process.env.TZ ?? 'Asia/Shanghai' },
      cwd: '/',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc']
    });
    child.stderr?.on('data', (b: Buffer) => {
      this.stderrTail = (this.stderrTail + b.toString('utf8')).slice(-2000);
    });
    let markReady: () => void = () => {};
    this.readyPromise = new Promise<void>((resolve) => (markReady = resolve));
    child.on('message', (m: WorkerResult | { type: 'ready' }) => {
      if (m && m.type === 'ready') markReady();
      else if (m && m.type === 'result') this.finish(m);
    });
    child.once('exit', () => markReady());
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = null;
      const job = this.job;
      if (job) {
        const kind: SandboxFailureKind = this.killedForTimeout ? 'timeout' : 'crash';
        this.complete(job, this.sandbox.fail(kind, `worker exit code=${code} signal=${signal} ${this.stderrTail}`, job));
      }
      this.killedForTimeout = false;
    });
    child.on('error', (err) => {
      const job = this.job;
      if (job) this.complete(job, this.sandbox.fail('crash', String(err), job));
      try {
        child.kill('SIGKILL');
      } catch {
        /* ignore */
      }
      if (this.child === child) this.child = null;
    });
    // 让新进程先打开一个备用实例，第一条查询不必等
    child.send({ type: 'prepare', warehousePath: cfg.warehousePath, memoryLimitMb: cfg.memoryLimitMb, threads: cfg.threads });
    return child;
  }

  start(job: Job): void {
    this.job = job;
    this.killedForTimeout = false;
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) this.child = this.spawn();
    const cfg = this.sandbox.config;
    // 工作进程自己会在 timeoutMs 时 interrupt；它若不回应，宽限期后强制结束
    this.hardTimer = setTimeout(() => {
      this.killedForTimeout = true;
      this.child?.kill('SIGKILL');
    }, job.timeoutMs + cfg.killGraceMs);
    this.child.send({
      type: 'run',
      id: job.id,
      sql: job.sql,
      warehousePath: cfg.warehousePath,
      rowLimit: job.rowLimit,
      maxBytes: cfg.maxBytes,
      timeoutMs: job.timeoutMs,
      memoryLimitMb: cfg.memoryLimitMb,
      threads: cfg.threads,
      format: job.format
    });
  }

  private finish(m: WorkerResult): void {
    const job = this.job;
    if (!job || m.id !== job.id) return;
    if (m.ok) {
      this.complete(job, {
        ok: true,
        columns: m.columns ?? [],
        rowCount: m.rowCount ?? 0,
        truncated: m.truncated ?? false,
        rowLimit: job.rowLimit,
        ms: m.ms,
        arrow: m.arrow,
        rows: m.rows
      });
    } else {
      const info: FailureInfo = { kind: m.kind ?? 'run', detail: m.detail ?? '', statementType: m.statementType, count: m.count };
      this.complete(job, this.sandbox.failWith(info, job, m.ms));
    }
  }

  private complete(job: Job, outcome: SandboxOutcome): void {
    if (this.job !== job) return;
    if (this.hardTimer) clearTimeout(this.hardTimer);
    this.hardTimer = null;
    this.job = null;
    job.resolve(outcome);
    this.sandbox.pump();
  }

  kill(): void {
    if (this.hardTimer) clearTimeout(this.hardTimer);
    this.child?.kill('SIGKILL');
    this.child = null;
  }
}

export class SqlSandbox {
  readonly config: SandboxConfig;
  readonly workerScript: string;
  private readonly slots: WorkerSlot[];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(config: SandboxConfig) {
    this.config = config;
    this.workerScript = locateSourceFile(import.meta.url, './worker.mjs', 'src/lib/server/sql-sandbox/worker.mjs', 'SQL_WORKER_SCRIPT');
    this.slots = Array.from({ length: config.poolSize }, () => new WorkerSlot(this));
    if (!config.prlimitPath) {
      console.warn('[sql-sandbox] 未找到 prlimit：工作进程没有操作系统级内存上限，仅有 DuckDB memory_limit 与 --max-old-space-size。');
    }
  }

  /** 执行一条只读查询。永远不会抛出：失败以 { ok: false, message } 返回。 */
  run(sql: string, opts: RunOptions = {}): Promise<SandboxOutcome> {
    const cfg = this.config;
    const rowLimit = Math.min(cfg.maxRows, Math.max(1, Math.floor(opts.limit ?? cfg.maxRows)));
    const timeoutMs = Math.min(cfg.timeoutMs, Math.max(100, Math.floor(opts.timeoutMs ?? cfg.timeoutMs)));
    return new Promise<SandboxOutcome>((resolve) => {
      const job: Job = { id: this.nextId++, sql, rowLimit, timeoutMs, format: opts.format ?? 'arrow', started: Date.now(), resolve };
      if (this.closed) return resolve(this.fail('busy', 'closed', job));
      if (typeof sql !== 'string' || sql.trim() === '') return resolve(this.fail('empty', '', job));
      if (sql.length > cfg.maxSqlLength) return resolve(this.fail('too-long', '', job));
      if (this.queue.length >= cfg.maxQueue && !this.slots.some((s) => !s.busy)) return resolve(this.fail('busy', '', job));
      this.queue.push(job);
      this.pump();
    });
  }

  /** 有空闲进程就派发排队的查询。 */
  pump(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => !s.busy);
      if (!slot) return;
      slot.start(this.queue.shift()!);
    }
  }

  fail(kind: SandboxFailureKind, detail: string, job: Job): SandboxFailure {
    return this.failWith({ kind, detail }, job, Date.now() - job.started);
  }

  failWith(info: FailureInfo, job: Job, ms: number): SandboxFailure {
    return {
      ok: false,
      kind: info.kind,
      message: failureMessage(info, { timeoutMs: job.timeoutMs, memoryLimitMb: this.config.memoryLimitMb }),
      detail: info.detail,
      statementType: info.statementType,
      ms
    };
  }

  /** 预先启动全部工作进程（服务启动后第一次查询不必等进程启动）。 */
  async warm(): Promise<void> {
    await Promise.all(this.slots.filter((s) => !s.busy).map((s) => s.warm()));
  }

  /** 正在运行的工作进程号（测试用）。 */
  pids(): number[] {
    return this.slots.map((s) => s.child?.pid).filter((p): p is number => typeof p === 'number');
  }

  stats(): { workers: number; busy: number; queued: number } {
    return { workers: this.slots.length, busy: this.slots.filter((s) => s.busy).length, queued: this.queue.length };
  }

  /** 结束所有工作进程（测试与退出时用）。 */
  close(): void {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.resolve(this.fail('busy', 'closed', job));
    for (const s of this.slots) s.kill();
  }
}

let shared: SqlSandbox | null = null;

/** 服务进程共用的沙箱（按环境变量配置）。 */
export function getSandbox(): SqlSandbox {
  if (!shared) {
    shared = new SqlSandbox(sandboxConfigFromEnv());
    process.once('exit', () => shared?.close());
    // adapter-node closes the HTTP server on SIGTERM/SIGINT and then emits this event: the idle
    // workers' IPC channels would otherwise keep the process alive and the server would never exit.
    process.once('sveltekit:shutdown' as 'exit', () => shared?.close());
    void shared.warm().catch(() => undefined);
  }
  return shared;
}
