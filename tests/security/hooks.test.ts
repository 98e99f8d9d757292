/**
 * hooks.server.ts 的其余行为：每个响应的安全头、CSP 补全、远程函数、跨站写请求、初始口令、无效会话。
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { handle } from '../../src/hooks.server';
import { setDisabled, createUser } from '../../src/lib/server/auth/users';
import { createSession } from '../../src/lib/server/auth/session';
import { completeCsp } from '../../src/lib/server/auth/headers';
import { callHook, FAST_SCRYPT, KIT_CSP, setupHookEnv, type HookEnv } from './hook-helpers';

let env: HookEnv;
beforeAll(async () => {
  env = await setupHookEnv();
});
afterAll(() => env?.cleanup());

function expectSecurityHeaders(h: Headers) {
  expect(h.get('x-frame-options')).toBe('DENY');
  expect(h.get('x-content-type-options')).toBe('nosniff');
  expect(h.get('referrer-policy')).toBe('same-origin');
  const csp = h.get('content-security-policy') ?? '';
  expect(csp).toMatch(/frame-ancestors 'none'/);
}

describe('安全响应头', () => {
  const cases: [string, () => Promise<{ status: number; headers: Headers }>][] = [
    ['放行的页面（Kit 的 CSP 保留并补全）', () => callHook(handle, '/', { token: env.tokens.viewer })],
    ['匿名跳转登录 303', () => callHook(handle, '/tasks')],
    ['匿名 API 401', () => callHook(handle, '/api/sql', { method: 'POST' })],
    ['角色不符的页面 403', () => callHook(handle, '/admin/users', { token: env.tokens.viewer })],
    ['角色不符的 API 403', () => callHook(handle, '/api/sql', { method: 'POST', token: env.tokens.viewer })],
    ['不在路由表 403', () => callHook(handle, '/nope', { token: env.tokens.admin })],
    ['公开的 JSON 接口', () => callHook(handle, '/api/session', { response: () => Response.json({ ok: true }) })],
    ['远程函数 403', () => callHook(handle, '/', { remoteRequest: true, token: env.tokens.admin })]
  ];
  test.each(cases)('%s', async (_name, run) => {
    const r = await run();
    expectSecurityHeaders(r.headers);
  });

  test('Kit 的页面 CSP（含脚本哈希）原样保留，只补上缺的指令', async () => {
    const r = await callHook(handle, '/', { token: env.tokens.viewer });
    const csp = r.headers.get('content-security-policy')!;
    expect(csp.startsWith(KIT_CSP)).toBe(true);
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp.match(/frame-ancestors/g)?.length).toBe(1);
  });

  test('非 HTML 响应没有 CSP 时给最严格的一条', async () => {
    const r = await callHook(handle, '/api/session', { response: () => Response.json({ ok: true }) });
    expect(r.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
  });

  test('completeCsp 不重复已有指令', () => {
    const full = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; object-src 'none'; base-uri 'self'";
    expect(completeCsp(full)).toBe(full);
  });

  test('HTTPS 时加 HSTS，HTTP 时不加；登录用户的响应禁止缓存', async () => {
    const https = await callHook(handle, '/', { token: env.tokens.viewer, base: 'https://jiance.example.gov.cn' });
    expect(https.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    const http = await callHook(handle, '/', { token: env.tokens.viewer });
    expect(http.headers.get('strict-transport-security')).toBeNull();
    expect(http.headers.get('cache-control')).toBe('no-store');
  });
});

describe('请求来源与远程函数', () => {
  test('远程函数调用一律拒绝（其路径由客户端请求头决定，不能按路径授权）', async () => {
    const r = await callHook(handle, '/', { remoteRequest: true, token: env.tokens.admin });
    expect(r.status).toBe(403);
    expect(r.resolved).toBe(false);
  });

  test('/api 写请求带了别站的 Origin → 403；同源或不带 Origin 放行', async () => {
    const cross = await callHook(handle, '/api/sql', { method: 'POST', token: env.tokens.analyst, origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    expect(JSON.parse(cross.body).error).toMatch(/跨站/);
    const same = await callHook(handle, '/api/sql', { method: 'POST', token: env.tokens.analyst, origin: 'http://localhost:5173' });
    expect(same.status).toBe(200);
    const none = await callHook(handle, '/api/sql', { method: 'POST', token: env.tokens.analyst });
    expect(none.status).toBe(200);
    const crossLogin = await callHook(handle, '/api/session', { method: 'POST', origin: 'https://evil.example' });
    expect(crossLogin.status).toBe(403);
  });
});

describe('会话', () => {
  test('有效会话：locals.user 为用户、角色、部门', async () => {
    const r = await callHook(handle, '/progress', { token: env.tokens.dept });
    expect(r.user).toEqual({ username: 'u_dept', role: 'dept', dept: '省教育厅' });
  });

  test('伪造、格式不对、已删除的令牌都按匿名处理', async () => {
    for (const token of ['x', 'A'.repeat(43), 'not a token at all', env.tokens.admin + 'x']) {
      const r = await callHook(handle, '/admin/users', { token });
      expect(r.status).toBe(303);
      expect(r.user).toBeNull();
    }
  });

  test('停用用户的会话立即失效', async () => {
    await createUser(env.db, { username: 'to_disable', password: 'Passw0rd-disable', role: 'viewer', scrypt: FAST_SCRYPT }, { name: 'test' });
    const { token } = await createSession(env.db, 'to_disable');
    expect((await callHook(handle, '/', { token })).status).toBe(200);
    await setDisabled(env.db, 'to_disable', true, { name: 'test' });
    expect((await callHook(handle, '/', { token })).status).toBe(303);
  });

  test('过期会话按匿名处理', async () => {
    await createUser(env.db, { username: 'expiring', password: 'Passw0rd-expire', role: 'viewer', scrypt: FAST_SCRYPT }, { name: 'test' });
    const { token } = await createSession(env.db, 'expiring', { now: new Date(Date.now() - 13 * 3600_000), ttlMs: 12 * 3600_000 });
    const r = await callHook(handle, '/', { token });
    expect(r.status).toBe(303);
    expect(r.user).toBeNull();
  });

  test('初始口令未修改：页面跳到修改密码，API 403，修改密码页与退出可用', async () => {
    await createUser(env.db, { username: 'fresh', password: 'Passw0rd-fresh', role: 'admin', mustChangePassword: true, scrypt: FAST_SCRYPT }, { name: 'test' });
    const { token } = await createSession(env.db, 'fresh');
    const page = await callHook(handle, '/admin/users', { token });
    expect([page.status, page.headers.get('location')]).toEqual([303, '/login/password']);
    const data = await callHook(handle, '/tasks', { token, dataRequest: true });
    expect(JSON.parse(data.body)).toEqual({ type: 'redirect', location: '/login/password' });
    const api = await callHook(handle, '/api/sql', { method: 'POST', token });
    expect(api.status).toBe(403);
    expect(JSON.parse(api.body).error).toMatch(/修改初始密码/);
    expect((await callHook(handle, '/login/password', { token })).status).toBe(200);
    expect((await callHook(handle, '/logout', { token })).status).toBe(200);
    expect((await callHook(handle, '/api/session', { token, method: 'DELETE' })).status).toBe(200);
  });
});
