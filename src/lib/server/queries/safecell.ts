/**
 * Spreadsheet formula-injection guard (OWASP "CSV injection"): a text cell that starts with = + - @
 * (or a tab / carriage return) is prefixed with an apostrophe so Excel, WPS and LibreOffice show it as text.
 */
export function safeText(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** A CSV field: guarded, quoted when needed. Numbers and booleans are written as they are. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return v ? '是' : '否';
  const s = safeText(String(v));
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
