/**
 * Arrow 编码（src/lib/server/sql-sandbox/encode.mjs）：直接读向量内存的快路径与逐值读取的慢路径结果相同
 * （各种类型、空值、多块、截断到块中间），常用类型确实走快路径；经沙箱返回的 Arrow 与进程内的对照一致。
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { makeVector, tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildData, columnPlan, columnSource, resultToArrowIPC } from '../../src/lib/server/sql-sandbox/encode.mjs';
import { SqlSandbox } from '../../src/lib/server/sql-sandbox';
import { createFixture, sandboxConfig, type Fixture } from './fixtures';

const SQL = `SELECT (i % 100)::TINYINT AS ti, (i % 200)::UTINYINT AS uti, (i % 30000)::SMALLINT AS si, i::INTEGER AS a, i::UINTEGER AS ua,
  (i * 1000)::BIGINT AS b, i::UBIGINT AS ub, (i - 2500)::HUGEINT * 100000000000000000000 AS h, i::UHUGEINT AS uh,
  i * 0.5 AS c, (i % 1000)::FLOAT AS fl, (i * 0.25)::DOUBLE AS dbl,
  (i % 1000)::DECIMAL(4, 1) AS d4, (i % 1000)::DECIMAL(9, 2) AS d9, (i - 2500)::DECIMAL(18, 3) AS d18, (i - 2500)::DECIMAL(30, 5) AS d30,
  CASE WHEN i % 7 = 0 THEN NULL ELSE 'w' || i END AS s,
  CASE WHEN i % 3 = 0 THEN '汉字很长的字符串，超过十二个字节' || i WHEN i % 3 = 1 THEN '' ELSE 'é' END AS s2,
  DATE '2024-01-01' + (i % 365)::INTEGER AS dt, CASE WHEN i = 5 THEN 'infinity'::DATE WHEN i = 6 THEN '-infinity'::DATE END AS dinf,
  i % 2 = 0 AS f, CASE WHEN i % 5 = 0 THEN NULL ELSE i % 3 = 0 END AS fn,
  TIMESTAMP '2024-01-01' + to_seconds(i) AS ts, (TIMESTAMP '2024-01-01' + to_seconds(i))::TIMESTAMP_S AS tss,
  (TIMESTAMP '2024-01-01' + to_seconds(i))::TIMESTAMP_MS AS tsm, (TIMESTAMP '2024-01-01' + to_seconds(i))::TIMESTAMP_NS AS tsn,
  (TIMESTAMP '2024-01-01' + to_seconds(i))::TIMESTAMPTZ AS tstz,
  CASE WHEN i % 11 = 0 THEN NULL ELSE i END::INTEGER AS inull, CASE WHEN i % 13 = 0 THEN NULL ELSE i * 1.5 END::DOUBLE AS dnull,
  ['a', 'b'] AS lst, INTERVAL 1 DAY AS iv, TIME '12:34:56' AS tm
FROM range(0, 5000) AS t(i)`;

/** Types read straight from the vector's memory (the others are read value by value, by design). */
const FAST = ['ti', 'uti', 'si', 'a', 'ua', 'b', 'ub', 'h', 'uh', 'c', 'fl', 'dbl', 'd4', 'd9', 'd18', 'd30', 's', 's2', 'dt', 'dinf', 'f', 'fn', 'ts', 'tss', 'tsm', 'tsn', 'tstz', 'inull', 'dnull'];

let inst: DuckDBInstance;
let conn: DuckDBConnection;
let f: Fixture;

beforeAll(async () => {
  inst = await DuckDBInstance.create(':memory:');
  conn = await inst.connect();
  f = await createFixture();
});

afterAll(() => {
  conn?.closeSync();
  inst?.closeSync();
  f?.cleanup();
});

const show = (x: unknown) => (typeof x === 'bigint' ? `${x}n` : x instanceof Uint8Array ? `[${x}]` : String(x));

