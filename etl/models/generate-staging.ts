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

/**
 * A unit code of the right shape: 18 characters of the GB 32100 alphabet. Per row staging tests only
 * the shape (a code already in this form is taken as written, others are normalised first); the
 * costly check digit is computed after, once per distinct code (the UPDATE under the table).
 */
const USCC_SHAPE = "'[0-9A-HJ-NPQRTUWXY]{18}'";

/** The typed value of one column, from its cleaned text c_<name> (macros: etl/models/macros.sql). */
function typedExpr(c: ColumnSpec): string {
  const ct = `cl.c_${c.name}`;
  switch (c.type) {
    case 'text': return ct;
    case 'enum': return ct;
    case 'uscc': return `CASE WHEN regexp_full_match(${ct}, ${USCC_SHAPE}) THEN ${ct} ELSE norm_uscc(${ct}) END`;
    case 'int': return `to_int(${ct})`;
    case 'number': return `to_number(${ct})`;
    case 'amount': return `to_amount(${ct})`;
    case 'pct': return `to_pct(${ct})`;
    case 'date': return `to_date(${ct})`;
    case 'bool': return `to_bool(${ct})`;
    case 'week': return `parse_week(${ct})`;
  }
}

/** One check of a cell: the condition under which it fails, and the error it then gives as {col, val, reason}. */
interface Check { cond: string; err: string }

/** One column's checks in order (the first that fails is the cell's error); the row's columns are `p`.c_<name> (text), `p`.<name> (typed). */
function checks(c: ColumnSpec, p: string): Check[] {
  const raw = `${p}.c_${c.name}`;
  const t = `${p}.${c.name}`;
  const err = (reason: string) => `{'col': ${q(c.name)}, 'val': ${raw}, 'reason': ${reason}}`;
  const out: Check[] = [];
  if (c.required) out.push({ cond: `${raw} IS NULL`, err: err(q('必填项为空')) });
  switch (c.type) {
    case 'enum':
      // list_contains, not NOT IN: DuckDB plans a long IN list as a join over every row
      out.push({ cond: `${raw} IS NOT NULL AND NOT list_contains([${(c.values ?? []).map(q).join(', ')}], ${t})`, err: err(q(`不是可选值之一（${(c.values ?? []).join('、')}）`)) });
      break;
    case 'uscc':
      // the shape here; a well-formed code with a wrong check digit is found by the UPDATE below the table
      out.push({ cond: `NOT (${p}.sh_${c.name} OR regexp_full_match(${t}, ${USCC_SHAPE}))`, err: err(`CASE WHEN length(${t}) <> 18 THEN '统一社会信用代码应为18位，实为' || length(${t}) || '位' ELSE '统一社会信用代码校验位错误（GB 32100）' END`) });
      break;
    case 'int':
      out.push({ cond: `${raw} IS NOT NULL AND ${t} IS NULL`, err: err(q('不是整数')) });
      out.push({ cond: `${t} < 0`, err: err(q('不能为负数')) });
      break;
    case 'number':
      out.push({ cond: `${raw} IS NOT NULL AND ${t} IS NULL`, err: err(q('不是有效的数值')) });
      out.push({ cond: `${t} < 0`, err: err(q('不能为负数')) });
      break;
    case 'amount':
      out.push({ cond: `${raw} IS NOT NULL AND ${t} IS NULL`, err: err(q('不是有效的金额（万元），如 1,234.5 或 12.3万元')) });
      out.push({ cond: `${t} < 0`, err: err(q('金额不能为负数')) });
      break;
    case 'pct':
      out.push({ cond: `${raw} IS NOT NULL AND ${t} IS NULL`, err: err(q('不是有效的百分比')) });
      out.push({ cond: `${t} < 0 OR ${t} > 100`, err: err(q('比例应在 0–100 之间')) });
      break;
    case 'date':
      out.push({ cond: `${raw} IS NOT NULL AND ${t} IS NULL`, err: err(q('不是有效日期或日期不存在（如 2024-03-05、2024/3/5、2024年3月5日）')) });
      out.push({ cond: `year(${t}) NOT BETWEEN 1950 AND 2100`, err: err(q('日期超出合理范围（1950–2100年）')) });
      break;
    case 'bool':
      out.push({ cond: `${raw} IS NOT NULL AND ${t} IS NULL`, err: err(q('应填“是”或“否”')) });
      break;
    case 'week':
      out.push({ cond: `${raw} IS NOT NULL AND ${t} IS NULL`, err: err(q('不是有效的ISO周（如 2026-W46）')) });
      break;
    case 'text':
      break;
  }
  return out;
}

/** Which of one column's checks fails first (1, 2, …), NULL when the cell passes them all: an integer, no struct built. */
function failExpr(c: ColumnSpec, p: string): string {
  return `CASE ${checks(c, p).map((x, i) => `WHEN ${x.cond} THEN ${i + 1}`).join(' ')} END`;
}

/** The failed check of one column as {col, val, reason} from its number (failExpr), or NULL. */
function errorExpr(c: ColumnSpec, p: string): string {
  return `CASE ${p}.f_${c.name} ${checks(c, p).map((x, i) => `WHEN ${i + 1} THEN ${x.err}`).join('\n        ')} END`;
}

