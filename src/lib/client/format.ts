/**
 * Number formatting for the UI. Money uses formatWan from $lib/analytics/format (万元, 亿元 from 1 亿 up);
 * table cells under a "（万元）" header use formatWanCell (number only).
 */
import { formatWan as analyticsFormatWan, formatNumber, formatRatio, formatPercent, formatCount } from '$lib/analytics/format';

export function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** 1234.5 → "1,234.5万元"; 123456 → "12.35亿元"; null → "—". */
export function formatWan(v: number | null | undefined): string {
  return analyticsFormatWan(v);
}

/** Number only, for cells whose header carries the unit 万元. */
export function formatWanCell(v: number | null | undefined): string {
  return formatNumber(v, 2, true);
}

/** Axis and bar labels for values in 万元: 1.2亿 / 3,400万 / 0. */
export function formatWanAxis(v: number): string {
  if (!Number.isFinite(v) || v === 0) return '0';
  if (Math.abs(v) >= 10_000) return `${formatNumber(v / 10_000, 2, true)}亿`;
  return `${formatNumber(v, Math.abs(v) < 10 ? 1 : 0, true)}万`;
}

/** Split form for headline cards: { value: "12.35", unit: "亿元" }. */
export function wanParts(v: number | null | undefined): { value: string; unit: string } {
  const t = analyticsFormatWan(v);
  const m = /^(.*?)(亿元|万元)$/.exec(t);
  return m ? { value: m[1]!, unit: m[2]! } : { value: t, unit: '' };
}

export function formatInt(v: number | null | undefined): string {
  return formatCount(v);
}

export function formatNum(v: number | null | undefined, digits = 1): string {
  return formatNumber(v, digits);
}

/** A rate 0–1 → "12.3%". */
export function formatRate(v: number | null | undefined): string {
  return formatRatio(v);
}

/** A percentage 0–100 → "45%". */
export function formatPct(v: number | null | undefined): string {
  return formatPercent(v, 0);
}

/** Signed change in percentage points: "+8" / "−3" / "±0". */
export function formatDelta(v: number | null | undefined): string {
  if (!isNum(v)) return '';
  if (v === 0) return '±0';
  return v > 0 ? `+${formatNumber(v, 0)}` : `−${formatNumber(-v, 0)}`;
}
