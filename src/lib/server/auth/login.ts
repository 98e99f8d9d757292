/**
 * 登录流程（POST /api/session 与 /login 表单共用）。
 * 顺序：输入检查 → 限流检查（先于校验密码，不给暴力猜测提供信号）→ 校验密码（用户不存在也跑一次 scrypt）
 * → 失败计数与审计 / 成功则建会话、清除该用户名的失败计数、审计。
 */
import type { SessionUser } from '../../types/user';
import type { AppDb } from '../appdb';
import { appendAudit } from '../appdb/audit';
import { getDummyHash, MAX_PASSWORD_LENGTH, needsRehash, verifyPassword } from './password';
import { ipLimiter, userLimiter, type RateLimiter } from './rate-limit';
import { createSession, sessionTtlMs } from './session';
import { getUserWithHash, rehashPassword } from './users';

export interface LoginInput {
  username: unknown;
  password: unknown;
  ip: string;
  userAgent?: string | null;
  now?: Date;
  /** 测试可注入独立的限流器 */
  limiters?: { user: RateLimiter; ip: RateLimiter };
}

export type LoginResult =
  | { ok: true; user: SessionUser; token: string; expiresAt: Date; mustChangePassword: boolean }
  | { ok: false; status: 400 | 401 | 429; error: string; retryAfterSec?: number };

export const LOGIN_FAILED_MESSAGE = '用户名或密码错误，或账号已停用。';

export async function attemptLogin(db: AppDb, input: LoginInput): Promise<LoginResult> {
  const { username, password, ip } = input;
  const now = input.now ?? new Date();
  const limiters = input.limiters ?? { user: userLimiter, ip: ipLimiter };
  if (typeof username !== 'string' || typeof password !== 'string' || !username || !password) {
    return { ok: false, status: 400, error: '请输入用户名和密码。' };
  }
  if (username.length > 64 || password.length > MAX_PASSWORD_LENGTH) {
    return { ok: false, status: 400, error: '用户名或密码过长。' };
  }
  const userKey = `u:${username.normalize('NFKC').toLowerCase()}`;
  const ipKey = `ip:${ip}`;
  const wait = Math.max(limiters.user.retryAfterMs(userKey, now.getTime()), limiters.ip.retryAfterMs(ipKey, now.getTime()));
  if (wait > 0) {
    const retryAfterSec = Math.ceil(wait / 1000);
    return { ok: false, status: 429, error: `登录失败次数过多，请 ${Math.ceil(retryAfterSec / 60)} 分钟后再试。`, retryAfterSec };
  }

  const user = await getUserWithHash(db, username);
  const passwordOk = await verifyPassword(password, user?.password_hash ?? (await getDummyHash()));
  if (!user || !passwordOk || user.disabled) {
    limiters.user.fail(userKey, now.getTime());
    limiters.ip.fail(ipKey, now.getTime());
    await appendAudit(db, {
      actor: user ? user.username : '(未知用户)',
      action: 'login.fail',
      entity: `user:${username.slice(0, 64)}`,
      after: { reason: !user ? '用户不存在' : user.disabled ? '账号已停用' : '密码错误' },
      ip,
      at: now
    });
    return { ok: false, status: 401, error: LOGIN_FAILED_MESSAGE };
  }

  limiters.user.reset(userKey);
  if (needsRehash(user.password_hash)) await rehashPassword(db, user.username, password, !!user.must_change_password);
  const session = await createSession(db, user.username, { now, ttlMs: sessionTtlMs(), ip, userAgent: input.userAgent });
  await appendAudit(db, { actor: user.username, action: 'login', entity: `user:${user.username}`, ip, at: now });
  return {
    ok: true,
    user: { username: user.username, role: user.role, dept: user.role === 'dept' ? user.dept : null },
    token: session.token,
    expiresAt: session.expiresAt,
    mustChangePassword: !!user.must_change_password
  };
}
