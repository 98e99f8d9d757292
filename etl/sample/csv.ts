/** 缓冲写出 CSV：UTF-8、UTF-8 带 BOM 或 GBK；按行计数，返回每行的文件行号（表头为第 1 行）。 */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';

export type CsvEncoding = 'utf8' | 'utf8bom' | 'gbk';

const NEEDS_QUOTE = /[",\r\n]/;

export function csvField(v: string): string {
  return NEEDS_QUOTE.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
}

const FLUSH_AT = 1 << 20; // GBK：约 1M 字符转码、写一次
const BUF_BYTES = 4 << 20; // UTF-8：4 MB 字节缓冲区

export class CsvWriter {
  readonly file: string;
  readonly encoding: CsvEncoding;
  private fd: number;
  /** UTF-8：直接写入字节缓冲区；GBK：先攒字符串，写出时整体转码 */
  private bytesBuf: Buffer | null;
  private pos = 0;
  private strBuf: string[] = [];
  private strLen = 0;
  private eol: string;
  /** 已写出的行数（含表头及表尾说明行）。 */
  lines = 0;
  bytes = 0;

  constructor(file: string, opts: { encoding?: CsvEncoding; eol?: '\n' | '\r\n' } = {}) {
    this.file = file;
    this.encoding = opts.encoding ?? 'utf8';
    this.eol = opts.eol ?? '\n';
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.fd = fs.openSync(file, 'w');
    this.bytesBuf = this.encoding === 'gbk' ? null : Buffer.allocUnsafe(BUF_BYTES);
    if (this.encoding === 'utf8bom') this.writeBytes(Buffer.from([0xef, 0xbb, 0xbf]));
  }

  /** 写一行，返回其行号（1 起）。 */
  row(fields: readonly string[]): number {
    let line = '';
    for (let i = 0; i < fields.length; i++) {
      if (i > 0) line += ',';
      line += csvField(fields[i]!);
    }
    return this.push(line + this.eol);
  }

  /** 写一行：cells[order[i]] 依次为各列（避免为每行重排分配数组），返回行号。 */
  rowOrdered(cells: readonly string[], order: readonly number[]): number {
    let line = '';
    for (let i = 0; i < order.length; i++) {
      if (i > 0) line += ',';
      const v = cells[order[i]!] ?? '';
      line += NEEDS_QUOTE.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
    }
    return this.push(line + this.eol);
  }

  private push(line: string): number {
    const b = this.bytesBuf;
    if (b) {
      if (this.pos + line.length * 3 > b.length) this.flush();
      this.pos += b.write(line, this.pos, 'utf8');
    } else {
      this.strBuf.push(line);
      this.strLen += line.length;
      if (this.strLen >= FLUSH_AT) this.flush();
    }
    return ++this.lines;
  }

  private writeBytes(b: Buffer) {
    let off = 0;
    while (off < b.length) off += fs.writeSync(this.fd, b, off, b.length - off);
    this.bytes += b.length;
  }

  flush() {
    if (this.bytesBuf) {
      if (this.pos > 0) this.writeBytes(this.bytesBuf.subarray(0, this.pos));
      this.pos = 0;
      return;
    }
    if (this.strBuf.length === 0) return;
    const s = this.strBuf.join('');
    this.strBuf = [];
    this.strLen = 0;
    const enc = iconv.encode(s, 'gbk');
    if (iconv.decode(enc, 'gbk') !== s) throw new Error(`${this.file}：含 GBK 无法表示的字符`);
    this.writeBytes(enc);
  }

  close() {
    this.flush();
    fs.closeSync(this.fd);
  }
}
