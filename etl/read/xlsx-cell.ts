// .xlsx 单元格文字：按单元格类型与数字格式给出“人看到的”文字（日期、百分比、布尔、错误值…）。
import { decodeOoxmlEscapes, formatNumber, isoDateText, isPlausibleDateSerial, serialToDateText } from './cell-text';
import type { NumFmtClass } from './cell-text';

/** A shared string as exceljs caches it: plain text or rich text runs. */
export type SharedString = string | { richText: { text?: string | null }[] } | null | undefined;

/** What cell text needs from the workbook. */
export interface SheetCtx {
  shared(): SharedString[] | undefined;
  date1904(): boolean;
  numFmt(styleId: number): NumFmtClass;
}

/** A cell as read from the sheet XML. */
export interface RawCell {
  /** 0-based column index. */
  col: number;
  /** Style id (index into cellXfs). */
  s: number;
  /** Cell type attribute: s, str, inlineStr, b, e, d or n. */
  t: string;
  /** Text of <v>, null when absent. */
  v: string | null;
  /** Has a <f> element. */
  formula: boolean;
  /** Text of an inline string (<is>), rich-text runs concatenated, phonetic runs left out. */
  inline: string;
}

function sharedText(s: SharedString): string {
  if (s === null || s === undefined) return '';
  if (typeof s === 'string') return s;
  return s.richText.map((r) => r.text ?? '').join('');
}

/** The text a person sees in a cell (number formats other than date/percent/boolean are not applied). */
export function cellText(cell: RawCell, ctx: SheetCtx, opts: { dateColumns?: ReadonlySet<number> }): { text: string; warning?: string } {
  const v = cell.v;
  switch (cell.t) {
    case 's': {
      const shared = ctx.shared();
      const i = Number(v);
      if (!shared || !Number.isInteger(i) || i < 0 || i >= shared.length) {
        return { text: '', warning: `共享字符串 ${v ?? ''} 不存在（文件可能已损坏）` };
      }
      return { text: decodeOoxmlEscapes(sharedText(shared[i])) };
    }
    case 'inlineStr':
      return { text: decodeOoxmlEscapes(cell.inline || v || '') };
    case 'str':
      return { text: decodeOoxmlEscapes(v ?? '') };
    case 'e':
      return { text: v ?? '' };
    case 'b':
      return { text: v === null ? '' : Number(v) !== 0 ? 'TRUE' : 'FALSE' };
    case 'd':
      return { text: v === null ? '' : isoDateText(v) };
    default: {
      if (v === null || v === '') {
        return cell.formula ? { text: '', warning: '公式没有保存计算结果，请在 Excel/WPS 中打开并保存后重新提交' } : { text: '' };
      }
      const n = Number(v);
      if (!Number.isFinite(n)) return { text: v };
      const fmt = ctx.numFmt(cell.s);
      if (fmt === 'date') return { text: serialToDateText(n, ctx.date1904()) };
      if (fmt === 'boolean') return { text: n !== 0 ? 'TRUE' : 'FALSE' };
      if (fmt === 'percent') return { text: `${formatNumber(n * 100)}%` };
      if (opts.dateColumns?.has(cell.col) && isPlausibleDateSerial(n)) {
        return { text: serialToDateText(n, ctx.date1904()) };
      }
      return { text: formatNumber(n) };
    }
  }
}
