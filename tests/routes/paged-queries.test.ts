/**
 * The paged and sorted queries behind 转化成效 and 数据质量 (queries/*.sql through the app's query loader) on a
 * small warehouse made here, and the DuckDB settings of the served warehouse (WAREHOUSE_MEMORY_LIMIT, WAREHOUSE_THREADS).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { query, queryOne, type Row } from '../../src/lib/server/queries';
import { DEFAULT_MEMORY_LIMIT, WarehouseConfigError, perFileCache, warehouseConfig, withConnection } from '../../src/lib/server/db/warehouse';
import { limitOffset } from '../../src/lib/components/paging';

const dir = mkdtempSync(join(tmpdir(), 'paged-queries-'));
const DEPTS = ['省教育厅', '省科技厅', '省卫生健康委', '省农业农村厅'];
const NAMES = ['安徽大学', '北京研究所', '长春医院', '大连理工', '鄂尔多斯站', '抚顺所', '高新学院', '海城医院', '锦州大学', '葫芦岛所'];
const N = 137; // units

beforeAll(async () => {
  const path = join(dir, 'warehouse.duckdb');
  const db = await DuckDBInstance.create(path);
  const c = await db.connect();
  await c.run(`CREATE TABLE mart_unit_year AS
    SELECT printf('U%04d', i) AS unit_uscc, ${sqlList(NAMES)}[1 + i % ${NAMES.length}] || i AS unit_name,
      CASE WHEN i % 3 = 0 THEN '高等院校' ELSE '科研院所' END AS unit_type, ${sqlList(DEPTS)}[1 + i % 4] AS supervising_dept,
      y AS year, (i * 7 + y) % 13 AS contracts,
      CASE WHEN i % 17 = 0 THEN NULL ELSE round(((i * 7919 + y * 31) % 1000) * 1.37, 2) END AS amount_wan,
      i % 9 AS granted_results, i % 4 AS granted_converted, (i % 5) * 1.5 AS reward_wan, (i % 5) AS reward_cash_wan, (i % 5) * 0.5 AS reward_equity_wan,
      i % 3 AS report_empowered, i % 2 AS ledger_empowered, i % 4 AS pay_later_contracts, i % 2 AS report_pay_later, i % 3 AS pay_later_pool
    FROM range(${N}) t(i), (VALUES (2024), (2025)) v(y)`);
  await c.run(`CREATE TABLE mart_reconciliation AS
    SELECT y AS year, printf('U%04d', i) AS unit_uscc, '单位' || i AS unit_name, ${sqlList(DEPTS)}[1 + i % 4] AS supervising_dept,
      CASE WHEN i % 10 = 0 THEN '不一致' WHEN i % 10 = 1 THEN '仅合同明细' WHEN i % 29 = 2 THEN '仅年度报告' ELSE '一致' END AS status,
      i % 6 AS ledger_contracts, (i + y) % 6 AS report_contracts, (i % 6) - ((i + y) % 6) AS diff_contracts,
      i * 1.5 AS ledger_wan, i * 1.25 AS report_wan, CASE WHEN i % 10 = 0 THEN i * 0.25 - 3 ELSE 0 END AS diff_wan
    FROM range(${N}) t(i), (VALUES (2024), (2025)) v(y)`);
  await c.run(`CREATE TABLE mart_report_status AS
    SELECT y AS year, printf('U%04d', i) AS unit_uscc, '单位' || i AS unit_name, '高等院校' AS unit_type, ${sqlList(DEPTS)}[1 + i % 4] AS supervising_dept,
      CASE WHEN i % 5 = 0 THEN '未报' WHEN i % 5 = 1 THEN '逾期' ELSE '按时' END AS status,
      make_date(y + 1, 1, 31) AS due_date, CASE WHEN i % 5 = 0 THEN NULL ELSE make_date(y + 1, 2, 1) END AS submitted_date,
      CASE WHEN i % 5 = 1 THEN 1 END AS days_late, CASE WHEN i % 5 = 0 THEN 30 END AS days_overdue
    FROM range(${N}) t(i), (VALUES (2024), (2025)) v(y)`);
  await c.run(`CREATE TABLE etl_loads AS SELECT 1 AS load_id UNION ALL SELECT 2`);
  await c.run(`CREATE TABLE etl_rejects AS
    SELECT 1 + (i % 2) AS load_id, 'f' || (i % 3) || '.csv' AS file_name, i + 2 AS source_row, 'amount' AS column_name, 'x' || i AS value, '不是数字' AS reason
    FROM range(75) t(i)`);
  c.closeSync();
  db.closeSync();
  process.env.WAREHOUSE_PATH = path;
  process.env.WAREHOUSE_MEMORY_LIMIT = '128MB';
  process.env.WAREHOUSE_THREADS = '1';
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function sqlList(xs: string[]): string {
  return `[${xs.map((x) => `'${x}'`).join(', ')}]`;
}

const all = (name: string, params: Record<string, string | number | boolean | null>) => query(name, { ...params, limit: null, offset: 0 });
const zh = (a: unknown, b: unknown) => String(a).localeCompare(String(b), 'zh-CN');

describe('转化成效 unit ranking (kpi_units)', () => {
  const f = { year: 2025, type: null, dept: null };

  it('pages are disjoint slices of the full ranking; the count comes from kpi_unit_totals', async () => {
    const full = await all('kpi_units', { ...f, sort: null, desc: false });
    const totals = await queryOne('kpi_unit_totals', f);
    expect(full.length).toBe(N);
    expect(totals?.units).toBe(N);
    const pages: Row[] = [];
    for (let p = 1; p <= Math.ceil(N / 50); p++) pages.push(...(await query('kpi_units', { ...f, sort: null, desc: false, ...limitOffset(p, 50) })));
    expect(pages.map((r) => r.unit_uscc)).toEqual(full.map((r) => r.unit_uscc));
    const [p1, p2] = [pages.slice(0, 50), pages.slice(50, 100)];
    expect(new Set([...p1, ...p2].map((r) => r.unit_uscc)).size).toBe(100);
    // default order = rank = by amount, largest first, no-amount units last
    expect(full.map((r) => r.rank)).toEqual(full.map((_, i) => i + 1));
    const amounts = full.map((r) => r.amount_wan as number | null);
    const present = amounts.filter((x): x is number => x !== null);
    expect(present).toEqual([...present].sort((a, b) => b - a));
    expect(amounts.slice(present.length).every((x) => x === null)).toBe(true);
  });

  it('sorts by any shown column, both ways, nulls last, ties by rank; text in pinyin order', async () => {
    for (const desc of [true, false]) {
      const rows = await all('kpi_units', { ...f, sort: 'amount_wan', desc });
      const xs = rows.map((r) => r.amount_wan as number | null).filter((x): x is number => x !== null);
      expect(xs).toEqual([...xs].sort((a, b) => (desc ? b - a : a - b)));
      expect(rows.slice(xs.length).every((r) => r.amount_wan === null)).toBe(true);
      const byCount = await all('kpi_units', { ...f, sort: 'contracts', desc });
      for (let i = 1; i < byCount.length; i++) {
        const [a, b] = [byCount[i - 1]!, byCount[i]!];
        const d = (a.contracts as number) - (b.contracts as number);
        expect(desc ? d >= 0 : d <= 0).toBe(true);
        if (d === 0) expect((a.rank as number) < (b.rank as number)).toBe(true);
      }
      const byDept = await all('kpi_units', { ...f, sort: 'dept', desc });
      const depts = byDept.map((r) => r.dept);
      expect(depts).toEqual([...depts].sort((a, b) => (desc ? zh(b, a) : zh(a, b))));
    }
    // an unknown key is the default order, not an error
    expect((await all('kpi_units', { ...f, sort: 'nope', desc: true })).map((r) => r.rank)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
  });

  it('filters apply to the rows and to the count alike', async () => {
    const g = { year: 2024, type: '高等院校', dept: '省教育厅' };
    const rows = await all('kpi_units', { ...g, sort: null, desc: false });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.unit_type === '高等院校' && r.dept === '省教育厅')).toBe(true);
    expect((await queryOne('kpi_unit_totals', g))?.units).toBe(rows.length);
  });
});

describe('数据质量 long tables', () => {
  it('reconciliation: status filter, default order (不一致 first), sort, pages add up to the summary count', async () => {
    const summary = await query('quality_reconciliation_summary', { year: null });
    const total = summary.reduce((s, r) => s + Number(r.n), 0);
    const full = await all('quality_reconciliation', { year: null, status: null, sort: null, desc: false });
    expect(full.length).toBe(total);
    expect(full[0]!.status).toBe('不一致');
    const order = ['不一致', '仅合同明细', '仅年度报告', '一致'];
    const idx = full.map((r) => order.indexOf(String(r.status)));
    expect(idx).toEqual([...idx].sort((a, b) => a - b));
    const bad = await all('quality_reconciliation', { year: null, status: '不一致', sort: null, desc: false });
    expect(bad.length).toBe(Number(summary.find((r) => r.status === '不一致')?.n));
    const p2 = await query('quality_reconciliation', { year: null, status: null, sort: 'diff_wan', desc: false, ...limitOffset(2, 50) });
    const sorted = await all('quality_reconciliation', { year: null, status: null, sort: 'diff_wan', desc: false });
    expect(p2.map((r) => `${r.year}${r.unit_uscc}`)).toEqual(sorted.slice(50, 100).map((r) => `${r.year}${r.unit_uscc}`));
    const d = sorted.map((r) => r.diff_wan as number);
    expect(d).toEqual([...d].sort((a, b) => a - b));
  });

  it('late/missing reports and rejects: pages of the full list, counts from SQL', async () => {
    const n = (await queryOne('quality_report_list_count', { year: 2025 }))?.n;
    const full = await all('quality_report_list', { year: 2025 });
    expect(full.length).toBe(n);
    expect(full.every((r) => r.status === '逾期' || r.status === '未报')).toBe(true);
    const p2 = await query('quality_report_list', { year: 2025, ...limitOffset(2, 25) });
    expect(p2).toEqual(full.slice(25, 50));
    const rejectsAll = await all('quality_rejects', { load: null });
    const summary = await query('quality_rejects_summary', { load: null });
    expect(rejectsAll.length).toBe(summary.reduce((s, r) => s + Number(r.rows), 0));
    expect(rejectsAll.length).toBe(37); // load 2 = the latest
    expect(await query('quality_rejects', { load: 1, ...limitOffset(2, 25) })).toEqual((await all('quality_rejects', { load: 1 })).slice(25, 50));
  });
});

describe('warehouse DuckDB settings', () => {
  it('defaults: 256MB and one thread per CPU', () => {
    const d = warehouseConfig({});
    expect(d.memory_limit).toBe(DEFAULT_MEMORY_LIMIT);
    expect(Number(d.threads)).toBeGreaterThanOrEqual(1);
    expect(warehouseConfig({ WAREHOUSE_MEMORY_LIMIT: ' 1.5gb ', WAREHOUSE_THREADS: '4' })).toEqual({ memory_limit: '1.5GB', threads: '4' });
    expect(warehouseConfig({ WAREHOUSE_MEMORY_LIMIT: '512mib' }).memory_limit).toBe('512MiB');
  });

  it('a misspelt value is an error, not ignored', () => {
    for (const v of ['lots', '256', '-1GB', '0MB', '1PB']) expect(() => warehouseConfig({ WAREHOUSE_MEMORY_LIMIT: v })).toThrow(WarehouseConfigError);
    for (const v of ['0', 'two', '1.5', '1000']) expect(() => warehouseConfig({ WAREHOUSE_THREADS: v })).toThrow(WarehouseConfigError);
  });

  it('the served warehouse is opened with them', async () => {
    const r = await withConnection(async (c) => (await c.runAndReadAll("SELECT current_setting('memory_limit') AS m, current_setting('threads') AS t")).getRowObjectsJS());
    expect(String(r[0]!.m)).toMatch(/^12[0-9](\.\d+)? MiB$/); // DuckDB shows 128MB as 122.0 MiB
    expect(Number(r[0]!.t)).toBe(1);
  });
});

describe('per-file cache of derived page data', () => {
  it('computes once per key while the file is served, shares concurrent calls, forgets failures, starts over on a new file', async () => {
    let runs = 0;
    const compute = async () => {
      runs++;
      return (await queryOne('kpi_unit_totals', { year: 2025, type: null, dept: null }))?.units;
    };
    const [a, b] = await Promise.all([perFileCache('t:units', compute), perFileCache('t:units', compute)]);
    expect([a, b, runs]).toEqual([N, N, 1]);
    expect(await perFileCache('t:units', compute)).toBe(N);
    expect(runs).toBe(1);
    await expect(perFileCache('t:fail', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await perFileCache('t:fail', async () => 'ok')).toBe('ok');
    // publish a new file (copy + rename over the served path, like the ETL): the cache starts empty
    const path = process.env.WAREHOUSE_PATH!;
    copyFileSync(path, `${path}.next`);
    renameSync(`${path}.next`, path);
    await new Promise((r) => setTimeout(r, 1100)); // the file is checked at most once a second
    expect(await perFileCache('t:units', compute)).toBe(N);
    expect(runs).toBe(2);
  });
});
