/**
 * 解析《辽宁省全面深化职务科技成果转化改革若干措施》工作任务清单（43 项任务）。
 *
 * The document comes as text extractions of the same PDF (data/policy/text/000_…, 001_…). The task
 * list is a set of TSV blocks, each starting with the header `序号	重点方向	工作措施	重点工作任务	责任部门`.
 * Both extractions must give the same tasks, directions, measures and departments, so the parser:
 *  - strips stray HTML tags (`<b>`) and markdown (`**`, `#`);
 *  - fills merged cells left blank (blank 方向/措施 = same as the row above);
 *  - identifies 重点方向 and 工作措施 by their numerals (一、… / (一)…) and takes the canonical names
 *    from the body headings (`### 一、…` / `**（一）…。**`), reporting table wording that differs
 *    (truncated `…体系建`, doubled `体系体系建设`, …) in `labelMismatches`;
 *  - puts cells that sit one row too low back on the row they belong to, deciding with the body
 *    text (001: 方向/措施/责任部门 of task 41 written on task 42's row);
 *  - resolves blank 责任部门: the first task of the measure that states departments ('inherited'),
 *    else the body's `（…按职责分工负责）` after the measure ('body');
 *  - normalises department names through the department dimension (departments.yaml).
 * `compareExtractions(a, b)` lists the wording differences between two extractions.
 */
import { splitDepartments } from './departments';

export type DeptSource = 'table' | 'inherited' | 'body';

/** One table row as written (after stripping tags and re-attributing cells that sat one row low). */
export interface RawTaskRow {
  /** 1-based line of the row in the text */
  line: number;
  /** table block (0-based, one per header line) */
  block: number;
  direction: string;
  measure: string;
  text: string;
  departments: string;
  /** true when 方向/措施/责任部门 were written on the next row and moved here */
  movedFromNextRow: boolean;
}

export interface ParsedTask {
  no: number;
  directionNo: number;
  /** canonical direction name (body heading, without the numeral) */
  direction: string;
  measureNo: number;
  /** canonical measure name (body heading, without the numeral) */
  measure: string;
  /** 重点工作任务 as written in the table (tags stripped, trimmed) */
  text: string;
  /** canonical department names, lead first */
  departments: string[];
  /** 牵头部门 (first listed) */
  lead: string;
  /** 配合部门 (the others) */
  support: string[];
  deptSource: DeptSource;
  /** the body measure whose text contains this task best (share of its character bigrams found) */
  bodyMatch: { measureNo: number; score: number; margin: number } | null;
  raw: RawTaskRow;
}

export interface ParsedDirection {
  no: number;
  numeral: string;
  /** canonical name from the body heading */
  title: string;
  /** labels as written in the table (without numeral, tags and spaces), distinct */
  tableLabels: string[];
}

export interface ParsedMeasure {
  no: number;
  numeral: string;
  /** canonical name from the body heading (text before the first 。) */
  title: string;
  directionNo: number;
  /** departments of the body's `（…按职责分工负责）` after the measure */
  departments: string[];
  /** the parenthetical as written (spaces and line breaks removed) */
  bodyDepartmentsRaw: string;
  tableLabels: string[];
}

export interface LabelMismatch {
  kind: 'direction' | 'measure';
  no: number;
  /** label in the table, without numeral */
  table: string;
  /** canonical name from the body */
  body: string;
  /** the table label is a prefix of the body name (cell cut off) */
  truncated: boolean;
  /** tasks whose row carries this label */
  tasks: number[];
}

export interface TaskListResult {
  directions: ParsedDirection[];
  measures: ParsedMeasure[];
  tasks: ParsedTask[];
  labelMismatches: LabelMismatch[];
  warnings: string[];
}

// ---------------------------------------------------------------------------------------------
// Chinese numerals

