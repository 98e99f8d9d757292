// End to end on the bundled sample: the generator's manifest lists every deliberate problem with
// its file and row. Rows it says must be refused are in etl_rejects; rows it says must load (policy
// violations, late reports, synonyms, numbers as text) are not; nothing else is refused except
// 合计 and note rows; and every file's rows are all accounted for.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runLoad, type LoadSummary } from '../../../etl/load/run.ts';
import { schemaMarkdown } from '../../../etl/schema-doc.ts';
import { query, tempDir } from './helpers.ts';

interface Mess { file: string; line: number | null; category: string; code: string; column?: string }
interface FileSpec { file: string; kind: string; rows: number; nonDataRows: number }
const manifest = JSON.parse(readFileSync('data/sample/manifest.json', 'utf8')) as { mess: Mess[]; files: FileSpec[] };

let db: string;
let summary: LoadSummary;
let rejected: Array<{ file_path: string; source_row: number; reason: string }>;
const key = (file: string, row: number) => `${file}#${row}`;

beforeAll(async () => {
  db = join(tempDir(), 'sample.duckdb');
  summary = await runLoad({ db, inputs: ['data/sample'], asOf: '2026-11-20' });
  rejected = await query(db, 'SELECT DISTINCT file_path, source_row, reason FROM etl_rejects');
}, 300_000);

describe('the sample through the ETL', () => {
  it('refuses exactly the rows the manifest says must be refused, plus 合计 and note rows', () => {
    const rejectedKeys = new Set(rejected.map((r) => key(r.file_path.replace(/^sample\//, ''), r.source_row)));
    const mustReject = manifest.mess.filter((m) => m.category === 'reject' && (m.line ?? 0) > 0);
    for (const m of mustReject) expect(rejectedKeys.has(key(m.file, m.line!)), `${m.file} row ${m.line} (${m.code})`).toBe(true);
    const rejectRows = new Set(mustReject.map((m) => key(m.file, m.line!)));
    const mustLoad = manifest.mess.filter((m) => m.category !== 'reject' && (m.line ?? 0) > 0 && !rejectRows.has(key(m.file, m.line!)));
    expect(mustLoad.length).toBeGreaterThan(50);
    for (const m of mustLoad) expect(rejectedKeys.has(key(m.file, m.line!)), `${m.file} row ${m.line} (${m.code}) must load`).toBe(false);
    const expected = new Set(mustReject.map((m) => key(m.file, m.line!)));
    const unexpected = rejected.filter((r) => !expected.has(key(r.file_path.replace(/^sample\//, ''), r.source_row))
      && !/^(合计\/小计行|表格下方的说明或备注行)/.test(r.reason));
    expect(unexpected).toEqual([]);
  });

  it('accounts for every row of every file', () => {
    expect(summary.files.length).toBe(manifest.files.length);
    for (const spec of manifest.files) {
      const f = summary.files.find((x) => x.filePath === `sample/${spec.file}`);
      expect(f, spec.file).toBeDefined();
      expect(f!.kind, spec.file).toBe(spec.kind);
      expect(f!.status, spec.file).toBe('loaded');
      expect(f!.rowsRead + f!.blankRows, `${spec.file}: rows below the header`).toBe(spec.rows);
      expect(f!.rowsAccepted + f!.rowsRejected, spec.file).toBe(f!.rowsRead);
    }
  });

  it('passes every data test', () => {
    expect(summary.tests.filter((t) => t.status === 'fail')).toEqual([]);
    expect(summary.tests.length).toBeGreaterThanOrEqual(20);
  });

  it('has a Chinese comment on every table and column of the warehouse', async () => {
    const tables = await query<{ table_name: string }>(db, `SELECT table_name FROM duckdb_tables() WHERE NOT temporary AND (comment IS NULL OR comment = '')`);
    expect(tables).toEqual([]);
    const cols = await query<{ t: string }>(db, `SELECT table_name || '.' || column_name AS t FROM duckdb_columns() c WHERE (SELECT NOT t.temporary FROM duckdb_tables() t WHERE t.table_oid = c.table_oid) AND (comment IS NULL OR comment = '')`);
    expect(cols).toEqual([]);
    const all = await query<{ n: number }>(db, `SELECT count(*) AS n FROM duckdb_tables() WHERE NOT temporary`);
    expect(all[0]!.n).toBeGreaterThanOrEqual(12);
    const commented = await query<{ n: number }>(db, `SELECT count(*) AS n FROM duckdb_columns() WHERE comment <> ''`);
    expect(commented[0]!.n).toBeGreaterThan(200);
  });

  it('docs/SCHEMA.md is the reference generated from these comments (npx tsx etl/schema-doc.ts)', async () => {
    expect(await schemaMarkdown(db)).toBe(readFileSync('docs/SCHEMA.md', 'utf8'));
  });
});
