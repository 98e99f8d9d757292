// 数据契约加载：读取 etl/contract/contract.yaml 与 synonyms.yaml，用 zod 校验后缓存。
// Loads the data contract (input kinds, canonical headers, types) and the header synonyms.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { headerKey } from './normalize-header';

export const KIND_IDS = ['ledger', 'contracts', 'annual_reports', 'park_evaluations', 'task_progress'] as const;
export type KindId = (typeof KIND_IDS)[number];

export const COLUMN_TYPES = ['text', 'int', 'number', 'amount', 'date', 'bool', 'pct', 'enum', 'uscc', 'week'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

const columnSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, '英文列名只能用小写字母、数字和下划线'),
    header: z.string().min(1),
    type: z.enum(COLUMN_TYPES),
    required: z.boolean(),
    values: z.array(z.string().min(1)).min(1).optional(),
    comment: z.string().min(1)
  })
  .refine((c) => (c.type === 'enum') === (c.values !== undefined), {
    message: 'enum 类型的列必须给出 values，其他类型的列不能给出 values'
  });

const kindSchema = z.strictObject({
  table: z.string().regex(/^[a-z][a-z0-9_]*$/),
  title: z.string().min(1),
  comment: z.string().min(1),
  key: z.array(z.string()).min(1),
  columns: z.array(columnSchema).min(1)
});

const contractSchema = z.strictObject({
  kinds: z.strictObject({
    ledger: kindSchema,
    contracts: kindSchema,
    annual_reports: kindSchema,
    park_evaluations: kindSchema,
    task_progress: kindSchema
  })
});

const synonymsSchema = z.record(z.string().min(1), z.array(z.string().min(1)));

export interface ColumnSpec {
  /** English column name in the warehouse, e.g. `unit_uscc`. */
  name: string;
  /** Canonical Chinese header, e.g. `单位统一社会信用代码`. */
  header: string;
  type: ColumnType;
  required: boolean;
  /** Allowed values of an `enum` column. */
  values?: string[];
  /** Chinese COMMENT for the warehouse column. */
  comment: string;
}

export interface KindSpec {
  id: KindId;
  table: string;
  title: string;
  comment: string;
  key: string[];
  columns: ColumnSpec[];
}

export interface Contract {
  kinds: Record<KindId, KindSpec>;
  /** Kinds in contract order. */
  kindList: KindSpec[];
  /** Canonical header → synonyms (as written in synonyms.yaml). */
  synonyms: ReadonlyMap<string, readonly string[]>;
}

export const DEFAULT_CONTRACT_DIR = fileURLToPath(new URL('../contract/', import.meta.url));

const cache = new Map<string, Contract>();

/** Load and validate contract.yaml + synonyms.yaml from `dir` (default etl/contract). Cached per dir. */
export function loadContract(dir: string = DEFAULT_CONTRACT_DIR): Contract {
  const hit = cache.get(dir);
  if (hit) return hit;
  const contract = buildContract(
    readYaml(join(dir, 'contract.yaml')),
    readYaml(join(dir, 'synonyms.yaml')),
    dir
  );
  cache.set(dir, contract);
  return contract;
}

function readYaml(path: string): unknown {
  return parseYaml(readFileSync(path, 'utf8'));
}

/** Validate parsed YAML documents and build the contract (exported for tests of the checks). */
export function buildContract(contractDoc: unknown, synonymsDoc: unknown, where = '数据契约'): Contract {
  const c = contractSchema.safeParse(contractDoc);
  if (!c.success) throw new Error(`${where}/contract.yaml 格式错误：\n${z.prettifyError(c.error)}`);
  const s = synonymsSchema.safeParse(synonymsDoc ?? {});
  if (!s.success) throw new Error(`${where}/synonyms.yaml 格式错误：\n${z.prettifyError(s.error)}`);

  const kindList: KindSpec[] = KIND_IDS.map((id) => ({ id, ...c.data.kinds[id] }));
  const kinds = Object.fromEntries(kindList.map((k) => [k.id, k])) as Record<KindId, KindSpec>;
  const synonyms = new Map(Object.entries(s.data));

  const problems = [...checkKinds(kindList), ...checkSynonyms(kindList, synonyms)];
  if (problems.length > 0) throw new Error(`${where} 校验失败：\n${problems.join('\n')}`);
  return { kinds, kindList, synonyms };
}

function checkKinds(kindList: KindSpec[]): string[] {
  const problems: string[] = [];
  for (const kind of kindList) {
    const names = new Set<string>();
    for (const col of kind.columns) {
      if (names.has(col.name)) problems.push(`${kind.id}：列名 ${col.name} 重复`);
      names.add(col.name);
    }
    for (const key of kind.key) {
      if (!names.has(key)) problems.push(`${kind.id}：key 中的 ${key} 不是该类的列`);
    }
  }
  return problems;
}

function checkSynonyms(kindList: KindSpec[], synonyms: Map<string, string[]>): string[] {
  const problems: string[] = [];
  const canonical = new Set(kindList.flatMap((k) => k.columns.map((c) => c.header)));
  for (const header of synonyms.keys()) {
    if (!canonical.has(header)) problems.push(`synonyms.yaml：「${header}」不是任何一类的规范表头`);
  }
  // Inside one kind, every spelling (canonical or synonym) must point at one column only.
  for (const kind of kindList) {
    const owner = new Map<string, string>();
    for (const col of kind.columns) {
      for (const spelling of [col.header, ...(synonyms.get(col.header) ?? [])]) {
        const key = headerKey(spelling).full;
        const prev = owner.get(key);
        if (prev !== undefined && prev !== col.name) {
          problems.push(`${kind.id}：表头写法「${spelling}」同时对应 ${prev} 和 ${col.name}`);
        }
        owner.set(key, col.name);
      }
    }
  }
  return problems;
}