describe('Arrow 编码', () => {
  test('快路径与慢路径逐值相同（整块与截断到块中间），常用类型走快路径', async () => {
    const result = await conn.stream(SQL);
    const names = Array.from({ length: result.columnCount }, (_, k) => result.columnName(k));
    const plans = names.map((_, k) => columnPlan(result.columnType(k)));
    const fast = new Set<string>();
    const mismatches: string[] = [];
    let rows = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      for (let k = 0; k < names.length; k++) {
        const vector = chunk.getColumnVector(k);
        for (const take of [chunk.rowCount, Math.max(1, chunk.rowCount - 37)]) {
          const src = columnSource(plans[k]!, vector);
          if (src.fast) fast.add(names[k]!);
          const got = src.build(take);
          const values = Array.from({ length: take }, (_, r) => vector.getItem(r));
          const want = buildData(plans[k]!, values);
          expect(got.length).toBe(take);
          if (got.nullCount !== want.nullCount) mismatches.push(`${names[k]} nullCount ${got.nullCount} ≠ ${want.nullCount}`);
          const g = makeVector(got);
          const w = makeVector(want);
          for (let r = 0; r < take; r++) {
            if (show(g.get(r)) !== show(w.get(r))) mismatches.push(`${names[k]}[${r}] ${show(g.get(r))} ≠ ${show(w.get(r))}`);
          }
        }
      }
      rows += chunk.rowCount;
    }
    expect(rows).toBe(5000);
    expect(mismatches.slice(0, 10)).toEqual([]);
    expect([...fast].sort()).toEqual([...FAST].sort());
  });

  test('长字符串（超过 12 字节，在 DuckDB 的字符串堆里）成段读取：各种来源与顺序下逐值与 DuckDB 的值相同', async () => {
    // a persisted table (dictionary / FSST compressed segments), then scans, sorts, aggregates, windows, joins over it;
    // lengths from 0 to past a 4 KB page, NULLs, strings shared by many rows, random orders
    const dir = (await import('node:fs')).mkdtempSync((await import('node:path')).join((await import('node:os')).tmpdir(), 'enc-'));
    const file = (await import('node:path')).join(dir, 's.duckdb');
    const db = await DuckDBInstance.create(file);
    const c = await db.connect();
    try {
      await c.run(`CREATE TABLE t AS SELECT i, i % 50 AS g,
          CASE WHEN i % 17 = 0 THEN NULL ELSE repeat('成果', 1 + (i * 7919) % 40) || i END AS s,
          CASE WHEN i % 101 = 0 THEN repeat('x', 4000 + i % 300) ELSE 'short' || (i % 9) END AS mixed,
          '单位' || (i % 37) || '的名称比较长一些' AS dict
        FROM range(20000) AS r(i);
        CHECKPOINT`);
      const queries = [
        'SELECT s, mixed, dict FROM t',
        'SELECT s, mixed, dict FROM t ORDER BY random()',
        'SELECT dict, string_agg(s, \'；\' ORDER BY i) AS agg, max(mixed) AS m FROM t GROUP BY dict ORDER BY dict DESC',
        'SELECT s, lag(s) OVER (PARTITION BY g ORDER BY i) AS prev, dict FROM t QUALIFY i % 3 <> 0 ORDER BY g, i DESC',
        'SELECT a.s, b.dict FROM t a JOIN t b ON a.i = b.i + 1 WHERE a.i % 5 = 0 ORDER BY b.s NULLS FIRST',
        // ~2.5 MB of strings a chunk: runs are cut at 1 MB
        "SELECT repeat('长', 400) || i AS big FROM t WHERE i < 5000 ORDER BY i DESC"
      ];
      const mismatches: string[] = [];
      let longValues = 0;
      for (const sql of queries) {
        const result = await c.stream(sql);
        const plans = Array.from({ length: result.columnCount }, (_, k) => columnPlan(result.columnType(k)));
        for (;;) {
          const chunk = await result.fetchChunk();
          if (!chunk || chunk.rowCount === 0) break;
          for (let k = 0; k < plans.length; k++) {
            const vector = chunk.getColumnVector(k);
            for (const take of [chunk.rowCount, Math.max(1, chunk.rowCount >> 1)]) {
              const src = columnSource(plans[k]!, vector);
              expect(src.fast).toBe(true);
              const got = makeVector(src.build(take));
              for (let r = 0; r < take; r++) {
                const want = vector.getItem(r) as string | null;
                if (want !== null && new TextEncoder().encode(want).length > 12) longValues++;
                if (got.get(r) !== want) mismatches.push(`${sql.slice(0, 40)} [${k}][${r}] ${String(got.get(r)).slice(0, 30)} ≠ ${String(want).slice(0, 30)}`);
              }
            }
          }
        }
      }
      expect(mismatches.slice(0, 5)).toEqual([]);
      expect(longValues).toBeGreaterThan(50_000);
    } finally {
      c.closeSync();
      db.closeSync();
      (await import('node:fs')).rmSync(dir, { recursive: true, force: true });
    }
  });

  test('字节估计：VARCHAR 按 UTF-8 字节数，空值为 0', async () => {
    const result = await conn.stream("SELECT * FROM (VALUES ('abc'), (NULL), ('汉字'), (repeat('x', 40))) AS t(s)");
    const chunk = (await result.fetchChunk())!;
    const src = columnSource(columnPlan(result.columnType(0)), chunk.getColumnVector(0));
    expect(src.fast).toBe(true);
    expect([0, 1, 2, 3].map((r) => src.bytes(r))).toEqual([3 + 4, 0, 6 + 4, 40 + 4]);
  });

  test('经沙箱（新进程）返回的 Arrow 与进程内用同一编码的结果相同', async () => {
    const s = new SqlSandbox(sandboxConfig(f, { poolSize: 1 }));
    try {
      const sql = SQL.replace('range(0, 5000)', 'range(0, 3000)');
      const viaSandbox = await s.run(sql, { format: 'arrow' });
      if (!viaSandbox.ok) throw new Error(viaSandbox.message);
      const local = await resultToArrowIPC(await conn.stream(sql));
      const a = tableFromIPC(viaSandbox.arrow!);
      const b = tableFromIPC(local);
      expect(a.numRows).toBe(3000);
      expect(a.schema.fields.map((x) => `${x.name}:${x.type}:${x.metadata.get('duckdb_type')}`)).toEqual(
        b.schema.fields.map((x) => `${x.name}:${x.type}:${x.metadata.get('duckdb_type')}`)
      );
      const column = (t: typeof a, name: string) => {
        const v = t.getChild(name)!;
        return Array.from({ length: v.length }, (_, r) => show(v.get(r)));
      };
      for (const name of ['h', 'd30', 's', 's2', 'dt', 'fn', 'tsn', 'inull', 'lst']) expect(column(a, name)).toEqual(column(b, name));
    } finally {
      s.close();
    }
  });
});
