/**
 * POST /api/sql、GET /api/sql/schema、GET /api/sql/history：直接调用路由处理函数（合成事件）。
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { tableFromIPC } from 'apache-arrow';
import { AppDb, setAppDbForTesting } from '../../src/lib/server/appdb';
import { listHistory } from '../../src/lib/server/appdb/history';
import { getSandbox } from '../../src/lib/server/sql-sandbox';
import { historyWritten } from '../../src/lib/server/sql-sandbox/history';
import type { SessionUser } from '../../src/lib/types/user';
import { createFixture, HAS_CHINESE, type Fixture } from './fixtures';

let f: Fixture;
let db: AppDb;
let POST: (e: RequestEvent) => Promise<Response>;
let SCHEMA: (e: RequestEvent) => Promise<Response>;
let HISTORY: (e: RequestEvent) => Promise<Response>;

const analyst: SessionUser = { username: 'ana', role: 'analyst', dept: null };
const office: SessionUser = { username: 'off', role: 'office', dept: null };

beforeAll(async () => {
  f = await createFixture();
  process.env.WAREHOUSE_PATH = f.warehousePath;
  process.env.SQL_TIMEOUT_MS = '3000';
  process.env.SQL_WORKERS = '2';
  db = await AppDb.open(f.appDbPath);
  setAppDbForTesting(db);
  POST = (await import('../../src/routes/api/sql/+server')).POST as unknown as typeof POST;
  SCHEMA = (await import('../../src/routes/api/sql/schema/+server')).GET as unknown as typeof SCHEMA;
  HISTORY = (await import('../../src/routes/api/sql/history/+server')).GET as unknown as typeof HISTORY;
  await getSandbox().warm();
});

afterAll(async () => {
  await historyWritten();
  getSandbox().close();
  setAppDbForTesting(null);
  db?.close();
  f?.cleanup();
});

function event(user: SessionUser | null, body: unknown, opts: { contentType?: string; path?: string; method?: string } = {}): RequestEvent {
  const url = new URL(opts.path ?? '/api/sql', 'http://localhost:5173');
  const method = opts.method ?? 'POST';
  const request = new Request(url, {
    method,
    headers: { 'content-type': opts.contentType ?? 'application/json' },
    body: method === 'GET' ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
  });
  return { url, request, locals: { user }, getClientAddress: () => '127.0.0.1' } as unknown as RequestEvent;
}

describe('POST /api/sql', () => {
  test('分析员：200 Arrow 流，带行数、上限、截断头', async () => {
    const res = await POST(event(analyst, { sql: 'SELECT name, kind FROM departments ORDER BY name', limit: 2 }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
    expect(res.headers.get('x-row-count')).toBe('2');
    expect(res.headers.get('x-row-limit')).toBe('2');
    expect(res.headers.get('x-truncated')).toBe('rows');
    expect(JSON.parse(decodeURIComponent(res.headers.get('x-columns')!))).toEqual([
      { name: 'name', type: 'VARCHAR' },
      { name: 'kind', type: 'VARCHAR' }
    ]);
    const t = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
    expect(t.getChild('name')!.toArray()).toEqual(['省卫生健康委', '省教育厅']);
  });

  test('不给 limit 时默认上限 100000，并在响应头说明', async () => {
    const res = await POST(event(office, { sql: 'SELECT range FROM range(10)' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-row-limit')).toBe('100000');
    expect(res.headers.get('x-truncated')).toBe('false');
  });

  test('写语句：400 与中文说明', async () => {
    const res = await POST(event(analyst, { sql: 'DROP TABLE units' }));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toMatch(/只允许只读查询/);
  });

  test('读文件：400 与中文说明', async () => {
    const res = await POST(event(analyst, { sql: "SELECT * FROM read_text('/etc/passwd')" }));
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/沙箱禁止此操作/);
  });

  test.each([
    ['匿名', null, 401],
    ['只读用户', { username: 'v', role: 'viewer', dept: null } as SessionUser, 403],
    ['部门负责人', { username: 'd', role: 'dept', dept: '省教育厅' } as SessionUser, 403]
  ])('%s → %s', async (_n, user, status) => {
    const res = await POST(event(user, { sql: 'SELECT 1' }));
    expect(res.status).toBe(status);
    expect((await res.json()).error).toMatch(HAS_CHINESE);
  });

  test('请求格式不对：415 / 400', async () => {
    expect((await POST(event(analyst, 'sql=SELECT 1', { contentType: 'application/x-www-form-urlencoded' }))).status).toBe(415);
    expect((await POST(event(analyst, '{not json'))).status).toBe(400);
    expect((await POST(event(analyst, { query: 'SELECT 1' }))).status).toBe(400);
    expect((await POST(event(analyst, { sql: 'SELECT 1', limit: -5 }))).status).toBe(400);
    expect((await POST(event(analyst, { sql: 'SELECT 1', limit: '10' }))).status).toBe(400);
  });

  test('同一用户同时只能跑一条：第二条 429；别的用户不受影响', async () => {
    const slow = POST(event({ username: 'busy', role: 'analyst', dept: null }, { sql: 'SELECT count(*) FROM range(1000000000) a, range(1000000) b WHERE a.range + b.range = 3' }));
    await new Promise((r) => setTimeout(r, 200));
    const second = await POST(event({ username: 'busy', role: 'analyst', dept: null }, { sql: 'SELECT 1' }));
    expect(second.status).toBe(429);
    const other = await POST(event(office, { sql: 'SELECT 1' }));
    expect(other.status).toBe(200);
    const first = await slow;
    expect(first.status).toBe(400);
    expect((await first.json()).error).toMatch(/时间上限（3 秒）/);
  });

  test('每次查询都记入 query_history（成功、拒绝都有）', async () => {
    await historyWritten();
    const rows = await listHistory(db, 'ana');
    expect(rows.length).toBeGreaterThanOrEqual(3);
    const drop = rows.find((r) => r.sql === 'DROP TABLE units')!;
    expect(drop.error).toMatch(/只允许只读查询/);
    expect(drop.rows).toBeNull();
    const okRow = rows.find((r) => r.sql.startsWith('SELECT name, kind'))!;
    expect(okRow.error).toBeNull();
    expect(okRow.rows).toBe(2);
  });
});

describe('GET /api/sql/schema 与 /api/sql/history', () => {
  test('数据字典：表、视图、列与中文注释', async () => {
    const res = await SCHEMA(event(analyst, null, { method: 'GET', path: '/api/sql/schema' }));
    expect(res.status).toBe(200);
    const { tables } = await res.json();
    const dep = tables.find((t: { name: string }) => t.name === 'departments');
    expect(dep).toMatchObject({ kind: '表', comment: '部门' });
    expect(dep.columns[0]).toEqual({ name: 'name', type: 'VARCHAR', comment: '部门名称' });
    expect(tables.find((t: { name: string }) => t.name === 'v_contract_total').kind).toBe('视图');
  });

  test('历史在响应之后写入，但紧接着读历史总能看到刚才的查询', async () => {
    const user: SessionUser = { username: 'fresh', role: 'analyst', dept: null };
    for (const i of [1, 2, 3]) {
      expect((await POST(event(user, { sql: `SELECT ${i} AS n` }))).status).toBe(200);
      const res = await HISTORY(event(user, null, { method: 'GET', path: '/api/sql/history' }));
      const { items } = await res.json();
      expect(items.map((x: { sql: string }) => x.sql)).toEqual(Array.from({ length: i }, (_, k) => `SELECT ${i - k} AS n`));
      expect(items[0]).toMatchObject({ rows: 1, error: null });
    }
  });

  test('历史只返回本人的', async () => {
    const res = await HISTORY(event(office, null, { method: 'GET', path: '/api/sql/history' }));
    const { items } = await res.json();
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i: { sql: string }) => !i.sql.includes('DROP TABLE'))).toBe(true);
    expect((await HISTORY(event({ username: 'v', role: 'viewer', dept: null }, null, { method: 'GET', path: '/api/sql/history' }))).status).toBe(403);
  });
});
