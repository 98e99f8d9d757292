/**
 * 会话：随机 32 字节令牌放在 httpOnly Cookie 里；数据库只存令牌的 SHA-256。
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SessionUser, Role } from '../../types/user';
import type { AppDb } from '../appdb';

export const SESSION_COOKIE = 'cgjc_session';

/** 会话有效期（小时），环境变量 SESSION_TTL_HOURS，默认 12。 */
export function sessionTtlMs(env: NodeJS.ProcessEnv = process.env): number {
  const h = Number(env.SESSION_TTL_HOURS);
  return (Number.isFinite(h) && h > 0 ? h : 12) * 3600_000;
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** 令牌格式：43 个 base64url 字符（32 字节）。格式不对的直接当作没有会话，不查库。 */
export function isWellFormedToken(token: unknown): token is string {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);
}

export interface CreatedSession {
  token: string;
  tokenHash: string;
  expiresAt: Date;
}

export async function createSession(
  db: AppDb,
  username: string,
  opts: { now?: Date; ttlMs?: number; ip?: string | null; userAgent?: string | null } = {}
): Promise<CreatedSession> {
  const now = opts.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (opts.ttlMs ?? sessionTtlMs()));
  const token = newToken();
  const tokenHash = hashToken(token);
  await db.run('purge_expired_sessions', { now: now.toISOString() });
  await db.run('insert_session', {
    token_hash: tokenHash,
    username,
    now: now.toISOString(),
    expires_at: expiresAt.toISOString(),
    ip: opts.ip ?? null,
    user_agent: (opts.userAgent ?? '').slice(0, 200) || null
  });
  return { token, tokenHash, expiresAt };
}

export interface ResolvedSession {
  user: SessionUser;
  mustChangePassword: boolean;
  tokenHash: string;
  expiresAt: Date;
}

/** 由 Cookie 中的令牌找回用户；无效、过期或用户已停用时返回 null。 */
export async function resolveSession(db: AppDb, token: string | undefined, now: Date = new Date()): Promise<ResolvedSession | null> {
  if (!isWellFormedToken(token)) return null;
  const tokenHash = hashToken(token);
  const row = await db.one<{ username: string; role: Role; dept: string | null; must_change_password: boolean; expires_at: Date }>('find_session', {
    token_hash: tokenHash,
    now: now.toISOString()
  });
  if (!row) return null;
  return {
    user: { username: row.username, role: row.role, dept: row.role === 'dept' ? row.dept : null },
    mustChangePassword: !!row.must_change_password,
    tokenHash,
    expiresAt: new Date(row.expires_at)
  };
}

export async function destroySession(db: AppDb, token: string | undefined): Promise<void> {
  if (!isWellFormedToken(token)) return;
  await db.run('delete_session', { token_hash: hashToken(token) });
}

export interface CookieOptions {
  path: string;
  httpOnly: boolean;
  sameSite: 'lax' | 'strict';
  secure: boolean;
  expires: Date;
  maxAge: number;
}

/** 会话 Cookie 的属性：httpOnly、SameSite=Lax、Path=/、HTTPS 时 Secure、与会话同时过期。 */
export function sessionCookieOptions(url: URL, expiresAt: Date, now: Date = new Date()): CookieOptions {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: url.protocol === 'https:',
    expires: expiresAt,
    maxAge: Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000))
  };
}
