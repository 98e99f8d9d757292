import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getDepartment } from '../../etl/policy/departments';
import {
  compareExtractions,
  parseChineseNumeral,
  parseTaskList,
  toChineseNumeral,
  type TaskListResult
} from '../../etl/policy/parse-tasks';
import { POLICY_TEXT_DIR } from '../../etl/policy/paths';

const text000 = readFileSync(path.join(POLICY_TEXT_DIR, '000_d3c7eef202df4041.txt'), 'utf8');
const text001 = readFileSync(path.join(POLICY_TEXT_DIR, '001_1f7518655a7a5801.txt'), 'utf8');
const r000 = parseTaskList(text000);
const r001 = parseTaskList(text001);
const both: [string, TaskListResult][] = [
  ['000', r000],
  ['001', r001]
];

const task = (r: TaskListResult, no: number) => {
  const t = r.tasks.find((x) => x.no === no);
  if (!t) throw new Error(`no task ${no}`);
  return t;
};

const DIRECTIONS = [
  '进一步扩大职务科技成果自主权',
  '创新职务科技成果转化方式',
  '加强职务科技成果转化支撑服务体系建设',
  '健全职务科技成果转化激励机制'
];
const MEASURES = [
  '推广实施职务科技成果赋权改革',
  '建立职务科技成果资产单列管理制度',
  '允许横向科研项目结余经费出资科技成果转化',
  '扩大职务科技成果定价自主权',
  '推行“先使用后付费”成果转化模式',
  '探索“权益让渡”转化方式',
  '探索“先投后股”支持方式',
  '开展科技成果转化“双向揭榜挂帅”',
  '构建金融支撑职务科技成果转化体系',
  '加强专业化技术转移转化机构建设',
  '加强技术经理人队伍建设',
  '完善职务科技成果权益激励机制',
  '强化科技成果转化绩效评价导向',
  '健全科技成果转化尽职免责制度',
  '强化科技安全和科技伦理治理'
];
// 每项措施的任务序号范围（两份抽取相同）
const MEASURE_OF_TASK = [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 7, 8, 9, 9, 9, 10, 10, 10, 10, 10, 11, 11, 12, 12, 13, 13, 13, 14, 14, 14, 15, 15, 15];

describe('中文数字', () => {
  it('parses and formats 1–99', () => {
    expect(parseChineseNumeral('一')).toBe(1);
    expect(parseChineseNumeral('十')).toBe(10);
    expect(parseChineseNumeral('十五')).toBe(15);
    expect(parseChineseNumeral('二十三')).toBe(23);
    expect(parseChineseNumeral('十十')).toBeNull();
    expect(parseChineseNumeral('五一')).toBeNull();
    expect(parseChineseNumeral('abc')).toBeNull();
    for (let n = 1; n < 100; n++) expect(parseChineseNumeral(toChineseNumeral(n))).toBe(n);
  });
});