const CN_DIGIT: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 → 1, 十 → 10, 十五 → 15, 二十三 → 23 (1–99); null when not a numeral. */
export function parseChineseNumeral(s: string): number | null {
  const t = s.trim();
  if (!/^[〇零一二两三四五六七八九十]{1,3}$/.test(t)) return null;
  const i = t.indexOf('十');
  if (i < 0) return t.length === 1 ? (CN_DIGIT[t] ?? null) : null;
  if (t.indexOf('十', i + 1) >= 0) return null;
  const tens = i === 0 ? 1 : CN_DIGIT[t.slice(0, i)];
  const rest = t.slice(i + 1);
  const ones = rest === '' ? 0 : CN_DIGIT[rest];
  if (tens === undefined || ones === undefined || i > 1 || rest.length > 1) return null;
  return tens * 10 + ones;
}

/** 1 → 一, 15 → 十五, 23 → 二十三 (1–99). */
export function toChineseNumeral(n: number): string {
  const d = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new Error(`无法转换为中文数字：${n}`);
  if (n < 10) return d[n]!;
  const tens = Math.floor(n / 10);
  return (tens === 1 ? '' : d[tens]!) + '十' + d[n % 10]!;
}

const NUM = '[〇零一二两三四五六七八九十]{1,3}';
const DIRECTION_LABEL = new RegExp(`^(${NUM})\\s*[、，,.．]\\s*(.*)$`, 's');
const MEASURE_LABEL = new RegExp(`^[（(]\\s*(${NUM})\\s*[)）]\\s*(.*)$`, 's');
const BODY_DIRECTION = new RegExp(`^(${NUM})、\\s*([^。；;，,：:]{2,40})$`);
const BODY_MEASURE = new RegExp(`^[（(]\\s*(${NUM})\\s*[)）]\\s*([^。]{2,40}?)。`);
const TABLE_HEADER = /^\s*序号\t重点方向\t工作措施\t重点工作任务\t责任部门\s*$/;
const TABLE_ROW = /^\s*(\d{1,3})\s*\t/;
const DEPT_PAREN = /[（(]([^（）()]*?)按职责分工负责\s*[)）]/g;

// ---------------------------------------------------------------------------------------------
// Text helpers

/** Strips HTML tags and markdown bold, trims. */
export function cleanCell(s: string): string {
  return s
    .replace(/<\/?[A-Za-z][^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/\*\*/g, '')
    .trim();
}

/** Removes all whitespace (CJK text: spaces and line breaks carry no meaning). */
export function squeeze(s: string): string {
  return s.replace(/\s+/g, '');
}

/** Text for matching: no whitespace, punctuation or symbols. */
function matchKey(s: string): string {
  return s.replace(/[\s\p{P}\p{S}]/gu, '');
}

function bigrams(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < s.length; i++) out.push(s.slice(i, i + 2));
  return out;
}

