/**
 * 分析员 SQL 沙箱：在独立的工作进程里对数仓做只读查询。
 *
 * - 每个工作进程用 child_process.fork 启动；有 prlimit 时套上 `prlimit --as=…`（操作系统级的地址空间上限），
 *   另加 `--max-old-space-size` 限制 JS 堆；环境变量只传 PATH/LANG/TZ，工作目录为 /。
 * - 一个进程只服务一条查询，交回结果后即被结束（SIGKILL）：查询之间不留任何状态。
 * - 进程池（默认 2 个，空闲的与正在执行的合计）：空闲进程已经启动、已经打开并锁定了只读实例、已经预热，
 *   查询来了直接执行；用过的进程结束后在后台补一个新的。数仓文件被 ETL 替换后，指向旧文件的空闲进程被丢弃、换新。
 *   一个查询卡住时，其他用户的查询仍由另一个进程回答；排队上限可配置。
 * - 工作进程内部的限制（只读、禁止外部访问、锁定配置、单语句、语句类型白名单、超时中断、行数上限）见 worker.mjs。
 * - 工作进程超时不回应（中断无效）或异常退出（超出内存）时，父进程强制结束它，池子随后补足。
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { locateSourceFile } from '../appdb/locate';
import { failureMessage, type FailureInfo, type SandboxFailureKind } from './messages';

export interface SandboxConfig {
  /** 数仓 DuckDB 文件（只读打开） */
  warehousePath: string;
  /** 工作进程数（同时执行的查询数上限，也是预先启动的空闲进程数） */
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

/** DuckDB threads 的默认值：CPU 核数，最多 4（一条查询用满这台机器；同时有两条时由操作系统分时）。 */
export function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
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
    threads: Math.max(1, intEnv(env, 'SQL_THREADS', defaultThreads())),
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
  /** 执行这条查询的工作进程号（它随后即被结束） */
  pid?: number;
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
  /** 执行这条查询的工作进程号（没有交给进程时为空） */
  pid?: number;
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
  /** 数据管道（fd 3）里 Arrow 字节的长度 */
  arrowBytes?: number;
  /** 没有数据管道时 Arrow 字节随结果消息传回 */
  arrow?: Uint8Array;
  rows?: (string | null)[][];
}

interface WorkerReady {
  type: 'ready';
  fileKey: string;
  error?: string;
}

interface Job {
  id: number;
  sql: string;
  rowLimit: number;
  timeoutMs: number;
  format: 'arrow' | 'rows';
  started: number;
  /** 交给过几个进程（进程在确认收到之前就死了时，查询交给另一个进程，至多 poolSize 次） */
  attempts: number;
  resolve: (o: SandboxOutcome) => void;
}

/** 数仓文件的身份（与 worker.mjs 的 fileKey 相同）：ETL 以改名方式发布，inode、修改时间、大小任一变化即为新文件。 */
export function warehouseSignature(file: string): string {
  try {
    const st = statSync(file);
    return `${st.ino}:${st.mtimeMs}:${st.size}`;
  } catch {
    return 'missing';
  }
}

/** 用过的进程结束后，等这么久（毫秒）再在后台启动补充的进程（见 scheduleRefill）。 */
const REFILL_AFTER_USE_MS = 50;

/** 一个预先启动的工作进程：已打开（或正在打开）受限实例，只服务一条查询。 */
class PooledWorker {
  readonly child: ChildProcess;
  /** 进程报告 ready（实例已打开并锁定，或打开失败）或已退出时兑现 */
  readonly ready: Promise<void>;
  isReady = false;
  /** 进程打开实例前看到的数仓文件身份；ready 之前是启动时父进程看到的 */
  signature: string;
  /** 已交给它一条查询：此后永不再交给它第二条 */
  used = false;
  job: Job | null = null;
  /** 进程已确认收到查询 */
  acknowledged = false;
  /** 已从池中移除（用过、被丢弃或已退出） */
  removed = false;
  private hardTimer: NodeJS.Timeout | null = null;
  private killedForTimeout = false;
  private stderrTail = '';
  private chunks: Buffer[] = [];
  private received = 0;
  private dataEnded = false;
  private result: WorkerResult | null = null;

