/**
 * 沙箱的时间、行数、大小、内存上限，进程池并发，工作进程的隔离（环境变量、prlimit），以及 Arrow 输出。
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync, renameSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { findPrlimit, SqlSandbox, type SandboxOutcome } from '../../src/lib/server/sql-sandbox';
import { createFixture, createWarehouse, HAS_CHINESE, sandboxConfig, snapshot, type Fixture } from './fixtures';

const RUNAWAY = 'SELECT count(*) FROM range(1000000000) AS a, range(1000000) AS b WHERE a.range + b.range = 7';

let f: Fixture;
let sandbox: SqlSandbox;

beforeAll(async () => {
  process.env.APP_DB_PATH = '/should/not/leak/app.duckdb';
  f = await createFixture();
  sandbox = new SqlSandbox(sandboxConfig(f, { maxRows: 1000 }));
  await sandbox.warm();
});

afterAll(() => {
  sandbox?.close();
  f?.cleanup();
});

function ok(o: SandboxOutcome) {
  if (!o.ok) throw new Error(`查询失败：${o.message}`);
  return o;
}

describe('时间上限与并发', () => {
  test('失控的笛卡尔积在 2 秒上限附近被中断，同时另一条查询很快得到回答', async () => {
    const t0 = Date.now();
    let runawayDone = 0;
    const runaway = sandbox.run(RUNAWAY, { timeoutMs: 2000, format: 'rows' }).then((o) => {
      runawayDone = Date.now();
      return o;
    });
    await new Promise((r) => setTimeout(r, 300));
    const t1 = Date.now();
    const quick = ok(await sandbox.run('SELECT count(*) AS n FROM units', { format: 'rows' }));
    const quickMs = Date.now() - t1;
    expect(quick.rows).toEqual([['3']]);
    expect(quickMs).toBeLessThan(1500);
    expect(runawayDone).toBe(0); // 快查询回来时失控查询还在跑

    const out = await runaway;
    const elapsed = Date.now() - t0;
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.kind).toBe('timeout');
    expect(out.message).toMatch(/时间上限（2 秒）/);
    expect(elapsed).toBeGreaterThanOrEqual(1900);
    expect(elapsed).toBeLessThan(4500);
    // 沙箱仍然可用
    expect(ok(await sandbox.run('SELECT 1 AS x', { format: 'rows' })).rows).toEqual([['1']]);
  });

  test('工作进程中途死亡：返回中文说明，之后自动重启', async () => {
    // 等空闲进程就绪：查询确实在执行时才结束进程（还没收到查询就死了的进程，查询会交给另一个进程）
    await sandbox.warm();
    const p = sandbox.run(RUNAWAY, { timeoutMs: 8000, format: 'rows' });
    await new Promise((r) => setTimeout(r, 400));
    const before = sandbox.pids();
    expect(before.length).toBeGreaterThan(0);
    for (const pid of before) process.kill(pid, 'SIGKILL');
    const out = await p;
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.kind).toBe('crash');
      expect(out.message).toMatch(/查询进程异常退出/);
    }
    expect(ok(await sandbox.run('SELECT 2 AS x', { format: 'rows' })).rows).toEqual([['2']]);
    expect(sandbox.pids().some((pid) => !before.includes(pid))).toBe(true);
  });

  test('排队已满时返回“查询队列已满”', async () => {
    const small = new SqlSandbox(sandboxConfig(f, { poolSize: 1, maxQueue: 1 }));
    try {
      await small.warm();
      const a = small.run(RUNAWAY, { timeoutMs: 1500, format: 'rows' });
      await new Promise((r) => setTimeout(r, 100));
      const b = small.run('SELECT 1', { format: 'rows' });
      const c = await small.run('SELECT 2', { format: 'rows' });
      expect(c.ok).toBe(false);
      if (!c.ok) {
        expect(c.kind).toBe('busy');
        expect(c.message).toMatch(/队列已满/);
      }
      expect((await a).ok).toBe(false);
      expect((await b).ok).toBe(true);
    } finally {
      small.close();
    }
  });
});

describe('行数、大小、内存上限', () => {
  test('行数上限：截断并如实报告', async () => {
    const r = ok(await sandbox.run('SELECT range AS i FROM range(5000)', { format: 'arrow' }));
    expect(r.rowCount).toBe(1000);
    expect(r.rowLimit).toBe(1000);
    expect(r.truncated).toBe('rows');
    expect(tableFromIPC(r.arrow!).numRows).toBe(1000);
  });

  test('请求的 limit 更小时按请求；更大时不超过上限；恰好等于时不算截断', async () => {
    const a = ok(await sandbox.run('FROM range(5000)', { limit: 10, format: 'rows' }));
    expect([a.rowCount, a.truncated]).toEqual([10, 'rows']);
    const b = ok(await sandbox.run('FROM range(5000)', { limit: 1_000_000_000, format: 'rows' }));
    expect([b.rowCount, b.rowLimit]).toEqual([1000, 1000]);
    const c = ok(await sandbox.run('FROM range(10)', { limit: 10, format: 'rows' }));
    expect([c.rowCount, c.truncated]).toEqual([10, false]);
  });

  test('结果大小上限：截断为 bytes', async () => {
    const s = new SqlSandbox(sandboxConfig(f, { poolSize: 1, maxBytes: 4096 }));
    try {
      const r = ok(await s.run("SELECT repeat('汉', 100) AS s FROM range(500)", { format: 'rows' }));
      expect(r.truncated).toBe('bytes');
      expect(r.rowCount).toBeGreaterThan(0);
      expect(r.rowCount).toBeLessThan(500);
    } finally {
      s.close();
    }
  });

  test('内存上限：超出 DuckDB memory_limit 时给出中文说明，沙箱随后可用', async () => {
    const s = new SqlSandbox(sandboxConfig(f, { poolSize: 1, memoryLimitMb: 64 }));
    try {
      const r = await s.run("SELECT string_agg(range::VARCHAR, ',') IS NOT NULL FROM range(20000000)", { format: 'rows' });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/内存上限（64 MB）/);
      expect((await s.run('SELECT 1', { format: 'rows' })).ok).toBe(true);
    } finally {
      s.close();
    }
  });

  test('SQL 过长或为空时直接拒绝', async () => {
    const s = new SqlSandbox(sandboxConfig(f, { poolSize: 1, maxSqlLength: 50 }));
    try {
      const long = await s.run(`SELECT '${'x'.repeat(100)}'`);
      expect(long.ok ? '' : long.message).toMatch(/SQL 过长/);
      const empty = await s.run('   ');
      expect(empty.ok ? '' : empty.message).toMatch(/SQL 为空/);
    } finally {
      s.close();
    }
  });

  test('数仓文件不存在时给出中文说明', async () => {
    const s = new SqlSandbox(sandboxConfig(f, { poolSize: 1, warehousePath: path.join(f.dir, 'nope.duckdb') }));
    try {
      const r = await s.run('SELECT 1');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/数仓文件不存在/);
    } finally {
      s.close();
    }
    expect(snapshot(path.join(f.dir, 'nope.duckdb')).exists).toBe(false);
  });
});

describe('允许的只读语句', () => {
  const ALLOWED: [string, string][] = [
    ['SELECT', 'SELECT name FROM departments ORDER BY name'],
    ['WITH', 'WITH d AS (SELECT * FROM departments) SELECT count(*) FROM d'],
    ['FROM 开头', 'FROM units SELECT name WHERE dept IS NOT NULL'],
    ['VALUES', 'VALUES (1, 2), (3, 4)'],
    ['TABLE', 'TABLE departments'],
    ['集合运算', '(SELECT 1) UNION ALL (SELECT 2)'],
    ['视图', 'SELECT * FROM v_contract_total'],
    ['PIVOT（写出 IN 列表）', "PIVOT units ON dept IN ('省教育厅', '省卫生健康委') USING count(*) GROUP BY name"],
    ['UNPIVOT', 'UNPIVOT (SELECT uscc, name, dept FROM units) ON name, dept INTO NAME k VALUE v'],
    ['DESCRIBE', 'DESCRIBE contracts'],
    ['DESCRIBE 查询', 'DESCRIBE SELECT * FROM contracts'],
    ['SUMMARIZE', 'SUMMARIZE contracts'],
    ['EXPLAIN', 'EXPLAIN SELECT * FROM contracts WHERE amount > 100'],
    ['EXPLAIN ANALYZE', 'EXPLAIN ANALYZE SELECT count(*) FROM contracts'],
    ['SHOW TABLES', 'SHOW TABLES'],
    ['SHOW ALL TABLES', 'SHOW ALL TABLES'],
    ['SHOW 表', 'SHOW units'],
    ['结尾分号与注释', '-- 注释\nSELECT 1 AS a; -- 结尾'],
    ['数据字典', "SELECT table_name, comment FROM duckdb_tables() WHERE table_name = 'departments'"]
  ];
  test.each(ALLOWED)('%s', async (_name, sql) => {
    const r = await sandbox.run(sql, { format: 'rows' });
    expect(r.ok ? 'ok' : r.message).toBe('ok');
  });

  test('不带 IN 列表的 PIVOT 被拆成两条语句：拒绝并提示写法', async () => {
    const r = await sandbox.run('PIVOT units ON dept USING count(*)');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/IN \(…\) 取值列表/);
  });

  test('语法错误、表不存在：中文说明附 DuckDB 原文', async () => {
    const a = await sandbox.run('SELEC 1');
    expect(a.ok ? '' : a.message).toMatch(/^SQL 语法错误：Parser Error/);
    const b = await sandbox.run('SELECT * FROM nosuch_table');
    expect(b.ok ? '' : b.message).toMatch(/^找不到表、列或函数.*nosuch_table/);
  });
});

describe('隔离', () => {
  test('每条查询一个新实例：上一条打开的日志不会留给下一条', async () => {
    const single = new SqlSandbox(sandboxConfig(f, { poolSize: 1 }));
    try {
      expect((await single.run('FROM enable_logging()', { format: 'rows' })).ok).toBe(true);
      const r = ok(await single.run('SELECT count(*) AS n FROM duckdb_logs', { format: 'rows' }));
      expect(r.rows).toEqual([['0']]);
    } finally {
      single.close();
    }
  });

  test('ETL 原子替换数仓文件后，下一条查询读到新文件（备用实例被丢弃）', async () => {
    const single = new SqlSandbox(sandboxConfig(f, { poolSize: 1 }));
    try {
      expect(ok(await single.run('SELECT count(*) FROM departments', { format: 'rows' })).rows).toEqual([['3']]);
      // 此时工作进程已为下一条查询打开了备用实例（指向旧文件）
      await new Promise((r) => setTimeout(r, 300));
      const next = path.join(f.dir, 'warehouse', 'warehouse.build.duckdb');
      await createWarehouse(next);
      const inst = await DuckDBInstance.create(next);
      const c = await inst.connect();
      await c.run("INSERT INTO departments VALUES ('省财政厅', '主管部门'); CHECKPOINT");
      c.closeSync();
      inst.closeSync();
      renameSync(next, f.warehousePath);
      expect(ok(await single.run('SELECT count(*) FROM departments', { format: 'rows' })).rows).toEqual([['4']]);
    } finally {
      single.close();
    }
  });

  test('工作进程不继承服务进程的环境变量，并受 prlimit 地址空间上限约束', async () => {
    ok(await sandbox.run('SELECT 1', { format: 'rows' }));
    const pids = sandbox.pids();
    expect(pids.length).toBeGreaterThan(0);
    for (const pid of pids) {
      const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
      const names = env.map((e) => e.split('=')[0]);
      expect(names).not.toContain('APP_DB_PATH');
      expect(names).not.toContain('NODE_OPTIONS');
      expect(names.every((n) => ['PATH', 'LANG', 'TZ', 'NODE_CHANNEL_FD', 'NODE_CHANNEL_SERIALIZATION_MODE'].includes(n!))).toBe(true);
      if (findPrlimit()) {
        const limits = readFileSync(`/proc/${pid}/limits`, 'utf8');
        const as = /Max address space\s+(\d+)/.exec(limits)?.[1];
        expect(Number(as)).toBe(sandbox.config.addressSpaceMb * 1024 * 1024);
      }
      expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).toContain('--max-old-space-size=');
    }
  });
});

describe('Arrow 输出', () => {
  test('类型：DECIMAL/BIGINT → DOUBLE，DATE，中文字符串，NULL，列元数据带 DuckDB 类型', async () => {
    const r = ok(await sandbox.run('SELECT contract_no, amount, signed, n, u.name AS unit FROM contracts JOIN units AS u USING (uscc) ORDER BY contract_no', { format: 'arrow' }));
    expect(r.columns.map((c) => c.type)).toEqual(['VARCHAR', 'DECIMAL(18,2)', 'DATE', 'BIGINT', 'VARCHAR']);
    const t = tableFromIPC(r.arrow!);
    expect(t.schema.fields.map((x) => String(x.type))).toEqual(['Utf8', 'Float64', 'Date32<DAY>', 'Float64', 'Utf8']);
    expect(t.schema.fields[1]!.metadata.get('duckdb_type')).toBe('DECIMAL(18,2)');
    const rows = t.toArray().map((x) => x.toJSON());
    expect(rows[0]).toMatchObject({ contract_no: 'HT-001', amount: 123.45, n: 1, unit: '东北大学' });
    expect(new Date(rows[0]!.signed as number).toISOString().slice(0, 10)).toBe('2024-03-01');
    expect(rows[2]).toMatchObject({ contract_no: 'HT-003', amount: null, signed: null, n: null });
  });

  test('空结果也带表结构', async () => {
    const r = ok(await sandbox.run('SELECT * FROM units WHERE false', { format: 'arrow' }));
    const t = tableFromIPC(r.arrow!);
    expect(t.numRows).toBe(0);
    expect(t.schema.fields.map((x) => x.name)).toEqual(['uscc', 'name', 'dept']);
  });

  test('失败说明都是中文', async () => {
    const r = await sandbox.run('DROP TABLE units');
    expect(r.ok ? '' : r.message).toMatch(HAS_CHINESE);
  });
});
