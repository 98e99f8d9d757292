// 快速路径判断：一次字节扫描，判断 DuckDB 的 read_csv 能否直接读取某个 CSV 而行号不偏移。
//
// DuckDB's read_csv drops empty and whitespace-only lines (so later rows shift), counts such lines
// unpredictably in `skip`, reads `"x"y` as `x`, and trims spaces around quotes; readRows does none
// of this. A file is on the fast path only when none of it can happen, so that with
// `skip = headerRowNo` DuckDB's n-th record is the row readRows numbers `headerRowNo + n`.
import { isUtf8 } from 'node:buffer';
import { lineParts } from './file-chunks';

export interface FastPathCheck {
  fast: boolean;
  /** Why the file needs the slow path (Chinese), when it does. */
  reason?: string;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

/** Bytes that can change the scan state (the delimiter is added per scan). */
function specialBytes(delim: number): Uint8Array {
  const t = new Uint8Array(256);
  for (const b of [QUOTE, LF, CR, SPACE, TAB, delim]) t[b] = 1;
  return t;
}

/** Scan state carried from chunk to chunk. */
interface ScanState {
  delim: number;
  special: Uint8Array;
  inQuotes: boolean;
  /** The previous byte closed a quoted field. */
  afterClose: boolean;
  /** The previous byte was a CR outside quotes. */
  afterCR: boolean;
  /** At the start of a field (line start or after a delimiter). */
  fieldStart: boolean;
  /** The current line has a byte other than space, tab or CR. */
  lineHasContent: boolean;
  /** An empty or whitespace-only line was seen and no content since. */
  blankBefore: boolean;
  /** Current record (row as Excel counts) for messages. */
  record: number;
  /** Record number of the first blank line of the current run of blank lines. */
  blankAt: number;
  slow: string | null;
}

/**
 * Scan one buffer. Synchronous with the state in locals: in an async function the same loop is
 * several times slower (its variables live in the generator's context).
 */
function scanBytes(buf: Uint8Array, st: ScanState): void {
  const delim = st.delim;
  const special = st.special;
  const n = buf.length;
  let { inQuotes, afterClose, afterCR, fieldStart, lineHasContent, blankBefore, record, blankAt } = st;
  let slow: string | null = null;
  for (let i = 0; i < n; i++) {
    const b = buf[i];
    if (afterCR) {
      afterCR = false;
      if (b !== LF) {
        slow = '：有单独的 CR 换行符';
        break;
      }
    }
    if (inQuotes) {
      if (b === QUOTE) {
        inQuotes = false;
        afterClose = true;
      } else {
        while (i + 1 < n && buf[i + 1] !== QUOTE) i++; // skip the quoted text
      }
      continue;
    }
    if (afterClose) {
      afterClose = false;
      if (b === QUOTE) {
        inQuotes = true; // "" inside a quoted field
        continue;
      }
      if (b !== delim && b !== CR && b !== LF) {
        slow = '：引号后还有文字';
        break;
      }
    }
    if (b === LF) {
      if (!lineHasContent && !blankBefore) {
        blankBefore = true;
        blankAt = record;
      }
      lineHasContent = false;
      fieldStart = true;
      record++;
    } else if (b === CR) {
      afterCR = true;
    } else if ((b === SPACE || b === TAB) && b !== delim) {
      fieldStart = false;
    } else {
      if (blankBefore) {
        record = blankAt;
        slow = '是空行，且后面还有数据（DuckDB 会跳过空行，行号会错位）';
        break;
      }
      lineHasContent = true;
      if (b === QUOTE) {
        if (!fieldStart) {
          slow = '：引号不在单元格开头';
          break;
        }
        inQuotes = true;
        fieldStart = false;
      } else if (b === delim) fieldStart = true;
      else {
        fieldStart = false;
        while (i + 1 < n && special[buf[i + 1] as number] === 0) i++; // skip plain text
      }
    }
  }
  Object.assign(st, { inQuotes, afterClose, afterCR, fieldStart, lineHasContent, blankBefore, record, blankAt, slow });
}

const BLANK_LINE_STARTS = ['\n\n', '\n\r\n', '\n ', '\n\t'];

/**
 * The proof for one part of the file that ends with a LF (or is the file's end, `last`): native
 * searches only. Returns the quote state after it, or null when it proves nothing.
 */
function proveBody(body: Buffer, delim: number, inQuotes: boolean, last: boolean): boolean | null {
  const n = body.length;
  if (n === 0) return inQuotes;
  // a line that starts blank (the part starts right after a LF, or at the file's start)
  const b0 = body[0];
  if (b0 === LF || b0 === CR || b0 === SPACE || b0 === TAB) return null;
  for (const p of BLANK_LINE_STARTS) if (body.indexOf(p) >= 0) return null;
  for (let p = body.indexOf(CR); p >= 0; p = body.indexOf(CR, p + 1)) if (p + 1 >= n || body[p + 1] !== LF) return null;
  let pos = 0;
  for (;;) {
    if (!inQuotes) {
      const q = body.indexOf(QUOTE, pos);
      if (q < 0) return false;
      if (q > 0 && body[q - 1] !== delim && body[q - 1] !== LF) return null; // not at a field's start
      inQuotes = true;
      pos = q + 1;
    }
    const c = body.indexOf(QUOTE, pos);
    if (c < 0) return true; // the quoted field goes on in the next part
    if (c + 1 >= n) {
      if (!last) return null;
      return false; // the file ends with the closing quote
    }
    const next = body[c + 1];
    if (next === QUOTE) { pos = c + 2; continue; } // "" inside a quoted field
    if (next !== delim && next !== CR && next !== LF) return null;
    inQuotes = false;
    pos = c + 1;
  }
}

/**
 * A quicker proof that a CSV may take the fast path, for the usual file: UTF-8, no line that starts
 * blank (LF, CR, space or tab after a LF), every CR before a LF, quotes only at a field's start and
 * closed before a delimiter or line end. Native searches (≈ 0.1 s per 150 MB) instead of the byte
 * loop. True only when csvFastPathCheck's scan would also say fast (a property test holds it to
 * that); false means "not proven", and the byte scan decides.
 */
export async function quickFastPathProof(path: string, delimiter = ',', chunkBytes = 1 << 22): Promise<boolean> {
  const delim = delimiter.charCodeAt(0);
  if (delimiter.length !== 1 || [QUOTE, LF, CR, SPACE].includes(delim)) return false;
  let inQuotes: boolean | null = false;
  for await (const { body, last } of lineParts(path, chunkBytes)) {
    if (!isUtf8(body)) return false;
    inQuotes = proveBody(body, delim, inQuotes, last);
    if (inQuotes === null) return false;
  }
  return inQuotes === false;
}

/**
 * Byte scan of a CSV (≈ 1 s per 150 MB on one core): fast path iff valid UTF-8 (BOM allowed),
 * no empty or whitespace-only line before the last non-blank line (outside quotes), line breaks
 * LF or CRLF only, quotes only around whole fields and all closed.
 */
export async function csvFastPathCheck(path: string, delimiter = ','): Promise<FastPathCheck> {
  const st: ScanState = {
    delim: delimiter.charCodeAt(0),
    special: specialBytes(delimiter.charCodeAt(0)),
    inQuotes: false,
    afterClose: false,
    afterCR: false,
    fieldStart: true,
    lineHasContent: false,
    blankBefore: false,
    record: 1,
    blankAt: 0,
    slow: null
  };
  for await (const { body } of lineParts(path, 1 << 22)) {
    if (!isUtf8(body)) return { fast: false, reason: '不是 UTF-8 编码' };
    scanBytes(body, st);
    if (st.slow) return { fast: false, reason: `第 ${st.record} 行${st.slow}` };
  }
  if (st.inQuotes) return { fast: false, reason: '引号未闭合' };
  return { fast: true };
}

/** True when a CSV cannot be bulk-read by DuckDB with correct row numbers (see csvFastPathCheck). */
export async function csvNeedsSlowPath(path: string, delimiter = ','): Promise<boolean> {
  if (await quickFastPathProof(path, delimiter)) return false;
  return !(await csvFastPathCheck(path, delimiter)).fast;
}
