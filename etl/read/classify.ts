// 行分类：数据行、合计行、表下注释行、空行。读取层不丢弃任何行，只给出分类，由装载层给出拒绝理由。
import type { HeaderMatch } from './match-header';
import type { Row } from './rows';

export type RowClass = 'data' | 'total' | 'note' | 'blank';

/** Labels of a total row (spaces removed, optional trailing colon). */
const TOTAL = /^(合计|总计|小计|共计|总合计|累计合计|本页合计|本页小计|全部合计)[:：]?$/;
/** How notes and sign-off lines below a table begin. */
const NOTE_START =
  /^(注|注释|备注|说明|填表说明|填报说明|附注|填表人|填报人|制表人|审核人|审批人|负责人|单位负责人|联系人|联系电话|填表日期|填报日期|制表日期|报送日期|数据来源|单位[(（]盖章[)）]|[(（]?盖章[)）]?)/;
/** A numbered note line: 1、… / （2）… / 3.… */
const NUMBERED = /^[(（]?\d{1,2}[)）.．、]\s*\S/;
/** How many leading columns (from the first header column) may hold a total label. */
const TOTAL_LABEL_COLUMNS = 3;

function squeeze(s: string): string {
  return s.replace(/[\s\u3000]/g, '');
}

function isProse(text: string): boolean {
  const t = text.trim();
  return t.length >= 40 || (t.length >= 15 && /[。；！？]|[，、：].*[，、：。]/.test(t));
}

/**
 * Classify one row by its cells alone:
 * - blank: every cell empty or whitespace;
 * - total: a cell among the first three columns (from the first header column) reads 合计/总计/小计…;
 * - note: the only non-empty cell is in the first column (or left of it) and starts like a note
 *   (注/说明/备注/填表人/…, a numbered line) or is prose (long, or with sentence punctuation);
 * - data: anything else.
 * A note-like row followed later by a data row is still data: use {@link classifyRows} for that.
 */
export function classifyRow(cells: readonly string[], match?: Pick<HeaderMatch, 'firstColumn'>): RowClass {
  const first = match?.firstColumn ?? 0;
  const filled: number[] = [];
  cells.forEach((c, i) => {
    if ((c ?? '').trim() !== '') filled.push(i);
  });
  if (filled.length === 0) return 'blank';
  for (let i = first; i < first + TOTAL_LABEL_COLUMNS; i++) {
    if (TOTAL.test(squeeze(cells[i] ?? ''))) return 'total';
  }
  if (filled.length === 1 && (filled[0] ?? 0) <= first) {
    const text = (cells[filled[0] ?? 0] ?? '').trim();
    if (NOTE_START.test(squeeze(text)) || NUMBERED.test(text) || isProse(text)) return 'note';
  }
  return 'data';
}

export interface ClassifiedRow extends Row {
  rowClass: RowClass;
}

/** Note-like rows held back at most this long waiting for a later data row. */
const MAX_HELD = 10_000;

/**
 * Classify a stream of rows: like {@link classifyRow}, but a note-like row is a note only when no
 * data row follows it (notes sit below the table); otherwise it is a (malformed) data row.
 * `blank` rows are classified 'blank' whatever their cells.
 */
export async function* classifyRows(rows: AsyncIterable<Row>, match?: Pick<HeaderMatch, 'firstColumn'>): AsyncGenerator<ClassifiedRow> {
  const held: ClassifiedRow[] = [];
  for await (const row of rows) {
    const rowClass: RowClass = row.blank ? 'blank' : classifyRow(row.cells, match);
    if (rowClass === 'note' || (held.length > 0 && rowClass === 'blank')) {
      held.push({ ...row, rowClass });
      if (held.length >= MAX_HELD) yield* held.splice(0, held.length);
      continue;
    }
    if (rowClass === 'data') for (const h of held) if (h.rowClass === 'note') h.rowClass = 'data';
    yield* held.splice(0, held.length);
    yield { ...row, rowClass };
  }
  yield* held;
}