/** Strips a body line of markdown heading marks and bold. */
function cleanBodyLine(line: string): string {
  return cleanCell(line.replace(/^\s*#+\s*/, ''));
}

// ---------------------------------------------------------------------------------------------
// Body text

interface BodyMeasure {
  no: number;
  numeral: string;
  title: string;
  directionNo: number;
  /** whole text of the measure (lines joined without separator) */
  text: string;
  key: string;
  keyBigrams: Set<string>;
  deptRaw: string;
}

interface BodyDirection {
  no: number;
  numeral: string;
  title: string;
}

function parseBody(lines: string[], warnings: string[]): { directions: BodyDirection[]; measures: BodyMeasure[] } {
  const directions: BodyDirection[] = [];
  const measures: BodyMeasure[] = [];
  let curDir = 0;
  let cur: { no: number; numeral: string; title: string; directionNo: number; parts: string[] } | undefined;
  const finish = () => {
    if (!cur) return;
    const text = cur.parts.join('');
    const key = matchKey(text);
    const matches = [...text.matchAll(DEPT_PAREN)];
    if (matches.length > 1) warnings.push(`正文（${cur.numeral}）有 ${matches.length} 处“按职责分工负责”，取最后一处`);
    const last = matches[matches.length - 1];
    measures.push({
      no: cur.no,
      numeral: cur.numeral,
      title: cur.title,
      directionNo: cur.directionNo,
      text,
      key,
      keyBigrams: new Set(bigrams(key)),
      deptRaw: last ? squeeze(last[1] ?? '') : ''
    });
    cur = undefined;
  };
  for (const rawLine of lines) {
    const line = cleanBodyLine(rawLine);
    if (!line) continue;
    const m = BODY_MEASURE.exec(line);
    if (m) {
      const no = parseChineseNumeral(m[1]!);
      if (no !== null) {
        finish();
        if (measures.some((x) => x.no === no)) warnings.push(`正文工作措施（${m[1]}）出现多次`);
        cur = { no, numeral: m[1]!, title: squeeze(m[2]!), directionNo: curDir, parts: [line] };
        continue;
      }
    }
    const d = BODY_DIRECTION.exec(line);
    if (d) {
      const no = parseChineseNumeral(d[1]!);
      if (no !== null) {
        finish();
        curDir = no;
        if (directions.some((x) => x.no === no)) warnings.push(`正文重点方向“${d[1]}、”出现多次`);
        directions.push({ no, numeral: d[1]!, title: squeeze(d[2]!) });
        continue;
      }
    }
    if (cur) cur.parts.push(line);
  }
  finish();
  for (const m of measures) {
    if (m.directionNo === 0) warnings.push(`正文工作措施（${m.numeral}）之前没有重点方向标题`);
  }
  return { directions, measures };
}

/** The body measure whose text contains the task text best (share of the task's bigrams found). */
function bestBodyMeasure(text: string, measures: BodyMeasure[]): { no: number; score: number; margin: number } | null {
  const grams = bigrams(matchKey(text));
  if (grams.length === 0 || measures.length === 0) return null;
  const scored = measures
    .map((m) => ({ no: m.no, score: grams.filter((g) => m.keyBigrams.has(g)).length / grams.length }))
    .sort((a, b) => b.score - a.score);
  const first = scored[0]!;
  const second = scored[1]?.score ?? 0;
  return { no: first.no, score: first.score, margin: first.score - second };
}

function confident(b: { score: number; margin: number } | null): boolean {
  return b !== null && b.score >= 0.6 && b.margin >= 0.15;
}

// ---------------------------------------------------------------------------------------------
// Table

interface TableRow {
  line: number;
  block: number;
  indexInBlock: number;
  no: number;
  dir: string;
  meas: string;
  text: string;
  dept: string;
  moved: boolean;
}

function readTable(lines: string[], start: number, warnings: string[]): TableRow[] {
  const raws: { line: number; block: number; indexInBlock: number; text: string }[] = [];
  let block = -1;
  let inBlock = 0;
  let lastWasRow = false;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i]!;
    if (TABLE_HEADER.test(line)) {
      block++;
      inBlock = 0;
      lastWasRow = false;
      continue;
    }
    if (!line.trim()) {
      lastWasRow = false;
      continue;
    }
    if (TABLE_ROW.test(line)) {
      raws.push({ line: i + 1, block, indexInBlock: inBlock++, text: line });
      lastWasRow = true;
      continue;
    }
    const last = raws[raws.length - 1];
    if (lastWasRow && last) {
      // a cell spanning lines: the line continues the previous row
      last.text += line;
      warnings.push(`第 ${i + 1} 行接续上一行表格（单元格内换行），已合并`);
      continue;
    }
    warnings.push(`第 ${i + 1} 行在任务清单表格区域内但不是表格行，已忽略：${line.trim().slice(0, 30)}`);
  }
  return raws.map((r) => {
    const cells = r.text.split('\t').map(cleanCell);
    if (cells.length > 5) {
      warnings.push(`第 ${r.line} 行有 ${cells.length} 列（应为 5 列），多出的列并入责任部门`);
    }
    const no = Number(cells[0]);
    return {
      line: r.line,
      block: r.block,
      indexInBlock: r.indexInBlock,
      no,
      dir: cells[1] ?? '',
      meas: cells[2] ?? '',
      text: cells[3] ?? '',
      dept: cells.slice(4).join(''),
      moved: false
    };
  });
}

function labelNo(label: string, re: RegExp): { no: number; title: string } | null {
  const m = re.exec(label);
  if (!m) return null;
  const no = parseChineseNumeral(m[1]!);
  return no === null ? null : { no, title: squeeze(m[2] ?? '') };
}

// ---------------------------------------------------------------------------------------------
// Main

