/** Parsing of URL filters (searchParams) into bound query parameters. Unknown values become null (no filter). */
export function parseYear(v: string | null): number | null {
  return v && /^\d{4}$/.test(v) ? Number(v) : null;
}

export function parseText(v: string | null, max = 100): string | null {
  if (v === null) return null;
  const t = v.trim();
  return t && t.length <= max ? t : null;
}

export function parseOneOf<T extends string>(v: string | null, allowed: readonly T[]): T | null {
  return v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : null;
}

export function parseBool(v: string | null): boolean | null {
  if (v === '1' || v === 'true') return true;
  if (v === '0' || v === 'false') return false;
  return null;
}

export function parsePositiveInt(v: string | null, dflt: number, max: number): number {
  const n = v && /^\d+$/.test(v) ? Number(v) : dflt;
  return Math.min(Math.max(n, 0), max);
}

export const METHODS = ['转让', '许可', '作价投资', '其他'] as const;
