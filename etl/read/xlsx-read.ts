// .xlsx 流式读取：exceljs 的 WorkbookReader 负责解压、共享字符串、样式与工作表名称；
// 工作表 XML 由本模块自己解析，得到每个单元格“人看到的”文字。
//
// Why not exceljs's WorksheetReader: it loses the text of formula errors (#N/A → NaN), turns formula
// dates and booleans into bare numbers, keeps only the last run of inline rich text, and (like all of
// exceljs's streaming parsers, exceljs issues #2063/#2084) decodes each 16 KB chunk on its own,
// which corrupts Chinese characters cut by a chunk boundary. Here every zip entry is decoded with
// a streaming decoder (entry.setEncoding / TextDecoder({stream})) before it reaches the XML parser.
import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { classifyNumFmt } from './cell-text';
import type { NumFmtClass } from './cell-text';
import type { SharedString, SheetCtx } from './xlsx-cell';
import { parseSheet } from './xlsx-sheet';
import type { XlsxRow, XlsxRowOptions } from './xlsx-sheet';

export type { XlsxRow, XlsxRowOptions } from './xlsx-sheet';

export interface XlsxSheet {
  /** 0-based position among the worksheets as stored in the file (what readRows matches on). */
  order: number;
  /** The sheet's id in the workbook (N of xl/worksheets/sheetN.xml when the workbook does not list it). */
  sheetNo: number;
  name: string;
  hidden: boolean;
  /** All sheets listed in the workbook, in tab order. */
  workbookSheets: { name: string; hidden: boolean }[];
  /** Stream this sheet's rows; may be abandoned early (the rest is skipped when the next sheet is asked for). */
  rows(opts?: XlsxRowOptions): AsyncGenerator<XlsxRow>;
}

// --- the parts of exceljs's streaming reader used here (not in its .d.ts) ----------------------
interface ReaderInternals {
  sharedStrings?: SharedString[];
  properties?: { model?: { date1904?: boolean } } | undefined;
  model?: { sheets?: { name?: string; state?: string }[] };
  styles: { model?: { styles?: { numFmtId?: number }[] }; index?: { numFmt?: (string | undefined)[] } };
  parse(input?: NodeJS.ReadableStream): AsyncGenerator<{ eventType: string; value: unknown }>;
  _parseRels(entry: EntryStream): Promise<void>;
  _parseWorkbook(entry: EntryStream): Promise<void>;
  _parseStyles(entry: EntryStream): Promise<void>;
  _parseSharedStrings(entry: EntryStream): AsyncGenerator<unknown>;
}
interface EntryStream {
  setEncoding(enc: BufferEncoding): unknown;
}
interface WorksheetReaderInternals {
  id: number | string;
  name: string;
  state?: string;
  /** iterateStream(entry) (an async generator), or a temp-file ReadStream when exceljs had to defer the sheet. */
  iterator: AsyncIterable<Buffer | string>;
}

/** A WorkbookReader whose zip entries are decoded as whole UTF-8 text (see the note at the top). */
function safeReader(): ReaderInternals {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(undefined as unknown as string, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore'
  }) as unknown as ReaderInternals;
  const proto = Object.getPrototypeOf(reader) as ReaderInternals;
  reader._parseRels = (e) => (e.setEncoding('utf8'), proto._parseRels.call(reader, e));
  reader._parseWorkbook = (e) => (e.setEncoding('utf8'), proto._parseWorkbook.call(reader, e));
  reader._parseSharedStrings = (e) => (e.setEncoding('utf8'), proto._parseSharedStrings.call(reader, e));
  // exceljs parses a sheet at once when shared strings and workbook rels are loaded, else it
  // defers the sheet to a temp file until the end of the zip. Styles (number formats: dates,
  // percentages) are needed too: hide the rels until styles.xml (and workbook.xml, without which
  // exceljs fails on a sheet) have been read, so a sheet stored before them is deferred as well. (A file without styles.xml then names its sheets
  // Sheet1, Sheet2…, which is all it loses.)
  let stylesLoaded = false;
  let rels: unknown;
  Object.defineProperty(reader, 'workbookRels', {
    get: () => (stylesLoaded && reader.model ? rels : undefined),
    set: (v: unknown) => {
      rels = v;
    }
  });
  reader._parseStyles = async (e) => {
    e.setEncoding('utf8');
    await proto._parseStyles.call(reader, e);
    stylesLoaded = true;
  };
  return reader;
}

/**
 * Iterate the worksheets of an .xlsx file in stored order, streaming. Stop early by breaking out
 * of the loop (the file is closed).
 */
export async function* openXlsxSheets(path: string): AsyncGenerator<XlsxSheet> {
  const input = createReadStream(path);
  const reader = safeReader();
  const numFmtCache = new Map<number, NumFmtClass>();
  const ctx: SheetCtx = {
    shared: () => reader.sharedStrings,
    date1904: () => Boolean(reader.properties?.model?.date1904),
    numFmt: (s: number): NumFmtClass => {
      let c = numFmtCache.get(s);
      if (c === undefined) {
        const id = reader.styles.model?.styles?.[s]?.numFmtId;
        c = classifyNumFmt(id, id === undefined ? undefined : reader.styles.index?.numFmt?.[id]);
        numFmtCache.set(s, c);
      }
      return c;
    }
  };
  let order = 0;
  try {
    for await (const ev of reader.parse(input)) {
      if (ev.eventType !== 'worksheet') continue;
      const ws = ev.value as WorksheetReaderInternals;
      const chunks = ws.iterator[Symbol.asyncIterator]();
      const state = { started: false, done: false };
      const sheet: XlsxSheet = {
        order: order++,
        sheetNo: Number(/(\d+)$/.exec(String(ws.id))?.[1] ?? order),
        name: ws.name,
        hidden: isHidden(ws.state),
        workbookSheets: (reader.model?.sheets ?? []).map((m) => ({ name: m.name ?? '', hidden: isHidden(m.state) })),
        rows: (opts = {}) => {
          if (state.started) throw new Error(`工作表「${ws.name}」只能读取一次`);
          state.started = true;
          return parseSheet(chunks, ctx, opts, state);
        }
      };
      yield sheet;
      // Drain what the caller did not read, so exceljs can go on to the next zip entry.
      if (state.started && !state.done) while (!(await chunks.next()).done);
    }
  } finally {
    input.destroy();
  }
}

function isHidden(state: string | undefined): boolean {
  return state === 'hidden' || state === 'veryHidden';
}
