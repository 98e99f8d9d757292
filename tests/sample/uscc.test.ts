import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isValidUscc, makeUscc, orgCodeCheckChar, usccCheckChar, USCC_CHARSET, USCC_WEIGHTS } from '../../etl/lib/uscc';

describe('GB 32100 统一社会信用代码校验位', () => {
  it('权重为 3^(i-1) mod 31，字符集 31 个字符且不含 I O S V Z', () => {
    expect([...USCC_WEIGHTS]).toEqual(Array.from({ length: 17 }, (_, i) => 3 ** i % 31));
    expect(USCC_CHARSET).toHaveLength(31);
    for (const c of 'IOSVZ') expect(USCC_CHARSET.includes(c)).toBe(false);
  });

  it('公开的示例 91350100M000100Y43 有效（手算）', () => {
    // 9·1 + 1·3 + 3·9 + 5·27 + 0·19 + 1·26 + 0·16 + 0·17 + M(21)·20 + 0·29 + 0·25 + 0·13 + 1·8 + 0·24 + 0·10 + Y(30)·30 + 4·28
    // = 9 + 3 + 27 + 135 + 26 + 420 + 8 + 900 + 112 = 1640；1640 mod 31 = 28；31 − 28 = 3 → “3”
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
  });

  it('事业单位示例 12210000MB0000000F（手算）', () => {
    // 1·1 + 2·3 + 2·9 + 1·27 + M(21)·20 + B(11)·29 = 1 + 6 + 18 + 27 + 420 + 319 = 791；791 mod 31 = 16；31 − 16 = 15 → “F”
    expect(usccCheckChar('12210000MB0000000')).toBe('F');
    expect(isValidUscc('12210000MB0000000F')).toBe(true);
    expect(isValidUscc('12210000MB0000000E')).toBe(false);
  });

  it('Σ mod 31 = 0 时校验码为 “0”，Σ mod 31 = 1 时为 “Y”', () => {
    expect(usccCheckChar('00000000000000000')).toBe('0'); // Σ = 0
    expect(usccCheckChar('10000000000000000')).toBe('Y'); // Σ = 1·1 = 1 → 31 − 1 = 30 → “Y”
    expect(usccCheckChar('00000000000000010')).toBe('1'); // Σ = 1·30 = 30 → 31 − 30 = 1
  });

  it('拒绝长度、字符不合法的代码', () => {
    expect(isValidUscc('91350100M000100Y4')).toBe(false); // 17 位
    expect(isValidUscc('91350100M000100Y433')).toBe(false); // 19 位
    expect(isValidUscc('91350100m000100y43')).toBe(false); // 小写
    expect(isValidUscc('9135010OM000100Y43')).toBe(false); // 字母 O
    expect(() => usccCheckChar('9135010IM000100Y4')).toThrow(/非法字符/);
  });

  it('makeUscc 生成事业单位（12）辽宁（21xxxx）代码，GB 32100 与 GB 11714 校验都通过', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), fc.constantFrom('210000', '210100', '210202', '211400'), (serial, division) => {
        const s = makeUscc({ division, orgSerial: serial });
        expect(s).toMatch(/^1221\d{4}/);
        expect(s.slice(2, 8)).toBe(division);
        expect(isValidUscc(s)).toBe(true);
        expect(s[16]).toBe(orgCodeCheckChar(s.slice(8, 16)));
      }),
    );
  });

  it('任何一位被替换或相邻两位（前 17 位内）颠倒都能被发现', () => {
    const chars = fc.constantFrom(...USCC_CHARSET);
    const body = fc.array(chars, { minLength: 17, maxLength: 17 }).map((a) => a.join(''));
    fc.assert(
      fc.property(body, fc.nat(16), fc.nat(29), (b, pos, shift) => {
        const s = b + usccCheckChar(b);
        const i = USCC_CHARSET.indexOf(s[pos]!);
        const changed = s.slice(0, pos) + USCC_CHARSET[(i + 1 + shift) % 31]! + s.slice(pos + 1);
        expect(isValidUscc(changed)).toBe(false);
        if (pos < 16 && s[pos] !== s[pos + 1]) {
          const swapped = s.slice(0, pos) + s[pos + 1] + s[pos] + s.slice(pos + 2);
          expect(isValidUscc(swapped)).toBe(false);
        }
      }),
    );
  });

  it('GB 11714 组织机构代码校验（手算 D2143569 → X）', () => {
    // D(13)·3 + 2·7 + 1·9 + 4·10 + 3·5 + 5·8 + 6·4 + 9·2 = 39 + 14 + 9 + 40 + 15 + 40 + 24 + 18 = 199；199 mod 11 = 1；11 − 1 = 10 → X
    expect(orgCodeCheckChar('D2143569')).toBe('X');
  });
});
