/** 生成过程中各部分共享的状态与记录问题的工具。 */
import type { KindColumns, KindId } from './spec';
import type { TableFile, FileStat } from './table';
import type { Thresholds, Unit } from './model';
import type { MessEntry } from './mess';
import type { SamplePolicy } from './policy';
import { usccCheckChar, USCC_CHARSET } from '../lib/uscc';

export interface SampleOptions {
  units: number;
  seed: number;
  out: string;
  ledgerRows: number;
  asOf: string;
  formats: 'mixed' | 'csv';
}

/** 运行中各部分共享的状态。 */
export interface GenContext {
  opts: SampleOptions;
  asOf: number;
  policy: SamplePolicy;
  thr: Thresholds;
  cols: Record<KindId, KindColumns>;
  units: Unit[];
  mess: MessEntry[];
  files: FileStat[];
}

export interface Tag {
  entry: Omit<MessEntry, 'line' | 'file' | 'column' | 'value'> & { column: string };
  /** 修改写出的字段（契约列顺序） */
  mutate?: (f: string[]) => void;
  /** 紧接着再写一遍同一行 */
  duplicate?: boolean;
}

/** 把一个有效代码改坏：换掉最后一位校验码。 */
export function breakCheckDigit(uscc: string): string {
  const good = uscc[17]!;
  const i = USCC_CHARSET.indexOf(good);
  return uscc.slice(0, 17) + USCC_CHARSET[(i + 7) % 31]!;
}

/** 抄写错误：交换主体标识码中相邻的两位（保证校验失败）。 */
export function transposeDigits(uscc: string): string {
  for (let p = 10; p < 16; p++) {
    const a = uscc[p]!, b = uscc[p + 1]!;
    if (a === b) continue;
    const s = uscc.slice(0, p) + b + a + uscc.slice(p + 2);
    if (usccCheckChar(s.slice(0, 17)) !== s[17]) return s;
  }
  return breakCheckDigit(uscc);
}

/** 记录一处问题（行号、该文件中的表头、写入的值）。 */
export function record(ctx: GenContext, tf: TableFile, line: number, f: readonly string[], t: Tag, unit?: string, key?: string) {
  const name = t.entry.column;
  const i = tf.kind.idx[name];
  ctx.mess.push({
    file: tf.rel,
    line,
    column: tf.header(name),
    value: i === undefined ? '' : f[i] ?? '',
    category: t.entry.category,
    code: t.entry.code,
    what: t.entry.what,
    expected: t.entry.expected,
    ...(unit ? { unit } : {}),
    ...(key ? { key } : {}),
  });
}