describe.each(both)('工作任务清单 %s', (_name, r) => {
  it('has 43 tasks numbered 1–43, 4 directions and 15 measures', () => {
    expect(r.tasks.map((t) => t.no)).toEqual(Array.from({ length: 43 }, (_, i) => i + 1));
    expect(r.directions.map((d) => d.title)).toEqual(DIRECTIONS);
    expect(r.measures.map((m) => m.title)).toEqual(MEASURES);
    expect(r.measures.map((m) => m.directionNo)).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4, 4, 4]);
  });

  it('puts every task under the right measure and direction, with canonical names', () => {
    expect(r.tasks.map((t) => t.measureNo)).toEqual(MEASURE_OF_TASK);
    for (const t of r.tasks) {
      expect(t.measure).toBe(MEASURES[t.measureNo - 1]);
      expect(t.direction).toBe(DIRECTIONS[t.directionNo - 1]);
      expect(t.directionNo).toBe(r.measures[t.measureNo - 1]!.directionNo);
      // each task text is found in the body under its own measure
      expect(t.bodyMatch?.measureNo).toBe(t.measureNo);
    }
  });

  it('strips stray tags and gives every task departments with lead and support', () => {
    for (const t of r.tasks) {
      expect(t.text).not.toMatch(/<|>|\*\*/);
      expect(t.raw.measure).not.toMatch(/<|>/);
      expect(t.departments.length).toBeGreaterThan(0);
      expect(t.lead).toBe(t.departments[0]);
      expect(t.support).toEqual(t.departments.slice(1));
      for (const d of t.departments) expect(getDepartment(d), d).toBeDefined();
    }
  });

  it('task 3 is assigned to the research units themselves', () => {
    const t = task(r, 3);
    expect(t.departments).toEqual(['科研单位']);
    expect(t.lead).toBe('科研单位');
    expect(t.support).toEqual([]);
    expect(getDepartment(t.lead)?.kind).toBe('research_units');
  });

  it('task 7: lead 省科技厅, 省税务局 among support', () => {
    const t = task(r, 7);
    expect(t.lead).toBe('省科技厅');
    expect(t.support).toContain('省税务局');
    expect(t.departments).toEqual(['省科技厅', '省机关事务管理局', '省税务局', '省教育厅', '省卫生健康委']);
  });

  it('task 29 lead 省教育厅 (its own row lists it first)', () => {
    expect(task(r, 29).lead).toBe('省教育厅');
    expect(task(r, 29).support).toEqual(['省科技厅', '省工业和信息化厅']);
    expect(task(r, 29).deptSource).toBe('table');
  });

  it('task 41 belongs to measure 15 with 省科技厅, 省商务厅', () => {
    const t = task(r, 41);
    expect(t.measureNo).toBe(15);
    expect(t.directionNo).toBe(4);
    expect(t.departments).toEqual(['省科技厅', '省商务厅']);
    expect(t.deptSource).toBe('table');
    expect(task(r, 42).deptSource).toBe('inherited');
    expect(task(r, 42).departments).toEqual(['省科技厅', '省商务厅']);
  });

  it('task 26 sits in direction 3 with its full name', () => {
    const t = task(r, 26);
    expect(t.directionNo).toBe(3);
    expect(t.direction).toBe('加强职务科技成果转化支撑服务体系建设');
    expect(t.measureNo).toBe(10);
  });

  it('blank 责任部门 inherit the first task of the measure that states them', () => {
    expect(task(r, 2).deptSource).toBe('inherited');
    expect(task(r, 2).departments).toEqual(task(r, 1).departments);
    expect(task(r, 40).deptSource).toBe('inherited');
    expect(task(r, 40).departments).toEqual(task(r, 38).departments);
  });

  it('reads the body parenthetical across a line break inside a department name', () => {
    // 000/001 break 省机关\n\n事务管理局 in the parenthetical of (一)
    expect(r.measures[0]!.departments).toEqual(['省科技厅', '省机关事务管理局', '省教育厅', '省卫生健康委', '省知识产权局']);
    expect(r.measures[2]!.departments).toEqual(['省科技厅', '省机关事务管理局', '省税务局', '省教育厅', '省卫生健康委']);
    expect(r.measures[9]!.departments).toEqual(['省科技厅', '省教育厅', '省工业和信息化厅', '省人力资源社会保障厅']);
  });
});

describe('两份抽取', () => {
  it('give identical directions, measures and departments per task', () => {
    const shape = (r: TaskListResult) =>
      r.tasks.map((t) => ({ no: t.no, d: t.directionNo, dn: t.direction, m: t.measureNo, mn: t.measure, deps: t.departments, lead: t.lead, support: t.support }));
    expect(shape(r001)).toEqual(shape(r000));
    expect(r001.measures.map((m) => [m.title, m.departments])).toEqual(r000.measures.map((m) => [m.title, m.departments]));
  });

  it('differ only in where task 7–9 departments come from', () => {
    const src = (r: TaskListResult) => r.tasks.map((t) => t.deptSource);
    const diff = r000.tasks.filter((t, i) => t.deptSource !== src(r001)[i]).map((t) => t.no);
    expect(diff).toEqual([7, 8, 9]);
    expect([7, 8, 9].map((n) => task(r000, n).deptSource)).toEqual(['table', 'inherited', 'inherited']);
    expect([7, 8, 9].map((n) => task(r001, n).deptSource)).toEqual(['body', 'body', 'body']);
  });

  it('001: the labels of task 41 written on task 42’s row are moved back, with a warning', () => {
    expect(task(r001, 41).raw.movedFromNextRow).toBe(true);
    expect(task(r001, 41).raw.measure).toMatch(/十五/);
    expect(task(r001, 42).raw.measure).toBe('');
    expect(r001.warnings.some((w) => w.includes('第 41 项') && w.includes('第 42 项'))).toBe(true);
    expect(task(r000, 41).raw.movedFromNextRow).toBe(false);
    expect(r000.warnings.some((w) => w.includes('低一行'))).toBe(false);
  });

  it('report table labels that differ from the body headings', () => {
    const brief = (r: TaskListResult) => r.labelMismatches.map((m) => [m.kind, m.no, m.table, m.truncated, m.tasks]);
    expect(brief(r000)).toEqual([
      ['direction', 3, '加强职务科技成果转化支撑服务体系', true, [23]],
      ['direction', 3, '加强职务科技成果转化支撑服务体系建', true, [26, 31]],
      ['measure', 12, '完善职务科技成果转化权益激励机制', false, [33]]
    ]);
    expect(brief(r001)).toEqual([['direction', 3, '加强职务科技成果转化支撑服务体系体系建设', false, [31]]]);
  });

  it('compareExtractions lists the wording differences', () => {
    const diffs = compareExtractions(text000, text001);
    expect(diffs.map((d) => [d.taskNo, d.field, d.a, d.b])).toEqual([
      [4, 'text', expect.stringContaining('区别于现行国有资产管理的管理制度'), expect.stringContaining('区别于现行国有资产的管理制度')],
      [7, 'departments', '省科技厅、省机关事务管理局、省税务局、省教育厅、省卫生健康委按职责分工负责', ''],
      [10, 'text', expect.stringContaining('职务科技成果转让、许可'), expect.stringContaining('职务科技成果转化、许可')],
      [23, 'direction_label', '三、加强职务科技成果转化支撑服务体系', '三、加强职务科技成果转化支撑服务体系建设'],
      [26, 'direction_label', '三、加强职务科技成果转化支撑服务体系建', '三、加强职务科技成果转化支撑服务体系建设'],
      [31, 'direction_label', '三、加强职务科技成果转化支撑服务体系建', '三、加强职务科技成果转化支撑服务体系体系建设'],
      [33, 'measure_label', '(十二)完善职务科技成果转化权益激励机制', '(十二)完善职务科技成果权益激励机制'],
      [41, 'layout', '方向/措施/部门在本行', '方向/措施/部门写在第 42 项行上']
    ]);
    const d4 = diffs[0]!;
    expect(d4.hunks).toEqual([{ a: '管理', b: '' }]);
    const d10 = diffs[2]!;
    expect(d10.hunks).toEqual([
      { a: '让', b: '化' },
      { a: '让', b: '化' }
    ]);
    expect(d10.summary).toContain('转让、许可 → ');
    // identical inputs: no differences; order matters (a → b)
    expect(compareExtractions(r000, r000)).toEqual([]);
    expect(compareExtractions(r001, r000).map((d) => d.taskNo)).toEqual([4, 7, 10, 23, 26, 31, 33, 41]);
  });
});

