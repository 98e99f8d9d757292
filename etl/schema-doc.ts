/**
 * Writes docs/SCHEMA.md, the warehouse reference, from the Chinese COMMENTs of a built warehouse
 * (every table and column has one; a test checks it). Usage: npx tsx etl/schema-doc.ts [WAREHOUSE] [OUT]
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { rows } from './load/db.ts';

type Col = { table_name: string; column_name: string; data_type: string; comment: string | null };
type Tab = { table_name: string; comment: string | null; estimated_size: number };

const GROUPS: Array<[string, (t: string) => boolean]> = [
  ['事实表（来自各单位报送的文件）', (t) => ['achievements', 'contracts', 'annual_reports', 'park_evaluations', 'task_progress'].includes(t)],
  ['维表（来自政策配置与事实表）', (t) => ['departments', 'units', 'unit_reports', 'tasks', 'task_departments', 'profile_params', 'meta'].includes(t)],
  ['合规规则', (t) => t.startsWith('rule_')],
  ['页面读取的汇总表（mart_）', (t) => t.startsWith('mart_')],
  ['加载记录', (t) => t.startsWith('etl_')]
];

export async function schemaMarkdown(db: string): Promise<string> {
  const inst = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const conn = await inst.connect();
  try {
    const tables = await rows<Tab>(conn, `SELECT table_name, comment, estimated_size FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary ORDER BY table_name`);
    const cols = await rows<Col>(conn, `SELECT table_name, column_name, data_type, comment FROM duckdb_columns() c WHERE schema_name = 'main' AND (SELECT NOT t.temporary FROM duckdb_tables() t WHERE t.table_oid = c.table_oid) ORDER BY table_name, column_index`);
    const out = ['# 数据仓库表结构', '', '由 `npx tsx etl/schema-doc.ts` 从仓库中的 COMMENT 生成，勿手工修改。每张表、每一列都有中文说明；', '事实表的每一行都带 `source_file` 与 `source_row`，可追溯到报送文件中的行。', ''];
    const placed = new Set<string>();
    for (const [title, match] of GROUPS) {
      const group = tables.filter((t) => match(t.table_name) && !placed.has(t.table_name));
      if (group.length === 0) continue;
      out.push(`## ${title}`, '');
      for (const t of group) {
        placed.add(t.table_name);
        out.push(`### \`${t.table_name}\``, '', t.comment ?? '（缺少说明）', '', '| 列 | 类型 | 说明 |', '|---|---|---|');
        for (const c of cols.filter((c) => c.table_name === t.table_name)) {
          out.push(`| \`${c.column_name}\` | ${c.data_type} | ${(c.comment ?? '（缺少说明）').replace(/\|/g, '｜')} |`);
        }
        out.push('');
      }
    }
    const rest = tables.filter((t) => !placed.has(t.table_name));
    for (const t of rest) out.push(`- \`${t.table_name}\`：${t.comment ?? '（缺少说明）'}`);
    return out.join('\n').trimEnd() + '\n';
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const db = process.argv[2] ?? 'data/warehouse/warehouse.duckdb';
  const outFile = process.argv[3] ?? 'docs/SCHEMA.md';
  writeFileSync(outFile, await schemaMarkdown(db));
  console.log(`wrote ${outFile}`);
}
