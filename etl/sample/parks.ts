/**
 * 大学科技园与孵化器年度评估（2022–2025）。mixed 模式每年一个 .xlsx（exceljs 写出：合并的标题行、
 * 表头上方的制表信息、真实日期单元格、文本形式的数字、合计行、空行、表尾说明）；csv 模式写 CSV。
 * 评估等级由得分决定（≥90 优秀、≥80 良好、≥60 合格），每年约 22%–28% 为优秀。
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { Rng } from './rng';
import { ymdToDays, daysToYmd } from './dates';
import { col } from './spec';
import { TableFile, fmtNum } from './table';
import { YEARS, type Unit } from './model';
import { PLACES } from './names';
import { record, type GenContext } from './context';
import type { MessEntry } from './mess';
import type { FileStat } from './table';

interface Park {
  name: string;
  category: '大学科技园' | '孵化器';
  level: '国家级' | '省级' | '市级';
  host: string;
  quality: number;
  firstYear: number;
  scale: number;
}

interface EvalRow {
  year: number;
  park: Park;
  score: number;
  grade: '优秀' | '良好' | '合格' | '不合格';
  incubating: number;
  graduated: number;
  award: number | null;
}

const INCUBATOR_FIELDS = ['智能制造', '生物医药', '新材料', '数字经济', '海洋科技', '新能源', '现代农业', '集成电路', '机器人', '医疗器械', '工业软件', '节能环保'];
const INCUBATOR_SUFFIX = ['科技企业孵化器', '创业孵化基地', '孵化器', '科创孵化中心'];
const EXCELLENT_SHARE: Record<number, number> = { 2022: 0.22, 2023: 0.24, 2024: 0.26, 2025: 0.28 };

function gradeOf(score: number): EvalRow['grade'] {
  return score >= 90 ? '优秀' : score >= 80 ? '良好' : score >= 60 ? '合格' : '不合格';
}

function buildParks(seed: number, units: Unit[]): Park[] {
  const rng = Rng.stream(seed, 'parks');
  const n = units.length;
  const nParks = Math.max(2, Math.round(n / 15));
  const nInc = Math.max(4, Math.round((n * 40) / 150));
  const universities = rng.shuffle(units.filter((u) => u.type === '高校'));
  const institutes = units.filter((u) => u.type === '科研院所');
  const used = new Set<string>();
  const parks: Park[] = [];
  for (let i = 0; i < nParks; i++) {
    const host = universities[i % Math.max(1, universities.length)]?.name ?? `${rng.pick(PLACES)}理工大学`;
    const level = rng.weighted([['国家级', 3], ['省级', 7]] as const);
    let name = level === '国家级' ? `${host}国家大学科技园` : `${host}科技园`;
    if (used.has(name)) name = `${host}第${i + 1}科技园`;
    used.add(name);
    parks.push({ name, category: '大学科技园', level, host, quality: rng.normal(), firstYear: rng.chance(0.85) ? 2022 : rng.int(2023, 2024), scale: rng.lognormal(0, 0.4) });
  }
  for (let i = 0; i < nInc; i++) {
    let name = '';
    for (let t = 0; t < 50 && (name === '' || used.has(name)); t++) name = `${rng.pick(PLACES)}${rng.pick(INCUBATOR_FIELDS)}${rng.pick(INCUBATOR_SUFFIX)}`;
    if (used.has(name)) name = `${name}（${i + 1}）`;
    used.add(name);
    const level = rng.weighted([['国家级', 15], ['省级', 45], ['市级', 40]] as const);
    const hostKind = rng.next();
    const host = hostKind < 0.3 && universities.length ? rng.pick(universities).name
      : hostKind < 0.5 && institutes.length ? rng.pick(institutes).name
      : hostKind < 0.75 ? `${rng.pick(PLACES)}高新技术产业开发区管理委员会`
      : `${rng.pick(PLACES)}${rng.pick(['启航', '众创', '智汇', '星火', '远帆'])}孵化器运营管理有限公司`;
    parks.push({ name, category: '孵化器', level, host, quality: rng.normal(), firstYear: rng.chance(0.88) ? 2022 : rng.int(2023, 2025), scale: rng.lognormal(level === '国家级' ? 0.5 : level === '省级' ? 0 : -0.4, 0.4) });
  }
  // 一个规模很大的国家级孵化器（在孵企业数过千，xlsx 中以“1,234”文本写出）
  const big = parks.find((p) => p.category === '孵化器' && p.level === '国家级');
  if (big) big.scale = 24;
  return parks;
}

function evaluate(seed: number, parks: Park[], rule: AwardRule): Map<number, EvalRow[]> {
  const out = new Map<number, EvalRow[]>();
  for (const y of YEARS) {
    const rng = Rng.stream(seed, `park-eval:${y}`);
    const active = parks.filter((p) => p.firstYear <= y);
    const raw = active.map((p) => 84 + 5.5 * p.quality + 3 * rng.normal() + (p.quality < -1.8 ? -20 : 0));
    // 平移使优秀（≥ 90 分）恰占 EXCELLENT_SHARE
    const sorted = [...raw].sort((a, b) => b - a);
    const kx = Math.max(1, Math.round(EXCELLENT_SHARE[y]! * active.length));
    const kth = sorted[kx - 1]!;
    const shift = 90.25 - kth;
    const rows: EvalRow[] = active.map((p, i) => {
      let score = Math.round(Math.min(99.5, Math.max(35, raw[i]! + shift)) * 2) / 2;
      // 只有前 kx 名 ≥ 90，其余压到 89.5 以下
      const rank = sorted.indexOf(raw[i]!);
      if (rank >= kx && score >= 90) score = 89.5;
      if (rank < kx && score < 90) score = 90;
      const grade = gradeOf(score);
      const incubating = Math.max(5, Math.round((p.category === '大学科技园' ? 60 : 45) * p.scale * (1 + 0.06 * (y - 2022)) * rng.float(0.85, 1.15)));
      const graduated = Math.max(0, Math.round(incubating * rng.float(0.05, 0.18)));
      return { year: y, park: p, score, grade, incubating, graduated, award: null };
    });
    // 申请奖励：符合条件的优秀载体多数申请（≤ 50 万元）；个别不符合条件的也申请，一家申请超过上限
    let overCap = false, gradeTooLow = false;
    for (const r of rows) {
      if (isEligible(rule, r)) {
        if (rng.chance(0.85)) r.award = rng.chance(0.6) ? rule.maxWan : Math.round(rule.maxWan * rng.pick([0.4, 0.6, 0.7, 0.8, 0.9]));
        if (!overCap && r.award !== null && y === 2024) { r.award = Math.round(rule.maxWan * 1.6); overCap = true; }
      } else if (r.grade === '优秀' && rng.chance(0.3)) r.award = rule.maxWan; // 级别不够（市级孵化器）
      else if (!gradeTooLow && r.grade === '良好' && y === 2025) { r.award = Math.round(rule.maxWan * 0.6); gradeTooLow = true; }
    }
    out.set(y, rows);
  }
  return out;
}

/** 奖补规则（默认配置 awards；缺省为辽宁（十）：优秀的大学科技园、优秀的省级以上孵化器，每家不超过 50 万元）。 */
export interface AwardRule { maxWan: number; grades: string[]; minLevel: Record<string, string | undefined> }

