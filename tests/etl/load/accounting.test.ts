// Row accounting and reject reasons on a contract file with known bad rows: every data row ends
// either in the fact table or in etl_rejects, with file, row, column and a Chinese reason.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runLoad } from '../../../etl/load/run.ts';
import { CONTRACT_HEADER, query, tempDir, USCC_A, writeFile } from './helpers.ts';

const CSV = [
  '2025年度 转化合同明细（示例单位）',
  CONTRACT_HEADER,
  `HT-001,${USCC_A},CG-1,转让,甲公司,中小微企业,"1,234.5",2024/3/5,协议定价,20,是,100,70,5,10,否,否`,
  `HT-002,${USCC_A.slice(0, 17)}4,CG-2,转让,乙公司,中小微企业,12.3万元,2024年3月5日,协议定价,20,是,10,70,5,10,否,否`,
  `HT-003,${USCC_A},CG-3,转计,丙公司,中小微企业,-5,2023-02-30,协议定价,20,是,1,70,5,10,否,否`,
  `HT-001,${USCC_A},CG-1,转让,甲公司,中小微企业,5,2024-03-05,协议定价,20,是,1,70,5,10,否,否`,
  `HT-004,${USCC_A},CG-4,许可,"=cmd|' /C calc'!A0",其他,12.3万元,2024-05-06,挂牌交易,,否,,,,,否,是`,
  '合计,,,,,,1250,,,,,,,,,,',
  '注：本表由科技处填报，金额单位为万元。'
].join('\n');

describe('row accounting', () => {
  it('accepts the good rows, rejects the bad ones with file, row, column and reason', async () => {
    const dir = tempDir();
    const file = writeFile(dir, '合同.csv', CSV);
    const db = join(dir, 'w.duckdb');
    const s = await runLoad({ db, inputs: [file], asOf: '2026-11-20' });
    const f = s.files[0]!;
    expect(f.kind).toBe('contracts');
    expect(f.headerRow).toBe(2);
    expect(f.rowsRead).toBe(7);
    expect(f.rowsAccepted).toBe(2);
    expect(f.rowsRejected).toBe(5);
    expect(f.rowsRead).toBe(f.rowsAccepted + f.rowsRejected);

    const rejects = await query<{ source_row: number; column_name: string | null; column_letter: string | null; value: string | null; reason: string }>(
      db, 'SELECT source_row, column_name, column_letter, value, reason FROM etl_rejects ORDER BY source_row, column_letter');
    const at = (row: number) => rejects.filter((r) => r.source_row === row);
    expect(at(4)).toEqual([{ source_row: 4, column_name: '单位统一社会信用代码', column_letter: 'B', value: `${USCC_A.slice(0, 17)}4`, reason: '统一社会信用代码校验位错误（GB 32100）' }]);
    expect(at(5).map((r) => r.column_name)).toEqual(['转化方式', '合同金额（万元）', '签订日期']);
    expect(at(5).map((r) => r.reason)).toEqual([
      '不是可选值之一（转让、许可、作价投资、其他）', '金额不能为负数', '不是有效日期或日期不存在（如 2024-03-05、2024/3/5、2024年3月5日）'
    ]);
    expect(at(6)[0]!.reason).toMatch(/^合同编号在本文件中重复.*第 3 行/);
    expect(at(8)[0]!.reason).toBe('合计/小计行，不作为数据导入');
    expect(at(9)[0]!.reason).toBe('表格下方的说明或备注行，不作为数据导入');
    expect(new Set(rejects.map((r) => r.source_row)).size).toBe(5);

    const facts = await query<{ contract_no: string; amount_wan: number; signed_date: string; assignee_name: string; source_row: number; source_file: string }>(
      db, 'SELECT contract_no, amount_wan, CAST(signed_date AS VARCHAR) AS signed_date, assignee_name, source_row, source_file FROM contracts ORDER BY source_row');
    expect(facts).toEqual([
      { contract_no: 'HT-001', amount_wan: 1234.5, signed_date: '2024-03-05', assignee_name: '甲公司', source_row: 3, source_file: '合同.csv' },
      // formula-injection text is data: stored as written
      { contract_no: 'HT-004', amount_wan: 12.3, signed_date: '2024-05-06', assignee_name: "=cmd|' /C calc'!A0", source_row: 7, source_file: '合同.csv' }
    ]);
    const files = await query<{ rows_read: number; rows_accepted: number; rows_rejected: number }>(db, 'SELECT rows_read, rows_accepted, rows_rejected FROM etl_files');
    expect(files).toEqual([{ rows_read: 7, rows_accepted: 2, rows_rejected: 5 }]);
  });
});
