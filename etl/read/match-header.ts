// 表头匹配：把文件表头的每个单元格对应到契约中的列（规范表头或同义词），并判断文件类型。
import { loadContract } from './contract';
import type { ColumnSpec, Contract, KindId, KindSpec } from './contract';
import { columnLetter, headerKey } from './normalize-header';

export interface HeaderMatch {
  kind: KindSpec;
  /** Header cells as read (trailing empty cells removed). */
  header: string[];
  /** Per header cell (0-based column index): the contract column it holds, or null. */
  columns: (ColumnSpec | null)[];
  /** Contract column name → 0-based column index in the file. */
  indexOf: Record<string, number>;
  /** Non-empty header cells that match no column of the kind (each also in `warnings`). */
  unknown: { index: number; header: string }[];
  missingRequired: ColumnSpec[];
  /** Columns matched by more than one header cell (each also in `errors`). */
  duplicates: { column: ColumnSpec; indexes: number[] }[];
  /** Number of distinct contract columns found / of required ones found. */
  matched: number;
  requiredMatched: number;
  /** 0-based index of the first non-empty header cell. */
  firstColumn: number;
  /** Chinese messages: errors make the file unloadable, warnings do not. */
  errors: string[];
  warnings: string[];
}

type CellMatch =
  | { type: 'column'; column: ColumnSpec }
  | { type: 'empty' }
  | { type: 'unknown' }
  | { type: 'ambiguous'; columns: ColumnSpec[] }
  | { type: 'unit'; column: ColumnSpec };

interface KindIndex {
  exact: Map<string, ColumnSpec>;
  byBase: Map<string, { column: ColumnSpec; unit: string }[]>;
}

// Units a header may add to a canonical header that has none: 公示天数（天）, 在孵企业数（家）.
const COUNT_UNITS = new Set(['天', '日', '年', '月', '周', '次', '项', '个', '件', '人', '名', '家', '分', '份']);

const indexes = new WeakMap<KindSpec, KindIndex>();

function kindIndex(kind: KindSpec, contract: Contract): KindIndex {
  const hit = indexes.get(kind);
  if (hit) return hit;
  const exact = new Map<string, ColumnSpec>();
  const byBase = new Map<string, { column: ColumnSpec; unit: string }[]>();
  for (const column of kind.columns) {
    for (const spelling of [column.header, ...(contract.synonyms.get(column.header) ?? [])]) {
      const k = headerKey(spelling);
      exact.set(k.full, column);
      const list = byBase.get(k.base) ?? [];
      list.push({ column, unit: k.unit });
      byBase.set(k.base, list);
    }
  }
  const index = { exact, byBase };
  indexes.set(kind, index);
  return index;
}

function matchCell(index: KindIndex, cell: string): CellMatch {
  const k = headerKey(cell);
  if (k.full === '') return { type: 'empty' };
  const exact = index.exact.get(k.full);
  if (exact) return { type: 'column', column: exact };
  const candidates = index.byBase.get(k.base) ?? [];
  const fits = candidates.filter(
    (c) => k.unit === '' || c.unit === k.unit || (c.unit === '' && COUNT_UNITS.has(k.unit))
  );
  const columns = [...new Set(fits.map((c) => c.column))];
  if (columns.length === 1 && columns[0]) return { type: 'column', column: columns[0] };
  if (columns.length > 1) return { type: 'ambiguous', columns };
  const withUnit = candidates.find((c) => c.unit !== '');
  if (withUnit) return { type: 'unit', column: withUnit.column };
  return { type: 'unknown' };
}

