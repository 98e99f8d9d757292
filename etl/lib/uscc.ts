/**
 * 统一社会信用代码（GB 32100-2015）。
 *
 * 18 位：1 登记管理部门代码 + 1 机构类别代码 + 6 登记管理机关行政区划码 + 9 主体标识码（组织机构代码）
 * + 1 校验码。字符集为 0-9 与 A-H J-N P-R T U W X Y 共 31 个字符（不用 I O S V Z），
 * 第 i 位（i = 1..17）的权重为 3^(i-1) mod 31，即 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28；
 * 校验码 = (31 − Σ 字符值 × 权重 mod 31) mod 31 对应的字符。
 *
 * 主体标识码本身按 GB 11714 带一位校验码（字符集 0-9 A-Z，权重 3,7,9,10,5,8,4,2，
 * 校验 = 11 − Σ mod 11，10 记作 X，11 记作 0）。isValidUscc 只检验 GB 32100 的第 18 位，
 * 因为赋码机关新发的主体标识码（如以 M 开头的）不一定满足 GB 11714；makeUscc 生成的则两者都满足。
 */

/** GB 32100 代码字符集（31 个字符，下标即字符值）。 */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** 第 1–17 位的加权因子。 */
export const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

const CHAR_VALUE = new Map<string, number>([...USCC_CHARSET].map((c, i) => [c, i]));

/** 按前 17 位计算第 18 位校验字符；含非法字符或长度不是 17 时抛出错误。 */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new Error(`统一社会信用代码前17位长度应为17，实际为${first17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CHAR_VALUE.get(first17[i]!);
    if (v === undefined) throw new Error(`统一社会信用代码含非法字符“${first17[i]}”（第${i + 1}位）`);
    sum += v * USCC_WEIGHTS[i]!;
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31]!;
}

/** 18 位、字符合法（大写）且第 18 位校验码正确时为 true。 */
export function isValidUscc(s: string): boolean {
  if (typeof s !== 'string' || s.length !== 18) return false;
  for (const c of s) if (!CHAR_VALUE.has(c)) return false;
  return usccCheckChar(s.slice(0, 17)) === s[17];
}

const ORG_CHARSET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/** GB 11714 组织机构代码（8 位本体码）的校验字符。 */
export function orgCodeCheckChar(body8: string): string {
  if (body8.length !== 8) throw new Error('组织机构代码本体码应为8位');
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const v = ORG_CHARSET.indexOf(body8[i]!);
    if (v < 0) throw new Error(`组织机构代码含非法字符“${body8[i]}”`);
    sum += v * ORG_WEIGHTS[i]!;
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export interface UsccParts {
  /** 登记管理部门代码：1 机构编制（事业单位）、5 民政、9 市场监管、Y 其他。默认 '1'。 */
  authority?: string;
  /** 机构类别代码：登记管理部门为 1 时 1 机关、2 事业单位…；默认 '2'。 */
  category?: string;
  /** 6 位行政区划码，如 210000（辽宁省）、210100（沈阳市）。 */
  division: string;
  /** 组织机构代码本体的 8 位数字（由随机数生成，0 ≤ n < 10^8）。 */
  orgSerial: number;
}

/**
 * 由（随机数生成的）各部分组装一个有效的统一社会信用代码：主体标识码按 GB 11714 带校验位，
 * 第 18 位按 GB 32100 计算。默认生成事业单位代码（前两位 12）。
 */
export function makeUscc(parts: UsccParts): string {
  const authority = parts.authority ?? '1';
  const category = parts.category ?? '2';
  if (!/^\d{6}$/.test(parts.division)) throw new Error(`行政区划码应为6位数字：${parts.division}`);
  if (!Number.isInteger(parts.orgSerial) || parts.orgSerial < 0 || parts.orgSerial >= 1e8) {
    throw new Error(`组织机构代码序号越界：${parts.orgSerial}`);
  }
  const body = String(parts.orgSerial).padStart(8, '0');
  const first17 = authority + category + parts.division + body + orgCodeCheckChar(body);
  return first17 + usccCheckChar(first17);
}
