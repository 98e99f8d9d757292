// 文件嗅探：识别格式、编码、分隔符、表头所在行与文件类型（台账/合同/年报/评估/周报）。
import { loadContract } from './contract';
import type { Contract, KindId } from './contract';
import { parseCsvText } from './csv-read';
import type { Delimiter } from './csv-read';
import { FileReadError, fileFormat, fileLabel } from './errors';
import { readCsvHead } from './layout';
import type { FileLayout } from './layout';
import { detectKind, matchHeader } from './match-header';
import type { HeaderMatch } from './match-header';
import { openXlsxSheets } from './xlsx-read';

export interface SniffOptions {
  /** Force the kind instead of detecting it from the header. */
  kind?: KindId;
  /** How the file is named in messages (default: its base name). */
  label?: string;
  contract?: Contract;
}

export interface SniffResult extends FileLayout {
  kind: KindId;
  /** The header → contract column mapping (see HeaderMatch). */
  match: HeaderMatch;
  /** Chinese warnings: unknown columns, ignored worksheets. */
  warnings: string[];
}

/** Rows searched for the header. */
export const HEADER_SEARCH_ROWS = 20;
/** A header row must hold at least this many contract columns of one kind. */
const MIN_HEADER_SCORE = 2;
const DELIMITERS: Delimiter[] = [',', '\t', ';'];

interface HeadRow {
  rowNo: number;
  cells: string[];
}

interface HeaderPick {
  row: HeadRow;
  score: number;
}

/**
 * Find the header row, the kind and the column mapping of a .csv or .xlsx file.
 * Throws {@link FileReadError} (Chinese messages naming the file) when the file cannot be loaded:
 * unknown format, no header in the first 20 rows, kind not recognised or ambiguous, a required
 * column missing, a column given twice, undecodable text.
 */
export async function sniffFile(path: string, opts: SniffOptions = {}): Promise<SniffResult> {
  const label = fileLabel(path, opts.label);
  const contract = opts.contract ?? loadContract();
  const format = fileFormat(path, label);
  return format === 'csv' ? sniffCsv(path, label, contract, opts) : sniffXlsx(path, label, contract, opts);
}

/** The best header row among `rows` (score = most columns of one kind matched), or null. */
export function pickHeaderRow(rows: HeadRow[], label: string, contract: Contract, kind?: KindId): HeaderPick | null {
  const kinds = kind ? [contract.kinds[kind]] : contract.kindList;
  let best: HeaderPick | null = null;
  for (const row of rows) {
    if (row.rowNo > HEADER_SEARCH_ROWS) break;
    const score = Math.max(...kinds.map((k) => matchHeader(k, row.cells, label, contract).matched));
    if (score >= MIN_HEADER_SCORE && (!best || score > best.score)) best = { row, score };
  }
  return best;
}

/** Decide kind and mapping for a header row; problems as Chinese messages. */
function decide(cells: string[], label: string, contract: Contract, kind?: KindId): { match?: HeaderMatch; problems: string[] } {
  if (kind) {
    const match = matchHeader(contract.kinds[kind], cells, label, contract);
    return { match, problems: match.errors };
  }
  const d = detectKind(cells, label, contract);
  if (!d.ok) return { problems: [d.error] };
  return { match: d.match, problems: d.match.errors };
}

function noHeader(label: string, contract: Contract, kind?: KindId): string {
  const kinds = kind ? [contract.kinds[kind]] : contract.kindList;
  const examples = kinds.map((k) => `「${k.title}」`).join('、');
  return `文件 ${label}：前 ${HEADER_SEARCH_ROWS} 行中没有找到表头（应为${examples}之一的规范表头，如「单位统一社会信用代码」「成果编号」）`;
}

async function sniffCsv(path: string, label: string, contract: Contract, opts: SniffOptions): Promise<SniffResult> {
  const { encoding, text, eof, newline } = await readCsvHead(path, label);
  let best: { pick: HeaderPick; delimiter: Delimiter } | null = null;
  for (const delimiter of DELIMITERS) {
    const records = parseCsvText(text, { delimiter, newline }, HEADER_SEARCH_ROWS, eof);
    const pick = pickHeaderRow(records.map((cells, i) => ({ rowNo: i + 1, cells })), label, contract, opts.kind);
    if (pick && (!best || pick.score > best.pick.score)) best = { pick, delimiter };
  }
  if (!best) throw new FileReadError(path, [noHeader(label, contract, opts.kind)]);
  const { match, problems } = decide(best.pick.row.cells, label, contract, opts.kind);
  if (!match || problems.length > 0) throw new FileReadError(path, problems);
  return {
    path,
    label,
    format: 'csv',
    csv: { encoding, delimiter: best.delimiter, newline },
    headerRowNo: best.pick.row.rowNo,
    kind: match.kind.id,
    match,
    warnings: [...match.warnings]
  };
}

async function sniffXlsx(path: string, label: string, contract: Contract, opts: SniffOptions): Promise<SniffResult> {
  type Candidate = { pick: HeaderPick; sheet: { order: number; sheetNo: number; name: string }; hidden: boolean; match?: HeaderMatch; problems: string[] };
  let chosen: Candidate | null = null;
  let fallback: Candidate | null = null;
  let sheetNames: { name: string; hidden: boolean }[] = [];
  try {
    for await (const sheet of openXlsxSheets(path)) {
      sheetNames = sheet.workbookSheets;
      const head: HeadRow[] = [];
      for await (const row of sheet.rows()) {
        if (row.rowNo > HEADER_SEARCH_ROWS) break;
        head.push(row);
      }
      const pick = pickHeaderRow(head, label, contract, opts.kind);
      if (!pick) continue;
      const c: Candidate = { pick, sheet: { order: sheet.order, sheetNo: sheet.sheetNo, name: sheet.name }, hidden: sheet.hidden, ...decide(pick.row.cells, label, contract, opts.kind) };
      if (c.match && c.problems.length === 0 && !c.hidden) {
        chosen = c;
        break;
      }
      if (!fallback || rank(c) > rank(fallback)) fallback = c;
    }
  } catch (e) {
    if (e instanceof FileReadError) throw e;
    throw new FileReadError(path, [`文件 ${label}：不是有效的 .xlsx 文件或文件已损坏（${(e as Error).message}）`]);
  }
  const c = chosen ?? fallback;
  if (!c) throw new FileReadError(path, [noHeader(label, contract, opts.kind)]);
  if (!c.match || c.problems.length > 0) throw new FileReadError(path, c.problems);
  const others = sheetNames.filter((s) => s.name !== c.sheet.name && !s.hidden).map((s) => `「${s.name}」`);
  const warnings = [...c.match.warnings];
  if (others.length > 0) warnings.push(`文件 ${label}：只读取了工作表「${c.sheet.name}」，未读取${others.join('、')}`);
  return { path, label, format: 'xlsx', sheet: c.sheet, headerRowNo: c.pick.row.rowNo, kind: c.match.kind.id, match: c.match, warnings };
}

function rank(c: { match?: HeaderMatch; problems: string[]; pick: HeaderPick }): number {
  return (c.match && c.problems.length === 0 ? 1000 : 0) + c.pick.score;
}
