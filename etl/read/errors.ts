// 文件级错误：文件无法读取或无法装载（缺少必填列、无法识别类型、编码错误…），消息为中文。
import { basename } from 'node:path';

/** A file that cannot be loaded at all. `problems` are Chinese messages naming the file. */
export class FileReadError extends Error {
  readonly file: string;
  readonly problems: string[];
  constructor(file: string, problems: string[]) {
    super(problems.join('\n'));
    this.name = 'FileReadError';
    this.file = file;
    this.problems = problems;
  }
}

/** The label files are named by in messages (the base name unless the caller gives one). */
export function fileLabel(path: string, label?: string): string {
  return label ?? basename(path);
}

export function fileFormat(path: string, label: string): 'csv' | 'xlsx' {
  const lower = path.toLowerCase();
  if (lower.endsWith('.xlsx') || lower.endsWith('.xlsm')) return 'xlsx';
  if (lower.endsWith('.csv') || lower.endsWith('.txt') || lower.endsWith('.tsv')) return 'csv';
  if (lower.endsWith('.xls') || lower.endsWith('.et')) {
    throw new FileReadError(path, [`文件 ${label}：不支持旧版 .xls/.et 格式，请在 Excel 或 WPS 中另存为 .xlsx`]);
  }
  throw new FileReadError(path, [`文件 ${label}：不支持的文件类型，只接受 .csv 和 .xlsx`]);
}
