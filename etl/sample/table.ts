/** 按数据契约列顺序组织一行、按文件的表头写法（同义词、列顺序、省略列）写出。 */
import path from 'node:path';
import { CsvWriter, type CsvEncoding } from './csv';
import type { KindColumns, KindId } from './spec';
import { fmtDate, type DateStyle } from './dates';
import type { Rng } from './rng';

export interface TableOptions {
  /** 英文列名 → 该文件中的表头写法（同义词、半角括号等） */
  rename?: Record<string, string>;
  /** 文件中的列顺序（英文列名）；未列出的列不写（文件缺少该列） */
  order?: string[];
  encoding?: CsvEncoding;
  eol?: '\n' | '\r\n';
}

export interface FileStat {
  file: string;
  kind: KindId;
  format: string;
  /** 表头以下的行数（含故意的错行、合计行、说明行） */
  rows: number;
  /** 其中的合计 / 说明 / 空行等非数据行 */
  nonDataRows: number;
  bytes: number;
  headers: string[];
}

export class TableFile {
  readonly rel: string;
  readonly kind: KindColumns;
  readonly order: number[];
  readonly headers: string[];
  private w: CsvWriter;
  rows = 0;
  nonDataRows = 0;

  constructor(outDir: string, rel: string, kind: KindColumns, opts: TableOptions = {}) {
    this.rel = rel;
    this.kind = kind;
    const names = opts.order ?? kind.names;
    this.order = names.map((n) => {
      const i = kind.idx[n];
      if (i === undefined) throw new Error(`${rel}：契约 ${kind.kind} 中没有列 ${n}`);
      return i;
    });
    this.headers = names.map((n) => opts.rename?.[n] ?? kind.headers[kind.idx[n]!]!);
    this.w = new CsvWriter(path.join(outDir, rel), { encoding: opts.encoding ?? 'utf8', eol: opts.eol ?? '\n' });
    this.w.row(this.headers);
  }

  /** 写一行（契约列顺序的字段），返回行号。 */
  write(f: readonly string[]): number {
    this.rows++;
    return this.w.rowOrdered(f, this.order);
  }

  /** 写一行非数据行（合计、说明），字段为契约列顺序。 */
  writeNonData(f: readonly string[]): number {
    this.nonDataRows++;
    return this.write(f);
  }

  has(name: string): boolean {
    const i = this.kind.idx[name];
    return i !== undefined && this.order.includes(i);
  }

  /** 该文件中某列的表头写法。 */
  header(name: string): string {
    const i = this.kind.idx[name];
    const p = i === undefined ? -1 : this.order.indexOf(i);
    return p >= 0 ? this.headers[p]! : (i !== undefined ? this.kind.headers[i]! : name);
  }

  /** 文件中第一列的英文列名。 */
  firstColumn(): string {
    return this.kind.names[this.order[0]!]!;
  }

  close(format: string): FileStat {
    this.w.close();
    return { file: this.rel, kind: this.kind.kind, format, rows: this.rows, nonDataRows: this.nonDataRows, bytes: this.w.bytes, headers: this.headers };
  }
}

/** 一份文件里值的写法：日期格式的比例、金额是否带千分位。 */
export class ValueStyle {
  constructor(
    private rng: Rng,
    private dates: readonly (readonly [DateStyle, number])[],
    private commaP: number,
  ) {}

  date(days: number): string {
    return fmtDate(days, this.dates.length === 1 ? this.dates[0]![0] : this.rng.weighted(this.dates));
  }

  amount(x: number): string {
    const s = fmtNum(x);
    return x >= 1000 && this.commaP > 0 && this.rng.chance(this.commaP) ? withCommas(s) : s;
  }
}

/** 最多两位小数，去掉末尾的 0：46.50 → 46.5，100.00 → 100。 */
export function fmtNum(x: number): string {
  let s = (Math.round(x * 100) / 100).toFixed(2);
  if (s.endsWith('00')) s = s.slice(0, -3);
  else if (s.endsWith('0')) s = s.slice(0, -1);
  return s === '-0' ? '0' : s;
}

export function withCommas(s: string): string {
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  const [int, frac] = body.split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (neg ? '-' : '') + grouped + (frac !== undefined ? '.' + frac : '');
}

export const yesNo = (b: boolean) => (b ? '是' : '否');
