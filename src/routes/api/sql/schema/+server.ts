/**
 * GET /api/sql/schema → 200 {tables: [{name, kind, comment, columns: [{name, type, comment}]}]}
 * 数仓的数据字典（表、视图、列及中文注释），经 SQL 沙箱读取。角色：分析员、协调办、管理员。
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { readFileSync } from 'node:fs';
import { locateSourceFile } from '$lib/server/appdb/locate';
import { apiRoleCheck } from '$lib/server/auth/guard';
import { getSandbox } from '$lib/server/sql-sandbox';

interface TableInfo {
  name: string;
  kind: string;
  comment: string | null;
  columns: { name: string; type: string; comment: string | null }[];
}

let schemaSql: string | null = null;

export const GET: RequestHandler = async ({ locals }) => {
  const denied = apiRoleCheck(locals, ['analyst', 'office', 'admin']);
  if (denied) return denied;
  schemaSql ??= readFileSync(locateSourceFile(import.meta.url, './schema.sql', 'src/lib/server/sql-sandbox/schema.sql'), 'utf8');
  const outcome = await getSandbox().run(schemaSql, { format: 'rows' });
  if (!outcome.ok) return json({ error: outcome.message }, { status: outcome.kind === 'busy' ? 503 : 500 });
  const tables = new Map<string, TableInfo>();
  for (const [table, kind, tcomment, column, type, ccomment] of outcome.rows ?? []) {
    const name = table ?? '';
    let t = tables.get(name);
    if (!t) tables.set(name, (t = { name, kind: kind ?? '表', comment: tcomment ?? null, columns: [] }));
    t.columns.push({ name: column ?? '', type: type ?? '', comment: ccomment ?? null });
  }
  return json({ tables: [...tables.values()] }, { headers: { 'cache-control': 'no-store' } });
};
