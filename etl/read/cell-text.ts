// 单元格文本：把 .xlsx 中的数字、日期序列号、百分比等转成“人看到的”文字。
// No time zone is involved anywhere: dates are computed from serial numbers in UTC arithmetic.

/**
 * Shortest decimal text of a number as Excel shows it in the formula bar: 15 significant digits,
 * no exponent, no trailing zeros (`0.1 + 0.2` → `0.3`, `1e21` → `1000000000000000000000`).
 */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n === 0) return '0';
  const rounded = Number(n.toPrecision(15));
  return expandExponent(String(rounded));
}

function expandExponent(s: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign = '', int = '', frac = '', expText = '0'] = m;
  const exp = Number(expText);
  const digits = int + frac;
  const point = int.length + exp; // position of the decimal point within digits
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`.replace(/0+$/, '');
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`.replace(/\.?0+$/, '');
}

const DAY_MS = 86_400_000;

/**
 * Text of an Excel date serial: `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS` when it has a time of day,
 * `HH:MM:SS` for a time alone (serial < 1). Honours the 1904 date system and Excel's fictitious
 * 1900-02-29 (serial 60).
 */
export function serialToDateText(serial: number, date1904 = false): string {
  let days = Math.floor(serial);
  let seconds = Math.round((serial - days) * 86_400);
  if (seconds >= 86_400) {
    days += 1;
    seconds -= 86_400;
  }
  const time = seconds === 0 ? '' : hms(seconds);
  if (!date1904 && days < 1) return time || '00:00:00';
  let date: string;
  if (date1904) date = ymd(Date.UTC(1904, 0, 1) + days * DAY_MS);
  else if (days === 60) date = '1900-02-29';
  else if (days < 60) date = ymd(Date.UTC(1899, 11, 31) + days * DAY_MS);
  else date = ymd(Date.UTC(1899, 11, 30) + days * DAY_MS);
  return time ? `${date} ${time}` : date;
}

function ymd(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function hms(seconds: number): string {
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Serials read as dates in date-typed columns: 1950-01-01 … 2099-12-31 (other numbers stay numbers). */
export const DATE_SERIAL_MIN = 18_264;
export const DATE_SERIAL_MAX = 73_050;

export function isPlausibleDateSerial(n: number): boolean {
  return n >= DATE_SERIAL_MIN && n <= DATE_SERIAL_MAX;
}

/** Text of an ISO date-time written in a `t="d"` cell: keeps the date, and the time if not midnight. */
export function isoDateText(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}:\d{2}))?/.exec(iso.trim());
  if (!m) return iso;
  return m[2] && m[2] !== '00:00:00' ? `${m[1]} ${m[2]}` : (m[1] ?? iso);
}

export type NumFmtClass = 'date' | 'percent' | 'boolean' | 'number';

// Built-in format ids: dates and times (incl. the zh-CN ones 27–36, 50–58), percentages.
const BUILTIN_DATE = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);
const BUILTIN_PERCENT = new Set([9, 10]);

/** Classify a number format (built-in id and/or format code) as date, percent, boolean or plain. */
export function classifyNumFmt(id: number | undefined, code: string | undefined): NumFmtClass {
  if (code === undefined || code === '') {
    if (id !== undefined && BUILTIN_DATE.has(id)) return 'date';
    if (id !== undefined && BUILTIN_PERCENT.has(id)) return 'percent';
    return 'number';
  }
  // LibreOffice writes booleans as numbers formatted "TRUE";"TRUE";"FALSE".
  if (/^"?TRUE"?;"?TRUE"?;"?FALSE"?$/i.test(code.trim())) return 'boolean';
  const section = (code.split(';')[0] ?? '')
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '')
    .replace(/\[(?!h\]|hh\]|m\]|mm\]|s\]|ss\])[^\]]*\]/gi, '');
  if (/general/i.test(section)) return 'number';
  if (/[ymdhs]/i.test(section) || /[年月日时分秒]/.test(section)) return 'date';
  if (section.includes('%')) return 'percent';
  return 'number';
}

/** Decode OOXML `_xHHHH_` escapes (`_x000D_` → CR; `_x005F_` escapes a literal underscore). */
export function decodeOoxmlEscapes(s: string): string {
  if (!s.includes('_x')) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
