/**
 * 用户管理规则、首次启动的管理员、审计日志（只追加、哈希链防篡改）、应用库结构。
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppDb } from '../../src/lib/server/appdb';
import { appendAudit, listAudit, verifyAuditChain } from '../../src/lib/server/appdb/audit';
import { parseNamedSql } from '../../src/lib/server/appdb/sqlfile';
import { ensureInitialAdmin } from '../../src/lib/server/auth/bootstrap';
import { verifyPassword } from '../../src/lib/server/auth/password';
import { createUser, getUserWithHash, listUsers, setDisabled, setRole, UserError } from '../../src/lib/server/auth/users';

const FAST = { N: 1024, r: 8, p: 1 };
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cgjc-users-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function freshDb(name: string): Promise<AppDb> {
  return AppDb.open(path.join(dir, `${name}.duckdb`));
}

describe('首次启动', () => {
  test('用户表为空时创建 admin，口令随机、打印到控制台、首次登录须修改；再次启动不重复创建', async () => {
    const db = await freshDb('boot1');
    const logs: string[] = [];
    const pw = await ensureInitialAdmin(db, (m) => logs.push(m));
    expect(pw).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(logs.join('\n')).toContain(pw!);
    const admin = await getUserWithHash(db, 'admin');
    expect(admin).toMatchObject({ role: 'admin', disabled: false, must_change_password: true });
    expect(await verifyPassword(pw!, admin!.password_hash)).toBe(true);
    for (const known of ['admin', 'password', 'admin123', '123456', 'changeme']) expect(await verifyPassword(known, admin!.password_hash)).toBe(false);
    expect(await ensureInitialAdmin(db, (m) => logs.push(m))).toBeNull();
    expect(await listUsers(db)).toHaveLength(1);
    db.close();
  });

  test('两次全新安装的口令不同', async () => {
    const a = await freshDb('boot2');
    const b = await freshDb('boot3');
    const [pa, pb] = [await ensureInitialAdmin(a, () => {}), await ensureInitialAdmin(b, () => {})];
    expect(pa).not.toBe(pb);
    a.close();
    b.close();
  });
});

describe('用户管理规则', () => {
  let db: AppDb;
  beforeAll(async () => {
    db = await freshDb('rules');
    await createUser(db, { username: 'root', password: 'Root-Passw0rd', role: 'admin', scrypt: FAST }, { name: 'test' });
  });
  afterAll(() => db.close());

  test.each([
    [{ username: 'x', role: 'viewer' }, /用户名须为/],
    [{ username: 'a b', role: 'viewer' }, /用户名须为/],
    [{ username: 'dept1', role: 'dept' }, /必须指定所属部门/],
    [{ username: 'ana1', role: 'analyst', dept: '省教育厅' }, /只有部门负责人/],
    [{ username: 'boss', role: 'boss' }, /角色必须是/],
    [{ username: 'root', role: 'viewer' }, /已存在/]
  ])('拒绝 %j', async (u, re) => {
    await expect(createUser(db, { password: 'Good-Passw0rd', scrypt: FAST, ...u } as never, { name: 'test' })).rejects.toThrow(re);
  });

  test('弱密码被拒绝', async () => {
    await expect(createUser(db, { username: 'weak', password: 'short', role: 'viewer', scrypt: FAST }, { name: 'test' })).rejects.toBeInstanceOf(UserError);
  });

  test('汉字用户名与部门负责人', async () => {
    const u = await createUser(db, { username: '张三', password: 'Zhang-Passw0rd', role: 'dept', dept: ' 省教育厅 ', scrypt: FAST }, { name: 'root' });
    expect(u).toMatchObject({ username: '张三', role: 'dept', dept: '省教育厅' });
  });

  test('最后一个可用管理员不能被停用或降级；不能停用自己', async () => {
    await expect(setDisabled(db, 'root', true, { name: 'someone' })).rejects.toThrow(/最后一个/);
    await expect(setRole(db, 'root', 'viewer', null, { name: 'someone' })).rejects.toThrow(/最后一个/);
    await expect(setDisabled(db, 'root', true, { name: 'root' })).rejects.toThrow(/自己/);
  });
});

describe('审计日志', () => {
  test('每次修改都有记录（修改前/后，不含密码哈希），哈希链完好', async () => {
    const db = await freshDb('audit1');
    await createUser(db, { username: 'admin1', password: 'Admin-Passw0rd', role: 'admin', scrypt: FAST }, { name: 'cli:ops' });
    await createUser(db, { username: 'u1', password: 'User1-Passw0rd', role: 'viewer', scrypt: FAST }, { name: 'admin1', ip: '10.0.0.5' });
    await setRole(db, 'u1', 'analyst', null, { name: 'admin1' });
    await setDisabled(db, 'u1', true, { name: 'admin1' });
    const { rows, total } = await listAudit(db);
    expect(total).toBe(4);
    expect(rows.map((r) => r.action)).toEqual(['user.disable', 'user.role', 'user.create', 'user.create']);
    const role = rows.find((r) => r.action === 'user.role')!;
    expect(JSON.parse(role.before_json!).role).toBe('viewer');
    expect(JSON.parse(role.after_json!).role).toBe('analyst');
    expect(rows.find((r) => r.entity === 'user:u1' && r.action === 'user.create')!.ip).toBe('10.0.0.5');
    expect(JSON.stringify(rows)).not.toMatch(/scrypt\$|Passw0rd/);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 4, brokenAt: null });
    db.close();
  });

  test('并发追加仍然形成一条连续的链', async () => {
    const db = await freshDb('audit2');
    await Promise.all(Array.from({ length: 20 }, (_, i) => appendAudit(db, { actor: 't', action: 'test', entity: `e${i}`, after: { i } })));
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 20, brokenAt: null });
    db.close();
  });

  test('改动或删除中间的记录可被检出', async () => {
    const db = await freshDb('audit3');
    for (let i = 0; i < 5; i++) await appendAudit(db, { actor: 't', action: 'test', entity: `e${i}`, after: { i } });
    await db.withConnection((c) => c.run("UPDATE audit_log SET actor = 'mallory' WHERE id = 3"));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 3 });
    db.close();
    const db2 = await freshDb('audit4');
    for (let i = 0; i < 5; i++) await appendAudit(db2, { actor: 't', action: 'test', entity: `e${i}` });
    await db2.withConnection((c) => c.run('DELETE FROM audit_log WHERE id = 2'));
    expect(await verifyAuditChain(db2)).toMatchObject({ ok: false, brokenAt: 3 });
    db2.close();
  });
});

describe('应用库', () => {
  test('schema.sql 可重复执行；表与列都有中文注释', async () => {
    const p = path.join(dir, 'schema.duckdb');
    (await AppDb.open(p)).close();
    const db = await AppDb.open(p);
    const rows = await db.withConnection(async (c) =>
      (await c.runAndReadAll("SELECT table_name, column_name, comment FROM duckdb_columns() WHERE schema_name = 'main' AND table_name IN ('app_meta', 'users', 'sessions', 'query_history', 'audit_log')")).getRowObjectsJS()
    );
    expect(rows.length).toBeGreaterThan(20);
    for (const r of rows) expect(String(r.comment ?? ''), `${r.table_name}.${r.column_name}`).toMatch(/[\u4e00-\u9fff]/);
    db.close();
  });

  test('queries.sql 里没有修改或删除审计日志的语句', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(path.resolve('src/lib/server/appdb/queries.sql'), 'utf8');
    const named = parseNamedSql(text);
    expect(named.size).toBeGreaterThan(15);
    for (const [name, sql] of named) expect(sql, name).not.toMatch(/(UPDATE|DELETE\s+FROM|TRUNCATE)\s+audit_log/i);
  });

  test('第二个进程打不开正被使用的应用库时给出中文说明', async () => {
    const p = path.join(dir, 'locked.duckdb');
    const db = await AppDb.open(p);
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', `import('./src/lib/server/appdb/index.ts').then(m => m.AppDb.open(${JSON.stringify(p)})).then(() => console.log('opened'), e => console.log(e.message))`], { encoding: 'utf8', cwd: process.cwd() });
    expect(r.stdout).toMatch(/正被另一个进程/);
    db.close();
  });
});
