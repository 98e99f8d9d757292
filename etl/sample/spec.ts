/** 从数据契约（etl/contract/contract.yaml）读取各类文件的规范表头与列顺序。 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export type KindId = 'ledger' | 'contracts' | 'annual_reports' | 'park_evaluations' | 'task_progress';

export interface KindColumns {
  kind: KindId;
  /** 英文列名，契约顺序。 */
  names: string[];
  /** 规范中文表头，契约顺序。 */
  headers: string[];
  /** 英文列名 → 下标。 */
  idx: Record<string, number>;
  title: string;
}

const CONTRACT_FILE = fileURLToPath(new URL('../contract/contract.yaml', import.meta.url));

let cache: Record<KindId, KindColumns> | undefined;

export function contractColumns(): Record<KindId, KindColumns> {
  if (cache) return cache;
  const doc = parse(readFileSync(CONTRACT_FILE, 'utf8')) as {
    kinds: Record<KindId, { title: string; columns: { name: string; header: string }[] }>;
  };
  const out = {} as Record<KindId, KindColumns>;
  for (const kind of ['ledger', 'contracts', 'annual_reports', 'park_evaluations', 'task_progress'] as const) {
    const k = doc.kinds[kind];
    if (!k) throw new Error(`数据契约缺少 ${kind}`);
    const names = k.columns.map((c) => c.name);
    const headers = k.columns.map((c) => c.header);
    const idx: Record<string, number> = {};
    names.forEach((n, i) => (idx[n] = i));
    out[kind] = { kind, names, headers, idx, title: k.title };
  }
  cache = out;
  return out;
}

/** 按英文列名取下标；契约中没有该列时抛出错误（生成器与契约不一致应尽早发现）。 */
export function col(k: KindColumns, name: string): number {
  const i = k.idx[name];
  if (i === undefined) throw new Error(`数据契约 ${k.kind} 中没有列 ${name}`);
  return i;
}
