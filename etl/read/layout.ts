// 文件布局：格式、编码、分隔符、工作表、表头行号——读取行所需的一切（不含表头匹配）。
// detectLayout serves files whose header is not recognised: their rows can still be read (from
// row 1) so that the loader can refuse each of them with the file-level reason.
import Papa from 'papaparse';
import { detectNewline, readHead } from './csv-read';
import type { CsvDialect, Delimiter } from './csv-read';
import { detectEncoding, decoderLabel, UnsupportedEncodingError } from './detect-encoding';
import type { TextEncoding } from './detect-encoding';
import { FileReadError, fileFormat, fileLabel } from './errors';
import type { HeaderMatch } from './match-header';
import { openXlsxSheets } from './xlsx-read';

export interface FileLayout {
  path: string;
  /** How the file is named in messages. */
  label: string;
  format: 'csv' | 'xlsx';
  /** CSV only: encoding, delimiter and line break. */
  csv?: CsvDialect;
  /** .xlsx only: the worksheet read (found again by `order` and `name`). */
  sheet?: { order: number; sheetNo: number; name: string };
  /**
   * 1-based row number of the header as Excel/WPS show it (CSV: record number, counting title rows
   * and blank lines; .xlsx: sheet row number); rows after it are data. 0 = no header.
   */
  headerRowNo: number;
  /** The header mapping when known (its date-typed columns turn .xlsx serials into dates). */
  match?: HeaderMatch;
}

const HEAD_BYTES = 1 << 20;

export interface CsvHead {
  encoding: TextEncoding;
  text: string;
  /** The head is the whole file. */
  eof: boolean;
  newline: CsvDialect['newline'];
}

/** Read and decode the first MB of a CSV. Throws FileReadError for empty, UTF-16 or undecodable files. */
export async function readCsvHead(path: string, label: string): Promise<CsvHead> {
  const { bytes, eof } = await readHead(path, HEAD_BYTES);
  if (bytes.length === 0) throw new FileReadError(path, [`文件 ${label}：文件是空的`]);
  try {
    const encoding = detectEncoding(bytes, { partial: !eof });
    const text = new TextDecoder(decoderLabel(encoding), { fatal: true }).decode(bytes, { stream: !eof });
    return { encoding, text, eof, newline: detectNewline(text) };
  } catch (e) {
    const why = e instanceof UnsupportedEncodingError ? e.message : '含有无法解码的字节（编码混杂或已损坏）';
    throw new FileReadError(path, [`文件 ${label}：${why}`]);
  }
}

/**
 * The layout of a file without looking for a header (headerRowNo 0, no match): CSV encoding,
 * line break and papaparse's delimiter guess among `,` `\t` `;`; for .xlsx the first visible
 * worksheet. Use it to read the rows of a file sniffFile refused. Throws FileReadError only for
 * files whose rows cannot be read at all (empty, UTF-16, undecodable, not a zip, .xls).
 */
export async function detectLayout(path: string, opts: { label?: string } = {}): Promise<FileLayout> {
  const label = fileLabel(path, opts.label);
  const format = fileFormat(path, label);
  if (format === 'csv') {
    const head = await readCsvHead(path, label);
    const guess = Papa.parse<string[]>(head.text, { delimitersToGuess: [',', '\t', ';'], preview: 20, newline: head.newline });
    const delimiter = (DELIMITERS.includes(guess.meta.delimiter as Delimiter) ? guess.meta.delimiter : ',') as Delimiter;
    return { path, label, format, csv: { encoding: head.encoding, delimiter, newline: head.newline }, headerRowNo: 0 };
  }
  try {
    let first: FileLayout['sheet'];
    for await (const sheet of openXlsxSheets(path)) {
      const s = { order: sheet.order, sheetNo: sheet.sheetNo, name: sheet.name };
      first ??= s;
      if (!sheet.hidden) {
        first = s;
        break;
      }
    }
    if (!first) throw new Error('没有工作表');
    return { path, label, format, sheet: first, headerRowNo: 0 };
  } catch (e) {
    throw new FileReadError(path, [`文件 ${label}：不是有效的 .xlsx 文件或文件已损坏（${(e as Error).message}）`]);
  }
}

const DELIMITERS: Delimiter[] = [',', '\t', ';'];