/** Parses the 工作任务清单 (and the body headings it refers to) of a Liaoning text extraction. */
export function parseTaskList(text: string): TaskListResult {
  const warnings: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const headerAt = lines.findIndex((l) => TABLE_HEADER.test(l));
  if (headerAt < 0) {
    return { directions: [], measures: [], tasks: [], labelMismatches: [], warnings: ['未找到工作任务清单表头（序号	重点方向	工作措施	重点工作任务	责任部门）'] };
  }
  const body = parseBody(lines.slice(0, headerAt), warnings);
  if (body.measures.length === 0) warnings.push('正文中未找到工作措施标题，名称取自表格');
  const rows = readTable(lines, headerAt, warnings);

  // Cells that sit one row too low: a row with blank 措施 followed by a row whose 措施 the body
  // says the first row belongs to (and which the merged-cell rule would not give it).
  let prevMeas: number | null = null;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const nx = rows[i + 1];
    if (r.meas === '' && nx && nx.meas !== '') {
      const nxMeas = labelNo(nx.meas, MEASURE_LABEL)?.no ?? null;
      const best = bestBodyMeasure(r.text, body.measures);
      const bodySays = confident(best) && best!.no === nxMeas && best!.no !== prevMeas;
      const noBodyTopOfBlock =
        body.measures.length === 0 && r.indexInBlock === 0 && r.dir === '' && r.dept === '' && nx.dir !== '';
      if (nxMeas !== null && (bodySays || noBodyTopOfBlock)) {
        const moved: string[] = [];
        if (r.dir === '' && nx.dir !== '') {
          r.dir = nx.dir;
          nx.dir = '';
          moved.push('重点方向');
        }
        r.meas = nx.meas;
        nx.meas = '';
        moved.push('工作措施');
        if (r.dept === '' && nx.dept !== '') {
          r.dept = nx.dept;
          nx.dept = '';
          moved.push('责任部门');
        }
        r.moved = true;
        warnings.push(
          `第 ${r.no} 项的${moved.join('、')}写在第 ${nx.no} 项所在行（低一行，第 ${nx.line} 行），` +
            (bodySays ? '按正文归入' : '无正文可核对，按表块首行归入') +
            `（${toChineseNumeral(nxMeas)}）`
        );
      }
    }
    const m = r.meas ? labelNo(r.meas, MEASURE_LABEL) : null;
    if (m) prevMeas = m.no;
  }

  // Task numbering.
  const seen = new Set<number>();
  rows.forEach((r, i) => {
    if (!Number.isInteger(r.no) || r.no < 1) warnings.push(`第 ${r.line} 行序号无效：${r.no}`);
    if (seen.has(r.no)) warnings.push(`任务序号 ${r.no} 重复（第 ${r.line} 行）`);
    seen.add(r.no);
    if (r.no !== i + 1) warnings.push(`任务序号不连续：第 ${i + 1} 个任务的序号为 ${r.no}`);
  });

  // Fill merged cells and identify direction / measure numerals.
  interface Placed {
    row: TableRow;
    dirNo: number;
    measNo: number;
  }
  const placed: Placed[] = [];
  let curDir = 0;
  let curMeas = 0;
  const dirLabels = new Map<number, Map<string, number[]>>();
  const measLabels = new Map<number, Map<string, number[]>>();
  const note = (map: Map<number, Map<string, number[]>>, no: number, label: string, task: number) => {
    let m = map.get(no);
    if (!m) map.set(no, (m = new Map()));
    const list = m.get(label) ?? [];
    list.push(task);
    m.set(label, list);
  };
  for (const r of rows) {
    if (r.dir !== '') {
      const d = labelNo(r.dir, DIRECTION_LABEL);
      if (d) {
        curDir = d.no;
        note(dirLabels, d.no, d.title, r.no);
      } else warnings.push(`第 ${r.no} 项的重点方向“${r.dir}”没有“一、”式编号，沿用上一行`);
    }
    if (r.meas !== '') {
      const m = labelNo(r.meas, MEASURE_LABEL);
      if (m) {
        curMeas = m.no;
        note(measLabels, m.no, m.title, r.no);
      } else warnings.push(`第 ${r.no} 项的工作措施“${r.meas}”没有“（一）”式编号，沿用上一行`);
    }
    if (curDir === 0) warnings.push(`第 ${r.no} 项没有重点方向`);
    if (curMeas === 0) warnings.push(`第 ${r.no} 项没有工作措施`);
    placed.push({ row: r, dirNo: curDir, measNo: curMeas });
  }

  // Check the attribution of every task against the body text.
  const matches = new Map<number, ReturnType<typeof bestBodyMeasure>>();
  for (const p of placed) {
    const best = bestBodyMeasure(p.row.text, body.measures);
    matches.set(p.row.no, best);
    if (confident(best) && best!.no !== p.measNo) {
      warnings.push(`第 ${p.row.no} 项在表格中属于（${toChineseNumeral(p.measNo)}），但正文中出现在（${toChineseNumeral(best!.no)}）下`);
    }
    const bm = body.measures.find((m) => m.no === p.measNo);
    if (bm && bm.directionNo !== 0 && bm.directionNo !== p.dirNo) {
      warnings.push(`第 ${p.row.no} 项：表格重点方向为“${toChineseNumeral(p.dirNo)}、”，正文中（${bm.numeral}）属于“${toChineseNumeral(bm.directionNo)}、”`);
    }
  }

  // Directions and measures with canonical names.
  const dirNos = new Set<number>([...body.directions.map((d) => d.no), ...placed.map((p) => p.dirNo).filter((n) => n > 0)]);
  const directions: ParsedDirection[] = [...dirNos]
    .sort((a, b) => a - b)
    .map((no) => {
      const b = body.directions.find((d) => d.no === no);
      const labels = [...(dirLabels.get(no)?.keys() ?? [])];
      let title = b?.title;
      if (title === undefined) {
        title = labels.reduce((a, c) => (c.length > a.length ? c : a), '');
        warnings.push(`正文中没有重点方向“${toChineseNumeral(no)}、”，名称取自表格：${title}`);
      }
      return { no, numeral: toChineseNumeral(no), title, tableLabels: labels };
    });
  const measNos = new Set<number>([...body.measures.map((m) => m.no), ...placed.map((p) => p.measNo).filter((n) => n > 0)]);
  const measures: ParsedMeasure[] = [...measNos]
    .sort((a, b) => a - b)
    .map((no) => {
      const b = body.measures.find((m) => m.no === no);
      const labels = [...(measLabels.get(no)?.keys() ?? [])];
      let title = b?.title;
      if (title === undefined) {
        title = labels.reduce((a, c) => (c.length > a.length ? c : a), '');
        warnings.push(`正文中没有工作措施（${toChineseNumeral(no)}），名称取自表格：${title}`);
      }
      const deptRaw = b?.deptRaw ?? '';
      const split = splitDepartments(deptRaw);
      for (const u of split.unknown) warnings.push(`正文（${toChineseNumeral(no)}）的责任部门“${u}”不在部门维度中`);
      const directionNo = b?.directionNo || placed.find((p) => p.measNo === no)?.dirNo || 0;
      return { no, numeral: toChineseNumeral(no), title, directionNo, departments: [...split.names, ...split.unknown], bodyDepartmentsRaw: deptRaw, tableLabels: labels };
    });

  // Label wording that differs from the body headings.
  const labelMismatches: LabelMismatch[] = [];
  const collect = (kind: 'direction' | 'measure', map: Map<number, Map<string, number[]>>, canon: (no: number) => string | undefined) => {
    for (const [no, labels] of [...map.entries()].sort((a, b) => a[0] - b[0])) {
      const bodyTitle = canon(no);
      if (bodyTitle === undefined) continue;
      for (const [label, tasks] of labels) {
        if (label === bodyTitle) continue;
        const truncated = label.length < bodyTitle.length && bodyTitle.startsWith(label);
        labelMismatches.push({ kind, no, table: label, body: bodyTitle, truncated, tasks });
        const what = kind === 'direction' ? `重点方向“${toChineseNumeral(no)}、”` : `工作措施（${toChineseNumeral(no)}）`;
        warnings.push(`${what}表格写作“${label}”${truncated ? '（截断）' : ''}，正文为“${bodyTitle}”（第 ${tasks.join('、')} 项）；采用正文名称`);
      }
    }
  };
  collect('direction', dirLabels, (no) => body.directions.find((d) => d.no === no)?.title);
  collect('measure', measLabels, (no) => body.measures.find((m) => m.no === no)?.title);

  // Departments: own cell → first stating task of the measure → body parenthetical.
  const ownDepts = new Map<number, string[]>();
  for (const p of placed) {
    if (p.row.dept === '') continue;
    const split = splitDepartments(p.row.dept);
    for (const u of split.unknown) warnings.push(`第 ${p.row.no} 项的责任部门“${u}”不在部门维度中，原样保留`);
    ownDepts.set(p.row.no, [...split.names, ...split.unknown]);
  }
  const fromBody = new Map<number, number[]>();
  const tasks: ParsedTask[] = placed.map((p) => {
    let departments = ownDepts.get(p.row.no);
    let deptSource: DeptSource = 'table';
    if (!departments || departments.length === 0) {
      const firstStating = placed.find((q) => q.measNo === p.measNo && (ownDepts.get(q.row.no)?.length ?? 0) > 0);
      if (firstStating) {
        departments = ownDepts.get(firstStating.row.no)!;
        deptSource = 'inherited';
      } else {
        departments = measures.find((m) => m.no === p.measNo)?.departments ?? [];
        deptSource = 'body';
        if (departments.length === 0) warnings.push(`第 ${p.row.no} 项没有责任部门（表格与正文均未写明）`);
        else fromBody.set(p.measNo, [...(fromBody.get(p.measNo) ?? []), p.row.no]);
      }
    }
    const dir = directions.find((d) => d.no === p.dirNo);
    const meas = measures.find((m) => m.no === p.measNo);
    return {
      no: p.row.no,
      directionNo: p.dirNo,
      direction: dir?.title ?? '',
      measureNo: p.measNo,
      measure: meas?.title ?? '',
      text: p.row.text,
      departments: [...departments],
      lead: departments[0] ?? '',
      support: departments.slice(1),
      deptSource,
      bodyMatch: (() => {
        const b = matches.get(p.row.no);
        return b ? { measureNo: b.no, score: Math.round(b.score * 1000) / 1000, margin: Math.round(b.margin * 1000) / 1000 } : null;
      })(),
      raw: {
        line: p.row.line,
        block: p.row.block,
        direction: p.row.dir,
        measure: p.row.meas,
        text: p.row.text,
        departments: p.row.dept,
        movedFromNextRow: p.row.moved
      }
    };
  });

  for (const [measNo, nos] of fromBody) {
    warnings.push(`第 ${nos.join('、')} 项的责任部门表格未写明，（${toChineseNumeral(measNo)}）下也没有任务写明，采用正文“（…按职责分工负责）”`);
  }

  return { directions, measures, tasks, labelMismatches, warnings };
}

