/**
 * 周报填报：浏览器与服务端共用的类型与常量（不含服务端代码，可在页面里导入）。
 */

/** 进展状态（数据契约 task_progress.status 的可选值）。 */
export const PROGRESS_STATUSES = ['未启动', '推进中', '已完成', '滞后'] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

/** 数据契约第 5 类的列（英文名 → 规范表头），顺序与 etl/contract/contract.yaml 相同。 */
export const PROGRESS_COLUMNS = [
  { name: 'report_week', header: '报告周' },
  { name: 'report_date', header: '报告日期' },
  { name: 'task_no', header: '任务序号' },
  { name: 'dept_name', header: '责任部门' },
  { name: 'status', header: '进展状态' },
  { name: 'percent', header: '完成比例（%）' },
  { name: 'note', header: '进展说明' },
  { name: 'evidence', header: '佐证材料' },
  { name: 'planned_date', header: '计划完成日期' }
] as const;
export type ProgressColumn = (typeof PROGRESS_COLUMNS)[number]['name'];

/** 网页表单的一行（文本，原样交给服务端按 ETL 规则校验）。 */
export interface FormRow {
  task_no: number;
  status: string;
  percent: string;
  note: string;
  evidence: string;
  planned_date: string;
}

/** 一处错误：行（文件行号或表单中的任务序号）与列，中文原因。 */
export interface CellError {
  /** 文件中的行号（与 Excel/WPS 中看到的一致）；表单填报时为任务序号。 */
  row: number;
  /** 任务序号（能读出时）。 */
  task_no: number | null;
  /** 契约列名（如 status）；整行的问题为 null。 */
  column: string | null;
  /** 列的中文名（文件中的表头或契约的规范表头）。 */
  header: string | null;
  /** 文件中的列字母（如 E）；表单填报为 null。 */
  letter: string | null;
  value: string | null;
  reason: string;
}

/** 预览中的一行：原文（按契约列）、是否被忽略（合计行、说明行）、错误。 */
export interface PreviewRow {
  row: number;
  cells: Record<string, string | null>;
  ignored: string | null;
  errors: CellError[];
}

export interface SaveResponse {
  ok: true;
  saved: number;
  weeks: string[];
  late: number;
  message: string;
}

export interface UploadPreviewResponse {
  ok: boolean;
  fileName: string;
  headerRow: number;
  columns: { name: string; header: string; letter: string | null }[];
  rows: PreviewRow[];
  errors: CellError[];
  ignored: number;
  accepted: number;
  warnings: string[];
  message: string;
}

export interface ErrorResponse {
  error: string;
  errors?: CellError[];
  rows?: PreviewRow[];
}

/** 一处错误的中文描述：第 5 行 E 列「进展状态」（值“进行中”）：不是可选值之一… */
export function describeError(e: CellError, form = false): string {
  const where = form ? `任务 ${e.row}` : `第 ${e.row} 行`;
  const col = e.header ? ` ${e.letter ? e.letter + ' 列' : ''}「${e.header}」` : '';
  const val = e.value !== null && e.value !== '' ? `（值“${e.value.length > 40 ? e.value.slice(0, 40) + '…' : e.value}”）` : '';
  return `${where}${col}${val}：${e.reason}`;
}
