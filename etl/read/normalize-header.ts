// 表头规范化：全角/半角、空白、BOM、标签、括号样式、单位写法统一后再比较。
// Header text normalisation. Matching rules that use it live in match-header.ts.

const TAG = /<\/?[A-Za-z][^<>]*>/g;
const ENTITY = /&(nbsp|amp|lt|gt|quot);/g;
const ENTITY_TEXT: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"' };
// All whitespace (\s covers U+3000 and NBSP) plus zero-width characters and the BOM.
const SPACE = /[\s\u200B-\u200D\u2060\uFEFF]/gu;
const OPEN = /[(（【〔［\[｛{〖]/g;
const CLOSE = /[)）】〕］\]｝}〗]/g;
// Required-field markers that templates put before or after the name: *成果编号, 成果编号★
const MARKER = /^[*★☆※]+|[*★☆※]+$/g;
// Annotations in brackets that say nothing about the column: 成果编号（必填）
const ANNOTATION = /\((必填|选填|可选|非必填|必填项|选填项)\)$/;
const UNIT_ALIASES: Record<string, string> = { 万: '万元', 百分比: '%', 百分数: '%' };

/**
 * Normalise a header cell for comparison: strip BOM, `<b>`-like tags and HTML entities, NFKC
 * (full-width → half-width, `％` → `%`, `（` → `(`), remove all whitespace (incl. U+3000),
 * unify bracket styles to `(` `)`, drop required-field markers (`*`, `★`) and `（必填）`-like
 * annotations, write a bare trailing `%` as `(%)`, drop `单位:` inside a unit and map unit aliases
 * (`(万)` → `(万元)`), lower-case Latin letters.
 *
 * `normalizeHeader('转化金额 （万元）') === normalizeHeader('转化金额(万元)') === '转化金额(万元)'`.
 * A header without its unit (`转化金额`) is matched by {@link headerKey}'s `base`.
 */
export function normalizeHeader(s: string): string {
  let t = String(s ?? '')
    .replace(TAG, '')
    .replace(ENTITY, (_m, e: string) => ENTITY_TEXT[e] ?? '')
    .normalize('NFKC')
    .replace(SPACE, '')
    .replace(OPEN, '(')
    .replace(CLOSE, ')')
    .replace(MARKER, '')
    .toLowerCase();
  t = t.replace(ANNOTATION, '');
  if (t.endsWith('%') && !t.endsWith('(%)')) t = `${t.slice(0, -1)}(%)`;
  t = t.replace(/\((?:单位:?)?([^()]*)\)$/, (_m, unit: string) => `(${UNIT_ALIASES[unit] ?? unit})`);
  return t;
}

export interface HeaderKey {
  /** The whole normalised header, e.g. `转化金额(万元)`. */
  full: string;
  /** The header without a trailing bracketed unit or note, e.g. `转化金额`. */
  base: string;
  /** The trailing bracketed unit or note, e.g. `万元`, `%`, `团队`; '' if none. */
  unit: string;
}

/** Split a header into its normalised form, its base name and its trailing bracketed unit. */
export function headerKey(s: string): HeaderKey {
  const full = normalizeHeader(s);
  const m = /^(.+?)\(([^()]*)\)$/.exec(full);
  if (!m) return { full, base: full, unit: '' };
  return { full, base: m[1] ?? full, unit: m[2] ?? '' };
}

/** Excel column letters for a 0-based column index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
