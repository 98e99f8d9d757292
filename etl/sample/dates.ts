/** 日期按“自 1970-01-01 起的天数”（整数）处理，纯整数运算，与时区和当前时间无关。 */

/** 公历日期 → 天数（Howard Hinnant 的 days_from_civil）。 */
export function ymdToDays(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** 天数 → [年, 月, 日]。 */
export function daysToYmd(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** 'YYYY-MM-DD' → 天数；格式或日期不合法时抛出错误。 */
export function parseIsoDate(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new Error(`日期格式应为 YYYY-MM-DD：${s}`);
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  const n = ymdToDays(y, mo, d);
  const [y2, mo2, d2] = daysToYmd(n);
  if (y2 !== y || mo2 !== mo || d2 !== d) throw new Error(`不存在的日期：${s}`);
  return n;
}

const pad2 = (n: number) => (n < 10 ? '0' + n : String(n));

export function isoDate(days: number): string {
  const [y, m, d] = daysToYmd(days);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

export type DateStyle = 'iso' | 'slash' | 'cn';

/** 按人们的写法输出：2023-05-04、2023/5/4、2023年5月4日。 */
export function fmtDate(days: number, style: DateStyle): string {
  const [y, m, d] = daysToYmd(days);
  if (style === 'slash') return `${y}/${m}/${d}`;
  if (style === 'cn') return `${y}年${m}月${d}日`;
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** ISO 星期几：周一 = 1 … 周日 = 7。 */
export function isoWeekday(days: number): number {
  // 1970-01-01 是星期四
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

/** ISO 周：[周所属年, 周序号]。 */
export function isoWeek(days: number): [number, number] {
  const thursday = days - isoWeekday(days) + 4;
  const [y] = daysToYmd(thursday);
  const week = Math.floor((thursday - ymdToDays(y, 1, 1)) / 7) + 1;
  return [y, week];
}

export function isoWeekLabel(days: number): string {
  const [y, w] = isoWeek(days);
  return `${y}-W${pad2(w)}`;
}

export function yearOf(days: number): number {
  return daysToYmd(days)[0];
}
