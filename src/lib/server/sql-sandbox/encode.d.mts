/** Types for encode.mjs (DuckDB data chunks → Arrow columns; used by the sandbox worker and the benchmark). */
import type { DuckDBResult, DuckDBType, DuckDBVector } from '@duckdb/node-api';
import type { Data, DataType, RecordBatch, Schema } from 'apache-arrow';

export interface ColumnPlan {
  arrowType: DataType;
  kind: 'bool' | 'num' | 'bigint' | 'decimal' | 'date' | 'ts' | 'str';
  [k: string]: unknown;
}

export interface ColumnSource {
  /** true: read straight from the vector's memory; false: value by value (getItem) */
  fast: boolean;
  /** approximate bytes of row r (for the result size limit) */
  bytes(r: number): number;
  /** the first `take` rows as Arrow data */
  build(take: number): Data;
}

export function columnPlan(type: DuckDBType): ColumnPlan;
export function buildData(plan: ColumnPlan, values: unknown[]): Data;
export function approxBytes(plan: ColumnPlan, v: unknown): number;
export function toText(plan: ColumnPlan, v: unknown): string | null;
export function columnSource(plan: ColumnPlan, vector: DuckDBVector): ColumnSource;
export function arrowSchema(names: string[], plans: ColumnPlan[], typeNames: string[]): Schema;
export function recordBatch(schema: Schema, length: number, children: Data[]): RecordBatch;
export function ipcStream(batches: RecordBatch[]): Uint8Array;
export function resultToArrowIPC(result: DuckDBResult): Promise<Uint8Array>;
export interface IpcStreamer {
  /** the bytes of one batch (with the schema before the first) */
  batch(b: RecordBatch): Uint8Array;
  /** the end-of-stream marker */
  end(): Uint8Array;
}
export function ipcStreamer(): IpcStreamer;
