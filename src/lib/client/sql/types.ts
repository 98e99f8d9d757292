/** Shapes shared by the SQL console's client modules and components (no runtime code). */

/** How a result column is shown: numbers right-aligned, dates as calendar dates, the rest as text. */
export type CellKind = 'int' | 'float' | 'bool' | 'date' | 'ts' | 'str';

export interface ResultColumn {
  name: string;
  /** DuckDB type name as reported by the server (Arrow field metadata duckdb_type), e.g. DECIMAL(18,2) */
  duckType: string;
  kind: CellKind;
  /** DECIMAL scale (digits after the point), when the DuckDB type is DECIMAL */
  scale: number | null;
  /** TIMESTAMP WITH TIME ZONE */
  tz: boolean;
  /** Raw value of row i: number, boolean, string, DATE as epoch milliseconds, TIMESTAMP as epoch microseconds (bigint); null for NULL. */
  get: (row: number) => unknown;
}

export interface QueryResult {
  sql: string;
  limit: number;
  columns: ResultColumn[];
  numRows: number;
  /** X-Row-Count */
  rowCount: number;
  /** X-Row-Limit */
  rowLimit: number;
  /** X-Truncated: false, 'rows' (row limit) or 'bytes' (size limit) */
  truncated: false | 'rows' | 'bytes';
  /** X-Query-Ms: time in the sandbox */
  queryMs: number;
  /** request + download + decode, measured in the browser */
  totalMs: number;
}

export interface SchemaColumn {
  name: string;
  type: string;
  comment: string | null;
}

export interface SchemaTable {
  name: string;
  kind: string;
  comment: string | null;
  columns: SchemaColumn[];
}

export interface HistoryItem {
  id: number;
  sql: string;
  ranAt: string;
  rows: number | null;
  ms: number | null;
  error: string | null;
}

export interface SavedQuery {
  name: string;
  /** the leading -- comment lines */
  comment: string;
  params: string[];
  sql: string;
}
