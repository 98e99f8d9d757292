/**
 * Writes etl/models/staging/stg_<kind>.sql from the data contract (etl/contract/contract.yaml).
 * The contract is the single source of column names, types, enums and required flags; the
 * generated SQL is committed so a reader can see exactly what runs, and a test fails when it
 * drifts from the contract. Run: npx tsx etl/models/generate-staging.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadContract, type ColumnSpec, type KindSpec } from '../read/contract.ts';

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Types parsed once per distinct value and joined back (a costly check, few distinct values). */
const MEMO = new Set<ColumnSpec['type']>(['uscc']);

/** The typed value of one column, from its cleaned text c_<name> (macros: etl/models/macros.sql). */
function typedExpr(c: ColumnSpec): string {
  const ct = `cl.c_${c.name}`;
  switch (c.type) {
    case 'text': return ct;
    case 'enum': return ct;
    case 'uscc': return `m_${c.name}.typed`;
    case 'int': return `to_int(${ct})`;
    case 'number': return `to_number(${ct})`;
    case 'amount': return `to_amount(${ct})`;
    case 'pct': return `to_pct(${ct})`;
    case 'date': return `to_date(${ct})`;
    case 'bool': return `to_bool(${ct})`;
    case 'week': return `parse_week(${ct})`;
  }
}

/** The first failed check of one column as {col, val, reason}, or NULL. */
function checkExpr(c: ColumnSpec): string {
  const raw = `t.c_${c.name}`;
  const t = `t.${c.name}`;
  const err = (reason: string) => `{'col': ${q(c.name)}, 'val': ${raw}, 'reason': ${reason}}`;
  const whens: string[] = [];
  if (c.required) whens.push(`WHEN ${raw} IS NULL THEN ${err(q('必填项为空'))}`);
  switch (c.type) {
    case 'enum':
      // list_contains, not NOT IN: DuckDB plans a long IN list as a join over every row
      whens.push(`WHEN ${raw} IS NOT NULL AND NOT list_contains([${(c.values ?? []).map(q).join(', ')}], ${t}) THEN ${err(q(`不是可选值之一（${(c.values ?? []).join('、')}）`))}`);
      break;
    case 'uscc':
      whens.push(`WHEN ${raw} IS NOT NULL AND NOT coalesce(t.ok_${c.name}, FALSE) THEN ${err(`CASE WHEN length(${t}) <> 18 THEN '统一社会信用代码应为18位，实为' || length(${t}) || '位' ELSE '统一社会信用代码校验位错误（GB 32100）' END`)}`);
      break;
    case 'int':
      whens.push(`WHEN ${raw} IS NOT NULL AND ${t} IS NULL THEN ${err(q('不是整数'))}`);
      whens.push(`WHEN ${t} < 0 THEN ${err(q('不能为负数'))}`);
      break;
    case 'number':
      whens.push(`WHEN ${raw} IS NOT NULL AND ${t} IS NULL THEN ${err(q('不是有效的数值'))}`);
      whens.push(`WHEN ${t} < 0 THEN ${err(q('不能为负数'))}`);
      break;
    case 'amount':
      whens.push(`WHEN ${raw} IS NOT NULL AND ${t} IS NULL THEN ${err(q('不是有效的金额（万元），如 1,234.5 或 12.3万元'))}`);
      whens.push(`WHEN ${t} < 0 THEN ${err(q('金额不能为负数'))}`);
      break;
    case 'pct':
      whens.push(`WHEN ${raw} IS NOT NULL AND ${t} IS NULL THEN ${err(q('不是有效的百分比'))}`);
      whens.push(`WHEN ${t} < 0 OR ${t} > 100 THEN ${err(q('比例应在 0–100 之间'))}`);
      break;
    case 'date':
      whens.push(`WHEN ${raw} IS NOT NULL AND ${t} IS NULL THEN ${err(q('不是有效日期或日期不存在（如 2024-03-05、2024/3/5、2024年3月5日）'))}`);
      whens.push(`WHEN year(${t}) NOT BETWEEN 1950 AND 2100 THEN ${err(q('日期超出合理范围（1950–2100年）'))}`);
      break;
    case 'bool':
      whens.push(`WHEN ${raw} IS NOT NULL AND ${t} IS NULL THEN ${err(q('应填“是”或“否”'))}`);
      break;
    case 'week':
      whens.push(`WHEN ${raw} IS NOT NULL AND ${t} IS NULL THEN ${err(q('不是有效的ISO周（如 2026-W46）'))}`);
      break;
    case 'text':
      break;
  }
  return whens.length ? `CASE ${whens.join('\n      ')} END` : 'NULL';
}