  constructor(
    private readonly pool: SqlSandbox,
    signature: string
  ) {
    this.signature = signature;
    const cfg = pool.config;
    const nodeArgs = [`--max-old-space-size=${cfg.heapMb}`];
    const useLimit = cfg.prlimitPath && cfg.addressSpaceMb > 0;
    const child = fork(pool.workerScript, [], {
      execPath: useLimit ? cfg.prlimitPath! : process.execPath,
      execArgv: useLimit ? [`--as=${cfg.addressSpaceMb * 1024 * 1024}`, '--', process.execPath, ...nodeArgs] : nodeArgs,
      serialization: 'advanced',
      // 不继承服务进程的环境变量（其中可能有 APP_DB_PATH、密钥等），也不继承 NODE_OPTIONS
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', TZ: process.env.TZ ?? 'Asia/Shanghai' },
      cwd: '/',
      // fd 3：Arrow 字节的数据管道；fd 4：IPC
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'ipc']
    });
    this.child = child;
    let markReady: () => void = () => {};
    this.ready = new Promise<void>((resolve) => (markReady = resolve));
    child.stderr?.on('data', (b: Buffer) => {
      this.stderrTail = (this.stderrTail + b.toString('utf8')).slice(-2000);
    });
    const data = child.stdio[3] as Readable | null;
    data?.on('data', (b: Buffer) => {
      this.chunks.push(b);
      this.received += b.length;
      this.tryFinish();
    });
    data?.on('end', () => {
      this.dataEnded = true;
      this.tryFinish();
    });
    data?.on('error', () => undefined);
    child.on('message', (m: WorkerResult | WorkerReady | { type: 'started'; id: number }) => {
      if (m && m.type === 'started') {
        if (this.job && m.id === this.job.id) this.acknowledged = true;
      } else if (m && m.type === 'ready') {
        this.isReady = true;
        this.signature = m.fileKey;
        markReady();
        this.pool.onReady(this);
      } else if (m && m.type === 'result') {
        this.result = m;
        this.tryFinish();
      }
    });
    child.on('exit', (code, signal) => {
      markReady();
      this.gone(`worker exit code=${code} signal=${signal} ${this.stderrTail}`);
    });
    // 启动失败，或向已经死掉（父进程还没看到）的进程发消息（EPIPE）
    child.on('error', (err) => {
      markReady();
      this.kill();
      this.gone(String(err));
    });
    // 启动后立即打开实例（不等查询）
    child.send({ type: 'prepare', warehousePath: cfg.warehousePath, memoryLimitMb: cfg.memoryLimitMb, threads: cfg.threads });
  }

  /** 进程没了（退出，或发不出消息）：查询若还没开始就交给另一个进程，否则报告失败。 */
  private gone(detail: string): void {
    if (this.hardTimer) clearTimeout(this.hardTimer);
    const job = this.job;
    if (job && !this.acknowledged && !this.killedForTimeout && job.attempts <= this.pool.config.poolSize) {
      // 进程在收到查询之前就没了（例如空闲时被外部结束、父进程还没看到）：查询从未执行，交给另一个进程
      // （池中的空闲进程可能都已死掉，所以最多试 poolSize + 1 次；进程一启动就崩溃时不会无限重试）
      this.job = null;
      this.pool.onExit(this);
      this.pool.requeue(job);
      return;
    }
    if (job) {
      const kind: SandboxFailureKind = this.killedForTimeout ? 'timeout' : 'crash';
      this.complete(job, this.pool.fail(kind, detail, job));
    }
    this.pool.onExit(this);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  start(job: Job): void {
    this.used = true;
    this.job = job;
    job.attempts++;
    const cfg = this.pool.config;
    // 工作进程自己会在 timeoutMs 时 interrupt；它若不回应，宽限期后强制结束
    this.hardTimer = setTimeout(() => {
      this.killedForTimeout = true;
      this.child.kill('SIGKILL');
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

  /** 结果齐了（IPC 的结果消息，format = 'arrow' 时还有数据管道里的全部字节）就交回。 */
  private tryFinish(): void {
    const job = this.job;
    const m = this.result;
    if (!job || !m || m.id !== job.id) return;
    if (!m.ok) {
      const info: FailureInfo = { kind: m.kind ?? 'run', detail: m.detail ?? '', statementType: m.statementType, count: m.count };
      this.complete(job, this.pool.failWith(info, job, m.ms));
      return;
    }
    let arrow = m.arrow;
    if (m.arrowBytes !== undefined) {
      if (this.received < m.arrowBytes) {
        if (!this.dataEnded) return; // 还在传
        this.complete(job, this.pool.fail('crash', `data pipe closed after ${this.received} of ${m.arrowBytes} bytes`, job));
        return;
      }
      arrow = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.received);
      this.chunks = [];
    }
    this.complete(job, {
      ok: true,
      columns: m.columns ?? [],
      rowCount: m.rowCount ?? 0,
      truncated: m.truncated ?? false,
      rowLimit: job.rowLimit,
      ms: m.ms,
      arrow,
      rows: m.rows
    });
  }

  private complete(job: Job, outcome: SandboxOutcome): void {
    if (this.job !== job) return;
    if (this.hardTimer) clearTimeout(this.hardTimer);
    this.hardTimer = null;
    this.job = null;
    // 先结束进程，再交回结果：用过的进程不可能再被派到查询
    this.pool.retire(this);
    job.resolve({ ...outcome, pid: this.pid });
  }

  kill(): void {
    if (this.hardTimer && !this.job) clearTimeout(this.hardTimer);
    try {
      this.child.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

/**
 * 工作进程池：最多 poolSize 个进程（空闲的与正在执行的合计），每个只服务一条查询。
 * 空闲进程在后台补足；数仓文件被替换时丢弃指向旧文件的空闲进程。
 */
export class SqlSandbox {
  readonly config: SandboxConfig;
  readonly workerScript: string;
  private readonly workers = new Set<PooledWorker>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private signature: string;
  /** 连续在 ready 之前就退出的进程数（启动失败时退避，免得空转） */
  private failStreak = 0;
  private refillTimer: NodeJS.Timeout | null = null;
  private watchTimer: NodeJS.Timeout | null = null;
  /** 启动过的工作进程总数（测试与基准用） */
  spawned = 0;

  constructor(config: SandboxConfig) {
    this.config = config;
    this.workerScript = locateSourceFile(import.meta.url, './worker.mjs', 'src/lib/server/sql-sandbox/worker.mjs', 'SQL_WORKER_SCRIPT');
    this.signature = warehouseSignature(config.warehousePath);
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
      const job: Job = { id: this.nextId++, sql, rowLimit, timeoutMs, format: opts.format ?? 'arrow', started: Date.now(), attempts: 0, resolve };
      if (this.closed) return resolve(this.fail('busy', 'closed', job));
      if (typeof sql !== 'string' || sql.trim() === '') return resolve(this.fail('empty', '', job));
      if (sql.length > cfg.maxSqlLength) return resolve(this.fail('too-long', '', job));
      if (this.queue.length >= cfg.maxQueue && !this.idleWorker() && this.workers.size >= cfg.poolSize) return resolve(this.fail('busy', '', job));
      this.startMaintenance();
      this.queue.push(job);
      this.pump();
    });
  }

  /** 有可用进程（空闲的，或还能再启动一个）就派发排队的查询。 */
  private pump(): void {
    if (this.closed) return;
    this.checkRepublish();
    while (this.queue.length > 0) {
      let w = this.idleWorker();
      if (!w) {
        if (this.workers.size >= this.config.poolSize) break;
        w = this.spawn();
      }
      w.start(this.queue.shift()!);
    }
    this.scheduleRefill();
  }

  /** 空闲进程：优先已就绪的，其次最早启动的。 */
  private idleWorker(): PooledWorker | null {
    let starting: PooledWorker | null = null;
    for (const w of this.workers) {
      if (w.used || !w.alive) continue;
      if (w.isReady) return w;
      starting ??= w;
    }
    return starting;
  }

  private spawn(): PooledWorker {
    const w = new PooledWorker(this, this.signature);
    this.workers.add(w);
    this.spawned++;
    return w;
  }

  /** 数仓文件被替换了吗？是就丢弃指向旧文件的空闲进程（用过的进程本来就会结束）。 */
  private checkRepublish(): void {
    const sig = warehouseSignature(this.config.warehousePath);
    if (sig === this.signature) return;
    this.signature = sig;
    for (const w of [...this.workers]) if (!w.used && w.signature !== sig) this.retire(w);
  }

  /**
   * 在后台把空闲进程补足到 poolSize（启动接连失败时退避）。
   * afterUse：刚交回一条查询的结果，稍等再启动新进程——fork 一个几百 MB 的服务进程要复制页表，
   * 会让事件循环停顿约 10 毫秒/100 MB，不要压在正在发出的响应上。需要进程时 pump 会立即启动，不受这个延迟影响。
   */
  private scheduleRefill(afterUse = false): void {
    if (this.closed || this.refillTimer || this.workers.size >= this.config.poolSize) return;
    const backoff = this.failStreak > 0 ? Math.min(10_000, 250 * 2 ** (this.failStreak - 1)) : 0;
    const delay = Math.max(backoff, afterUse ? REFILL_AFTER_USE_MS : 0);
    this.refillTimer = setTimeout(() => {
      this.refillTimer = null;
      this.refill();
    }, delay);
    this.refillTimer.unref?.();
  }

  private refill(): void {
    if (this.closed) return;
    this.checkRepublish();
    while (this.workers.size < this.config.poolSize) this.spawn();
    this.pump();
  }

  /** 定期（每秒）检查数仓文件是否被替换，空闲进程随之换新；不阻止进程退出。 */
  private startMaintenance(): void {
    if (this.watchTimer || this.closed) return;
    this.watchTimer = setInterval(() => {
      this.checkRepublish();
      this.scheduleRefill();
    }, 1000);
    this.watchTimer.unref?.();
  }

  /** 从池中移除并结束一个进程（用过的、指向旧文件的），随后补足。 */
  retire(w: PooledWorker): void {
    if (!w.removed) {
      w.removed = true;
      this.workers.delete(w);
    }
    w.kill();
    this.scheduleRefill(w.used);
    if (this.queue.length > 0) queueMicrotask(() => this.pump());
  }

  /** 查询还没开始执行，进程就没了：放回队首重新派发。 */
  requeue(job: Job): void {
    if (this.closed) return job.resolve(this.fail('busy', 'closed', job));
    this.queue.unshift(job);
    this.pump();
  }

  onReady(w: PooledWorker): void {
    this.failStreak = 0;
    if (w.signature !== this.signature) this.checkRepublish();
  }

  onExit(w: PooledWorker): void {
    if (w.removed) return;
    w.removed = true;
    this.workers.delete(w);
    if (!w.isReady) this.failStreak++;
    this.scheduleRefill();
    if (this.queue.length > 0) queueMicrotask(() => this.pump());
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

  /** 把空闲进程补足并等它们就绪（服务启动后第一次查询不必等进程启动）。 */
  async warm(): Promise<void> {
    if (this.closed) return;
    this.startMaintenance();
    this.refill();
    await Promise.all([...this.workers].filter((w) => !w.used).map((w) => w.ready));
  }

  /** 池中工作进程的进程号（空闲的与正在执行的）。 */
  pids(): number[] {
    return [...this.workers].map((w) => w.pid).filter((p): p is number => typeof p === 'number');
  }

  stats(): { workers: number; idle: number; ready: number; busy: number; queued: number; spawned: number } {
    const all = [...this.workers];
    return {
      workers: all.length,
      idle: all.filter((w) => !w.used).length,
      ready: all.filter((w) => !w.used && w.isReady).length,
      busy: all.filter((w) => w.job !== null).length,
      queued: this.queue.length,
      spawned: this.spawned
    };
  }

  /** 结束所有工作进程（测试与退出时用）。 */
  close(): void {
    this.closed = true;
    if (this.refillTimer) clearTimeout(this.refillTimer);
    if (this.watchTimer) clearInterval(this.watchTimer);
    this.refillTimer = this.watchTimer = null;
    for (const job of this.queue.splice(0)) job.resolve(this.fail('busy', 'closed', job));
    for (const w of [...this.workers]) {
      w.removed = true;
      this.workers.delete(w);
      w.kill();
    }
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
