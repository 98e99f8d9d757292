// .xlsx 流式读取：exceljs 的 WorkbookReader 负责解压、共享字符串、样式与工作表名称；
// 工作表 XML 由本模块自己解析，得到每个单元格“人看到的”文字。
//
// Why not exceljs's WorksheetReader: it loses the text of formula errors (#N/A → NaN), turns formula
// dates and booleans into bare numbers, keeps only the last run of inline rich text, and (like all of
// exceljs's streaming parsers, exceljs issues #2063/#2084) decodes each 16 KB chunk on its own,
// which corrupts Chinese characters cut by a chunk boundary. Here every zip entry is decoded with
// a streaming decoder (entry.setEncoding / TextDecoder({stream})) before it reaches the XML parser.
//
// The zip walk (parseEntries) is ours too, not WorkbookReader.parse: exceljs stops at unzipper's early
// 'end' event, which can come before the last entries (exceljs #683/#3064: styles, workbook.xml or
// shared strings then silently missing, sheets named Sheet1…), and the temp files it writes for sheets
// stored before the shared strings are neither removed nor closed when the reader is abandoned, nor
// guarded: a skipped sheet's temp-file stream had no 'error' listener and could fail (ENOENT) after
// exceljs removed its file, as an uncaught exception.
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import type { ReadStream, WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
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
  workbookRels?: unknown;
  _parseRels(entry: EntryStream): Promise<void>;
  _parseWorkbook(entry: EntryStream): Promise<void>;
  _parseStyles(entry: EntryStream): Promise<void>;
  _parseSharedStrings(entry: EntryStream): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<{ eventType: string; value: unknown }>;
}
/** A zip entry from unzipper's Parse (a PassThrough). */
interface EntryStream extends Readable {
  path: string;
  autodrain(): unknown;
}

// exceljs's own dependencies, resolved from exceljs so they are the copies it uses.
const requireFromExceljs = createRequire(createRequire(import.meta.url).resolve('exceljs'));
const unzipper = requireFromExceljs('unzipper') as { Parse(opts: { forceStream: boolean }): Duplex };
interface WorksheetReaderInternals {
  id: number | string;
  name: string;
  state?: string;
  /** The zip entry (a stream), or a temp-file ReadStream when the sheet had to be deferred. */
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
  // A sheet is parsed at once when shared strings and workbook rels are loaded, else it is
  // deferred to a temp file until the end of the zip (parseEntries, as exceljs does). Styles (number formats: dates,
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
  const temp = new TempFiles();
  let order = 0;
  try {
    for await (const ws of parseEntries(reader, input, temp)) {
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
      // Drain what the caller did not read, so the zip walk can go on to the next entry.
      if (state.started && !state.done) while (!(await chunks.next()).done);
    }
  } finally {
    input.destroy();
    await temp.dispose();
  }
}

/**
 * The worksheets of the zip read from `input`, in stored order (what WorkbookReader.parse does,
 * without its two faults, see the top). A sheet stored before the shared strings, styles and
 * workbook is copied to a temp file and given after the last entry; its temp file is closed and
 * removed once the caller asks for the next sheet (the rest by `temp.dispose()`).
 */
async function* parseEntries(reader: ReaderInternals, input: Readable, temp: TempFiles): AsyncGenerator<WorksheetReaderInternals> {
  const zip = unzipper.Parse({ forceStream: true });
  // A broken zip (truncated, bad data) fails the entry being read, so nothing waits on it for ever.
  let entry: EntryStream | undefined;
  let fail: (e: unknown) => void = () => {};
  const failed = new Promise<never>((_resolve, reject) => (fail = reject));
  failed.catch(() => {});
  zip.on('error', (e: Error) => {
    fail(e);
    entry?.destroy(e);
  });
  input.on('error', (e) => zip.destroy(e)); // a missing or unreadable file (pipe does not forward errors)
  input.pipe(zip);
  const guard = <T>(p: Promise<T>): Promise<T> => Promise.race([p, failed]);
  const deferred: { sheetNo: string; file: string }[] = [];
  for await (entry of zipEntries(zip)) {
    entry.on('error', () => {}); // reaches whoever reads the entry; never uncaught
    const sheet = /xl\/worksheets\/sheet(\d+)[.]xml/.exec(entry.path);
    if (entry.path === 'xl/_rels/workbook.xml.rels') await guard(reader._parseRels(entry));
    else if (entry.path === 'xl/workbook.xml') await guard(reader._parseWorkbook(entry));
    else if (entry.path === 'xl/sharedStrings.xml') await guard(drain(reader._parseSharedStrings(entry)));
    else if (entry.path === 'xl/styles.xml') await guard(reader._parseStyles(entry));
    else if (sheet?.[1] !== undefined) {
      if (reader.sharedStrings && reader.workbookRels) {
        yield* worksheetReaders(reader, entry, sheet[1]);
      } else {
        const file = await temp.file();
        await guard(pipeline(entry, temp.create(file)));
        deferred.push({ sheetNo: sheet[1], file });
      }
    }
    entry.autodrain();
  }
  entry = undefined;
  for (const { sheetNo, file } of deferred) {
    const stream = temp.open(file);
    yield* worksheetReaders(reader, stream, sheetNo);
    await temp.remove(file, stream);
  }
}

