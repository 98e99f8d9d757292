/**
 * 浏览器里预览上传的 CSV（papaparse）：先按 UTF-8 严格解码，失败再按 GB18030（兼容 GBK）解码；
 * 在前 20 行里找表头（至少两格是数据契约的规范表头或常见写法）。预览只供核对，是否通过以服务端按 ETL 规则的校验为准。
 */
import Papa from 'papaparse';
import { PROGRESS_COLUMNS } from './types';

export interface CsvPreview {
  encoding: string;
  /** 表头所在行（1 起）；找不到时为 0 */
  headerRow: number;
  header: string[];
  /** 每个表头格对应的契约列（不认识时为 null） */
  mapped: (string | null)[];
  rows: { row: number; cells: string[] }[];
  truncated: boolean;
}

const norm = (s: string) => s.replace(/[\s\u3000\uFEFF]/g, '').replace(/[(（]/g, '（').replace(/[)）]/g, '）');

/** 常见写法（etl/contract/synonyms.yaml 中 task_progress 的同义词；服务端以 ETL 的表头识别为准）。 */
const ALIASES: Record<string, string[]> = {
  report_week: ['报告周', '周次', '填报周'],
  report_date: ['报告日期', '填报日期'],
  task_no: ['任务序号', '任务编号', '序号'],
  dept_name: ['责任部门', '部门', '填报部门'],
  status: ['进展状态', '状态'],
  percent: ['完成比例（%）', '完成比例', '完成进度（%）', '进度（%）'],
  note: ['进展说明', '进展情况', '工作进展'],
  evidence: ['佐证材料', '佐证', '附件'],
  planned_date: ['计划完成日期', '计划完成时间', '完成时限']
};

function columnOf(cell: string): string | null {
  const n = norm(cell);
  for (const c of PROGRESS_COLUMNS) {
    if ((ALIASES[c.name] ?? [c.header]).some((a) => norm(a) === n)) return c.name;
  }
  return null;
}

function decode(buf: ArrayBuffer): { text: string; encoding: string } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'UTF-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(buf), encoding: 'GB18030/GBK' };
  }
}

export async function previewCsv(file: File, maxRows = 300): Promise<CsvPreview> {
  const { text, encoding } = decode(await file.arrayBuffer());
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: false });
  const data = parsed.data.filter((r) => Array.isArray(r));
  let headerRow = 0;
  for (let i = 0; i < Math.min(20, data.length); i++) {
    if (data[i]!.filter((c) => columnOf(String(c)) !== null).length >= 2) {
      headerRow = i + 1;
      break;
    }
  }
  const header = headerRow ? data[headerRow - 1]!.map(String) : [];
  const body: { row: number; cells: string[] }[] = [];
  for (let i = headerRow; i < data.length; i++) {
    const cells = data[i]!.map(String);
    if (cells.every((c) => c.trim() === '')) continue;
    body.push({ row: i + 1, cells });
  }
  return {
    encoding,
    headerRow,
    header,
    mapped: header.map(columnOf),
    rows: body.slice(0, maxRows),
    truncated: body.length > maxRows
  };
}