const LEVEL_RANK: Record<string, number> = { 市级: 0, 省级: 1, 国家级: 2 };

export function awardRule(ctx: GenContext): AwardRule {
  const a = ctx.policy.profile.awards;
  if (!a) return { maxWan: 50, grades: ['优秀'], minLevel: { 大学科技园: undefined, 孵化器: '省级' } };
  return { maxWan: a.max_award_wan, grades: a.eligible_grades, minLevel: Object.fromEntries(a.categories.map((c) => [c.category, c.min_level])) };
}

function isEligible(rule: AwardRule, r: EvalRow): boolean {
  if (!rule.grades.includes(r.grade) || !(r.park.category in rule.minLevel)) return false;
  const min = rule.minLevel[r.park.category];
  return min === undefined || LEVEL_RANK[r.park.level]! >= LEVEL_RANK[min]!;
}

function eligibilityNote(rule: AwardRule, r: EvalRow): { code: string; what: string; expected: string } | null {
  if (r.award === null) return null;
  const eligible = isEligible(rule, r);
  if (!eligible && r.grade === '优秀') return { code: 'award_level_ineligible', what: `${r.park.level}孵化器评为优秀并申请奖励 ${r.award} 万元`, expected: '入库；奖补资格页列为不符合（须省级以上孵化器，辽宁（十））' };
  if (!eligible) return { code: 'award_grade_ineligible', what: `评估等级为${r.grade}却申请奖励 ${r.award} 万元`, expected: '入库；奖补资格页列为不符合（须年度评估优秀，辽宁（十））' };
  if (r.award > rule.maxWan) return { code: 'award_over_cap', what: `申请奖励 ${r.award} 万元，超过每家 ${rule.maxWan} 万元上限`, expected: `入库；奖补资格页符合条件，但分配不超过 ${rule.maxWan} 万元` };
  return null;
}

