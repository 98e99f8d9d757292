/**
 * dbt-style data tests (etl/models/tests/tests.yaml) run on the built warehouse after each load;
 * results go to etl_tests. Each test is a query returning the failing rows; 0 rows = pass.
 */
import { readFileSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { parse } from 'yaml';
import { z } from 'zod';
import { rows } from './db.ts';
import { MODELS_DIR, modelSql, sqlString } from './sql-files.ts';

const testSchema = z.object({
  name: z.string().optional(),
  model: z.string(),
  column: z.union([z.string(), z.array(z.string())]).optional(),
  test: z.enum(['unique', 'not_null', 'relationships', 'accepted_values', 'expression']),
  to: z.string().regex(/^\w+\.\w+$/).optional(),
  values: z.array(z.union([z.string(), z.number()])).optional(),
  sql: z.string().optional(),
  detail: z.string().optional()
});
export type DataTest = z.infer<typeof testSchema>;

export interface DataTestResult {
  name: string;
  model: string;
  column: string | null;
  type: DataTest['test'];
  status: 'pass' | 'fail';
  failures: number;
  detail: string;
}

export function loadDataTests(): DataTest[] {
  const doc: unknown = parse(readFileSync(MODELS_DIR + 'tests/tests.yaml', 'utf8'));
  return z.array(testSchema).parse(doc);
}

function columnsOf(t: DataTest): string[] {
  return t.column === undefined ? [] : Array.isArray(t.column) ? t.column : [t.column];
}

/** The query returning the failing rows of one test. */
export function failingRowsSql(t: DataTest): string {
  const cols = columnsOf(t);
  const column = cols.join(', ');
  switch (t.test) {
    case 'unique':
      return modelSql('tests/unique.sql', { model: t.model, column, not_null_all: cols.map((c) => `${c} IS NOT NULL`).join(' AND ') });
    case 'not_null':
      return modelSql('tests/not_null.sql', { model: t.model, column });
    case 'relationships': {
      const [toModel, toColumn] = (t.to ?? '').split('.') as [string, string];
      return modelSql('tests/relationships.sql', { model: t.model, column, to_model: toModel, to_column: toColumn });
    }
    case 'accepted_values':
      return modelSql('tests/accepted_values.sql', { model: t.model, column, values: (t.values ?? []).map((v) => sqlString(String(v))).join(', ') });
    case 'expression':
      return t.sql ?? 'SELECT 1 WHERE FALSE';
  }
}

function describe(t: DataTest): string {
  if (t.detail) return t.detail;
  const col = columnsOf(t).join(', ');
  switch (t.test) {
    case 'unique': return `${t.model}(${col}) 不重复`;
    case 'not_null': return `${t.model}.${col} 不为空`;
    case 'relationships': return `${t.model}.${col} 都能在 ${t.to} 中找到`;
    case 'accepted_values': return `${t.model}.${col} 只取 ${(t.values ?? []).join('、')}`;
    case 'expression': return t.name ?? 'expression';
  }
}

/** Run every data test in one query (one count per test) and store the results in etl_tests with one insert. */
export async function runDataTests(conn: DuckDBConnection, loadId: number): Promise<DataTestResult[]> {
  const tests = loadDataTests();
  if (tests.length === 0) return [];
  const counts = await rows<{ i: number; n: number }>(conn,
    tests.map((t, i) => `SELECT ${i} AS i, count(*) AS n FROM (${failingRowsSql(t).replace(/;\s*$/, '')}) AS failing`).join('\nUNION ALL\n'));
  const failures = new Map(counts.map((c) => [c.i, c.n]));
  const results = tests.map((t, i): DataTestResult => {
    const n = failures.get(i) ?? 0;
    return {
      name: t.name ?? `${t.test}_${t.model}_${columnsOf(t).join('_')}`, model: t.model, column: columnsOf(t).join(', ') || null,
      type: t.test, status: n === 0 ? 'pass' : 'fail', failures: n, detail: describe(t)
    };
  });
  await conn.run(`INSERT INTO etl_tests SELECT $1, r.name, r.model, r.column, r.type, r.status, r.failures, r.detail
    FROM (SELECT unnest(from_json($2, '[{"name":"VARCHAR","model":"VARCHAR","column":"VARCHAR","type":"VARCHAR","status":"VARCHAR","failures":"INTEGER","detail":"VARCHAR"}]')) AS r)`,
  [loadId, JSON.stringify(results)] as never);
  return results;
}
