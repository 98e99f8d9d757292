/** 命令行 `npm run user` 与 `npm run sql`（以子进程运行 tsx，密码从管道输入）。 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppDb } from '../../src/lib/server/appdb';
import { verifyPassword } from '../../src/lib/server/auth/password';
import { getUserWithHash } from '../../src/lib/server/auth/users';
import { createWarehouse } from '../security/fixtures';

let dir: string;
let appDb: string;
let warehouse: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cgjc-cli-'));
  appDb = path.join(dir, 'app', 'app.duckdb');
  warehouse = path.join(dir, 'warehouse.duckdb');
  await createWarehouse(warehouse);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(script: 'user' | 'sql', args: string[], input = '') {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, APP_DB_PATH: appDb, WAREHOUSE_PATH: warehouse }
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function withDb<T>(fn: (db: AppDb) => Promise<T>): Promise<T> {
  const db = await AppDb.open(appDb);
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

describe('npm run user', () => {
  test('add：密码从标准输入读取，只存哈希', async () => {
    const r = run('user', ['add', '李四', '--role', 'dept', '--dept', '省教育厅'], 'Li-Si-Passw0rd\n');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/已创建用户 李四（部门负责人，省教育厅）/);
    const u = await withDb((db) => getUserWithHash(db, '李四'));
    expect(u?.password_hash).toMatch(/^scrypt\$/);
    expect(await verifyPassword('Li-Si-Passw0rd', u!.password_hash)).toBe(true);
  });

  test('参数错误与弱密码：非零退出码与中文说明', () => {
    expect(run('user', ['add', 'x1', '--role', 'boss'], 'Good-Passw0rd\n')).toMatchObject({ code: 2, err: expect.stringMatching(/--role 必须是/) });
    expect(run('user', ['add', 'x2', '--role', 'viewer'], 'short\n')).toMatchObject({ code: 1, err: expect.stringMatching(/至少 10 个字符/) });
    expect(run('user', ['add', 'x3', '--role', 'dept'], 'Good-Passw0rd\n')).toMatchObject({ code: 1, err: expect.stringMatching(/必须指定所属部门/) });
    expect(run('user', ['frobnicate'])).toMatchObject({ code: 2 });
  });

  test('list、disable、enable、passwd', async () => {
    expect(run('user', ['add', 'wang', '--role', 'analyst'], 'Wang-Passw0rd\n').code).toBe(0);
    const list = run('user', ['list']);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/│ 李四 +│/);
    expect(list.out).toMatch(/wang/);
    expect(run('user', ['disable', 'wang']).code).toBe(0);
    expect((await withDb((db) => getUserWithHash(db, 'wang')))?.disabled).toBe(true);
    expect(run('user', ['enable', 'wang']).code).toBe(0);
    expect(run('user', ['passwd', 'wang', '--temporary'], 'Wang-New-Passw0rd\n').code).toBe(0);
    const u = await withDb((db) => getUserWithHash(db, 'wang'));
    expect(u).toMatchObject({ disabled: false, must_change_password: true });
    expect(await verifyPassword('Wang-New-Passw0rd', u!.password_hash)).toBe(true);
    expect(run('user', ['disable', 'nobody'])).toMatchObject({ code: 1, err: expect.stringMatching(/不存在/) });
  });
});

describe('npm run sql', () => {
  test('对齐的表格（汉字占两列）', () => {
    const r = run('sql', ["SELECT name AS 部门, kind FROM departments WHERE name = '省教育厅'"]);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines).toEqual(['┌──────────┬──────────┐', '│ 部门     │ kind     │', '├──────────┼──────────┤', '│ 省教育厅 │ 主管部门 │', '└──────────┴──────────┘']);
    expect(r.err).toMatch(/1 行/);
  });

  test('--csv 与 --json', () => {
    const csv = run('sql', ['--csv', 'SELECT contract_no, amount FROM contracts ORDER BY 1 LIMIT 2']);
    expect(csv.out).toBe('contract_no,amount\r\nHT-001,123.45\r\nHT-002,50.50\r\n');
    const json = run('sql', ['--json', 'SELECT contract_no, amount, n FROM contracts ORDER BY 1 LIMIT 1']);
    expect(JSON.parse(json.out)).toEqual([{ contract_no: 'HT-001', amount: 123.45, n: 1 }]);
  });

  test('同一个沙箱：写语句被拒绝，非零退出码', () => {
    const r = run('sql', ['DELETE FROM units']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/只允许只读查询/);
  });

  test('交互模式（管道输入）：以分号分句，.tables', () => {
    const r = run('sql', [], 'SELECT 1 AS a;\n.tables\nSELECT\n  2 AS b;\n');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/│ a │/);
    expect(r.out).toMatch(/│ departments +│/);
    expect(r.out).toMatch(/│ b │/);
  });

  test('--limit 截断并提示', () => {
    const r = run('sql', ['--limit', '3', 'FROM range(10)']);
    expect(r.err).toMatch(/截断到前 3 行/);
  });
});
