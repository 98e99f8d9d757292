// CSV 读取：先按识别出的编码流式解码（GBK 用 TextDecoder('gb18030')），再用 papaparse 逐块解析。
// Records are numbered the way Excel/WPS number rows when they open the file: every record counts
// (title rows, the header, blank lines), and a quoted cell with line breaks stays one row.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import Papa from 'papaparse';
import { decoderLabel } from './detect-encoding';
import type { TextEncoding } from './detect-encoding';

export type Delimiter = ',' | '\t' | ';';
export type Newline = '\r\n' | '\n' | '\r';

export interface CsvDialect {
  encoding: TextEncoding;
  delimiter: Delimiter;
  newline: Newline;
}

export interface CsvRecord {
  /** 1-based record number (= the row number Excel/WPS show). */
  recordNo: number;
  cells: string[];
  /** Chinese description of a quoting problem papaparse reported in this record. */
  warning?: string;
}

/** Thrown when the bytes are not valid in the detected encoding or a record never ends. */
export class CsvDecodeError extends Error {
  constructor(
    message: string,
    readonly recordNo: number
  ) {
    super(message);
  }
}

/** A cell longer than this (Excel's own limit is 32 767 characters) means an unclosed quote. */
const MAX_PENDING_CHARS = 16 * 1024 * 1024;

/** Read up to `maxBytes` from the start of a file. */
export async function readHead(path: string, maxBytes: number): Promise<{ bytes: Buffer; eof: boolean }> {
  const fh = await open(path, 'r');
  try {
    // no bigger than the file: the sniffer reads every input's head, most of them small (a FIFO or the
    // like has no size: maxBytes then); whether the head is the whole file is asked of the file itself
    const st = await fh.stat();
    const buf = Buffer.alloc(st.isFile() ? Math.min(maxBytes, st.size) : maxBytes);
    let n = 0;
    while (n < buf.length) {
      const { bytesRead } = await fh.read(buf, n, buf.length - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
    }
    const eof = n < buf.length || (await fh.read(Buffer.alloc(1), 0, 1, n)).bytesRead === 0;
    return { bytes: buf.subarray(0, n), eof };
  } finally {
    await fh.close();
  }
}

/** The line break of the first record end outside quotes ('\n' when there is none). */
export function detectNewline(text: string): Newline {
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && c === '\n') return '\n';
    else if (!inQuotes && c === '\r') return text[i + 1] === '\n' ? '\r\n' : i + 1 < text.length ? '\r' : '\r\n';
  }
  return '\n';
}

/** Parse the first `maxRecords` complete records of a text (the last, possibly cut, one is dropped unless `complete`). */
export function parseCsvText(text: string, dialect: Omit<CsvDialect, 'encoding'>, maxRecords: number, complete: boolean): string[][] {
  // preview: stop after maxRecords (sniffing parses a 1 MB head three times, once per delimiter)
  const parser = new Papa.Parser({ delimiter: dialect.delimiter, newline: dialect.newline, quoteChar: '"', preview: maxRecords });
  const res = parser.parse(text, 0, !complete) as { data: string[][] };
  return res.data.slice(0, maxRecords);
}

const QUOTE_MESSAGES: Record<string, string> = {
  MissingQuotes: '引号未闭合：从这里到文件末尾的内容都被读进了一个单元格',
  InvalidQuotes: '引号用法不规范（带引号的单元格在结束引号后还有文字）'
};

/** Stream the records of a CSV file. Throws {@link CsvDecodeError} on undecodable bytes. */
export async function* readCsvRecords(path: string, dialect: CsvDialect): AsyncGenerator<CsvRecord> {
  const decoder = new TextDecoder(decoderLabel(dialect.encoding), { fatal: true });
  const parser = new Papa.Parser({ delimiter: dialect.delimiter, newline: dialect.newline, quoteChar: '"' });
  let pending = '';
  let recordNo = 0;

  function* take(text: string, last: boolean): Generator<CsvRecord> {
    const res = parser.parse(text, 0, !last) as {
      data: string[][];
      errors: { code: string; row: number }[];
      meta: { cursor: number };
    };
    const warnings = new Map<number, string>();
    for (const e of res.errors) {
      if (e.row < res.data.length && !warnings.has(e.row)) warnings.set(e.row, QUOTE_MESSAGES[e.code] ?? e.code);
    }
    res.data.forEach((cells, i) => {
      const warning = warnings.get(i);
      const rec: CsvRecord = { recordNo: ++recordNo, cells };
      if (warning) rec.warning = warning;
      records.push(rec);
    });
    pending = last ? '' : text.slice(res.meta.cursor);
    yield* records.splice(0, records.length);
  }
  const records: CsvRecord[] = [];

  /** Complete records between the last one read and the first undecodable byte of `chunk`. */
  function recordsBefore(chunk: Buffer): number {
    const loose = new TextDecoder(decoderLabel(dialect.encoding)).decode(chunk);
    // A character cut by the chunk boundary garbles the start of the chunk's first line: look after it.
    const firstBreak = loose.search(/[\r\n]/);
    const bad = firstBreak < 0 ? -1 : loose.indexOf('\uFFFD', firstBreak);
    if (bad < 0) return 0;
    const res = new Papa.Parser({ delimiter: dialect.delimiter, newline: dialect.newline, quoteChar: '"' }).parse(
      pending + loose.slice(0, Math.max(0, bad)),
      0,
      true
    ) as { data: unknown[] };
    return res.data.length;
  }

  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw decodeError(dialect, recordNo + recordsBefore(chunk) + 1);
      }
      yield* take(pending + text, false);
      if (pending.length > MAX_PENDING_CHARS) {
        throw new CsvDecodeError(`从第 ${recordNo + 1} 行起引号未闭合（或单元格超长），无法读取`, recordNo + 1);
      }
    }
    let tail: string;
    try {
      tail = decoder.decode();
    } catch {
      throw decodeError(dialect, recordNo + 1);
    }
    if (pending + tail !== '') yield* take(pending + tail, true);
  } finally {
    stream.destroy();
  }
}

function decodeError(dialect: CsvDialect, recordNo: number): CsvDecodeError {
  const enc = dialect.encoding === 'gb18030' ? 'GBK/GB18030' : 'UTF-8';
  return new CsvDecodeError(`第 ${recordNo} 行附近有不是 ${enc} 编码的字节，文件编码混杂或已损坏，请另存为 UTF-8 CSV 或 .xlsx`, recordNo);
}
