/**
 * 用户管理（网页 /admin/users 与命令行 `npm run user` 共用）。每次修改都写审计日志（不含密码哈希）。
 */
import type { Role } from '../../types/user';
import type { AppDb } from '../appdb';
import { appendAudit } from '../appdb/audit';
import { hashPassword, passwordProblem, type ScryptParams } from './password';

export const ROLES: readonly Role[] = ['admin', 'office', 'dept', 'analyst', 'viewer'];

export interface UserRecord {
  username: string;
  role: Role;
  dept: string | null;
  disabled: boolean;
  must_change_password: boolean;
  created_at: Date;
  updated_at: Date;
}

interface UserRow extends UserRecord {
  password_hash: string;
  [k: string]: unknown;
}

export class UserError extends Error {}

/** 谁在操作：用于审计日志 */
export interface Actor {
  name: string;
  ip?: string | null;
}

export function isRole(x: unknown): x is Role {
  return typeof x === 'string' && (ROLES as readonly string[]).includes(x);
}

/** 登录名：2–32 个字母（含汉字）、数字、下划线、点或连字符。 */
export function usernameProblem(username: unknown): string | null {
  if (typeof username !== 'string' || username.length === 0) return '用户名不能为空。';
  if (!/^[\p{L}\p{N}_.-]{2,32}$/u.test(username)) return '用户名须为 2–32 个字母、汉字、数字、下划线、点或连字符。';
  return null;
}

/** 部门：dept 角色必须有，其他角色必须没有。 */
export function normalizeDept(role: Role, dept: unknown): string | null {
  const d = typeof dept === 'string' ? dept.trim() : '';
  if (role === 'dept') {
    if (!d) throw new UserError('部门负责人必须指定所属部门（--dept）。');
    if (d.length > 64) throw new UserError('部门名称过长。');
    return d;
  }
  if (d) throw new UserError('只有部门负责人（dept）才绑定部门。');
  return null;
}

function publicView(u: UserRow | UserRecord): UserRecord {
  return {
    username: u.username,
    role: u.role,
    dept: u.dept ?? null,
    disabled: !!u.disabled,
    must_change_password: !!u.must_change_password,
    created_at: u.created_at,
    updated_at: u.updated_at
  };
}

/** 审计用的快照（不含密码哈希与时间戳）。 */
function snapshot(u: UserRecord | null) {
  return u ? { username: u.username, role: u.role, dept: u.dept, disabled: u.disabled, must_change_password: u.must_change_password } : null;
}

export async function getUserWithHash(db: AppDb, username: string): Promise<UserRow | null> {
  return db.one<UserRow>('get_user', { username });
}

export async function getUser(db: AppDb, username: string): Promise<UserRecord | null> {
  const u = await getUserWithHash(db, username);
  return u ? publicView(u) : null;
}

export async function listUsers(db: AppDb): Promise<UserRecord[]> {
  return (await db.all<UserRow>('list_users')).map(publicView);
}

export async function countUsers(db: AppDb): Promise<number> {
  return (await db.one<{ n: number }>('count_users'))?.n ?? 0;
}

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  dept?: string | null;
  mustChangePassword?: boolean;
  /** 测试可用较小的 scrypt 参数 */
  scrypt?: ScryptParams;
  /** 跳过强度检查（只用于系统生成的随机口令） */
  skipStrengthCheck?: boolean;
}

export async function createUser(db: AppDb, u: NewUser, actor: Actor): Promise<UserRecord> {
  const up = usernameProblem(u.username);
  if (up) throw new UserError(up);
  if (!isRole(u.role)) throw new UserError(`角色必须是 ${ROLES.join(' / ')} 之一。`);
  const dept = normalizeDept(u.role, u.dept);
  if (!u.skipStrengthCheck) {
    const pp = passwordProblem(u.password);
    if (pp) throw new UserError(pp);
  }
  if (await getUserWithHash(db, u.username)) throw new UserError(`用户 ${u.username} 已存在。`);
  const password_hash = await hashPassword(u.password, u.scrypt);
  const now = new Date().toISOString();
  await db.run('insert_user', { username: u.username, password_hash, role: u.role, dept, must_change_password: !!u.mustChangePassword, now });
  const created = (await getUser(db, u.username))!;
  await appendAudit(db, { actor: actor.name, ip: actor.ip, action: 'user.create', entity: `user:${u.username}`, after: snapshot(created) });
  return created;
}

