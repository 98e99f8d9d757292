/** Cell text for the SQL console's result grid and chart (no Arrow import: works on plain values). */
import type { CellKind, ResultColumn } from './types';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Epoch milliseconds → "YYYY-MM-DD" (UTC calendar date, as DuckDB stores DATE). */
export function formatDate(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return String(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Epoch microseconds → "YYYY-MM-DD HH:MM:SS[.ffffff]" as DuckDB prints it; with tz in 北京时间 and "+08". */
export function microsText(us: bigint, tz: boolean): string {
  const shifted = tz ? us + 8n * 3600n * 1_000_000n : us;
  let sec = shifted / 1_000_000n;
  let frac = shifted % 1_000_000n;
  if (frac < 0n) {
    frac += 1_000_000n;
    sec -= 1n;
  }
  const d = new Date(Number(sec) * 1000);
  const base = `${formatDate(d.getTime())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const f = frac ? '.' + frac.toString().padStart(6, '0').replace(/0+$/, '') : '';
  return `${base}${f}${tz ? '+08' : ''}`;
}

/** A number without float noise (0.1 + 0.2 → 0.3), a DECIMAL with its scale. No digit grouping: years stay 2024. */
export function formatNumber(v: number, kind: CellKind, scale: number | null): string {
  if (!Number.isFinite(v)) return String(v);
  if (scale !== null && scale > 0 && scale <= 20) return v.toFixed(scale);
  if (kind === 'int' || Number.isInteger(v)) return Number.isInteger(v) ? String(v) : String(Math.round(v));
  return String(Number(v.toPrecision(15)));
}

/** Display text of a value; null for SQL NULL. */
export function cellText(col: Pick<ResultColumn, 'kind' | 'scale' | 'tz'>, v: unknown): string | null {
  if (v === null || v === undefined) return null;
  switch (col.kind) {
    case 'int':
    case 'float':
      return typeof v === 'number' ? formatNumber(v, col.kind, col.scale) : typeof v === 'bigint' ? v.toString() : String(v);
    case 'bool':
      return v ? 'true' : 'false';
    case 'date':
      return typeof v === 'number' ? formatDate(v) : String(v);
    case 'ts':
      return typeof v === 'bigint' ? microsText(v, col.tz) : String(v);
    default:
      return String(v);
  }
}

export const isNumeric = (kind: CellKind) => kind === 'int' || kind === 'float';

/** "100000" → "100,000" for counts shown in the UI (not in cells). */
export const countText = (n: number) => n.toLocaleString('zh-CN');

/** Width units of a text: CJK and full-width characters count two. */
export function textUnits(s: string): number {
  let u = 0;
  for (const ch of s) u += /[\u1100-\uffff]/.test(ch) && !/[\u2000-\u206f]/.test(ch) ? 2 : 1;
  return u;
}
