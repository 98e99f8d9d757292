/**
 * 角色矩阵：每条路由 × 每个角色（加匿名）经 hooks.server.ts 的 handle 得到预期状态码。
 * 期望表在这里手写（按需求说明），不从 ROUTE_RULES 推导，免得测试与实现同错。
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { handle } from '../../src/hooks.server';
import { decide, findRule, normalizePath, ROUTE_RULES } from '../../src/lib/server/auth/route-roles';
import type { Role } from '../../src/lib/types/user';
import { callHook, ROLES, setupHookEnv, type HookEnv } from './hook-helpers';

type Who = Role | 'anon';
const ALL: Who[] = ['anon', ...ROLES];
const EVERY_ROLE: Role[] = ROLES;
const PUBLIC = 'public' as const;

/** 路径 → 允许的角色（'public' 为任何人含匿名）。 */
const MATRIX: [string, readonly Role[] | typeof PUBLIC][] = [
  // 公开
  ['/login', PUBLIC],
  ['/logout', PUBLIC],
  ['/api/session', PUBLIC],
  ['/health', PUBLIC],
  ['/_app/immutable/entry/start.js', PUBLIC],
  ['/_app/version.json', PUBLIC],
  ['/favicon.png', PUBLIC],
  ['/robots.txt', PUBLIC],
  // 本人账户
  ['/login/password', EVERY_ROLE],
  // 只读页面：所有角色
  ['/', EVERY_ROLE],
  ['/tasks', EVERY_ROLE],
  ['/tasks/7', EVERY_ROLE],
  ['/tasks/print', EVERY_ROLE],
  ['/kpi', EVERY_ROLE],
  ['/compliance', EVERY_ROLE],
  ['/evaluation', EVERY_ROLE],
  ['/evaluation/matrix', EVERY_ROLE],
  ['/awards', EVERY_ROLE],
  ['/targets', EVERY_ROLE],
  ['/quality', EVERY_ROLE],
  ['/api/data/kpi', EVERY_ROLE],
  ['/api/export/tasks.xlsx', EVERY_ROLE],
  ['/api/data', EVERY_ROLE], // 模式 /x/** 也包括 /x 本身
  // SQL：分析员、协调办、管理员
  ['/sql', ['analyst', 'office', 'admin']],
  ['/sql/saved', ['analyst', 'office', 'admin']],
  ['/api/sql', ['analyst', 'office', 'admin']],
  ['/api/sql/schema', ['analyst', 'office', 'admin']],
  ['/api/sql/history', ['analyst', 'office', 'admin']],
  // 进展填报：部门负责人、协调办、管理员
  ['/progress', ['dept', 'office', 'admin']],
  ['/progress/2024-W10', ['dept', 'office', 'admin']],
  ['/api/progress/7', ['dept', 'office', 'admin']],
  // 管理
  ['/admin', ['office', 'admin']],
  ['/admin/users', ['admin']],
  ['/admin/users/new', ['admin']],
  ['/admin/audit', ['office', 'admin']],
  // 编码与结尾斜杠：与 SvelteKit 路由匹配同样解码
  ['/%61dmin/users', ['admin']],
  ['/admin/users/', ['admin']],
  ['/sq%6C', ['analyst', 'office', 'admin']],
  // 不在表里：一律拒绝
  ['/secret', []],
  ['/admin/other', []],
  ['/api', []],
  ['/api/unknown', []],
  ['/tasksx', []],
  ['/ADMIN/users', []],
  ['/login/other', []],
  ['/api/session/x', []]
];

let env: HookEnv;
beforeAll(async () => {
  env = await setupHookEnv();
});
afterAll(() => env?.cleanup());

function expected(path: string, allowed: readonly Role[] | typeof PUBLIC, who: Who, dataRequest = false): number {
  if (allowed === PUBLIC) return 200;
  if (who !== 'anon' && allowed.includes(who)) return 200;
  const api = path === '/api' || path.startsWith('/api/');
  if (who === 'anon') return api ? 401 : dataRequest ? 200 : 303;
  return 403;
}

const CASES = MATRIX.flatMap(([path, allowed]) => ALL.map((who) => ({ path, allowed, who })));

describe('角色矩阵（路由 × 角色）', () => {
  test.each(CASES)('$path · $who', async ({ path, allowed, who }) => {
    const r = await callHook(handle, path, { token: who === 'anon' ? null : env.tokens[who] });
    const want = expected(path, allowed, who);
    expect(r.status).toBe(want);
    expect(r.resolved).toBe(want === 200);
    if (want === 303) {
      const u = new URL(path, 'http://localhost:5173');
      const next = u.pathname + u.search;
      expect(r.headers.get('location')).toBe(next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`);
    }
    if (want === 401) expect(JSON.parse(r.body).error).toBe('请先登录。');
    if (want === 403) expect(r.body).toMatch(/无权|不存在/);
  });
});

describe('客户端导航（__data.json）', () => {
  const pages = MATRIX.filter(([p]) => !p.startsWith('/api') && !p.startsWith('/_app'));
  const cases = pages.flatMap(([path, allowed]) => (['anon', 'viewer', 'analyst'] as Who[]).map((who) => ({ path, allowed, who })));
  test.each(cases)('$path · $who', async ({ path, allowed, who }) => {
    const r = await callHook(handle, path, { token: who === 'anon' ? null : env.tokens[who], dataRequest: true });
    const want = expected(path, allowed, who, true);
    expect(r.status).toBe(want);
    if (who === 'anon' && allowed !== PUBLIC) {
      expect(JSON.parse(r.body)).toEqual({ type: 'redirect', location: expect.stringMatching(/^\/login/) });
    }
    if (want === 403) expect(typeof JSON.parse(r.body)).toBe('string');
  });
});

describe('路由表本身', () => {
  test('表中每条规则都被上面的矩阵覆盖到（新增规则必须补测试）', () => {
    const covered = new Set(MATRIX.map(([p]) => findRule(p)?.pattern).filter(Boolean));
    const missing = ROUTE_RULES.filter((r) => !covered.has(r.pattern) && !['/favicon.ico', '/favicon.svg'].includes(r.pattern)).map((r) => r.pattern);
    expect(missing).toEqual([]);
  });

  test('无效路径（双斜杠、点段、反斜杠、控制字符、坏编码）不匹配任何规则', () => {
    for (const p of ['//admin/users', '/tasks/../admin/users', '/./tasks', '/tasks\\x', '/tasks%00', '/%E0%A4%A', 'tasks']) {
      expect(normalizePath(p), p).toBeNull();
      expect(decide(p, 'admin').kind, p).not.toBe('allow');
    }
  });

  test('精确规则优先于同前缀的 /**；最具体的规则生效', () => {
    expect(findRule('/login/password')?.pattern).toBe('/login/password');
    expect(findRule('/admin/users/x')?.pattern).toBe('/admin/users/**');
    expect(findRule('/admin')?.pattern).toBe('/admin');
    expect(findRule('/')?.pattern).toBe('/');
    expect(findRule('/whatever')).toBeNull();
  });
});