/** Match header cells against one kind. Never throws; problems are in `errors` / `warnings`. */
export function matchHeader(
  kind: KindSpec,
  cells: readonly string[],
  fileLabel: string,
  contract: Contract = loadContract()
): HeaderMatch {
  const index = kindIndex(kind, contract);
  const header = trimTrailingEmpty(cells);
  const columns: (ColumnSpec | null)[] = [];
  const found = new Map<string, number[]>();
  const unknown: HeaderMatch['unknown'] = [];
  const warnings: string[] = [];
  const hints = new Map<string, string>(); // column name → why a header cell was not taken for it
  let firstColumn = -1;
  header.forEach((cell, i) => {
    const m = matchCell(index, cell);
    columns.push(m.type === 'column' ? m.column : null);
    if (m.type !== 'empty' && firstColumn < 0) firstColumn = i;
    const at = `文件 ${fileLabel}：第 ${columnLetter(i)} 列「${cell.trim()}」`;
    if (m.type === 'column') found.set(m.column.name, [...(found.get(m.column.name) ?? []), i]);
    else if (m.type === 'unknown') {
      unknown.push({ index: i, header: cell });
      warnings.push(`${at}不是「${kind.title}」的规范列，未读取`);
    } else if (m.type === 'ambiguous') {
      unknown.push({ index: i, header: cell });
      warnings.push(`${at}可能是${m.columns.map((c) => `「${c.header}」`).join('或')}，无法确定，未读取`);
      for (const c of m.columns) hints.set(c.name, `第 ${columnLetter(i)} 列「${cell.trim()}」无法确定是哪一列`);
    } else if (m.type === 'unit') {
      unknown.push({ index: i, header: cell });
      warnings.push(`${at}的单位与规范列「${m.column.header}」不一致，未读取`);
      hints.set(m.column.name, `第 ${columnLetter(i)} 列「${cell.trim()}」的单位不同，未作为该列读取`);
    }
  });

  const errors: string[] = [];
  const duplicates: HeaderMatch['duplicates'] = [];
  const indexOf: Record<string, number> = {};
  for (const column of kind.columns) {
    const at = found.get(column.name);
    if (!at || at.length === 0) continue;
    indexOf[column.name] = at[0] ?? -1;
    if (at.length > 1) {
      duplicates.push({ column, indexes: at });
      const where = at.map((i) => `第 ${columnLetter(i)} 列「${(header[i] ?? '').trim()}」`).join('、');
      errors.push(`文件 ${fileLabel}：列「${column.header}」出现多次（${where}）`);
      for (const i of at.slice(1)) columns[i] = null;
    }
  }
  const missingRequired = kind.columns.filter((c) => c.required && !(c.name in indexOf));
  for (const c of missingRequired) {
    const hint = hints.get(c.name);
    errors.push(`文件 ${fileLabel}：缺少必填列「${c.header}」${hint ? `（${hint}）` : ''}`);
  }
  const requiredMatched = kind.columns.filter((c) => c.required && c.name in indexOf).length;
  return {
    kind,
    header,
    columns,
    indexOf,
    unknown,
    missingRequired,
    duplicates,
    matched: Object.keys(indexOf).length,
    requiredMatched,
    firstColumn: Math.max(firstColumn, 0),
    errors,
    warnings
  };
}

function trimTrailingEmpty(cells: readonly string[]): string[] {
  let n = cells.length;
  while (n > 0 && (cells[n - 1] ?? '').trim() === '') n--;
  return cells.slice(0, n).map((c) => c ?? '');
}

export type KindDecision =
  | { ok: true; match: HeaderMatch }
  | { ok: false; error: string; closest?: HeaderMatch };

/**
 * Decide the kind of a file from its header row. A kind whose required columns are all present
 * wins; between several, the one with more matched columns; a tie is ambiguous. With no complete
 * kind, the kind with the largest share (≥ 1/2) of its required columns is taken, so that its
 * `errors` name the missing columns; below that the file is not recognised.
 */
export function detectKind(
  cells: readonly string[],
  fileLabel: string,
  contract: Contract = loadContract()
): KindDecision {
  const all = contract.kindList.map((k) => matchHeader(k, cells, fileLabel, contract));
  const complete = all.filter((m) => m.missingRequired.length === 0 && m.matched > 0);
  if (complete.length > 0) {
    const best = Math.max(...complete.map((m) => m.matched));
    const top = complete.filter((m) => m.matched === best);
    if (top.length === 1 && top[0]) return { ok: true, match: top[0] };
    return {
      ok: false,
      error: `文件 ${fileLabel}：无法确定文件类型，表头同时符合${top.map((m) => `「${m.kind.title}」`).join('和')}`
    };
  }
  const share = (m: HeaderMatch) => m.requiredMatched / Math.max(1, m.requiredMatched + m.missingRequired.length);
  const ranked = [...all].sort((a, b) => share(b) - share(a) || b.matched - a.matched);
  const first = ranked[0];
  const second = ranked[1];
  if (first && share(first) >= 0.5 && (!second || share(second) < share(first) || second.matched < first.matched)) {
    return { ok: true, match: first };
  }
  const titles = contract.kindList.map((k) => `「${k.title}」`).join('、');
  return {
    ok: false,
    error: `文件 ${fileLabel}：无法识别文件类型，表头与${titles}的规范表头都不相符`,
    closest: first
  };
}

/** The kind spec for an id (convenience for callers that force a kind). */
export function kindSpec(id: KindId, contract: Contract = loadContract()): KindSpec {
  return contract.kinds[id];
}
