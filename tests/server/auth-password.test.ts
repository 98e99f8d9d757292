/** scrypt 密码哈希：格式、校验、错误密码、参数随哈希保存、畸形哈希、强度检查、随机口令。 */
import { describe, expect, test } from 'vitest';
import {
  DEFAULT_SCRYPT,
  generatePassword,
  hashPassword,
  needsRehash,
  parseHash,
  passwordProblem,
  verifyPassword
} from '../../src/lib/server/auth/password';

const FAST = { N: 1024, r: 8, p: 1 };

describe('scrypt 哈希', () => {
  test('默认参数：格式 scrypt$N$r$p$盐$哈希，正确密码通过', async () => {
    const h = await hashPassword('正确的密码-Correct1');
    expect(h).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    const p = parseHash(h)!;
    expect([p.N, p.r, p.p, p.salt.length, p.key.length]).toEqual([DEFAULT_SCRYPT.N, 8, 1, 16, 64]);
    expect(await verifyPassword('正确的密码-Correct1', h)).toBe(true);
  });

  test('错误密码、空密码、大小写不同都不通过', async () => {
    const h = await hashPassword('Secret-Passw0rd', FAST);
    expect(await verifyPassword('secret-passw0rd', h)).toBe(false);
    expect(await verifyPassword('Secret-Passw0rd ', h)).toBe(false);
    expect(await verifyPassword('', h)).toBe(false);
  });

  test('同一密码每次的盐不同，哈希不同', async () => {
    const [a, b] = await Promise.all([hashPassword('Same-Passw0rd', FAST), hashPassword('Same-Passw0rd', FAST)]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('Same-Passw0rd', a)).toBe(true);
    expect(await verifyPassword('Same-Passw0rd', b)).toBe(true);
  });

  test('校验使用哈希里保存的参数（不同参数的旧哈希仍可校验），弱参数需要重新哈希', async () => {
    const old = await hashPassword('Old-Passw0rd', { N: 2048, r: 4, p: 1 });
    expect(old.startsWith('scrypt$2048$4$1$')).toBe(true);
    expect(await verifyPassword('Old-Passw0rd', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(await hashPassword('New-Passw0rd'))).toBe(false);
  });

  test('篡改或畸形的哈希一律不通过（含可用于拒绝服务的参数）', async () => {
    const h = await hashPassword('Secret-Passw0rd', FAST);
    const parts = h.split('$');
    const flipped = [...parts];
    flipped[5] = Buffer.from(Buffer.from(parts[5]!, 'base64').map((b, i) => (i === 0 ? b ^ 1 : b))).toString('base64');
    for (const bad of [
      flipped.join('$'),
      'plain-text-password',
      'scrypt$1024$8$1$AAAA',
      'bcrypt$1024$8$1$c2FsdHNhbHQ=$a2V5a2V5a2V5a2V5a2V5',
      `scrypt$1000$8$1$${parts[4]}$${parts[5]}`, // N 不是 2 的幂
      `scrypt$${2 ** 24}$8$1$${parts[4]}$${parts[5]}`, // N 过大
      `scrypt$1024$64$1$${parts[4]}$${parts[5]}`, // r 过大
      ''
    ]) {
      expect(await verifyPassword('Secret-Passw0rd', bad), bad).toBe(false);
    }
  });

  test('超长密码不做哈希', async () => {
    const h = await hashPassword('Secret-Passw0rd', FAST);
    expect(await verifyPassword('x'.repeat(2000), h)).toBe(false);
    await expect(hashPassword('x'.repeat(2000), FAST)).rejects.toThrow();
  });
});

describe('密码强度与随机口令', () => {
  test.each([
    ['', /不能为空/],
    ['short1A', /至少 10 个字符/],
    ['aaaaaaaaaaaa', /同一个字符/],
    ['alllowercase', /两类字符/]
  ])('%j 不合格', (pw, re) => {
    expect(passwordProblem(pw)).toMatch(re);
  });

  test.each(['Lower-and-1', 'correct horse battery staple', '密码足够长而且是中文的句子'])('%j 合格', (pw) => {
    expect(passwordProblem(pw)).toBeNull();
  });

  test('随机口令：16 位，不含易混字符，彼此不同，满足强度要求', () => {
    const set = new Set(Array.from({ length: 200 }, () => generatePassword()));
    expect(set.size).toBe(200);
    for (const p of set) {
      expect(p).toMatch(/^[A-HJ-NP-Za-km-z2-9]{16}$/);
      expect(passwordProblem(p)).toBeNull();
    }
  });
});
