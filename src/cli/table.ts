/**
 * 终端输出：按显示宽度（汉字等全角字符占 2 列）对齐的表格、CSV、JSON。
 */

/** 码点是否在终端里占两列（东亚宽字符、全角字符、常见表情）。 */
export function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) || // 谚文字母
    (cp >= 0x2e80 && cp <= 0x303e) || // CJK 部首、康熙部首、CJK 符号和标点
    (cp >= 0x3041 && cp <= 0x33ff) || // 平假名、片假名、注音、CJK 兼容
    (cp >= 0x3400 && cp <= 0x4dbf) || // CJK 扩展 A
    (cp >= 0x4e00 && cp <= 0x9fff) || // CJK 统一汉字
    (cp >= 0xa000 && cp <= 0xa4cf) || // 彝文
    (cp >= 0xac00 && cp <= 0xd7a3) || // 谚文音节
    (cp >= 0xf900 && cp <= 0xfaff) || // CJK 兼容汉字
    (cp >= 0xfe30 && cp <= 0xfe4f) || // CJK 兼容形式
    (cp >= 0xff00 && cp <= 0xff60) || // 全角 ASCII
    (cp >= 0xffe0 && cp <= 0xffe6) || // 全角符号
    (cp >= 0x1f300 && cp <= 0x1f64f) || // 表情
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd) // CJK 扩展 B 及以后
  );
}

/** 零宽字符（组合符号、零宽连接符等）。 */
function isZeroWidth(cp: number): boolean {
  return (cp >= 0x0300 && cp <= 0x036f) || cp === 0x200b || cp === 0x200c || cp === 0x200d || cp === 0xfeff || (cp >= 0xfe00 && cp <= 0xfe0f);
}

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || isZeroWidth(cp)) continue;
    w += isWide(cp) ? 2 : 1;
  }
  return w;
}

/** 截断到不超过 max 列（超出时以 … 结尾）。 */
export function truncateToWidth(s: string, max: number): string {
  if (displayWidth(s) <= max) return s;
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = displayWidth(ch);
    if (w + cw > max - 1) break;
    out += ch;
    w += cw;
  }
  return out + '…';
}

function pad(s: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
}

/** 单元格文本：空值显示为 NULL，换行与制表符转义，避免破坏对齐。 */
function cellText(v: string | null): string {
  if (v === null) return 'NULL';
  return v.replace(/\r?\n/g, '↵').replace(/\t/g, '→');
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/i;

/** 对齐的表格（数字列右对齐）。maxColWidth 限制单列宽度。 */
export function formatTable(columns: { name: string; type: string }[], rows: (string | null)[][], maxColWidth = 40): string {
  const texts = rows.map((r) => r.map((v) => truncateToWidth(cellText(v), maxColWidth)));
  const heads = columns.map((c) => truncateToWidth(c.name, maxColWidth));
  const widths = heads.map((h, i) => Math.max(displayWidth(h), ...texts.map((r) => displayWidth(r[i] ?? ''))));
  const right = columns.map((c) => NUMERIC.test(c.type));
  const line = (cells: string[], isHead: boolean) =>
    '│ ' + cells.map((c, i) => pad(c, widths[i]!, !isHead && right[i]!)).join(' │ ') + ' │';
  const rule = (l: string, m: string, r: string) => l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r;
  const out = [rule('┌', '┬', '┐'), line(heads, true), rule('├', '┼', '┤')];
  for (const r of texts) out.push(line(r, false));
  out.push(rule('└', '┴', '┘'));
  return out.join('\n');
}

/** CSV（RFC 4180；以 = + - @ 开头的单元格加单引号前缀，防止在电子表格里被当成公式执行）。 */
export function formatCsv(columns: { name: string }[], rows: (string | null)[][]): string {
  const esc = (v: string | null) => {
    if (v === null) return '';
    let s = v;
    if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(s)) s = "'" + s;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.map((c) => esc(c.name)).join(','), ...rows.map((r) => r.map(esc).join(','))].join('\r\n') + '\r\n';
}

/** JSON：对象数组。数值列转成数字（超出安全整数范围的保留为文本），BOOLEAN 转成 true/false，其余为文本或 null。 */
export function formatJson(columns: { name: string; type?: string }[], rows: (string | null)[][]): string {
  const conv = columns.map((c) => {
    const t = c.type ?? '';
    if (NUMERIC.test(t)) {
      return (v: string) => {
        const n = Number(v);
        return Number.isFinite(n) && (Number.isSafeInteger(n) || !/^-?\d+$/.test(v)) ? n : v;
      };
    }
    if (/^BOOLEAN$/i.test(t)) return (v: string) => v === 'true';
    return (v: string) => v;
  });
  return JSON.stringify(
    rows.map((r) => Object.fromEntries(columns.map((c, i) => [c.name, r[i] === null || r[i] === undefined ? null : conv[i]!(r[i]!)]))),
    null,
    2
  );
}
