/**
 * Decode the /api/sql Arrow IPC response in the browser (apache-arrow's tableFromIPC).
 * Loaded with a dynamic import from the SQL console only, so apache-arrow is not in any other page's bundle.
 */
import { tableFromIPC, TimeUnit, Type, type DataType, type Field, type Timestamp, type Vector } from 'apache-arrow';
import type { CellKind, QueryResult, ResultColumn } from './types';

const INTEGER_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|BIGNUM)$/;

function kindOf(type: DataType, duckType: string): CellKind {
  switch (type.typeId) {
    case Type.Int:
      return 'int';
    case Type.Float:
      return INTEGER_TYPES.test(duckType) ? 'int' : 'float';
    case Type.Bool:
      return 'bool';
    case Type.Date:
      return 'date';
    case Type.Timestamp:
      return 'ts';
    default:
      return 'str';
  }
}

/** Exact epoch microseconds of a Timestamp vector (apache-arrow's get() rounds to milliseconds). */
export function microsGetter(vector: Vector): (i: number) => bigint | null {
  const chunks = vector.data;
  const starts: number[] = [];
  let s = 0;
  for (const d of chunks) {
    starts.push(s);
    s += d.length;
  }
  const unit = (vector.type as Timestamp).unit;
  const toMicros =
    unit === TimeUnit.SECOND ? (v: bigint) => v * 1_000_000n : unit === TimeUnit.MILLISECOND ? (v: bigint) => v * 1000n : unit === TimeUnit.NANOSECOND ? (v: bigint) => v / 1000n : (v: bigint) => v;
  let k = 0;
  return (i: number) => {
    if (!vector.isValid(i)) return null;
    if (!(k < chunks.length && i >= starts[k]! && i < starts[k]! + chunks[k]!.length)) {
      let lo = 0;
      let hi = chunks.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= i) lo = mid;
        else hi = mid - 1;
      }
      k = lo;
    }
    const values = chunks[k]!.values as unknown as BigInt64Array;
    return toMicros(BigInt(values[i - starts[k]!]!));
  };
}

function column(field: Field, vector: Vector | null): ResultColumn {
  const duckType = field.metadata.get('duckdb_type') ?? String(field.type);
  const kind = kindOf(field.type, duckType);
  const m = /^DECIMAL\(\d+,(\d+)\)$/.exec(duckType);
  const tz = field.type.typeId === Type.Timestamp && !!(field.type as unknown as { timezone?: string | null }).timezone;
  return {
    name: field.name,
    duckType,
    kind,
    scale: m ? Number(m[1]) : null,
    tz,
    get: !vector ? () => null : field.type.typeId === Type.Timestamp ? microsGetter(vector) : (i: number) => vector.get(i) ?? null
  };
}

export interface DecodeMeta {
  sql: string;
  limit: number;
  headers: Headers;
  started: number;
}

/** Arrow IPC bytes + response headers → the grid's model. */
export function decodeResult(bytes: Uint8Array, meta: DecodeMeta): QueryResult {
  const table = tableFromIPC(bytes);
  const columns = table.schema.fields.map((f, j) => column(f, table.getChildAt(j)));
  const h = meta.headers;
  const t = h.get('x-truncated');
  return {
    sql: meta.sql,
    limit: meta.limit,
    columns,
    numRows: table.numRows,
    rowCount: Number(h.get('x-row-count') ?? table.numRows),
    rowLimit: Number(h.get('x-row-limit') ?? meta.limit),
    truncated: t === 'rows' || t === 'bytes' ? t : false,
    queryMs: Number(h.get('x-query-ms') ?? 0),
    totalMs: Math.round(performance.now() - meta.started)
  };
}
