/**
 * 应用数据库（用户、会话、查询历史、审计日志）：一个 DuckDB 文件，一个进程内的连接池。
 *
 * - 路径：环境变量 APP_DB_PATH，默认 data/app/app.duckdb；与数仓分开，从不 ATTACH 到数仓，也不交给 SQL 沙箱。
 * - 只有服务进程写它（DuckDB 对文件加独占锁）；命令行 `npm run user` 只能在服务停止时使用。
 * - 所有语句在 queries.sql 里按名称取用，参数绑定，不拼接字符串。
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { locateSourceFile } from './locate';
import { loadNamedSql } from './sqlfile';

export type SqlParam = string | number | boolean | null;
export type SqlParams = Record<string, SqlParam>;
export type Row = Record<string, unknown>;

let queriesCache: Map<string, string> | null = null;

function queries(): Map<string, string> {
  if (!queriesCache) {
    queriesCache = loadNamedSql(locateSourceFile(import.meta.url, './queries.sql', 'src/lib/server/appdb/queries.sql', 'APP_QUERIES_SQL'));
  }
  return queriesCache;
}

/** 按名称取语句；名称不存在时抛错（编程错误）。 */
export function sqlNamed(name: string): string {
  const sql = queries().get(name);
  if (!sql) throw new Error(`queries.sql 中没有名为 ${name} 的语句`);
  return sql;
}

/** 只保留查询实际用到的参数（DuckDB 对多余的命名参数会报错）。 */
function paramsFor(sql: string, params: SqlParams): SqlParams {
  const out: SqlParams = {};
  for (const m of sql.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)) {
    const k = m[1]!;
    if (!(k in params)) throw new Error(`缺少参数 $${k}`);
    out[k] = params[k]!;
  }
  return out;
}

function normalizeValue(v: unknown): unknown {
  return typeof v === 'bigint' ? Number(v) : v;
}

export class AppDb {
  private idle: DuckDBConnection[] = [];
  private open = 0;
  private waiters: ((c: DuckDBConnection) => void)[] = [];
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly maxConnections: number
  ) {}

  /** 打开（必要时创建）应用库并执行 schema.sql。 */
  static async open(dbPath: string, maxConnections = 4): Promise<AppDb> {
    const abs = path.resolve(dbPath);
    mkdirSync(path.dirname(abs), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(abs, { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (/lock/i.test(msg)) {
        throw new Error(`应用数据库 ${abs} 正被另一个进程（通常是正在运行的服务）占用。请先停止服务，或在网页“用户管理”中操作。`);
      }
      throw e;
    }
    const db = new AppDb(abs, instance, maxConnections);
    const schema = readFileSync(locateSourceFile(import.meta.url, './schema.sql', 'src/lib/server/appdb/schema.sql', 'APP_SCHEMA_SQL'), 'utf8');
    await db.withConnection((c) => c.run(schema));
    return db;
  }

  private async acquire(): Promise<DuckDBConnection> {
    if (this.closed) throw new Error('应用数据库已关闭');
    const c = this.idle.pop();
    if (c) return c;
    if (this.open < this.maxConnections) {
      this.open++;
      try {
        return await this.instance.connect();
      } catch (e) {
        this.open--;
        throw e;
      }
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(c: DuckDBConnection): void {
    const w = this.waiters.shift();
    if (w) w(c);
    else if (this.closed) c.closeSync();
    else this.idle.push(c);
  }

  async withConnection<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    const c = await this.acquire();
    try {
      return await fn(c);
    } finally {
      this.release(c);
    }
  }

  /** 执行命名语句，返回行对象（BIGINT 转成 number，TIMESTAMP 转成 Date）。 */
  async all<T extends Row = Row>(name: string, params: SqlParams = {}): Promise<T[]> {
    const sql = sqlNamed(name);
    return this.withConnection(async (c) => {
      const reader = await c.runAndReadAll(sql, paramsFor(sql, params));
      return reader.getRowObjectsJS().map((r) => {
        const o: Row = {};
        for (const [k, v] of Object.entries(r)) o[k] = normalizeValue(v);
        return o as T;
      });
    });
  }

  async one<T extends Row = Row>(name: string, params: SqlParams = {}): Promise<T | null> {
    return (await this.all<T>(name, params))[0] ?? null;
  }

  /** 执行命名语句，返回受影响的行数。 */
  async run(name: string, params: SqlParams = {}): Promise<number> {
    const sql = sqlNamed(name);
    return this.withConnection(async (c) => {
      const r = await c.run(sql, paramsFor(sql, params));
      return Number(r.rowsChanged);
    });
  }

  /** 在同一连接上的事务里执行多条命名语句。 */
  async transaction<T>(fn: (tx: { run: (name: string, params?: SqlParams) => Promise<number>; all: <R extends Row = Row>(name: string, params?: SqlParams) => Promise<R[]> }) => Promise<T>): Promise<T> {
    return this.withConnection(async (c) => {
      await c.run('BEGIN TRANSACTION');
      try {
        const tx = {
          run: async (name: string, params: SqlParams = {}) => {
            const sql = sqlNamed(name);
            const r = await c.run(sql, paramsFor(sql, params));
            return Number(r.rowsChanged);
          },
          all: async <R extends Row = Row>(name: string, params: SqlParams = {}) => {
            const sql = sqlNamed(name);
            const reader = await c.runAndReadAll(sql, paramsFor(sql, params));
            return reader.getRowObjectsJS().map((r) => {
              const o: Row = {};
              for (const [k, v] of Object.entries(r)) o[k] = normalizeValue(v);
              return o as R;
            });
          }
        };
        const out = await fn(tx);
        await c.run('COMMIT');
        return out;
      } catch (e) {
        try {
          await c.run('ROLLBACK');
        } catch {
          /* 已回滚 */
        }
        throw e;
      }
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.idle.splice(0)) c.closeSync();
    this.instance.closeSync();
  }
}

let shared: Promise<AppDb> | null = null;

export function appDbPathFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.APP_DB_PATH || 'data/app/app.duckdb');
}

/** 服务进程共用的应用库（第一次调用时打开）。 */
export function getAppDb(): Promise<AppDb> {
  if (!shared) {
    shared = AppDb.open(appDbPathFromEnv()).catch((e) => {
      shared = null;
      throw e;
    });
  }
  return shared;
}

/** 测试用：换成指定的应用库实例（null 表示恢复为按环境变量打开）。 */
export function setAppDbForTesting(db: AppDb | null): void {
  shared = db ? Promise.resolve(db) : null;
}
