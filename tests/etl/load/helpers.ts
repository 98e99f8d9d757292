/** Helpers for ETL tests: temp folders, running a load, reading the warehouse. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { rows, type Row } from '../../../etl/load/db.ts';

export function tempDir(prefix = 'etl-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeFile(dir: string, name: string, content: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** Run a query on a warehouse file opened read-only, then close it. */
export async function query<T extends Row = Row>(db: string, sql: string): Promise<T[]> {
  const inst = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const conn = await inst.connect();
  try {
    return await rows<T>(conn, sql);
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}

/** A contract CSV header line for a kind, in contract order. */
export const CONTRACT_HEADER =
  '合同编号,单位统一社会信用代码,成果编号,转化方式,受让方名称,受让方类型,合同金额（万元）,签订日期,定价方式,公示天数,是否资产评估,净收入（万元）,奖励完成人比例（%）,技术转移机构提取比例（%）,转化基金提取比例（%）,是否使用横向结余经费,是否先用后付';

export const LEDGER_HEADER =
  '单位统一社会信用代码,单位名称,成果编号,成果名称,成果类型,完成人,取得时间,转化状态,转化频次,转化方式,转化金额（万元）,评估价值（万元）,赋权方式,赋权期限（年）,完成人份额（%）,是否纳入先用后付成果池,是否涉密或涉及国家安全';

/** Valid USCCs (GB 32100 check digit verified by the macro tests). */
export const USCC_A = '91350100M000100Y43';
