/**
 * 密码哈希：scrypt（node:crypto），随机 16 字节盐，参数与哈希一起保存，比较用 timingSafeEqual。
 * 存储格式：scrypt$N$r$p$盐(base64)$哈希(base64)
 */
import { randomBytes, randomInt, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** 默认参数：N=2^15, r=8, p=1（约 32 MB 内存、几十毫秒）。 */
export const DEFAULT_SCRYPT: ScryptParams = { N: 1 << 15, r: 8, p: 1 };
const KEY_LEN = 64;
const SALT_LEN = 16;
/** 超长口令直接拒绝，免得被用来消耗 CPU。 */
export const MAX_PASSWORD_LENGTH = 1024;
export const MIN_PASSWORD_LENGTH = 10;

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFKC'), salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key)))
  );
}

function maxmem(p: ScryptParams): number {
  return 128 * p.N * p.r * p.p + 64 * 1024 * 1024;
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  if (password.length > MAX_PASSWORD_LENGTH) throw new Error('密码过长');
  const salt = randomBytes(SALT_LEN);
  const key = await scrypt(password, salt, KEY_LEN, { N: params.N, r: params.r, p: params.p, maxmem: maxmem(params) });
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export function parseHash(stored: string): (ScryptParams & { salt: Buffer; key: Buffer }) | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  // 拒绝畸形或可用于拒绝服务的参数
  if (![N, r, p].every(Number.isInteger) || N < 2 || N > 1 << 20 || (N & (N - 1)) !== 0 || r < 1 || r > 32 || p < 1 || p > 16) return null;
  const salt = Buffer.from(parts[4]!, 'base64');
  const key = Buffer.from(parts[5]!, 'base64');
  if (salt.length < 8 || key.length < 16) return null;
  return { N, r, p, salt, key };
}

/** 校验密码；哈希格式不对时返回 false。 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (typeof password !== 'string' || password.length > MAX_PASSWORD_LENGTH) return false;
  const h = parseHash(stored);
  if (!h) return false;
  const key = await scrypt(password, h.salt, h.key.length, { N: h.N, r: h.r, p: h.p, maxmem: maxmem(h) });
  return key.length === h.key.length && timingSafeEqual(key, h.key);
}

/** 哈希的参数弱于当前默认值时返回 true（登录成功后顺便重新哈希）。 */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const h = parseHash(stored);
  return !h || h.N < params.N || h.r < params.r || h.p < params.p;
}

/** 一个固定的假哈希：用户不存在时也跑一次 scrypt，使响应时间不泄露用户是否存在。 */
let dummyHash: Promise<string> | null = null;
export function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}

/** 密码强度检查；不合格时返回中文原因。 */
export function passwordProblem(password: string): string | null {
  if (typeof password !== 'string' || password.length === 0) return '密码不能为空。';
  if (password.length < MIN_PASSWORD_LENGTH) return `密码至少 ${MIN_PASSWORD_LENGTH} 个字符。`;
  if (password.length > MAX_PASSWORD_LENGTH) return `密码不能超过 ${MAX_PASSWORD_LENGTH} 个字符。`;
  if (/^(.)\1*$/.test(password)) return '密码不能由同一个字符重复组成。';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  // 汉字等非 ASCII 字符按 2 计长度（中文短句口令的熵远高于同样长度的字母）
  let effectiveLength = 0;
  for (const ch of password) effectiveLength += ch.codePointAt(0)! > 0x7f ? 2 : 1;
  if (classes < 2 && effectiveLength < 16) return '密码需包含至少两类字符（小写字母、大写字母、数字、符号），或长度不少于 16 个字符（汉字按 2 个计）。';
  return null;
}

/** 生成随机口令（去掉易混字符），用于初始管理员和管理员重置密码。 */
export function generatePassword(length = 16): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[randomInt(alphabet.length)];
  // 16 位随机字符约 93 比特熵，长度本身满足 passwordProblem
  return s;
}