// ---------------------------------------------------------------------------------------------
// Differences between two extractions

export type DifferenceField =
  | 'text'
  | 'direction_label'
  | 'measure_label'
  | 'departments'
  | 'layout'
  | 'direction_title'
  | 'measure_title'
  | 'missing';

export interface DiffHunk {
  /** text only in a */
  a: string;
  /** text only in b */
  b: string;
}

export interface ExtractionDifference {
  /** task number (null for direction / measure titles) */
  taskNo: number | null;
  /** direction or measure number for *_title differences */
  no?: number;
  field: DifferenceField;
  /** the value in a and in b (whitespace removed) */
  a: string;
  b: string;
  hunks: DiffHunk[];
  /** short human-readable form, e.g. `成果转让、许可 → 成果转化、许可` */
  summary: string;
}

/** Character-level diff (LCS) as hunks with positions in a and b. */
function diffHunks(a: string, b: string): { ai: number; a: string; bi: number; b: string }[] {
  const n = a.length;
  const m = b.length;
  const w = m + 1;
  const dp = new Uint16Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      dp[i * w + j] = a[i] === b[j] ? dp[(i + 1) * w + j + 1]! + 1 : Math.max(dp[(i + 1) * w + j]!, dp[i * w + j + 1]!);
    }
  }
  const hunks: { ai: number; a: string; bi: number; b: string }[] = [];
  let i = 0;
  let j = 0;
  let open: { ai: number; a: string; bi: number; b: string } | null = null;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      open = null;
      i++;
      j++;
      continue;
    }
    if (!open) {
      open = { ai: i, a: '', bi: j, b: '' };
      hunks.push(open);
    }
    if (j >= m || (i < n && dp[(i + 1) * w + j]! >= dp[i * w + j + 1]!)) open.a += a[i++];
    else open.b += b[j++];
  }
  return hunks;
}

