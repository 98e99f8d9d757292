// 测试辅助：用 DuckDB 按装载层的方式（全部 VARCHAR、显式列、skip）读取 CSV。
import { DuckDBInstance } from '@duckdb/node-api';

const sql = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Rows of read_csv(path) as [ordinality, ...cells] with the loader's options. */
export async function duckReadCsv(path: string, opts: { delim?: string; skip: number; width: number }): Promise<(string | null)[][]> {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  try {
    const cols = Array.from({ length: opts.width }, (_v, i) => `'c${i + 1}': 'VARCHAR'`).join(', ');
    const reader = await conn.runAndReadAll(`SELECT CAST(ordinality AS VARCHAR) AS n, * EXCLUDE (ordinality) FROM read_csv(${sql(path)},
      header = false, auto_detect = false, all_varchar = true, delim = ${sql(opts.delim ?? ',')}, quote = '"', escape = '"',
      null_padding = true, strict_mode = false, parallel = false, skip = ${opts.skip}, columns = {${cols}}) WITH ORDINALITY`);
    return reader.getRowsJS() as (string | null)[][];
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}
