// .xlsx 工作表 XML 的流式解析：逐行给出单元格文字（解码后的 XML 交给 saxes，不经 exceljs 的逐块解码）。
import { createRequire } from 'node:module';
import type { SaxesParser as SaxesParserType, SaxesTagPlain } from 'saxes';
import { columnLetter } from './normalize-header';
import { cellText } from './xlsx-cell';
import type { RawCell, SheetCtx } from './xlsx-cell';

// saxes is exceljs's XML parser; resolve it from exceljs so it is the same copy exceljs uses.
const requireFromExceljs = createRequire(createRequire(import.meta.url).resolve('exceljs'));
const { SaxesParser } = requireFromExceljs('saxes') as { SaxesParser: typeof SaxesParserType };

export interface XlsxRow {
  /** Sheet row number (1-based, as Excel/WPS show it). */
  rowNo: number;
  /** Cell texts by 0-based column index (column A = 0); missing cells are ''. */
  cells: string[];
  /** Chinese notes about cells that could not be read as shown (e.g. a formula without result). */
  warnings?: string[];
}

export interface XlsxRowOptions {
  /** 0-based columns whose plain numbers in 1950–2099 serial range are read as dates. */
  dateColumns?: ReadonlySet<number>;
}

/** Parse a worksheet's XML (chunks of bytes or text) into rows; sets `state.done` when the XML is exhausted. */
export async function* parseSheet(
  iterator: AsyncIterator<Buffer | string>,
  ctx: SheetCtx,
  opts: XlsxRowOptions,
  state: { done: boolean }
): AsyncGenerator<XlsxRow> {
  const parser = new SaxesParser({ xmlns: false });
  const decoder = new TextDecoder('utf-8');
  const out: XlsxRow[] = [];
  let error: Error | undefined;
  let row: XlsxRow | null = null;
  let lastRowNo = 0;
  let col = -1;
  let cell: RawCell | null = null;
  let inV = false;
  let inT = false;
  let inIs = false;
  let inRPh = false;

  const onText = (text: string) => {
    if (!cell) return;
    if (inV) cell.v = (cell.v ?? '') + text;
    else if (inT) cell.inline += text;
  };
  parser.on('error', (e) => (error ??= e));
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('opentag', (node: SaxesTagPlain) => {
    switch (node.name) {
      case 'row': {
        const r = Number(node.attributes.r);
        lastRowNo = Number.isInteger(r) && r > 0 ? r : lastRowNo + 1;
        row = { rowNo: lastRowNo, cells: [] };
        col = -1;
        break;
      }
      case 'c': {
        if (!row) break;
        const ref = node.attributes.r;
        col = ref ? columnIndex(String(ref)) : col + 1;
        cell = { col, s: Number(node.attributes.s ?? 0) || 0, t: String(node.attributes.t ?? 'n'), v: null, formula: false, inline: '' };
        break;
      }
      case 'v':
        inV = true;
        if (cell) cell.v = '';
        break;
      case 'f':
        if (cell) cell.formula = true;
        break;
      case 'is':
        inIs = true;
        break;
      case 'rPh':
        inRPh = true;
        break;
      case 't':
        inT = inIs && !inRPh;
        break;
    }
  });
  parser.on('closetag', (node: SaxesTagPlain) => {
    switch (node.name) {
      case 'v':
        inV = false;
        break;
      case 't':
        inT = false;
        break;
      case 'rPh':
        inRPh = false;
        break;
      case 'is':
        inIs = false;
        break;
      case 'c':
        if (row && cell) {
          const { text, warning } = cellText(cell, ctx, opts);
          while (row.cells.length < cell.col) row.cells.push('');
          row.cells[cell.col] = text;
          if (warning) (row.warnings ??= []).push(`第 ${columnLetter(cell.col)} 列：${warning}`);
        }
        cell = null;
        break;
      case 'row':
        if (row) out.push(row);
        row = null;
        break;
    }
  });

  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    const chunk = next.value;
    parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (error) throw error;
    if (out.length > 0) yield* out.splice(0, out.length);
  }
  state.done = true;
  parser.write(decoder.decode());
  parser.close();
  if (error) throw error;
  yield* out.splice(0, out.length);
}

function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}