function describe(a: string, b: string): { hunks: DiffHunk[]; summary: string } {
  if (a === '' || b === '') {
    return { hunks: [{ a, b }], summary: `${a || '（空）'} → ${b || '（空）'}` };
  }
  const hs = diffHunks(a, b);
  if (a.length <= 40 && b.length <= 40) {
    return { hunks: hs.map((h) => ({ a: h.a, b: h.b })), summary: `${a} → ${b}` };
  }
  const ctx = 3;
  const parts = hs.map((h) => {
    const pre = a.slice(Math.max(0, h.ai - ctx), h.ai);
    const post = a.slice(h.ai + h.a.length, h.ai + h.a.length + ctx);
    return `${pre}${h.a}${post} → ${pre}${h.b}${post}`;
  });
  return { hunks: hs.map((h) => ({ a: h.a, b: h.b })), summary: parts.join('；') };
}

/**
 * Wording differences between two extractions of the task list: task text, direction / measure
 * labels as written in the table, department strings (whitespace, tags and 按职责分工负责 spacing
 * ignored), rows whose cells were moved, and the body headings. Takes texts or parse results.
 */
export function compareExtractions(a: string | TaskListResult, b: string | TaskListResult): ExtractionDifference[] {
  const ra = typeof a === 'string' ? parseTaskList(a) : a;
  const rb = typeof b === 'string' ? parseTaskList(b) : b;
  const out: ExtractionDifference[] = [];
  const push = (taskNo: number | null, field: DifferenceField, va: string, vb: string, no?: number) => {
    const sa = squeeze(va);
    const sb = squeeze(vb);
    if (sa === sb) return;
    const d = describe(sa, sb);
    out.push({ taskNo, ...(no !== undefined ? { no } : {}), field, a: sa, b: sb, hunks: d.hunks, summary: d.summary });
  };
  for (const d of ra.directions) {
    const o = rb.directions.find((x) => x.no === d.no);
    push(null, 'direction_title', d.title, o?.title ?? '', d.no);
  }
  for (const d of rb.directions) if (!ra.directions.some((x) => x.no === d.no)) push(null, 'direction_title', '', d.title, d.no);
  for (const m of ra.measures) {
    const o = rb.measures.find((x) => x.no === m.no);
    push(null, 'measure_title', m.title, o?.title ?? '', m.no);
  }
  for (const m of rb.measures) if (!ra.measures.some((x) => x.no === m.no)) push(null, 'measure_title', '', m.title, m.no);
  const nos = [...new Set([...ra.tasks.map((t) => t.no), ...rb.tasks.map((t) => t.no)])].sort((x, y) => x - y);
  for (const no of nos) {
    const ta = ra.tasks.find((t) => t.no === no);
    const tb = rb.tasks.find((t) => t.no === no);
    if (!ta || !tb) {
      out.push({ taskNo: no, field: 'missing', a: ta ? '有' : '无', b: tb ? '有' : '无', hunks: [], summary: `第 ${no} 项只在${ta ? '前' : '后'}一份中出现` });
      continue;
    }
    push(no, 'text', ta.raw.text, tb.raw.text);
    push(no, 'direction_label', ta.raw.direction, tb.raw.direction);
    push(no, 'measure_label', ta.raw.measure, tb.raw.measure);
    push(no, 'departments', ta.raw.departments, tb.raw.departments);
    if (ta.raw.movedFromNextRow !== tb.raw.movedFromNextRow) {
      const w = (t: ParsedTask) => (t.raw.movedFromNextRow ? `方向/措施/部门写在第 ${no + 1} 项行上` : '方向/措施/部门在本行');
      out.push({ taskNo: no, field: 'layout', a: w(ta), b: w(tb), hunks: [], summary: `${w(ta)} → ${w(tb)}` });
    }
  }
  return out;
}
