/**
 * The sandbox's Arrow IPC result → columns with a kind and a value getter, shared by the CSV, .xlsx and
 * Parquet writers. Types arrive as the sandbox builds them (worker.mjs): integers up to 32 bits as Int,
 * BIGINT/HUGEINT/DECIMAL as Float64 (the DuckDB type name is kept in the field metadata duckdb_type),
 * DATE as DateDay, TIMESTAMP[_TZ] as Timestamp, everything else as its DuckDB text (Utf8).
 */
import { tableFromIPC, Type, type Field, type Float, type Int, type Table, type Vector } from 'apache-arrow';
import { formatDate, microsText } from '$lib/client/sql/format';
import { microsGetter } from '$lib/client/sql/result';

export type Kind = 'int' | 'float' | 'bool' | 'date' | 'ts' | 'str';

export interface ExportColumn {
  name: string;
  duckType: string;
  kind: Kind;
  tz: boolean;
  /** DECIMAL(p,s) */
  decimal: { precision: number; scale: number } | null;
  /** Arrow Int: bit width and signedness; Arrow Float: 32 or 64 */
  bits: number;
  signed: boolean;
  /** Raw value of a row: number, boolean, string, DATE as epoch milliseconds, TIMESTAMP as epoch microseconds (bigint); null for NULL. */
  get: (row: number) => unknown;
}

const INTEGER_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|BIGNUM)$/;

function column(field: Field, vector: Vector | null): ExportColumn {
  const duckType = field.metadata.get('duckdb_type') ?? String(field.type);
  const t = field.type;
  const dec = /^DECIMAL\((\d+),(\d+)\)$/.exec(duckType);
  let kind: Kind = 'str';
  let bits = 0;
  let signed = true;
  switch (t.typeId) {
    case Type.Int:
      kind = 'int';
      bits = (t as Int).bitWidth;
      signed = (t as Int).isSigned;
      break;
    case Type.Float:
      kind = INTEGER_TYPES.test(duckType) ? 'int' : 'float';
      bits = (t as Float).precision === 1 ? 32 : 64;
      break;
    case Type.Bool:
      kind = 'bool';
      break;
    case Type.Date:
      kind = 'date';
      break;
    case Type.Timestamp:
      kind = 'ts';
      break;
  }
  return {
    name: field.name,
    duckType,
    kind,
    tz: t.typeId === Type.Timestamp && !!(t as unknown as { timezone?: string | null }).timezone,
    decimal: dec ? { precision: Number(dec[1]), scale: Number(dec[2]) } : null,
    bits,
    signed,
    get: !vector ? () => null : t.typeId === Type.Timestamp ? microsGetter(vector) : (i: number) => vector.get(i) ?? null
  };
}

export function readResult(arrow: Uint8Array): { table: Table; columns: ExportColumn[] } {
  const table = tableFromIPC(arrow);
  return { table, columns: table.schema.fields.map((f, j) => column(f, table.getChildAt(j))) };
}

/**
 * A value as text for CSV: numbers in full precision (DECIMAL with its scale), booleans true/false,
 * dates YYYY-MM-DD, timestamps YYYY-MM-DD HH:MM:SS (with time zone: 北京时间, "+08"). null → null.
 */
export function textValue(c: ExportColumn, v: unknown): string | null {
  if (v === null || v === undefined) return null;
  switch (c.kind) {
    case 'int':
    case 'float':
      if (typeof v !== 'number') return String(v);
      if (!Number.isFinite(v)) return String(v);
      return c.decimal && c.decimal.scale > 0 ? v.toFixed(Math.min(c.decimal.scale, 20)) : String(v);
    case 'bool':
      return v ? 'true' : 'false';
    case 'date':
      return typeof v === 'number' ? formatDate(v) : String(v);
    case 'ts':
      return typeof v === 'bigint' ? microsText(v, c.tz) : String(v);
    default:
      return String(v);
  }
}

/** "查询结果-20250102-153012" in 北京时间. */
export function baseName(now = new Date()): string {
  const d = new Date(now.getTime() + 8 * 3600_000).toISOString();
  return `查询结果-${d.slice(0, 10).replace(/-/g, '')}-${d.slice(11, 19).replace(/:/g, '')}`;
}
