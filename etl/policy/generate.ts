/**
 * The generated part of data/policy/liaoning.yaml (directions, measures, tasks) from the parser,
 * between two marker lines, so `cli.ts tasks --write` can regenerate it and a test can check that
 * the YAML and the parser output on the shipped text never drift apart.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Document, isMap, isSeq, type YAMLMap } from 'yaml';
import { parseTaskList, toChineseNumeral, type TaskListResult } from './parse-tasks';
import { POLICY_DIR, POLICY_TEXT_DIR } from './paths';

export const GENERATED_BEGIN = '# >>> 以下由 `npx tsx etl/policy/cli.ts tasks --write` 生成';
export const GENERATED_END = '# <<< 生成内容结束';

export interface ProfileTaskSections {
  directions: { no: number; title: string; clause: string }[];
  measures: { no: number; title: string; clause: string; direction_no: number; departments: string[] }[];
  tasks: {
    no: number;
    direction_no: number;
    direction: string;
    measure_no: number;
    measure: string;
    text: string;
    lead: string;
    support: string[];
    dept_source: 'table' | 'inherited' | 'body';
  }[];
}

/** The profile sections (snake_case, as in the YAML) of a parse result. */
export function toProfileSections(r: TaskListResult, prefix = '辽宁'): ProfileTaskSections {
  return {
    directions: r.directions.map((d) => ({ no: d.no, title: d.title, clause: `${prefix} ${toChineseNumeral(d.no)}、` })),
    measures: r.measures.map((m) => ({
      no: m.no,
      title: m.title,
      clause: `${prefix}（${toChineseNumeral(m.no)}）`,
      direction_no: m.directionNo,
      departments: m.departments
    })),
    tasks: r.tasks.map((t) => ({
      no: t.no,
      direction_no: t.directionNo,
      direction: t.direction,
      measure_no: t.measureNo,
      measure: t.measure,
      text: t.text,
      lead: t.lead,
      support: t.support,
      dept_source: t.deptSource
    }))
  };
}

/** Parses a shipped text file (name under data/policy/text). */
export function parseShippedText(file: string): TaskListResult {
  return parseTaskList(readFileSync(path.join(POLICY_TEXT_DIR, file), 'utf8'));
}

/** The YAML of the generated block (without the marker lines). */
export function renderSections(s: ProfileTaskSections, sourceFile: string): string {
  const doc = new Document(s);
  // short lists in flow style: [省科技厅, 省教育厅]
  const flowLists = (node: unknown, keys: string[]) => {
    if (!isSeq(node)) return;
    for (const item of node.items) {
      if (!isMap(item)) continue;
      for (const k of keys) {
        const v = (item as YAMLMap).get(k, true);
        if (isSeq(v)) v.flow = true;
      }
    }
  };
  flowLists(doc.get('measures', true), ['departments']);
  flowLists(doc.get('tasks', true), ['support']);
  const dirs = doc.get('directions', true);
  if (isSeq(dirs)) for (const it of dirs.items) if (isMap(it)) it.flow = true;
  const head =
    `# 来源：data/policy/text/${sourceFile}（正文标题给出规范名称；表格给出任务与责任部门）。\n` +
    '# dept_source：table = 表格本行写明；inherited = 本行空白，沿用本措施第一个写明部门的任务；\n' +
    '#              body = 本措施在表格中均未写明，取正文措施后的“（…按职责分工负责）”。\n' +
    '# lead 为牵头部门（第一个列出的部门），support 为配合部门。\n';
  return head + doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** Replaces the generated block of a profile YAML text; throws if the markers are missing. */
export function replaceGeneratedBlock(yamlText: string, block: string): string {
  const lines = yamlText.split('\n');
  const b = lines.findIndex((l) => l.startsWith(GENERATED_BEGIN));
  const e = lines.findIndex((l, i) => i > b && l.startsWith(GENERATED_END));
  if (b < 0 || e < 0) throw new Error(`找不到生成区标记（${GENERATED_BEGIN} … ${GENERATED_END}）`);
  return [...lines.slice(0, b + 1), block.replace(/\n+$/, ''), ...lines.slice(e)].join('\n');
}

/** Regenerates the generated block of data/policy/<id>.yaml from its document file; returns whether it changed. */
export function writeGeneratedSections(opts: { id?: string; sourceFile: string; dir?: string }): { file: string; changed: boolean; result: TaskListResult } {
  const dir = opts.dir ?? POLICY_DIR;
  const file = path.join(dir, `${opts.id ?? 'liaoning'}.yaml`);
  const result = parseShippedText(opts.sourceFile);
  const before = readFileSync(file, 'utf8');
  const after = replaceGeneratedBlock(before, renderSections(toProfileSections(result), opts.sourceFile));
  if (after !== before) writeFileSync(file, after);
  return { file, changed: after !== before, result };
}
