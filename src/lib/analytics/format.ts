/**
 * 数字格式化（纯函数，不依赖运行环境的区域设置）。
 *
 * - formatWan(x): x in 万元. Below 1 亿 (10 000 万元) → `1,234.5万元` with thousands
 *   separators and at most 2 decimals (trailing zeros dropped); from 10 000 万元 on →
 *   `1.23亿元` with exactly 2 decimals. The switch is decided after rounding, so 9 999.996
 *   becomes `1.00亿元`, not `10,000万元`.
 * - formatPercent(x): x already in percent points (the contract's pct columns, 0–100)
 *   → `12.3%` (1 decimal by default). formatRatio(r): r a fraction → `12.3%`.
 * - formatCount(n): integer with thousands separators, optional unit: `1,234项`.
 * - Rounding is half away from zero on the decimal value (1.005 → 1.01), negative numbers keep
 *   their sign, -0 prints as 0. null, undefined, NaN and ±Infinity print as `—`.
 */

export const EMPTY = '—';

export type Numeric = number | null | undefined;

/** Round half away from zero to `digits` decimals, using decimal exponent shifting. */
export function roundTo(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const sign = x < 0 ? -1 : 1;
  const r = shift(Math.round(shift(Math.abs(x), digits)), -digits);
  const out = sign * r;
  return Object.is(out, -0) ? 0 : out;
}

/** x · 10^k computed on the decimal representation (no binary multiplication error). */
function shift(x: number, k: number): number {
  const [mantissa, exp] = String(x).split('e');
  return Number(`${mantissa}e${Number(exp ?? 0) + k}`);
}

/** Insert thousands separators into a non-negative integer string. */
function group(intPart: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Fixed or trimmed decimal with thousands separators.
 * @param digits number of decimals
 * @param trim drop trailing zeros (and the point)
 */
export function formatNumber(x: Numeric, digits = 0, trim = false): string {
  if (typeof x !== 'number' || !Number.isFinite(x)) return EMPTY;
  const r = roundTo(x, digits);
  const neg = r < 0;
  let s = Math.abs(r).toFixed(digits);
  if (trim && s.includes('.')) s = s.replace(/\.?0+$/, '');
  const [i, f] = s.split('.');
  const body = group(i ?? '0') + (f !== undefined ? `.${f}` : '');
  return neg ? `-${body}` : body;
}

export interface FormatWanOptions {
  /** Max decimals for 万元 (trailing zeros dropped). Default 2. */
  wanDigits?: number;
  /** Decimals for 亿元 (kept). Default 2. */
  yiDigits?: number;
}

/** 万元 → `1,234.5万元` or `1.23亿元` (see module comment). */
export function formatWan(x: Numeric, options: FormatWanOptions = {}): string {
  if (typeof x !== 'number' || !Number.isFinite(x)) return EMPTY;
  const wanDigits = options.wanDigits ?? 2;
  const yiDigits = options.yiDigits ?? 2;
  if (Math.abs(roundTo(x, wanDigits)) >= 10_000) {
    return `${formatNumber(x / 10_000, yiDigits)}亿元`;
  }
  return `${formatNumber(x, wanDigits, true)}万元`;
}

/** Percent points → `12.3%`. */
export function formatPercent(x: Numeric, digits = 1): string {
  if (typeof x !== 'number' || !Number.isFinite(x)) return EMPTY;
  return `${formatNumber(x, digits)}%`;
}

/** Fraction → `12.3%`. */
export function formatRatio(r: Numeric, digits = 1): string {
  if (typeof r !== 'number' || !Number.isFinite(r)) return EMPTY;
  return formatPercent(r * 100, digits);
}

/** Count → `1,234` or `1,234项` (rounded to an integer). */
export function formatCount(n: Numeric, unit = ''): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) return EMPTY;
  return `${formatNumber(n, 0)}${unit}`;
}
