/**
 * Parquet of a sandbox result, written by DuckDB's own Parquet writer in a separate in-memory instance.
 *
 * The user's SQL never runs here: it already ran in the sandbox, and only its Arrow result arrives. This
 * instance runs fixed statements of this module only (CREATE TABLE with generated column names c0, c1 …,
 * the appender, one COPY … TO). It is locked down like the sandbox: no extensions, no temp spill, and
 * enable_external_access = false with allowed_paths holding exactly one path — the file this module
 * creates in a fresh private temp directory — then lock_configuration. The file is read back, the
 * directory removed and the instance closed.
 */
import {
  BIGINT,
  BOOLEAN,
  DOUBLE,
  DuckDBDataChunk,
  DuckDBInstance,
  FLOAT,
  INTEGER,
  SMALLINT,
  TINYINT,
  UINTEGER,
  USMALLINT,
  UTINYINT,
  VARCHAR,
  type DuckDBType,
  type DuckDBValue
} from '@duckdb/node-api';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ExportColumn } from './columns';

/** DuckDB's vector size: rows per data chunk. */
const CHUNK = 2048;

const quoteIdent = (s: string) => `"${s.replace(/\0/g, '').replace(/"/g, '""')}"`;
const quoteString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Wide integer types the sandbox sends as DOUBLE: cast back on the way out. */
const WIDE_INTEGERS = new Set(['BIGINT', 'UBIGINT', 'HUGEINT', 'UHUGEINT']);

interface Plan {
  /** staging column type */
  type: DuckDBType;
  typeSql: string;
  /** expression over the staging column "cN" in the final SELECT */
  expr: (col: string) => string;
  value: (v: unknown) => DuckDBValue;
}

const num = (v: unknown): DuckDBValue => (typeof v === 'number' ? v : v === null || v === undefined ? null : Number(v));

function plan(c: ExportColumn): Plan {
  switch (c.kind) {
    case 'int': {
      if (c.bits === 8) return { type: c.signed ? TINYINT : UTINYINT, typeSql: c.signed ? 'TINYINT' : 'UTINYINT', expr: (x) => x, value: num };
      if (c.bits === 16) return { type: c.signed ? SMALLINT : USMALLINT, typeSql: c.signed ? 'SMALLINT' : 'USMALLINT', expr: (x) => x, value: num };
      if (c.bits === 32) return { type: c.signed ? INTEGER : UINTEGER, typeSql: c.signed ? 'INTEGER' : 'UINTEGER', expr: (x) => x, value: num };
      // BIGINT & co. arrive as doubles
      const target = WIDE_INTEGERS.has(c.duckType) ? c.duckType : null;
      return { type: DOUBLE, typeSql: 'DOUBLE', expr: (x) => (target ? `CAST(${x} AS ${target})` : x), value: num };
    }
    case 'float': {
      if (c.bits === 32) return { type: FLOAT, typeSql: 'FLOAT', expr: (x) => x, value: num };
      const d = c.decimal;
      const ok = d && d.precision >= 1 && d.precision <= 38 && d.scale >= 0 && d.scale <= d.precision;
      return { type: DOUBLE, typeSql: 'DOUBLE', expr: (x) => (ok ? `CAST(${x} AS DECIMAL(${d!.precision},${d!.scale}))` : x), value: num };
    }
    case 'bool':
      return { type: BOOLEAN, typeSql: 'BOOLEAN', expr: (x) => x, value: (v) => (v === null || v === undefined ? null : !!v) };
    case 'date':
      // epoch milliseconds → days since 1970-01-01
      return {
        type: INTEGER,
        typeSql: 'INTEGER',
        expr: (x) => `CAST(DATE '1970-01-01' + ${x} AS DATE)`,
        value: (v) => (typeof v === 'number' ? Math.round(v / 86_400_000) : null)
      };
    case 'ts':
      // epoch microseconds (bigint) → TIMESTAMP / TIMESTAMP WITH TIME ZONE (the same instant)
      return {
        type: BIGINT,
        typeSql: 'BIGINT',
        expr: (x) => (c.tz ? `(to_timestamp(0) + to_microseconds(${x}))` : `make_timestamp(${x})`),
        value: (v) => (typeof v === 'bigint' ? v : null)
      };
    default:
      return { type: VARCHAR, typeSql: 'VARCHAR', expr: (x) => x, value: (v) => (v === null || v === undefined ? null : String(v)) };
  }
}

/** Parquet column names must be unique (DuckDB compares names case-insensitively). */
function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((n) => {
    const base = n.replace(/\0/g, '') || 'column';
    let name = base;
    for (let k = 2; seen.has(name.toLowerCase()); k++) name = `${base}_${k}`;
    seen.add(name.toLowerCase());
    return name;
  });
}

export async function parquetBuffer(columns: ExportColumn[], numRows: number): Promise<Uint8Array> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sql-export-'));
  const file = path.join(dir, 'result.parquet');
  let instance: DuckDBInstance | null = null;
  try {
    instance = await DuckDBInstance.create(':memory:', {
      temp_directory: '',
      max_temp_directory_size: '0B',
      extension_directory: '/nonexistent-duckdb-extensions',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      allow_community_extensions: 'false',
      allow_unsigned_extensions: 'false',
      allow_persistent_secrets: 'false',
      memory_limit: '512MB',
      threads: '1'
    });
    const con = await instance.connect();
    try {
      // only this one file may be touched; then nothing can be changed any more
      await con.run(`SET allowed_paths = [${quoteString(file)}]`);
      await con.run('SET enable_external_access = false');
      await con.run('SET lock_configuration = true');

      const plans = columns.map(plan);
      if (plans.length > 0) {
        await con.run(`CREATE TABLE staging (${plans.map((p, j) => `c${j} ${p.typeSql}`).join(', ')})`);
        const appender = await con.createAppender('staging');
        const types = plans.map((p) => p.type);
        for (let start = 0; start < numRows; start += CHUNK) {
          const n = Math.min(CHUNK, numRows - start);
          const chunk = DuckDBDataChunk.create(types, n);
          for (let j = 0; j < plans.length; j++) {
            const p = plans[j]!;
            const c = columns[j]!;
            const values: DuckDBValue[] = new Array(n);
            for (let i = 0; i < n; i++) values[i] = p.value(c.get(start + i));
            chunk.setColumnValues(j, values);
          }
          appender.appendDataChunk(chunk);
        }
        appender.flushSync();
        appender.closeSync();
        const names = uniqueNames(columns.map((c) => c.name));
        const select = plans.map((p, j) => `${p.expr(`c${j}`)} AS ${quoteIdent(names[j]!)}`).join(', ');
        await con.run(`COPY (SELECT ${select} FROM staging) TO ${quoteString(file)} (FORMAT parquet, COMPRESSION zstd)`);
      } else {
        await con.run(`COPY (SELECT 1 AS "empty" WHERE false) TO ${quoteString(file)} (FORMAT parquet)`);
      }
    } finally {
      con.closeSync();
    }
    return new Uint8Array(await readFile(file));
  } finally {
    instance?.closeSync();
    await rm(dir, { recursive: true, force: true });
  }
}