export function stagingSql(kind: KindSpec): string {
  const cols = kind.columns;
  const errCols = ['k.e_extra', ...cols.filter((c) => checkExpr(c) !== 'NULL').map((c) => `k.e_${c.name}`)].join(', ');
  const memo = cols.filter((c) => MEMO.has(c.type));
  return `-- stg_${kind.id}: ${kind.title}, as read. Generated from etl/contract/contract.yaml by
-- etl/models/generate-staging.ts; do not edit by hand. Input: raw_${kind.id} (all text, one row per
-- data row of one file, with source_row). Output: each column typed, plus \`errors\`, the list of
-- failed checks ({col, val, reason}); a row with no errors may still fail the int_ model's rules.
CREATE OR REPLACE TEMP TABLE stg_${kind.id} AS
WITH cleaned AS (
  -- each cell trimmed (c_); a row without any white space (raw.padded false) needs no trimming
  SELECT
    raw.source_row,
    raw.extra_cells,
${cols.map((c) => `    CASE WHEN raw.padded THEN trim_text(raw.${c.name}) ELSE nullif(raw.${c.name}, '') END AS c_${c.name}`).join(',\n')}${memo.map((c) => `,\n    raw.${c.name} AS r_${c.name}`).join('')}
  FROM raw_${kind.id} AS raw
),
${memo.map((c) => `m_${c.name} AS (
  -- parsed once per distinct cell as read (a ledger repeats its unit code on many rows); read from
  -- raw_${kind.id}, not from cleaned, which DuckDB would then materialise whole for a second reader
  SELECT v, typed, uscc_ok(typed) AS ok
  FROM (SELECT v, norm_uscc(v) AS typed FROM (SELECT DISTINCT ${c.name} AS v FROM raw_${kind.id}))
),
`).join('')}typed AS (
  SELECT
    cl.*,
${cols.map((c) => `    ${typedExpr(c)} AS ${c.name}`).join(',\n')}${memo.filter((c) => c.type === 'uscc').map((c) => `,\n    m_${c.name}.ok AS ok_${c.name}`).join('')}
  FROM cleaned AS cl
${memo.map((c) => `  LEFT JOIN m_${c.name} ON m_${c.name}.v = cl.r_${c.name}`).join('\n')}
),
checked AS (
  -- each column's first failed check as {col, val, reason}, NULL when the cell is fine
  SELECT
    t.*,
    CASE WHEN t.extra_cells IS NOT NULL THEN {'col': NULL, 'val': t.extra_cells, 'reason': '表头之外的列有内容（列数多于表头）'} END AS e_extra${cols.filter((c) => checkExpr(c) !== 'NULL').map((c) => `,\n    ${checkExpr(c)} AS e_${c.name}`).join('')}
  FROM typed AS t
)
SELECT
  k.source_row,
${cols.map((c) => `  k.${c.name}`).join(',\n')},
  -- most rows pass every check: the list of failures is built only for the rows that have one
  -- (blank, 合计 and note rows fail here and are told apart by etl/models/load/classify_rows.sql)
  CASE WHEN coalesce(${errCols}) IS NULL THEN CAST([] AS STRUCT(col VARCHAR, val VARCHAR, reason VARCHAR)[])
    ELSE list_filter([${errCols}], e -> e IS NOT NULL)
  END AS errors
FROM checked AS k;
`;
}

const SQL_TYPES: Record<ColumnSpec['type'], string> = {
  text: 'VARCHAR', enum: 'VARCHAR', uscc: 'VARCHAR', week: 'VARCHAR',
  int: 'INTEGER', number: 'DOUBLE', amount: 'DOUBLE', pct: 'DOUBLE', date: 'DATE', bool: 'BOOLEAN'
};

/** Columns every fact table has beyond the contract's, per kind, with their comments. */
const DERIVED: Record<string, Array<[string, string, string]>> = {
  ledger: [['is_granted', 'BOOLEAN', '是否已授权成果（专利权、软件著作权等已获授权的类型）']],
  contracts: [['signed_year', 'INTEGER', '签订年度（由签订日期得出）']],
  task_progress: [['week_start', 'DATE', '报告周的周一（UTC+8 日历日）']]
};
const LINEAGE: Array<[string, string, string]> = [
  ['source_file', 'VARCHAR', '来源文件（相对路径）'],
  ['source_row', 'INTEGER', '来源文件中的行号（与 Excel/WPS 打开时看到的行号一致）'],
  ['source_version', 'TIMESTAMP', '来源文件的修改时间（同一单位的新台账替换旧台账时据此判断新旧）'],
  ['load_id', 'INTEGER', '加载批次（etl_loads.load_id）']
];

export function factSchemaSql(kinds: KindSpec[]): string {
  const parts = [`-- Fact tables, one per input kind. Generated from etl/contract/contract.yaml by
-- etl/models/generate-staging.ts; do not edit by hand. Types: int → INTEGER, amount/pct → DOUBLE,
-- date → DATE, bool → BOOLEAN, text/enum/uscc/week → VARCHAR. Every row keeps its source file and row.`];
  for (const kind of kinds) {
    const cols: Array<[string, string, string]> = [
      ...kind.columns.map((c): [string, string, string] => [c.name, SQL_TYPES[c.type], `${c.header}：${c.comment}`]),
      ...(DERIVED[kind.id] ?? []),
      ...LINEAGE
    ];
    parts.push(`CREATE TABLE IF NOT EXISTS ${kind.table} (\n${cols.map(([n, t]) => `  ${n} ${t}`).join(',\n')}\n);`);
    parts.push(`COMMENT ON TABLE ${kind.table} IS ${q(kind.comment)};`);
    for (const [n, , comment] of cols) parts.push(`COMMENT ON COLUMN ${kind.table}.${n} IS ${q(comment)};`);
  }
  return parts.join('\n') + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const kinds = Object.values(loadContract().kinds);
  for (const kind of kinds) {
    const file = new URL(`./staging/stg_${kind.id}.sql`, import.meta.url);
    writeFileSync(file, stagingSql(kind));
    console.log(`wrote ${fileURLToPath(file)}`);
  }
  const schema = new URL('./schema/facts.sql', import.meta.url);
  writeFileSync(schema, factSchemaSql(kinds));
  console.log(`wrote ${fileURLToPath(schema)}`);
}