/** The check digit of each distinct well-formed code, and the error added to the rows that carry a wrong one. */
function checkDigitSql(kind: KindSpec, c: ColumnSpec): string {
  const before = kind.columns.slice(0, kind.columns.indexOf(c)).map((x) => q(x.name));
  // the error goes where staging would have put it: after the row-level and the earlier columns' errors
  const first = `e.col IS NULL OR list_contains([${before.join(', ')}]::VARCHAR[], e.col)`;
  return `
-- ${c.name}: the check digit (GB 32100), once per distinct well-formed code; a row with a wrong one
-- gets the error in its place among the row's other errors
UPDATE stg_${kind.id} AS s
SET errors = list_concat(
    list_filter(s.errors, e -> ${first}),
    [{'col': ${q(c.name)}, 'val': s.${c.name}, 'reason': '统一社会信用代码校验位错误（GB 32100）'}],
    list_filter(s.errors, e -> NOT (${first})))
FROM (
  SELECT code FROM (SELECT DISTINCT ${c.name} AS code FROM stg_${kind.id})
  WHERE regexp_full_match(code, ${USCC_SHAPE}) AND NOT uscc_ok(code)
) AS bad
WHERE s.${c.name} = bad.code;
`;
}

export function stagingSql(kind: KindSpec): string {
  const cols = kind.columns;
  const checkedCols = cols.filter((c) => checks(c, 'k').length > 0);
  const flags = ['k.f_extra', ...checkedCols.map((c) => `k.f_${c.name}`)];
  const errs = [`CASE k.f_extra WHEN 1 THEN {'col': NULL, 'val': k.extra_cells, 'reason': '表头之外的列有内容（列数多于表头）'} END`,
    ...checkedCols.map((c) => errorExpr(c, 'k'))];
  const codes = cols.filter((c) => c.type === 'uscc');
  return `-- stg_${kind.id}: ${kind.title}, as read. Generated from etl/contract/contract.yaml by
-- etl/models/generate-staging.ts; do not edit by hand. Input: raw_${kind.id} (all text, one row per
-- record, in file order; file_no tells the files of a batch apart, 0 for a file loaded alone).
-- Output: each column typed, plus \`errors\`, the list of failed checks ({col, val, reason}),
-- \`row_cells\` (for a row with any: all its cells as JSON, for etl/models/load/classify_rows.sql)
-- and source_row. A row with no errors may still fail the int_ model's rules.
CREATE OR REPLACE TEMP TABLE stg_${kind.id} AS
WITH cleaned AS (
  -- each cell trimmed (c_); a row without any white space (raw.padded false) needs no trimming
  SELECT
    raw.file_no,
    raw.source_row,
    raw.extra_cells,
    raw.cells,
${cols.map((c) => `    CASE WHEN raw.padded THEN trim_text(raw.${c.name}) ELSE nullif(raw.${c.name}, '') END AS c_${c.name}`).join(',\n')}
  FROM raw_${kind.id} AS raw
),
typed AS (
  SELECT
    cl.*,
${cols.map((c) => `    ${typedExpr(c)} AS ${c.name}`).join(',\n')}${codes.map((c) => `,\n    regexp_full_match(cl.c_${c.name}, ${USCC_SHAPE}) AS sh_${c.name}`).join('')}
  FROM cleaned AS cl
),
checked AS (
  -- each column's first failed check as its number (f_), NULL when the cell is fine
  SELECT
    t.*,
    CASE WHEN t.extra_cells IS NOT NULL THEN 1 END AS f_extra${checkedCols.map((c) => `,\n    ${failExpr(c, 't')} AS f_${c.name}`).join('')}
  FROM typed AS t
)
SELECT
  k.file_no,
  k.source_row,
${cols.map((c) => `  k.${c.name}`).join(',\n')},
  -- most rows pass every check: the failures ({col, val, reason}, each column's first failed check)
  -- and the row's cells are built only for the rows that have one (blank, 合计 and note rows fail
  -- here and are told apart by classify_rows.sql); a CASE evaluates its ELSE for those rows alone
  CASE WHEN coalesce(${flags.join(', ')}) IS NULL THEN CAST([] AS STRUCT(col VARCHAR, val VARCHAR, reason VARCHAR)[])
    ELSE list_filter([
      ${errs.join(',\n      ')}
    ], e -> e IS NOT NULL)
  END AS errors,
  CASE WHEN coalesce(${flags.join(', ')}) IS NOT NULL THEN CAST(to_json(k.cells) AS VARCHAR) END AS row_cells
FROM checked AS k;

-- A file read by the fast path comes without row numbers, but its rows kept the file's order (a plain
-- scan and projections; the files of a batch one after the other), so a row's rowid less its file's
-- first rowid is its record number. It is written down before any UPDATE of a list column (DuckDB
-- moves such a row to a new rowid). The first row under the header is filled in per file_no.
SELECT error('stg_${kind.id}: the rows of file ' || file_no || ' are not in one run')
FROM (SELECT file_no, count(*) AS n, max(rowid) - min(rowid) + 1 AS span FROM stg_${kind.id} WHERE source_row IS NULL GROUP BY file_no)
WHERE n <> span;
UPDATE stg_${kind.id} AS s SET source_row = CAST(s.rowid - f.first_rowid + {{first_row}} AS INTEGER)
FROM (SELECT file_no, min(rowid) AS first_rowid FROM stg_${kind.id} WHERE source_row IS NULL GROUP BY file_no) AS f
WHERE s.file_no = f.file_no AND s.source_row IS NULL;
${codes.map((c) => checkDigitSql(kind, c)).join('')}`;
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