async function drain(it: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of it);
}

function* worksheetReaders(reader: ReaderInternals, chunks: AsyncIterable<Buffer | string>, sheetNo: string): Generator<WorksheetReaderInternals> {
  for (const ev of reader._parseWorksheet(chunks, sheetNo)) if (ev.eventType === 'worksheet') yield ev.value as WorksheetReaderInternals;
}

/**
 * The entries of unzipper's Parse stream, up to the real end of its readable side. (unzipper emits
 * 'end' and 'close' as soon as all the input has been written to it, possibly before the last
 * entries are parsed; exceljs's iterateStream, like Node's own stream iterator, stops there.)
 */
async function* zipEntries(zip: Duplex): AsyncGenerator<EntryStream> {
  let wake = () => {};
  let error: unknown;
  let failed = false;
  zip.on('readable', () => wake());
  zip.on('end', () => wake());
  zip.on('error', (e: unknown) => {
    if (!failed) [failed, error] = [true, e];
    wake();
  });
  for (;;) {
    const entry = zip.read() as EntryStream | null;
    if (entry !== null) {
      yield entry;
      continue;
    }
    if (failed) throw error;
    if (zip.readableEnded) return;
    await new Promise<void>((resolve) => (wake = resolve));
  }
}

/** Temp directories not yet disposed of (a reader dropped without return()): removed when the process exits. */
const liveTempDirs = new Set<string>();
let exitHook = false;

/** The temp files of one reader: in a private directory made when first needed, removed by dispose(). */
class TempFiles {
  #dir: string | undefined;
  #count = 0;
  readonly #streams = new Set<ReadStream | WriteStream>();

  async file(): Promise<string> {
    if (this.#dir === undefined) {
      this.#dir = await mkdtemp(join(tmpdir(), `xlsx-read-${process.pid}-`));
      liveTempDirs.add(this.#dir);
      if (!exitHook) {
        exitHook = true;
        process.once('exit', () => liveTempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
      }
    }
    return join(this.#dir, `sheet-${++this.#count}.xml`);
  }

  /** Write a temp file (closed by dispose() if the copy is cut short). */
  create(file: string): WriteStream {
    return this.#track(createWriteStream(file));
  }

  /** A stream on a temp file; its errors reach whoever iterates it, and are otherwise ignored (never uncaught). */
  open(file: string): ReadStream {
    return this.#track(createReadStream(file));
  }

  #track<S extends ReadStream | WriteStream>(stream: S): S {
    const events: NodeJS.EventEmitter = stream;
    events.on('error', () => {});
    events.once('close', () => this.#streams.delete(stream));
    this.#streams.add(stream);
    return stream;
  }

  /** Close the stream (read or not, finished or not), then delete the file. */
  async remove(file: string, stream: ReadStream): Promise<void> {
    this.#streams.delete(stream);
    await closeStream(stream);
    await rm(file, { force: true });
  }

  async dispose(): Promise<void> {
    const streams = [...this.#streams];
    this.#streams.clear();
    await Promise.all(streams.map(closeStream));
    if (this.#dir === undefined) return;
    await rm(this.#dir, { recursive: true, force: true });
    liveTempDirs.delete(this.#dir);
  }
}

function closeStream(stream: ReadStream | WriteStream): Promise<void> {
  if (stream.closed) return Promise.resolve();
  return new Promise((resolve) => {
    (stream as NodeJS.EventEmitter).once('close', () => resolve());
    stream.destroy();
  });
}

function isHidden(state: string | undefined): boolean {
  return state === 'hidden' || state === 'veryHidden';
}
