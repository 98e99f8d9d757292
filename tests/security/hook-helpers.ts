/**
 * 用合成的 RequestEvent 调用 hooks.server.ts 的 handle（不启动服务器）。
 * 会话是真的：临时应用库里建好各角色用户并登录，Cookie 里放真令牌。
 */
import type { Handle, RequestEvent } from '@sveltejs/kit';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppDb, setAppDbForTesting } from '../../src/lib/server/appdb';
import { createSession, SESSION_COOKIE } from '../../src/lib/server/auth/session';
import { createUser } from '../../src/lib/server/auth/users';
import type { Role } from '../../src/lib/types/user';

export const ROLES: Role[] = ['admin', 'office', 'dept', 'analyst', 'viewer'];
export const FAST_SCRYPT = { N: 1024, r: 8, p: 1 };
/** 模拟 SvelteKit 生成的页面 CSP（hash 模式） */
export const KIT_CSP = "default-src 'self'; script-src 'self' 'sha256-AAAA'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

export interface HookEnv {
  db: AppDb;
  dir: string;
  tokens: Record<Role, string>;
  cleanup: () => void;
}

export async function setupHookEnv(): Promise<HookEnv> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cgjc-hook-'));
  const db = await AppDb.open(path.join(dir, 'app.duckdb'));
  setAppDbForTesting(db);
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) {
    const username = `u_${role}`;
    await createUser(db, { username, password: 'Passw0rd-for-' + role, role, dept: role === 'dept' ? '省教育厅' : null, scrypt: FAST_SCRYPT }, { name: 'test' });
    tokens[role] = (await createSession(db, username)).token;
  }
  return {
    db,
    dir,
    tokens,
    cleanup: () => {
      setAppDbForTesting(null);
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

export interface CallOptions {
  method?: string;
  token?: string | null;
  dataRequest?: boolean;
  remoteRequest?: boolean;
  origin?: string | null;
  base?: string;
  /** resolve 返回的响应（默认一个带 Kit CSP 的 HTML 页面） */
  response?: () => Response;
}

export interface CallResult {
  status: number;
  headers: Headers;
  body: string;
  resolved: boolean;
  user: App.Locals['user'];
}

export async function callHook(handle: Handle, pathname: string, opts: CallOptions = {}): Promise<CallResult> {
  const url = new URL(pathname, opts.base ?? 'http://localhost:5173');
  const headers = new Headers();
  if (opts.origin) headers.set('origin', opts.origin);
  const request = new Request(url, { method: opts.method ?? 'GET', headers });
  const jar = new Map<string, string>();
  if (opts.token) jar.set(SESSION_COOKIE, opts.token);
  const locals = {} as App.Locals;
  const event = {
    url,
    request,
    locals,
    params: {},
    route: { id: null },
    platform: undefined,
    isDataRequest: !!opts.dataRequest,
    isRemoteRequest: !!opts.remoteRequest,
    isSubRequest: false,
    getClientAddress: () => '127.0.0.1',
    setHeaders: () => {},
    fetch,
    cookies: {
      get: (name: string) => jar.get(name),
      getAll: () => [...jar].map(([name, value]) => ({ name, value })),
      set: (name: string, value: string) => void jar.set(name, value),
      delete: (name: string) => void jar.delete(name),
      serialize: () => ''
    }
  } as unknown as RequestEvent;
  let resolved = false;
  const resolve = async () => {
    resolved = true;
    return opts.response
      ? opts.response()
      : new Response('<!doctype html><p>ok</p>', { status: 200, headers: { 'content-type': 'text/html', 'content-security-policy': KIT_CSP } });
  };
  const res = await handle({ event, resolve } as Parameters<Handle>[0]);
  return { status: res.status, headers: res.headers, body: await res.text(), resolved, user: locals.user };
}
