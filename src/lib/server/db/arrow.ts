/**
 * Arrow IPC from DuckDB chunks (DuckDB's arrow extension is not available here).
 * Each DuckDB data chunk becomes one record batch. Types: VARCHAR → Utf8 (offsets and UTF-8 bytes built
 * directly, no vectorFromArray), INTEGER/SMALLINT/TINYINT → Int32, BIGINT/HUGEINT/DOUBLE/FLOAT/DECIMAL → Float64
 * (DECIMAL is cast to DOUBLE), BOOLEAN → Bool, anything else → its text as Utf8 (queries format dates in SQL).
 */
import { DuckDBTypeId, type DuckDBConnection, type DuckDBDataChunk, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { Bool, Field, Float64, Int32, RecordBatch, Schema, Struct, Table, Utf8, makeData, tableToIPC, type DataType, type Data } from 'apache-arrow';

type Kind = 'utf8' | 'int32' | 'float64' | 'bool';

function kindOf(t: DuckDBType): Kind {
  switch (t.typeId) {
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UTINYINT:
      return 'int32';
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DECIMAL:
      return 'float64';
    case DuckDBTypeId.BOOLEAN:
      return 'bool';
    default:
      return 'utf8';
  }
}

const arrowType = (k: Kind): DataType => (k === 'int32' ? new Int32() : k === 'float64' ? new Float64() : k === 'bool' ? new Bool() : new Utf8());

const encoder = new TextEncoder();

function validity(n: number): Uint8Array {
  return new Uint8Array(Math.ceil(n / 8) || 1);
}

function toNumber(v: DuckDBValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return Number(String(v));
}

function columnData(chunk: DuckDBDataChunk, j: number, kind: Kind, n: number): Data {
  const vec = chunk.getColumnVector(j);
  const bitmap = validity(n);
  let nulls = 0;
  const setValid = (i: number) => {
    bitmap[i >> 3]! |= 1 << (i & 7);
  };
  if (kind === 'utf8') {
    const offsets = new Int32Array(n + 1);
    let buf = new Uint8Array(Math.max(64, n * 16));
    let pos = 0;
    for (let i = 0; i < n; i++) {
      const v = vec.getItem(i);
      if (v === null) {
        nulls++;
      } else {
        setValid(i);
        const s = typeof v === 'string' ? v : String(v);
        // Worst case 3 bytes per UTF-16 unit.
        if (pos + s.length * 3 > buf.length) {
          const next = new Uint8Array(Math.max(buf.length * 2, pos + s.length * 3));
          next.set(buf.subarray(0, pos));
          buf = next;
        }
        pos += encoder.encodeInto(s, buf.subarray(pos)).written;
      }
      offsets[i + 1] = pos;
    }
    return makeData({ type: new Utf8(), length: n, nullCount: nulls, nullBitmap: nulls ? bitmap : null, valueOffsets: offsets, data: buf.subarray(0, pos) });
  }
  if (kind === 'bool') {
    const values = validity(n);
    for (let i = 0; i < n; i++) {
      const v = vec.getItem(i);
      if (v === null) nulls++;
      else {
        setValid(i);
        if (v === true) values[i >> 3]! |= 1 << (i & 7);
      }
    }
    return makeData({ type: new Bool(), length: n, nullCount: nulls, nullBitmap: nulls ? bitmap : null, data: values });
  }
  const values = kind === 'int32' ? new Int32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = vec.getItem(i);
    if (v === null) nulls++;
    else {
      setValid(i);
      values[i] = toNumber(v);
    }
  }
  const type = kind === 'int32' ? new Int32() : new Float64();
  return makeData({ type, length: n, nullCount: nulls, nullBitmap: nulls ? bitmap : null, data: values } as Parameters<typeof makeData>[0]);
}

/** Run `sql` and return its result as an Arrow IPC stream (one record batch per DuckDB chunk). */
export async function arrowIPC(conn: DuckDBConnection, sql: string, values: Record<string, DuckDBValue>): Promise<Uint8Array> {
  const result = await conn.stream(sql, values);
  const names = result.columnNames();
  const kinds = result.columnTypes().map(kindOf);
  const fields = names.map((name, j) => new Field(name, arrowType(kinds[j]!), true));
  const schema = new Schema(fields);
  const batches: RecordBatch[] = [];
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const n = chunk.rowCount;
    const children = kinds.map((k, j) => columnData(chunk, j, k, n));
    batches.push(new RecordBatch(schema, makeData({ type: new Struct(fields), length: n, nullCount: 0, children })));
  }
  const table = batches.length ? new Table(schema, batches) : new Table(schema);
  return tableToIPC(table, 'stream');
}
