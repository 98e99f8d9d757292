/** Helpers for ETL tests: temp folders, running a load, reading the warehouse. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { rows, type Row } from '../../../etl/load/db.ts';
import { usccCheckChar } from '../../../etl/lib/uscc.ts';

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


/** A valid USCC for a small test number (事业单位 prefix 12, 辽宁 210000). */
export function uscc(n: number): string {
  const body = `12210000${String(n).padStart(9, '0')}`;
  return body + usccCheckChar(body);
}

/** A content digest of the fact and dimension tables (not etl_*), to compare two warehouses. */
export async function factDigest(db: string): Promise<Record<string, string>> {
  const tables = ['achievements', 'contracts', 'annual_reports', 'park_evaluations', 'task_progress', 'units', 'tasks', 'task_departments', 'departments'];
  const out: Record<string, string> = {};
  for (const t of tables) {
    const [r] = await query<{ d: string | null; n: number }>(db,
      `SELECT md5(coalesce(string_agg(x, '|' ORDER BY x), '')) AS d, count(*) AS n FROM (SELECT CAST(COLUMNS(*) AS VARCHAR) FROM ${t}) AS s(x)`);
    out[t] = `${r?.n}:${r?.d}`;
  }
  return out;
}

/** One ledger CSV line in contract column order. */
export function ledgerLine(u: string, no: string, status = '未转化', extra: Partial<Record<'amount' | 'method' | 'emp' | 'years', string>> = {}): string {
  return [u, '测试大学', no, `成果${no}`, '专利权', '张三', '2021-05-06', status, status === '已转化' ? '1' : '',
    extra.method ?? (status === '已转化' ? '转让' : ''), extra.amount ?? '', '', extra.emp ?? '无', extra.years ?? '', '', '否', '否'].join(',');
}
