/**
 * 测试用的读取工具：按编码（BOM / UTF-8 / GB18030）解码 CSV，用数据契约与 synonyms.yaml 把各文件的表头
 * 映射回英文列名（与生成器无关的独立实现，用来检验生成的文件确实能被识别），读取 xlsx。
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import ExcelJS from 'exceljs';
import { parse } from 'yaml';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SHIPPED = path.join(ROOT, 'data', 'sample');

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `sample-${prefix}-`));
}

/** 目录下全部文件（相对路径，排序）→ sha256。 */
export function hashTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else out.set(path.relative(dir, p).split(path.sep).join('/'), createHash('sha256').update(fs.readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

export type Encoding = 'utf8' | 'utf8bom' | 'gb18030';

export function decode(buf: Buffer): { text: string; encoding: Encoding } {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { text: buf.subarray(3).toString('utf8'), encoding: 'utf8bom' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(buf), encoding: 'gb18030' };
  }
}

interface ContractDoc {
  kinds: Record<string, { columns: { name: string; header: string; type: string; required: boolean; values?: string[] }[]; key: string[] }>;
}

export const contract = parse(fs.readFileSync(path.join(ROOT, 'etl/contract/contract.yaml'), 'utf8')) as ContractDoc;
const synonyms = parse(fs.readFileSync(path.join(ROOT, 'etl/contract/synonyms.yaml'), 'utf8')) as Record<string, string[]>;

/** 表头比较用的规范化：NFKC（全角→半角）、去空白、括号统一。 */
export function normHeader(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '').replace(/[（(]/g, '(').replace(/[）)]/g, ')');
}

/** 把一个文件的表头映射为英文列名；认不出的表头返回 null。 */
export function mapHeaders(kind: string, headers: string[]): (string | null)[] {
  const cols = contract.kinds[kind]!.columns;
  const lookup = new Map<string, string>();
  for (const c of cols) {
    lookup.set(normHeader(c.header), c.name);
    for (const s of synonyms[c.header] ?? []) lookup.set(normHeader(s), c.name);
  }
  const base = (h: string) => h.replace(/\([^()]*\)$/, '');
  const baseLookup = new Map<string, string>();
  for (const [k, v] of lookup) if (!baseLookup.has(base(k))) baseLookup.set(base(k), v);
  return headers.map((h) => lookup.get(normHeader(h)) ?? baseLookup.get(base(normHeader(h))) ?? null);
}

export interface Table {
  file: string;
  encoding: Encoding;
  headers: string[];
  names: (string | null)[];
  /** 每行：英文列名 → 值，line 为文件行号 */
  rows: { line: number; v: Record<string, string> }[];
}

export function readCsv(dir: string, rel: string, kind: string): Table {
  const { text, encoding } = decode(fs.readFileSync(path.join(dir, rel)));
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false });
  const data = parsed.data.filter((r, i) => !(i === parsed.data.length - 1 && r.length === 1 && r[0] === ''));
  const headers = data[0]!;
  const names = mapHeaders(kind, headers);
  const rows = data.slice(1).map((cells, i) => {
    if (cells.length !== headers.length) throw new Error(`${rel} 第 ${i + 2} 行有 ${cells.length} 列，表头 ${headers.length} 列`);
    const v: Record<string, string> = {};
    names.forEach((n, j) => {
      if (n) v[n] = cells[j] ?? '';
    });
    return { line: i + 2, v };
  });
  return { file: rel, encoding, headers, names, rows };
}

/** 读 xlsx：第 3 行为表头，之后直到表尾；值转成文本（日期为 YYYY-MM-DD）。 */
export async function readXlsx(dir: string, rel: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path.join(dir, rel));
  const ws = wb.worksheets[0]!;
  const cellText = (v: ExcelJS.CellValue): string => {
    if (v === null || v === undefined) return '';
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if (typeof v === 'object' && 'formula' in v) return String((v as ExcelJS.CellFormulaValue).result ?? '');
    return String(v);
  };
  const rows: { line: number; cells: string[]; raw: ExcelJS.CellValue[] }[] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const raw: ExcelJS.CellValue[] = [];
    for (let c = 1; c <= ws.columnCount; c++) raw.push(row.getCell(c).value);
    rows.push({ line: n, cells: raw.map(cellText), raw });
  });
  return { ws, rows, merges: (ws.model as unknown as { merges: string[] }).merges };
}

/** 文件中的原始一行（不解析 CSV），用于核对清单里的行号。 */
export function rawLine(dir: string, rel: string, line: number): string {
  const { text } = decode(fs.readFileSync(path.join(dir, rel)));
  return text.split(/\r?\n/)[line - 1] ?? '';
}

/** 日期文本（2023-05-04 / 2023/5/4 / 2023年5月4日）→ YYYY-MM-DD；不存在的日期返回 null。 */
export function parseDate(s: string): string | null {
  const m = /^(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})日?$/.exec(s.trim());
  if (!m) return null;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return dt.toISOString().slice(0, 10);
}

/** 数字文本（可带千位分隔符、“万元”）→ 数值。 */
export function parseNum(s: string): number {
  return Number(s.replace(/,/g, '').replace(/万元$/, ''));
}

export function listFiles(dir: string, sub: string): string[] {
  const d = path.join(dir, sub);
  if (!fs.existsSync(d)) return [];
  return fs.readdirSync(d).sort().map((f) => `${sub}/${f}`);
}
