/**
 * 登录：正确与错误密码、用户不存在、停用、限流（按用户名、按地址）→ 429、会话过期、POST/DELETE /api/session 与 Cookie 属性。
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppDb, setAppDbForTesting } from '../../src/lib/server/appdb';
import { listAudit } from '../../src/lib/server/appdb/audit';
import { attemptLogin, LOGIN_FAILED_MESSAGE } from '../../src/lib/server/auth/login';
import { ipLimiter, RateLimiter, userLimiter } from '../../src/lib/server/auth/rate-limit';
import { hashToken, resolveSession, SESSION_COOKIE, sessionCookieOptions } from '../../src/lib/server/auth/session';
import { createUser, setDisabled, setPassword, setRole } from '../../src/lib/server/auth/users';

const FAST = { N: 1024, r: 8, p: 1 };
let dir: string;
let db: AppDb;
let limiters: { user: RateLimiter; ip: RateLimiter };

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cgjc-login-'));
  db = await AppDb.open(path.join(dir, 'app.duckdb'));
  setAppDbForTesting(db);
  await createUser(db, { username: 'alice', password: 'Alice-Passw0rd', role: 'analyst', scrypt: FAST }, { name: 'test' });
  await createUser(db, { username: 'bob', password: 'Bob-Passw0rd!', role: 'dept', dept: '省科技厅', scrypt: FAST }, { name: 'test' });
  await createUser(db, { username: 'carol', password: 'Carol-Passw0rd', role: 'viewer', scrypt: FAST }, { name: 'test' });
  await setDisabled(db, 'carol', true, { name: 'test' });
});

afterAll(() => {
  setAppDbForTesting(null);
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  limiters = { user: new RateLimiter({ max: 5, windowMs: 300_000 }), ip: new RateLimiter({ max: 20, windowMs: 300_000 }) };
});

describe('attemptLogin', () => {
  test('正确密码：会话令牌 32 字节，库里只存 SHA-256', async () => {
    const r = await attemptLogin(db, { username: 'alice', password: 'Alice-Passw0rd', ip: '10.0.0.1', limiters });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.user).toEqual({ username: 'alice', role: 'analyst', dept: null });
    expect(Buffer.from(r.token, 'base64url').length).toBe(32);
    const stored = await db.withConnection(async (c) => (await c.runAndReadAll('SELECT token_hash FROM sessions')).getRowsJS().map((x) => x[0]));
    expect(stored).toContain(hashToken(r.token));
    expect(stored).not.toContain(r.token);
    const s = await resolveSession(db, r.token);
    expect(s?.user.username).toBe('alice');
    // 12 小时后过期
    expect(Math.round((r.expiresAt.getTime() - Date.now()) / 3600_000)).toBe(12);
  });

  test('部门负责人带部门', async () => {
    const r = await attemptLogin(db, { username: 'bob', password: 'Bob-Passw0rd!', ip: '10.0.0.1', limiters });
    expect(r.ok && r.user).toEqual({ username: 'bob', role: 'dept', dept: '省科技厅' });
  });

  test('错误密码、不存在的用户、停用的用户（即使密码正确）：401，同一条说明', async () => {
    for (const [username, password] of [
      ['alice', 'wrong-password'],
      ['nobody', 'Alice-Passw0rd'],
      ['carol', 'Carol-Passw0rd']
    ]) {
      const r = await attemptLogin(db, { username, password, ip: '10.0.0.2', limiters });
      expect(r).toEqual({ ok: false, status: 401, error: LOGIN_FAILED_MESSAGE });
    }
  });

  test('缺少或非字符串的输入：400', async () => {
    expect((await attemptLogin(db, { username: '', password: 'x', ip: '1', limiters })).ok).toBe(false);
    const r = await attemptLogin(db, { username: { $ne: 1 }, password: 'x', ip: '1', limiters });
    expect(!r.ok && r.status).toBe(400);
  });

  test('同一用户名 5 分钟内失败 5 次 → 429（此时正确密码也不行），窗口过后恢复', async () => {
    const t0 = new Date('2025-01-01T08:00:00Z');
    for (let i = 0; i < 5; i++) {
      const r = await attemptLogin(db, { username: 'alice', password: 'bad', ip: `10.1.0.${i}`, now: new Date(t0.getTime() + i * 1000), limiters });
      expect(!r.ok && r.status).toBe(401);
    }
    const blocked = await attemptLogin(db, { username: 'alice', password: 'Alice-Passw0rd', ip: '10.1.0.9', now: new Date(t0.getTime() + 10_000), limiters });
    expect(blocked.ok).toBe(false);
    if (!blocked.ok) {
      expect(blocked.status).toBe(429);
      expect(blocked.error).toMatch(/失败次数过多/);
      expect(blocked.retryAfterSec).toBeGreaterThan(0);
      expect(blocked.retryAfterSec).toBeLessThanOrEqual(300);
    }
    // 用户名大小写不同也算同一个
    const upper = await attemptLogin(db, { username: 'ALICE', password: 'x', ip: '10.1.0.9', now: new Date(t0.getTime() + 11_000), limiters });
    expect(!upper.ok && upper.status).toBe(429);
    const later = await attemptLogin(db, { username: 'alice', password: 'Alice-Passw0rd', ip: '10.1.0.9', now: new Date(t0.getTime() + 301_000), limiters });
    expect(later.ok).toBe(true);
  });

  test('同一地址失败达到上限 → 429（换用户名也不行）', async () => {
    const ip = { user: new RateLimiter({ max: 100, windowMs: 300_000 }), ip: new RateLimiter({ max: 5, windowMs: 300_000 }) };
    for (let i = 0; i < 5; i++) {
      const r = await attemptLogin(db, { username: `guess${i}`, password: 'x', ip: '192.0.2.7', limiters: ip });
      expect(!r.ok && r.status).toBe(401);
    }
    const r = await attemptLogin(db, { username: 'bob', password: 'Bob-Passw0rd!', ip: '192.0.2.7', limiters: ip });
    expect(!r.ok && r.status).toBe(429);
    const other = await attemptLogin(db, { username: 'bob', password: 'Bob-Passw0rd!', ip: '192.0.2.8', limiters: ip });
    expect(other.ok).toBe(true);
  });

  test('成功登录清零该用户名的失败次数', async () => {
    for (let i = 0; i < 4; i++) await attemptLogin(db, { username: 'bob', password: 'bad', ip: '10.2.0.1', limiters });
    expect((await attemptLogin(db, { username: 'bob', password: 'Bob-Passw0rd!', ip: '10.2.0.1', limiters })).ok).toBe(true);
    for (let i = 0; i < 4; i++) await attemptLogin(db, { username: 'bob', password: 'bad', ip: '10.2.0.1', limiters });
    expect((await attemptLogin(db, { username: 'bob', password: 'Bob-Passw0rd!', ip: '10.2.0.1', limiters })).ok).toBe(true);
  });

  test('登录成功与失败都记入审计日志（不含密码）', async () => {
    const { rows } = await listAudit(db, { action: 'login' });
    expect(rows.some((r) => r.action === 'login' && r.actor === 'alice')).toBe(true);
    expect(rows.some((r) => r.action === 'login.fail' && r.after_json?.includes('账号已停用'))).toBe(true);
    expect(JSON.stringify(rows)).not.toMatch(/Passw0rd|scrypt\$/);
  });
});

describe('会话有效期与失效', () => {
  test('过期：到期前有效，到期后无效', async () => {
    const now = new Date('2025-03-01T00:00:00Z');
    const r = await attemptLogin(db, { username: 'alice', password: 'Alice-Passw0rd', ip: '10.3.0.1', now, limiters });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.expiresAt.toISOString()).toBe('2025-03-01T12:00:00.000Z');
    expect(await resolveSession(db, r.token, new Date('2025-03-01T11:59:59Z'))).not.toBeNull();
    expect(await resolveSession(db, r.token, new Date('2025-03-01T12:00:00Z'))).toBeNull();
  });

  test('改角色立即生效；改密码、停用使全部会话失效', async () => {
    const r = await attemptLogin(db, { username: 'bob', password: 'Bob-Passw0rd!', ip: '10.4.0.1', limiters });
    if (!r.ok) throw new Error('login failed');
    await setRole(db, 'bob', 'viewer', null, { name: 'test' });
    expect((await resolveSession(db, r.token))?.user).toEqual({ username: 'bob', role: 'viewer', dept: null });
    await setPassword(db, 'bob', { password: 'Bob-New-Passw0rd', mustChangePassword: false, scrypt: FAST }, { name: 'test' });
    expect(await resolveSession(db, r.token)).toBeNull();
    const r2 = await attemptLogin(db, { username: 'bob', password: 'Bob-New-Passw0rd', ip: '10.4.0.1', limiters });
    if (!r2.ok) throw new Error('login failed');
    await setDisabled(db, 'bob', true, { name: 'test' });
    expect(await resolveSession(db, r2.token)).toBeNull();
  });
});

describe('Cookie 属性', () => {
  test('HTTP：httpOnly、SameSite=Lax、Path=/、不设 Secure，随会话过期', () => {
    const now = new Date('2025-01-01T00:00:00Z');
    const exp = new Date('2025-01-01T12:00:00Z');
    expect(sessionCookieOptions(new URL('http://127.0.0.1:3000/login'), exp, now)).toEqual({
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: false,
      expires: exp,
      maxAge: 12 * 3600
    });
  });

  test('HTTPS：Secure', () => {
    expect(sessionCookieOptions(new URL('https://jiance.example.gov.cn/'), new Date(Date.now() + 1000)).secure).toBe(true);
  });
});

describe('/api/session 接口', () => {
  type Handler = (e: RequestEvent) => Promise<Response>;
  let POST: Handler;
  let DELETE: Handler;
  let GET: Handler;

  beforeAll(async () => {
    const m = await import('../../src/routes/api/session/+server');
    POST = m.POST as unknown as Handler;
    DELETE = m.DELETE as unknown as Handler;
    GET = m.GET as unknown as Handler;
    await createUser(db, { username: 'dave', password: 'Dave-Passw0rd', role: 'office', scrypt: FAST }, { name: 'test' });
  });

  beforeEach(() => {
    userLimiter.clear();
    ipLimiter.clear();
  });

  function ev(body: unknown, opts: { base?: string; cookie?: string; method?: string; contentType?: string; ip?: string } = {}) {
    const url = new URL('/api/session', opts.base ?? 'http://localhost:3000');
    const jar = new Map<string, string>();
    if (opts.cookie) jar.set(SESSION_COOKIE, opts.cookie);
    const sets: { name: string; value: string; opts: Record<string, unknown> }[] = [];
    const deletes: { name: string; opts: Record<string, unknown> }[] = [];
    const method = opts.method ?? 'POST';
    const event = {
      url,
      request: new Request(url, { method, headers: { 'content-type': opts.contentType ?? 'application/json' }, body: method === 'POST' ? (typeof body === 'string' ? body : JSON.stringify(body)) : undefined }),
      locals: { user: null },
      getClientAddress: () => opts.ip ?? '127.0.0.1',
      cookies: {
        get: (n: string) => jar.get(n),
        set: (name: string, value: string, o: Record<string, unknown>) => sets.push({ name, value, opts: o }),
        delete: (name: string, o: Record<string, unknown>) => deletes.push({ name, opts: o })
      }
    } as unknown as RequestEvent;
    return { event, sets, deletes };
  }

  test('POST 正确：200 + 会话 Cookie（httpOnly、SameSite=Lax、Path=/）+ 用户信息', async () => {
    const { event, sets } = ev({ username: 'dave', password: 'Dave-Passw0rd' });
    const res = await POST(event);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ username: 'dave', role: 'office', dept: null, mustChangePassword: false });
    expect(sets).toHaveLength(1);
    expect(sets[0]!.name).toBe(SESSION_COOKIE);
    expect(sets[0]!.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sets[0]!.opts).toMatchObject({ path: '/', httpOnly: true, sameSite: 'lax', secure: false });
  });

  test('POST 经 HTTPS：Cookie 带 Secure', async () => {
    const { event, sets } = ev({ username: 'dave', password: 'Dave-Passw0rd' }, { base: 'https://jiance.example.gov.cn' });
    expect((await POST(event)).status).toBe(200);
    expect(sets[0]!.opts.secure).toBe(true);
  });

  test('POST 错误密码 401；连续失败 → 429 带 Retry-After；不设 Cookie', async () => {
    for (let i = 0; i < 5; i++) {
      const { event, sets } = ev({ username: 'dave', password: 'nope' });
      const res = await POST(event);
      expect(res.status).toBe(401);
      expect(sets).toHaveLength(0);
    }
    const { event, sets } = ev({ username: 'dave', password: 'Dave-Passw0rd' });
    const res = await POST(event);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await res.json()).error).toMatch(/失败次数过多/);
    expect(sets).toHaveLength(0);
  });

  test('POST 不是 JSON：415；坏 JSON：400', async () => {
    expect((await POST(ev('username=dave', { contentType: 'application/x-www-form-urlencoded' }).event)).status).toBe(415);
    expect((await POST(ev('{bad').event)).status).toBe(400);
  });

  test('POST 登录时作废旧会话（防会话固定）；DELETE 退出后会话失效并清除 Cookie', async () => {
    const first = ev({ username: 'dave', password: 'Dave-Passw0rd' });
    await POST(first.event);
    const oldToken = first.sets[0]!.value;
    const second = ev({ username: 'dave', password: 'Dave-Passw0rd' }, { cookie: oldToken });
    await POST(second.event);
    expect(await resolveSession(db, oldToken)).toBeNull();
    const token = second.sets[0]!.value;
    expect(await resolveSession(db, token)).not.toBeNull();

    const out = ev(null, { method: 'DELETE', cookie: token });
    const res = await DELETE(out.event);
    expect(res.status).toBe(200);
    expect(out.deletes[0]).toMatchObject({ name: SESSION_COOKIE, opts: { path: '/' } });
    expect(await resolveSession(db, token)).toBeNull();
  });

  test('GET 未登录：401', async () => {
    expect((await GET(ev(null, { method: 'GET' }).event)).status).toBe(401);
  });
});
