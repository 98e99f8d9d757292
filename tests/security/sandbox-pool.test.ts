/**
 * SQL 沙箱的进程池：预先启动的工作进程各自已打开受限实例，但每个只服务一条查询；
 * 用过的进程被结束、池子在后台补足；数仓文件被替换后下一条查询读到新文件；池的大小有上限；被杀的空闲进程会被补上。
 */
import { fork } from 'node:child_process';
import { readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SqlSandbox, type SandboxOutcome } from '../../src/lib/server/sql-sandbox';
import { createFixture, createWarehouse, sandboxConfig, type Fixture } from './fixtures';

let f: Fixture;

beforeAll(async () => {
  f = await createFixture();
});

afterAll(() => {
  f?.cleanup();
});

function ok(o: SandboxOutcome) {
  if (!o.ok) throw new Error(`查询失败：${o.message}（${o.detail}）`);
  return o;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** 进程还在吗（僵尸进程算不在）。 */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('等待超时');
    await sleep(25);
  }
}

/** 本进程的子进程里正在运行 worker.mjs 的（包括池子已不再记账、正在退出的）。 */
function workerProcesses(): number[] {
  const children = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  return children.filter((pid) => {
    try {
      return alive(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('worker.mjs');
    } catch {
      return false;
    }
  });
}

/** 在 f.warehousePath 旁建一个新数仓（departments 多一行），改名盖过去：和 ETL 的发布方式相同。 */
async function republish(extra: string): Promise<void> {
  const next = path.join(f.dir, 'warehouse', `warehouse.build-${extra}.duckdb`);
  await createWarehouse(next);
  const inst = await DuckDBInstance.create(next);
  const c = await inst.connect();
  await c.run(`INSERT INTO departments VALUES ('${extra}', '主管部门'); CHECKPOINT`);
  c.closeSync();
  inst.closeSync();
  renameSync(next, f.warehousePath);
}

describe('进程池', () => {
  test('用过的工作进程从不再用：每条查询一个不同的进程，交回结果后进程即被结束', async () => {
    const s = new SqlSandbox(sandboxConfig(f, { poolSize: 2 }));
    try {
      await s.warm();
      const idle = s.pids();
      expect(idle).toHaveLength(2);
      const served: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = ok(await s.run(`SELECT ${i} AS i`, { format: 'rows' }));
        expect(r.rows).toEqual([[String(i)]]);
        expect(r.pid).toBeTypeOf('number');
        served.push(r.pid!);
        // 这个进程已不在池中，也不再运行
        expect(s.pids()).not.toContain(r.pid);
        await until(() => !alive(r.pid!));
      }
      expect(new Set(served).size).toBe(5);
      // 头两条由预先启动的进程执行
      expect(idle).toContain(served[0]);
      // 失败的查询同样用掉它的进程
      const refused = await s.run('DROP TABLE units', { format: 'rows' });
      expect(refused.ok).toBe(false);
      expect(served).not.toContain(refused.pid);
      await until(() => !alive(refused.pid!));
    } finally {
      s.close();
    }
  });

  test('工作进程本身也拒绝第二条查询并退出', async () => {
    const s = new SqlSandbox(sandboxConfig(f, { poolSize: 1 }));
    const script = s.workerScript;
    s.close();
    const child = fork(script, [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'ipc'], cwd: '/' });
    const messages: Array<{ type: string; id?: number; ok?: boolean; kind?: string; arrowBytes?: number }> = [];
    child.on('message', (m) => messages.push(m as (typeof messages)[number]));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.send({ type: 'prepare', warehousePath: f.warehousePath, memoryLimitMb: 256, threads: 1 });
    await until(() => messages.some((m) => m.type === 'ready'));
    const run = (id: number) => ({ type: 'run', id, sql: 'SELECT 1 AS x', rowLimit: 10, maxBytes: 1 << 20, timeoutMs: 5000, format: 'rows' });
    child.send(run(1));
    await until(() => messages.some((m) => m.type === 'result' && m.id === 1));
    child.send(run(2));
    expect(await exited).toBe(1);
    const second = messages.find((m) => m.type === 'result' && m.id === 2);
    expect(second).toMatchObject({ ok: false, kind: 'crash' });
    expect(messages.find((m) => m.type === 'result' && m.id === 1)).toMatchObject({ ok: true });
  });

  test('工作进程在报告 ready 之前已用固定查询预热（Arrow 与文本两种格式都完整执行过）', async () => {
    const s = new SqlSandbox(sandboxConfig(f, { poolSize: 1 }));
    const script = s.workerScript;
    s.close();
    const child = fork(script, [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'ipc'], cwd: '/' });
    try {
      const messages: Array<{ type: string; warm?: { ms: number; rows: number; error?: string } }> = [];
      child.on('message', (m) => messages.push(m as (typeof messages)[number]));
      child.send({ type: 'prepare', warehousePath: f.warehousePath, memoryLimitMb: 256, threads: 1 });
      await until(() => messages.some((m) => m.type === 'ready'));
      const warm = messages.find((m) => m.type === 'ready')!.warm;
      expect(warm?.error).toBeUndefined();
      // Arrow：全部 4,000 行；文本格式：行数上限 500
      expect(warm?.rows).toBe(4_500);
    } finally {
      child.kill('SIGKILL');
    }
  });

  test('池的大小有上限：8 条并发查询，工作进程始终不超过 poolSize，查询都得到回答', async () => {
    const s = new SqlSandbox(sandboxConfig(f, { poolSize: 2, maxQueue: 16 }));
    try {
      await s.warm();
      let maxPool = 0;
      let maxProcs = 0;
      const sampler = setInterval(() => {
        maxPool = Math.max(maxPool, s.pids().length);
        // 已交回结果、正在退出的进程还会在 /proc 里停留片刻：至多再多 poolSize 个
        maxProcs = Math.max(maxProcs, workerProcesses().length);
      }, 5);
      const sqls = Array.from({ length: 8 }, (_, i) => `SELECT count(*) + ${i} AS n FROM range(3000000)`);
      const out = await Promise.all(sqls.map((q) => s.run(q, { format: 'rows' })));
      clearInterval(sampler);
      expect(out.map((o) => ok(o).rows)).toEqual(sqls.map((_, i) => [[String(3_000_000 + i)]]));
      expect(new Set(out.map((o) => o.pid)).size).toBe(8);
      expect(maxPool).toBeLessThanOrEqual(2);
      expect(maxProcs).toBeLessThanOrEqual(4);
      expect(s.stats().spawned).toBeGreaterThanOrEqual(8);
      // 之后补足到 poolSize 个空闲进程，不多
      await until(() => s.stats().ready === 2);
      await sleep(300);
      expect(s.pids()).toHaveLength(2);
      expect(s.stats().workers).toBe(2);
    } finally {
      s.close();
    }
  });

  test('被杀掉的空闲进程会被补上；紧接着的查询照常得到回答', async () => {
    const s = new SqlSandbox(sandboxConfig(f, { poolSize: 2 }));
    try {
      await s.warm();
      const [a, b] = s.pids();
      process.kill(a!, 'SIGKILL');
      process.kill(b!, 'SIGKILL');
      // 父进程可能还没看到它们退出：这条查询若派给了已死的进程，会转给新进程（从未执行过，可以安全重派）
      const r = ok(await s.run('SELECT 42 AS x', { format: 'rows' }));
      expect(r.rows).toEqual([['42']]);
      expect([a, b]).not.toContain(r.pid);
      await until(() => s.stats().ready === 2);
      const now = s.pids();
      expect(now).toHaveLength(2);
      expect(now).not.toContain(a);
      expect(now).not.toContain(b);
      expect(now.every(alive)).toBe(true);
    } finally {
      s.close();
    }
  });

  test('数仓文件被替换：下一条查询读到新文件，空闲进程随后在后台换新', async () => {
    const s = new SqlSandbox(sandboxConfig(f, { poolSize: 2 }));
    try {
      await s.warm();
      expect(ok(await s.run('SELECT count(*) FROM departments', { format: 'rows' })).rows).toEqual([['3']]);
      await until(() => s.stats().ready === 2);
      const before = s.pids();

      // 1) 替换后立即查询：空闲进程预先打开的是旧文件，不能用
      await republish('省财政厅');
      const r1 = ok(await s.run("SELECT count(*), count(*) FILTER (WHERE name = '省财政厅') FROM departments", { format: 'rows' }));
      expect(r1.rows).toEqual([['4', '1']]);
      expect(before).not.toContain(r1.pid);

      // 2) 替换后不查询：空闲进程在后台（每秒检查一次）被丢弃、换新
      await until(() => s.stats().ready === 2);
      const idle = s.pids();
      await republish('省审计厅');
      await until(() => s.stats().ready === 2 && s.pids().every((p) => !idle.includes(p)), 10_000);
      const r2 = ok(await s.run("SELECT count(*) FILTER (WHERE name = '省审计厅') FROM departments", { format: 'rows' }));
      expect(r2.rows).toEqual([['1']]);
      expect(idle).not.toContain(r2.pid);
    } finally {
      s.close();
    }
  });

  test('工作进程的第二道保险：预先打开的实例指向旧文件时，执行前重新打开', async () => {
    // 池子看不到替换（同一秒内、直接派发给已就绪的进程）的情形：由工作进程自己比对文件身份
    const s = new SqlSandbox(sandboxConfig(f, { poolSize: 1 }));
    const script = s.workerScript;
    s.close();
    const child = fork(script, [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'ipc'], cwd: '/' });
    try {
      const messages: Array<{ type: string; id?: number; rows?: string[][] }> = [];
      child.on('message', (m) => messages.push(m as (typeof messages)[number]));
      child.send({ type: 'prepare', warehousePath: f.warehousePath, memoryLimitMb: 256, threads: 1 });
      await until(() => messages.some((m) => m.type === 'ready'));
      await republish('省统计局');
      child.send({ type: 'run', id: 7, sql: "SELECT count(*) FROM departments WHERE name = '省统计局'", rowLimit: 10, maxBytes: 1 << 20, timeoutMs: 5000, format: 'rows' });
      await until(() => messages.some((m) => m.type === 'result'));
      expect(messages.find((m) => m.type === 'result')).toMatchObject({ ok: true, rows: [['1']] });
    } finally {
      child.kill('SIGKILL');
    }
  });

  test('Arrow 结果经数据管道传回（几 MB 也完整）', async () => {
    const s = new SqlSandbox(sandboxConfig(f, { poolSize: 1 }));
    try {
      const r = ok(await s.run("SELECT range AS i, repeat('汉', 20) || range::VARCHAR AS s FROM range(100000)", { format: 'arrow' }));
      expect(r.rowCount).toBe(100_000);
      expect(r.arrow!.byteLength).toBeGreaterThan(4_000_000);
      const { tableFromIPC } = await import('apache-arrow');
      const t = tableFromIPC(r.arrow!);
      expect(t.numRows).toBe(100_000);
      expect(t.get(99_999)!.toJSON()).toEqual({ i: 99_999, s: '汉'.repeat(20) + '99999' });
    } finally {
      s.close();
    }
  });
});
