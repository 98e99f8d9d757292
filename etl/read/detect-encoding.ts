// 文本编码识别：UTF-8 BOM → 严格 UTF-8 → 否则按 GB18030（兼容 GBK/GB2312）。
import { isUtf8 } from 'node:buffer';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030';

/** Thrown for text in an encoding the ETL does not read (UTF-16 from Excel's "Unicode 文本"). */
export class UnsupportedEncodingError extends Error {}

/**
 * Detect the encoding of a text file from its bytes (the whole file or its head; pass
 * `partial: true` for a head, so a multi-byte character cut at the end does not count against
 * UTF-8). UTF-16 BOMs throw {@link UnsupportedEncodingError}.
 */
export function detectEncoding(buf: Uint8Array, opts: { partial?: boolean } = {}): TextEncoding {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return 'utf-8-bom';
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
    throw new UnsupportedEncodingError('文件是 UTF-16 编码（Excel“Unicode 文本”），请另存为 CSV（UTF-8）或 .xlsx');
  }
  const body = opts.partial ? buf.subarray(0, buf.length - incompleteUtf8Tail(buf)) : buf;
  return isUtf8(body) ? 'utf-8' : 'gb18030';
}

/** Number of bytes at the end of `buf` that start a UTF-8 sequence the buffer cuts off (0–3). */
export function incompleteUtf8Tail(buf: Uint8Array): number {
  const n = buf.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = buf[n - back] ?? 0;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/** The WHATWG label to decode an encoding with ('gb18030', never 'gbk', which mangles 4-byte characters). */
export function decoderLabel(enc: TextEncoding): 'utf-8' | 'gb18030' {
  return enc === 'gb18030' ? 'gb18030' : 'utf-8';
}

/**
 * Decode a whole buffer: detects the encoding, strips a UTF-8 BOM. Invalid bytes throw
 * (`TextDecoder` with `fatal: true`), so nothing is silently replaced by U+FFFD.
 */
export function decodeText(buf: Uint8Array, enc: TextEncoding = detectEncoding(buf)): string {
  return new TextDecoder(decoderLabel(enc), { fatal: true }).decode(buf);
}
