/**
 * 周报校验就是 ETL 的规则：同一个有问题的 CSV，上传校验给出的（行、列、原因）与 `npm run etl` 加载它写进
 * etl_rejects 的完全相同；网页表单的行走同一套 SQL；.xlsx 用 ETL 的读取层解析（Excel 行号）。
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { runLoad } from '../../etl/load/run.ts';
import { validateFile, validateRows, type RawProgressRow, type ValidationContext } from '../../src/lib/server/progress/validate';
import { AS_OF, deptTasks, EDU, setupFixture, whSql, type Fixture } from './progress-fixture';

let fx: Fixture;
let ctx: ValidationContext;
let own: number[];
let other: number[];

beforeAll(async () => {
  fx = await setupFixture('validate');
  ({ own, other } = await deptTasks(fx.warehouse, EDU));
  ctx = {
    tasks: (await whSql<{ t: number }>(fx.warehouse, 'SELECT task_no t FROM tasks')).map((r) => r.t),
    taskDepartments: await whSql(fx.warehouse, 'SELECT task_no, dept_name, role, position FROM task_departments'),
    asOfDate: AS_OF
  };
});

afterAll(() => fx?.close());

const HEADER = '报告周,报告日期,任务序号,责任部门,进展状态,完成比例（%）,进展说明,佐证材料,计划完成日期';

function badCsv(): string {
  const [a, b, c, d, e] = own;
  return [
    HEADER,
    `2026-W47,,${a},${EDU},进行中,50,,,`, // 2: 状态不是可选值
    `2026-W47,,${b},${EDU},推进中,120,,,`, // 3: 比例超出 0–100
    `2026-W47,,99,${EDU},推进中,10,,,`, // 4: 任务不在清单
    `2026-W47,,${other[0]},${EDU},推进中,10,,,`, // 5: 不是该任务的责任部门
    `2026-W47,,${c},${EDU},已完成,90,,,`, // 6: 已完成但不是 100%
    `2026-W47,,${c},教育厅,推进中,50,,,`, // 7: 简称归一后与第 6 行重复
    `2027-W10,,${a},${EDU},推进中,10,,,`, // 8: 报告周晚于加载日期
    `,,${d},${EDU},推进中,10,,,`, // 9: 报告周与报告日期都没有
    `2026-W47,,${e},${EDU},推进中,30,正常推进,会议纪要,2027/3/31`, // 10: 通过
    `2026-W47,2026-02-30,${e},${EDU},推进中,abc,,,2027-13-01`, // 11: 日期不存在、比例不是数字、计划日期无效
    '合计,,,,,,,,', // 12: 合计行
    ',,,,,,,,', // 13: 空行
    '注：本表由省教育厅填报,,,,,,,,' // 14: 表下说明
  ].join('\n');
}

describe('上传文件的校验与 ETL 加载的拒收完全一致', () => {
  test('同一个 CSV：校验的（行、列、字母、原因）= 加载进数仓后的 etl_rejects', async () => {
    const dir = path.join(fx.dir, 'parity');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, '周报_问题.csv');
    writeFileSync(file, badCsv());

    const v = await validateFile(file, '周报_问题.csv', ctx);
    const ours = [
      ...v.errors.map((e) => `${e.row}|${e.header ?? ''}|${e.letter ?? ''}|${e.reason}`),
      ...v.preview.filter((p) => p.ignored).map((p) => `${p.row}|||${p.ignored}`)
    ].sort();

    const db = path.join(fx.dir, 'parity-wh', 'warehouse.duckdb');
    mkdirSync(path.dirname(db), { recursive: true });
    await runLoad({ db, inputs: [dir], asOf: AS_OF });
    const rejects = await whSql<{ r: number; h: string | null; l: string | null; reason: string }>(
      db,
      'SELECT source_row r, column_name h, column_letter l, reason FROM etl_rejects ORDER BY 1'
    );
    const etl = rejects.map((x) => `${x.r}|${x.h ?? ''}|${x.l ?? ''}|${x.reason}`).sort();

    expect(ours).toEqual(etl);
    // and the one good row is what the warehouse accepted
    const accepted = await whSql<{ r: number }>(db, 'SELECT source_row r FROM task_progress');
    expect(v.valid.map((x) => x.source_row)).toEqual(accepted.map((x) => x.r));
    expect(v.valid[0]).toMatchObject({ source_row: 10, report_week: '2026-W47', week_start: '2026-11-16', task_no: own[4], dept_name: EDU, percent: 30, planned_date: '2027-03-31' });
    // the reasons a person sees, in Chinese, per row and column
    const by = (row: number) => v.errors.filter((e) => e.row === row).map((e) => `${e.letter}${e.header}:${e.reason}`);
    expect(by(2)).toEqual(['E进展状态:不是可选值之一（未启动、推进中、已完成、滞后）']);
    expect(by(3)).toEqual(['F完成比例（%）:比例应在 0–100 之间']);
    expect(by(4)).toEqual(['C任务序号:任务序号不在任务清单中（1–43）']);
    expect(by(5)).toEqual([`D责任部门:该部门不是任务 ${other[0]} 的责任部门`]);
    expect(by(6)).toEqual(['F完成比例（%）:进展状态为“已完成”，完成比例却不是100%']);
    expect(by(7)[0]).toMatch(/同一任务、同一部门、同一周的周报在本文件中重复，首次出现在第 6 行/);
    expect(by(8)).toEqual(['A报告周:报告周晚于加载日期']);
    expect(by(9)).toEqual(['A报告周:报告周与报告日期至少填写一项']);
    expect(by(11).length).toBe(3);
    expect(v.ignored).toBe(2);
  });

  test('.xlsx（标题行在表头上方）：由 ETL 读取层解析，行号为 Excel 行号', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('周报');
    ws.addRow(['省教育厅任务进展周报']);
    ws.addRow(HEADER.split(','));
    ws.addRow(['2026-W47', null, own[0], EDU, '推进中', 60, 'xlsx 填报', null, new Date(Date.UTC(2027, 2, 31))]);
    ws.addRow(['2026-W47', null, own[1], EDU, '已完成', 80, null, null, null]);
    const file = path.join(fx.dir, 'w.xlsx');
    await wb.xlsx.writeFile(file);
    const v = await validateFile(file, '周报.xlsx', ctx);
    expect(v.headerRow).toBe(2);
    expect(v.valid).toHaveLength(1);
    expect(v.valid[0]).toMatchObject({ source_row: 3, task_no: own[0], percent: 60, note: 'xlsx 填报', planned_date: '2027-03-31' });
    expect(v.errors).toEqual([
      { row: 4, task_no: own[1], column: 'percent', header: '完成比例（%）', letter: 'F', value: '80.0', reason: '进展状态为“已完成”，完成比例却不是100%' }
    ]);
    expect(v.preview.map((p) => p.row)).toEqual([3, 4]);
  });
});

describe('网页表单的行走同一套 SQL 规则', () => {
  const row = (over: Partial<RawProgressRow>): RawProgressRow => ({
    source_row: 1, report_week: '2026-W47', report_date: '2026-11-20', task_no: String(own[0]), dept_name: EDU,
    status: '推进中', percent: '50', note: null, evidence: null, planned_date: null, ...over
  });

  test('合格的行类型化；错误按任务序号与列给出中文原因', async () => {
    const v = await validateRows(
      [
        row({ source_row: 1, percent: '55.5', planned_date: '2027-06-30', note: '  前后空格会去掉  ' }),
        row({ source_row: 2, task_no: String(own[1]), status: '已完成', percent: '99' }),
        row({ source_row: 3, task_no: String(other[0]) }),
        row({ source_row: 4, task_no: String(own[2]), percent: '' }),
        row({ source_row: 5, task_no: String(own[3]), planned_date: '2027-02-30' })
      ],
      ctx
    );
    expect(v.valid).toHaveLength(1);
    expect(v.valid[0]).toMatchObject({ task_no: own[0], percent: 55.5, planned_date: '2027-06-30', note: '前后空格会去掉', week_start: '2026-11-16' });
    const msg = v.errors.map((e) => `${e.row}:${e.header}:${e.reason}`);
    expect(msg).toEqual([
      `${own[1]}:完成比例（%）:进展状态为“已完成”，完成比例却不是100%`,
      `${other[0]}:责任部门:该部门不是任务 ${other[0]} 的责任部门`,
      `${own[2]}:完成比例（%）:必填项为空`,
      `${own[3]}:计划完成日期:不是有效日期或日期不存在（如 2024-03-05、2024/3/5、2024年3月5日）`
    ]);
    expect(v.errors.every((e) => e.letter === null)).toBe(true);
  });

  test('部门简称按部门维度归一（教育厅 → 省教育厅）', async () => {
    const v = await validateRows([row({ dept_name: '教育厅' })], ctx);
    expect(v.errors).toEqual([]);
    expect(v.valid[0]!.dept_name).toBe(EDU);
  });
});