export async function writeParks(ctx: GenContext): Promise<Record<string, unknown>> {
  const { opts } = ctx;
  const parks = buildParks(opts.seed, ctx.units);
  const rule = awardRule(ctx);
  const evals = evaluate(opts.seed, parks, rule);
  let rows = 0, excellent = 0;
  for (const y of YEARS) {
    const list = evals.get(y)!;
    rows += list.length;
    excellent += list.filter((r) => r.grade === '优秀').length;
    if (opts.formats === 'mixed') await writeXlsx(ctx, y, list, rule);
    else writeCsv(ctx, y, list, rule);
  }
  return {
    parks: parks.filter((p) => p.category === '大学科技园').length,
    incubators: parks.filter((p) => p.category === '孵化器').length,
    incubatorsByLevel: Object.fromEntries(['国家级', '省级', '市级'].map((l) => [l, parks.filter((p) => p.category === '孵化器' && p.level === l).length])),
    parkEvaluationRows: rows,
    excellentSharePct: Math.round((excellent / Math.max(1, rows)) * 1000) / 10,
  };
}

function writeCsv(ctx: GenContext, y: number, list: EvalRow[], rule: AwardRule) {
  const P = ctx.cols.park_evaluations;
  const rel = `园区孵化器/科技园与孵化器年度评估_${y}.csv`;
  const tf = new TableFile(ctx.opts.out, rel, P);
  for (const r of list) {
    const f = new Array<string>(P.names.length).fill('');
    f[col(P, 'year')] = String(y);
    f[col(P, 'name')] = r.park.name;
    f[col(P, 'category')] = r.park.category;
    f[col(P, 'level')] = r.park.level;
    f[col(P, 'host_unit')] = r.park.host;
    f[col(P, 'score')] = fmtNum(r.score);
    f[col(P, 'grade')] = r.grade;
    f[col(P, 'incubating_count')] = String(r.incubating);
    f[col(P, 'graduated_count')] = String(r.graduated);
    if (r.award !== null) f[col(P, 'requested_award_wan')] = fmtNum(r.award);
    const line = tf.write(f);
    const note = eligibilityNote(rule, r);
    if (note) record(ctx, tf, line, f, { entry: { category: 'eligibility', ...note, column: 'requested_award_wan' } }, r.park.name);
  }
  if (y === 2025) {
    const f = new Array<string>(P.names.length).fill('');
    f[col(P, 'year')] = '合计';
    f[col(P, 'incubating_count')] = String(list.reduce((s, r) => s + r.incubating, 0));
    f[col(P, 'requested_award_wan')] = fmtNum(list.reduce((s, r) => s + (r.award ?? 0), 0));
    const line = tf.writeNonData(f);
    record(ctx, tf, line, f, { entry: { category: 'reject', code: 'total_row', what: '表尾“合计”行（非数据行）', expected: '拒绝（或识别为合计行跳过并记录）：不是一个载体', column: 'year' } });
  }
  ctx.files.push(tf.close('CSV UTF-8（规范表头）'));
}

/** xlsx 里固定的时间（由 as-of 推出），保证逐字节可复现。 */
function fixedDate(days: number): Date {
  const [y, m, d] = daysToYmd(days);
  return new Date(Date.UTC(y, m - 1, d));
}