async function requireUser(db: AppDb, username: string): Promise<UserRecord> {
  const u = await getUser(db, username);
  if (!u) throw new UserError(`用户 ${username} 不存在。`);
  return u;
}

/** 停用或启用。停用时立即删除该用户的全部会话。 */
export async function setDisabled(db: AppDb, username: string, disabled: boolean, actor: Actor): Promise<UserRecord> {
  const before = await requireUser(db, username);
  if (disabled && actor.name === username) throw new UserError('不能停用自己的账号。');
  if (disabled && before.role === 'admin' && !before.disabled) {
    const admins = (await listUsers(db)).filter((u) => u.role === 'admin' && !u.disabled);
    if (admins.length <= 1) throw new UserError('这是最后一个可用的系统管理员，不能停用。');
  }
  await db.run('set_user_disabled', { username, disabled, now: new Date().toISOString() });
  if (disabled) await db.run('delete_user_sessions', { username });
  const after = (await getUser(db, username))!;
  await appendAudit(db, { actor: actor.name, ip: actor.ip, action: disabled ? 'user.disable' : 'user.enable', entity: `user:${username}`, before: snapshot(before), after: snapshot(after) });
  return after;
}

export interface PasswordChange {
  password: string;
  mustChangePassword: boolean;
  /** 保留这一个会话（本人修改密码时保留当前会话），其余会话全部删除 */
  keepSessionHash?: string;
  scrypt?: ScryptParams;
  skipStrengthCheck?: boolean;
}

export async function setPassword(db: AppDb, username: string, change: PasswordChange, actor: Actor): Promise<UserRecord> {
  const before = await requireUser(db, username);
  if (!change.skipStrengthCheck) {
    const pp = passwordProblem(change.password);
    if (pp) throw new UserError(pp);
  }
  const password_hash = await hashPassword(change.password, change.scrypt);
  await db.run('set_user_password', { username, password_hash, must_change_password: change.mustChangePassword, now: new Date().toISOString() });
  if (change.keepSessionHash) await db.run('delete_user_sessions_except', { username, token_hash: change.keepSessionHash });
  else await db.run('delete_user_sessions', { username });
  const after = (await getUser(db, username))!;
  await appendAudit(db, {
    actor: actor.name,
    ip: actor.ip,
    action: 'user.password',
    entity: `user:${username}`,
    before: snapshot(before),
    after: { ...snapshot(after), password: actor.name === username ? '本人修改' : '已重置' }
  });
  return after;
}

/** 更新密码哈希（登录时参数升级用，不改变其他字段，也不删除会话）。 */
export async function rehashPassword(db: AppDb, username: string, password: string, mustChange: boolean): Promise<void> {
  const password_hash = await hashPassword(password);
  await db.run('set_user_password', { username, password_hash, must_change_password: mustChange, now: new Date().toISOString() });
}

export async function setRole(db: AppDb, username: string, role: Role, deptInput: string | null | undefined, actor: Actor): Promise<UserRecord> {
  const before = await requireUser(db, username);
  if (!isRole(role)) throw new UserError(`角色必须是 ${ROLES.join(' / ')} 之一。`);
  const dept = normalizeDept(role, deptInput);
  if (before.role === 'admin' && role !== 'admin') {
    if (actor.name === username) throw new UserError('不能取消自己的系统管理员角色。');
    const admins = (await listUsers(db)).filter((u) => u.role === 'admin' && !u.disabled);
    if (admins.length <= 1 && !before.disabled) throw new UserError('这是最后一个可用的系统管理员，不能改为其他角色。');
  }
  await db.run('set_user_role', { username, role, dept, now: new Date().toISOString() });
  const after = (await getUser(db, username))!;
  await appendAudit(db, { actor: actor.name, ip: actor.ip, action: 'user.role', entity: `user:${username}`, before: snapshot(before), after: snapshot(after) });
  return after;
}