describe('robustness', () => {
  const shape = (r: TaskListResult) => r.tasks.map((t) => [t.no, t.measureNo, t.directionNo, t.departments.join('、')].join('|'));

  it('reads CRLF line ends and a BOM', () => {
    const r = parseTaskList('\uFEFF' + text001.replace(/\n/g, '\r\n'));
    expect(shape(r)).toEqual(shape(r000));
  });

  it('moves labels that sit one row low elsewhere too (task 16 → 17 row)', () => {
    const lines = text000.split('\n');
    const i16 = lines.findIndex((l) => l.startsWith('16\t'));
    const c16 = lines[i16]!.split('\t');
    const c17 = lines[i16 + 1]!.split('\t');
    lines[i16] = [c16[0], '', '', c16[3], ''].join('\t');
    lines[i16 + 1] = [c17[0], c16[1], c16[2], c17[3], c16[4]].join('\t');
    const r = parseTaskList(lines.join('\n'));
    expect(shape(r)).toEqual(shape(r000));
    expect(r.warnings.some((w) => w.includes('第 16 项') && w.includes('低一行'))).toBe(true);
  });

  it('does not move labels when the blank row really belongs to the measure above', () => {
    // task 40 (measure 14) at the top of a block with blank cells: merged-cell rule, no move
    const lines = text000.split('\n');
    const i40 = lines.findIndex((l) => l.startsWith('40\t'));
    lines.splice(i40, 0, '', '序号\t重点方向\t工作措施\t重点工作任务\t责任部门');
    const r = parseTaskList(lines.join('\n'));
    expect(shape(r)).toEqual(shape(r000));
    expect(r.warnings.some((w) => w.includes('低一行'))).toBe(false);
  });

  it('joins a cell broken over two lines', () => {
    const broken = text000.replace('依托国有平台公司代投并持有相应股权。', '依托国有平台公司\n代投并持有相应股权。');
    expect(broken).not.toBe(text000);
    const r = parseTaskList(broken);
    expect(task(r, 19).text).toBe(task(r000, 19).text);
    expect(shape(r)).toEqual(shape(r000));
  });

  it('falls back to table labels and warns without a body', () => {
    const table = text000.slice(text000.indexOf('序号\t重点方向'));
    const r = parseTaskList(table);
    expect(r.tasks).toHaveLength(43);
    expect(r.measures).toHaveLength(15);
    expect(r.measures[11]!.title).toBe('完善职务科技成果转化权益激励机制');
    expect(r.directions[2]!.title).toBe('加强职务科技成果转化支撑服务体系建');
    expect(r.warnings.some((w) => w.includes('正文中未找到工作措施标题'))).toBe(true);
  });

  it('reports a text without the task list', () => {
    const r = parseTaskList('没有表格的文本');
    expect(r.tasks).toEqual([]);
    expect(r.warnings[0]).toContain('未找到工作任务清单表头');
  });
});