async function writeXlsx(ctx: GenContext, y: number, list: EvalRow[], rule: AwardRule) {
  const P = ctx.cols.park_evaluations;
  const rel = `园区孵化器/科技园与孵化器年度评估_${y}.xlsx`;
  const rename: Record<string, string> = y === 2023 ? { name: '载体名称', category: '载体类别', score: '得分', grade: '评估结果' } : {};
  const headers = P.names.map((n, i) => rename[n] ?? P.headers[i]!);
  const wb = new ExcelJS.Workbook();
  const made = fixedDate(ymdToDays(y + 1, 3, 16));
  wb.creator = '省科技厅成果转化处';
  wb.lastModifiedBy = '省科技厅成果转化处';
  wb.created = made;
  wb.modified = made;
  const ws = wb.addWorksheet(`${y}年度评估结果`);
  const ncol = headers.length;
  const lastCol = String.fromCharCode(64 + ncol);
  ws.mergeCells(`A1:${lastCol}1`);
  ws.getCell('A1').value = `${y}年度大学科技园和科技企业孵化器评估结果汇总表`;
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  // 第 2 行：制表信息（制表日期为真实的日期单元格）
  ws.getCell('A2').value = '填报单位：省科技厅（盖章）';
  ws.getCell(`${String.fromCharCode(64 + ncol - 2)}2`).value = '制表日期：';
  const dateCell = ws.getCell(`${String.fromCharCode(64 + ncol - 1)}2`);
  dateCell.value = made;
  dateCell.numFmt = 'yyyy-mm-dd';
  const header = ws.getRow(3);
  headers.forEach((h, i) => (header.getCell(i + 1).value = h));
  header.font = { bold: true };
  ws.columns.forEach((c, i) => (c.width = i === 1 || i === 4 ? 34 : 12));

  const idx = (n: string) => col(P, n) + 1;
  const mess: MessEntry[] = [];
  const add = (line: number, column: string, value: string, category: MessEntry['category'], code: string, what: string, expected: string, unit?: string) =>
    mess.push({ file: rel, line, column: headers[col(P, column)]!, value, category, code, what, expected, ...(unit ? { unit } : {}) });
  let r = 4;
  let textScores = 0, textAwards = 0, blankInserted = false, nonData = 0;
  const rng = Rng.stream(ctx.opts.seed, `xlsx:${y}`);
  const firstData = r;
  for (let i = 0; i < list.length; i++) {
    const e = list[i]!;
    if (y === 2024 && !blankInserted && i === Math.floor(list.length / 2)) {
      // 中间的空行
      blankInserted = true;
      nonData++;
      add(r, 'year', '', 'normalize', 'blank_row', '表格中间的空行', '跳过空行（不是数据行，不计入拒绝）');
      r++;
    }
    const row = ws.getRow(r);
    row.getCell(idx('year')).value = y;
    row.getCell(idx('name')).value = e.park.name;
    row.getCell(idx('category')).value = e.park.category;
    row.getCell(idx('level')).value = e.park.level;
    row.getCell(idx('host_unit')).value = e.park.host;
    if (textScores < 2 && rng.chance(0.1)) {
      textScores++;
      row.getCell(idx('score')).value = fmtNum(e.score);
      add(r, 'score', fmtNum(e.score), 'normalize', 'number_as_text', '评估得分以文本形式存储', '按数值读入');
    } else row.getCell(idx('score')).value = e.score;
    row.getCell(idx('grade')).value = e.grade;
    if (e.incubating >= 1000) {
      const s = e.incubating.toLocaleString('en-US');
      row.getCell(idx('incubating_count')).value = s;
      add(r, 'incubating_count', s, 'normalize', 'number_as_text', '在孵企业数写作带千位分隔符的文本', `按数值 ${e.incubating} 读入`);
    } else row.getCell(idx('incubating_count')).value = e.incubating;
    row.getCell(idx('graduated_count')).value = e.graduated;
    if (e.award !== null) {
      if (textAwards < 3 && rng.chance(0.4)) {
        textAwards++;
        const s = textAwards === 2 ? `${e.award.toFixed(1)}万元` : `${e.award}万元`;
        row.getCell(idx('requested_award_wan')).value = s;
        add(r, 'requested_award_wan', s, 'normalize', 'number_as_text', '申请奖励写作带“万元”的文本', `按数值 ${e.award} 读入`);
      } else row.getCell(idx('requested_award_wan')).value = e.award;
    }
    const note = eligibilityNote(rule, e);
    if (note) add(r, 'requested_award_wan', String(e.award), 'eligibility', note.code, note.what, note.expected, e.park.name);
    r++;
  }
  const lastData = r - 1;
  if (y >= 2024) {
    const row = ws.getRow(r);
    row.getCell(1).value = '合计';
    const sumCol = (n: string, result: number) => {
      const L = String.fromCharCode(64 + idx(n));
      row.getCell(idx(n)).value = { formula: `SUM(${L}${firstData}:${L}${lastData})`, result };
    };
    sumCol('incubating_count', list.reduce((s, e) => s + e.incubating, 0));
    sumCol('graduated_count', list.reduce((s, e) => s + e.graduated, 0));
    sumCol('requested_award_wan', list.reduce((s, e) => s + (e.award ?? 0), 0));
    row.font = { bold: true };
    nonData++;
    add(r, 'year', '合计', 'reject', 'total_row', '表尾“合计”行（公式，带缓存结果）', '拒绝（或识别为合计行跳过并记录）：不是一个载体');
    r++;
  }
  // 表尾说明（空一行）
  r++;
  const notes = [
    '注：1. 评估等级分为优秀（90分及以上）、良好（80–89.5分）、合格（60–79.5分）、不合格（60分以下）。',
    '2. 申请奖励仅限年度评估优秀的大学科技园和省级以上孵化器，每家不超过50万元。',
  ];
  notes.push('填表人：省科技厅成果转化处    联系电话：024-0000000');
  for (const n of notes) {
    if (!n.startsWith('填表人')) ws.mergeCells(`A${r}:${lastCol}${r}`);
    ws.getCell(`A${r}`).value = n;
    add(r, 'year', n, 'reject', 'note_row', '表格下方的说明行（非数据行）', '不作为数据导入；记入拒绝表（原因：表格下方的说明或备注行）');
    r++;
  }
  // 最后一行：标签与日期单元格（数据截至：| 2025-12-31）
  ws.getCell(`A${r}`).value = '数据截至：';
  const asOfCell = ws.getCell(`B${r}`);
  asOfCell.value = fixedDate(ymdToDays(y, 12, 31));
  asOfCell.numFmt = 'yyyy"年"m"月"d"日"';
  add(r, 'year', '数据截至：', 'reject', 'note_row', '表格下方的“标签：日期”行（非数据行，日期为真实的日期单元格）', '不作为数据导入；记入拒绝表（原因：表格下方的说明或备注行）');
  nonData += 1 + notes.length + 1;

  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  const stable = await stabilizeZip(buf, made);
  const file = path.join(ctx.opts.out, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, stable);
  ctx.mess.push(...mess);
  const stat: FileStat = {
    file: rel,
    kind: 'park_evaluations',
    format: `xlsx（标题行合并、制表日期与表尾“数据截至”为日期单元格${y === 2023 ? '、表头同义词：载体名称、载体类别、得分、评估结果' : ''}${y >= 2024 ? '、合计行' : ''}${y === 2024 ? '、中间空行' : ''}、表尾说明）`,
    rows: r - 3,
    nonDataRows: nonData,
    bytes: stable.length,
    headers,
  };
  ctx.files.push(stat);
}

/** exceljs 经 JSZip 打包时用当前时间作为各条目的修改时间：统一改成固定时间后重新打包。 */
async function stabilizeZip(buf: Buffer, date: Date): Promise<Buffer> {
  const zip = await JSZip.loadAsync(buf);
  const out = new JSZip();
  const names = Object.keys(zip.files);
  for (const name of names) {
    const f = zip.files[name]!;
    if (f.dir) continue;
    out.file(name, await f.async('uint8array'), { date, createFolders: false });
  }
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'DOS' });
}
