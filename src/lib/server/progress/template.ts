/**
 * 周报模板（CSV、.xlsx）：表头为数据契约 task_progress 的规范表头（etl/contract/contract.yaml，顺序相同），
 * 选定部门时每项任务预填一行：报告周（本周）、任务序号、责任部门，以及最近一次报告的状态、比例和计划完成日期；
 * 进展说明与佐证材料留空（每周新写）。预填的值只有周标签、数字、日期、枚举与部门名称，不含用户写的文字。
 */
import ExcelJS from 'exceljs';
import { PROGRESS_STATUSES } from '$lib/client/progress/types';
import { safeText, csvField } from '$lib/server/queries/safecell';
import { contract } from './validate';
import type { EntryPage } from './index';

export interface TemplateRow {
  report_week: string;
  task_no: number;
  dept_name: string;
  status: string | null;
  percent: number | null;
  planned_date: string | null;
}

/** 契约中的表头（顺序与 contract.yaml 相同）。 */
export function templateHeaders(): { name: string; header: string; required: boolean }[] {
  return contract().kinds.task_progress.columns.map((c) => ({ name: c.name, header: c.header, required: c.required }));
}

export function templateRows(page: EntryPage): TemplateRow[] {
  if (!page.dept) return [];
  return page.tasks.map((t) => {
    const src = t.current ?? t.latest;
    return {
      report_week: page.week.label,
      task_no: t.task_no,
      dept_name: page.dept!,
      status: src?.status ?? null,
      percent: src?.percent ?? null,
      planned_date: src?.planned_date ?? t.task_planned_date
    };
  });
}

function valueOf(r: TemplateRow, name: string): string | number | null {
  switch (name) {
    case 'report_week':
      return r.report_week;
    case 'task_no':
      return r.task_no;
    case 'dept_name':
      return r.dept_name;
    case 'status':
      return r.status;
    case 'percent':
      return r.percent;
    case 'planned_date':
      return r.planned_date;
    default:
      return null;
  }
}

/** UTF-8（带 BOM，Excel/WPS 直接打开不乱码）的 CSV 模板。 */
export function templateCsv(rows: TemplateRow[]): Uint8Array {
  const headers = templateHeaders();
  const lines = [headers.map((h) => csvField(h.header)).join(',')];
  for (const r of rows) lines.push(headers.map((h) => csvField(valueOf(r, h.name))).join(','));
  return new TextEncoder().encode('\uFEFF' + lines.join('\r\n') + '\r\n');
}

/** .xlsx 模板：表头加粗，进展状态有下拉选项，说明页列出各列要求。 */
export async function templateXlsx(rows: TemplateRow[], note: string): Promise<Uint8Array> {
  const headers = templateHeaders();
  const wb = new ExcelJS.Workbook();
  wb.creator = '成果转化监测';
  const ws = wb.addWorksheet('任务进展周报', { views: [{ state: 'frozen', ySplit: 1 }] });
  const h = ws.addRow(headers.map((x) => x.header));
  h.font = { bold: true };
  h.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F1F8' } };
  });
  for (const r of rows) {
    const row = ws.addRow(headers.map((x) => {
      const v = valueOf(r, x.name);
      return typeof v === 'string' ? safeText(v) : v;
    }));
    row.eachCell((c) => {
      if (typeof c.value === 'string') c.numFmt = '@';
    });
  }
  headers.forEach((x, i) => {
    ws.getColumn(i + 1).width = x.name === 'note' || x.name === 'evidence' ? 40 : x.name === 'dept_name' ? 18 : 14;
  });
  const statusCol = headers.findIndex((x) => x.name === 'status') + 1;
  const last = Math.max(rows.length + 1, 60);
  for (let r = 2; r <= last; r++) {
    ws.getCell(r, statusCol).dataValidation = {
      type: 'list',
      allowBlank: false,
      formulae: [`"${PROGRESS_STATUSES.join(',')}"`],
      showErrorMessage: true,
      errorTitle: '进展状态',
      error: `请选择：${PROGRESS_STATUSES.join('、')}`
    };
  }
  const help = wb.addWorksheet('填写说明');
  help.addRow(['列', '是否必填', '说明']).font = { bold: true };
  const explain: Record<string, string> = {
    report_week: 'ISO 周，如 2026-W47（北京时间周一至周日）；与报告日期至少填一项',
    report_date: '日期，如 2026-11-20',
    task_no: '任务清单中的序号（1–43），须为本部门牵头或配合的任务',
    dept_name: '本部门名称（只能填报本部门）',
    status: PROGRESS_STATUSES.join(' / '),
    percent: '0–100；“已完成”须为 100',
    note: '本周进展',
    evidence: '佐证材料（文件名、文号或链接）',
    planned_date: '日期，如 2027-03-31'
  };
  for (const x of headers) help.addRow([x.header, x.required ? '必填' : '选填', explain[x.name] ?? '']);
  help.addRow([]);
  help.addRow([safeText(note)]);
  help.getColumn(1).width = 16;
  help.getColumn(2).width = 10;
  help.getColumn(3).width = 70;
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
