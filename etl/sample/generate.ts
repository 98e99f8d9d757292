/**
 * 样例数据生成器：`npm run sample -- --units N --seed S [--out DIR] [--ledger-rows M] [--as-of YYYY-MM-DD] [--formats mixed|csv]`。
 *
 * 同样的选项 → 逐字节相同的文件（子流播种的 sfc32，无 Date.now / Math.random，顺序固定）。
 * 默认选项生成随产品发布的 data/sample/。台账与合同按单位逐个生成、缓冲写出，百万行台账只占很少内存。
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from './rng';
import { parseIsoDate, yearOf, isoDate, ymdToDays } from './dates';
import { contractColumns, col, type KindColumns } from './spec';
import { TableFile, ValueStyle, fmtNum, yesNo, type FileStat, type TableOptions } from './table';
import {
  AmountSampler, buildUnits, generateUnit, YEARS, type Achievement, type Contract, type Unit, type Thresholds,
} from './model';
import { contractViolations, ledgerViolations, type MessEntry, type ViolationSpec } from './mess';
import { loadSamplePolicy, type SamplePolicy } from './policy';
import { writeAnnualReports, emptyAgg, type YearAgg } from './reports';
import { writeParks } from './parks';
import { writeWeekly, type WeeklySummary } from './weekly';
import { renderReadme } from './readme';
import { breakCheckDigit, record, type GenContext, type SampleOptions, type Tag } from './context';
import type { DateStyle } from './dates';

export type { SampleOptions } from './context';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_OUT = path.join(PROJECT_ROOT, 'data', 'sample');
export const DEFAULT_UNITS = 150;
export const DEFAULT_SEED = 2025;
export const DEFAULT_AS_OF = '2026-11-20';
export const LEDGER_ROWS_PER_UNIT = 40;

export function resolveOptions(p: Partial<SampleOptions> = {}): SampleOptions {
  const units = p.units ?? DEFAULT_UNITS;
  if (!Number.isInteger(units) || units < 3) throw new Error(`--units 应为不小于 3 的整数：${units}`);
  const ledgerRows = p.ledgerRows ?? units * LEDGER_ROWS_PER_UNIT;
  if (!Number.isInteger(ledgerRows) || ledgerRows < units) throw new Error(`--ledger-rows 应为不小于单位数的整数：${ledgerRows}`);
  const seed = p.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed)) throw new Error(`--seed 应为整数：${seed}`);
  const asOf = p.asOf ?? DEFAULT_AS_OF;
  const asOfDays = parseIsoDate(asOf);
  if (asOfDays < ymdToDays(2026, 2, 1)) throw new Error(`--as-of 应不早于 2026-02-01（2025 年度报告的截止日之后）：${asOf}`);
  const formats = p.formats ?? 'mixed';
  if (formats !== 'mixed' && formats !== 'csv') throw new Error(`--formats 应为 mixed 或 csv：${formats}`);
  return { units, seed, out: path.resolve(p.out ?? DEFAULT_OUT), ledgerRows, asOf, formats };
}

/** 生成器管理的输出项（重新生成前删除，其他文件不动）。 */
const MANAGED = ['台账', '合同', '年报', '园区孵化器', '周报', 'README.md', 'manifest.json', '.sample-data'];

export interface SampleManifest {
  generator: string;
  options: Omit<SampleOptions, 'out'>;
  units: {
    count: number;
    byType: Record<string, number>;
    byDept: Record<string, number>;
    list?: { name: string; uscc: string; type: string; dept: string; ledgerRows: number }[];
  };
  figures: Record<string, unknown>;
  weekly: WeeklySummary;
  files: FileStat[];
  mess: MessEntry[];
  rules: Record<string, { clause: string; profile: string; inDefault: boolean }>;
}

interface LedgerFileSpec {
  rel: string;
  opts: TableOptions;
  dates: [DateStyle, number][];
  commaP: number;
  /** 赋权方式为“无”时留空 */
  noneBlank: boolean;
  format: string;
}

export async function generateSample(partial: Partial<SampleOptions> = {}): Promise<SampleManifest> {
  const opts = resolveOptions(partial);
  const asOf = parseIsoDate(opts.asOf);
  const policy = loadSamplePolicy();
  const thr = policy.thresholds;
  const cols = contractColumns();
  fs.mkdirSync(opts.out, { recursive: true });
  for (const m of MANAGED) fs.rmSync(path.join(opts.out, m), { recursive: true, force: true });

  const units = buildUnits(opts.seed, opts.units, opts.ledgerRows);
  const ctx: GenContext = { opts, asOf, policy, thr, cols, units, mess: [], files: [] };
  const mixed = opts.formats === 'mixed';
  const L = cols.ledger;
  const C = cols.contracts;

  // ---------------------------------------------------------------- 台账文件
  const deptOrder = ['省教育厅', '省科技厅', '省工业和信息化厅', '省卫生健康委'];
  const deptFileSpec: Record<string, Omit<LedgerFileSpec, 'rel'>> = {
    省教育厅: {
      opts: { rename: { unit_uscc: '统一社会信用代码', unit_name: '单位', title: '科技成果名称' } },
      dates: [['iso', 90], ['slash', 10]], commaP: 0.3, noneBlank: false, format: 'CSV UTF-8（表头同义词：统一社会信用代码、单位、科技成果名称）',
    },
    省科技厅: { opts: {}, dates: [['iso', 95], ['cn', 5]], commaP: 0, noneBlank: true, format: 'CSV UTF-8（规范表头；赋权方式“无”留空）' },
    省工业和信息化厅: { opts: { encoding: 'utf8bom' }, dates: [['slash', 70], ['iso', 30]], commaP: 0.5, noneBlank: false, format: 'CSV UTF-8 带 BOM（日期多为 2023/5/4）' },
    省卫生健康委: {
      opts: {
        encoding: 'gbk', eol: '\r\n',
        rename: { conversion_amount_wan: '转化金额(万元)', appraised_value_wan: '评估价值(万元)', empowerment_years: '赋权期限(年)', inventor_share_pct: '完成人份额(%)' },
      },
      dates: [['iso', 100]], commaP: 0.2, noneBlank: false, format: 'CSV GBK、CRLF 换行（半角括号表头）',
    },
  };
  const perUnit = new Map<number, LedgerFileSpec>();
  const ledgerFiles = new Map<string, TableFile>();
  const ledgerSpecs = new Map<string, LedgerFileSpec>();
  const fileOfUnit: string[] = [];
  let perUnitA: Unit | undefined;
  if (mixed) {
    perUnitA = units.filter((u) => u.type === '高校')[1];
    const b = units.filter((u) => u.dept === '省科技厅')[2];
    if (perUnitA) {
      perUnit.set(perUnitA.idx, {
        rel: `台账/${perUnitA.name}_成果台账.csv`,
        opts: { rename: { acquired_date: '取得日期', inventors: '完成人（团队）', conversion_method: '转化形式' } },
        dates: [['cn', 100]], commaP: 0, noneBlank: false, format: 'CSV UTF-8，单位自报（日期写作 2023年5月4日，表尾有合计行）',
      });
    }
    if (b) {
      perUnit.set(b.idx, {
        rel: `台账/${b.name}_单列管理台账.csv`,
        opts: {
          order: ['achievement_no', 'title', 'achievement_type', 'inventors', 'acquired_date', 'unit_name', 'unit_uscc', 'conversion_status', 'conversion_count',
            'conversion_method', 'conversion_amount_wan', 'empowerment_type', 'empowerment_years', 'inventor_share_pct', 'in_pay_later_pool', 'is_classified'],
          rename: { conversion_amount_wan: '转化金额 （万元）' },
        },
        dates: [['iso', 100]], commaP: 1, noneBlank: false, format: 'CSV UTF-8，单位自报（列顺序不同，缺“评估价值（万元）”列，千位分隔符）',
      });
    }
    for (const u of units) {
      const spec = perUnit.get(u.idx);
      const rel = spec ? spec.rel : `台账/${u.dept}_单列管理台账.csv`;
      if (!ledgerSpecs.has(rel)) ledgerSpecs.set(rel, spec ?? { rel, ...deptFileSpec[u.dept]! });
      fileOfUnit[u.idx] = rel;
    }
  } else {
    const rel = '台账/单列管理台账.csv';
    ledgerSpecs.set(rel, { rel, opts: {}, dates: [['iso', 96], ['slash', 2], ['cn', 2]], commaP: 0.2, noneBlank: false, format: 'CSV UTF-8（全部单位一个文件）' });
    for (const u of units) fileOfUnit[u.idx] = rel;
  }
  const ledgerRels = [...ledgerSpecs.keys()].sort((a, b) => {
    const da = deptOrder.findIndex((d) => a === `台账/${d}_单列管理台账.csv`);
    const db = deptOrder.findIndex((d) => b === `台账/${d}_单列管理台账.csv`);
    return (da < 0 ? 99 : da) - (db < 0 ? 99 : db) || (a < b ? -1 : a > b ? 1 : 0);
  });
  const ledgerStyles = new Map<string, ValueStyle>();
  for (const rel of ledgerRels) {
    const s = ledgerSpecs.get(rel)!;
    ledgerFiles.set(rel, new TableFile(opts.out, rel, L, s.opts));
    ledgerStyles.set(rel, new ValueStyle(Rng.stream(opts.seed, `style:${rel}`), s.dates, s.commaP));
  }

  // ---------------------------------------------------------------- 合同文件
  const contractSpecs: Record<number, { opts: TableOptions; dates: [DateStyle, number][]; commaP: number; format: string }> = {
    2022: { opts: { rename: { contract_no: '合同号', assignee_name: '受让方', signed_date: '签订时间', amount_wan: '合同金额(万元)' } }, dates: [['iso', 80], ['cn', 20]], commaP: 0.3, format: 'CSV UTF-8（表头同义词：合同号、受让方、签订时间、合同金额(万元)）' },
    2023: { opts: {}, dates: [['iso', 100]], commaP: 0, format: 'CSV UTF-8（规范表头）' },
    2024: { opts: {}, dates: [['slash', 85], ['iso', 15]], commaP: 0.6, format: 'CSV UTF-8（日期多为 2024/5/4，金额带千位分隔符）' },
    2025: { opts: {}, dates: [['iso', 100]], commaP: 0, format: 'CSV UTF-8（表尾有合计行）' },
  };
  const contractFiles = new Map<number, TableFile>();
  const contractStyles = new Map<number, ValueStyle>();
  for (const y of YEARS) {
    const rel = `合同/转化合同明细_${y}.csv`;
    contractFiles.set(y, new TableFile(opts.out, rel, C, contractSpecs[y]!.opts));
    contractStyles.set(y, new ValueStyle(Rng.stream(opts.seed, `style:${rel}`), contractSpecs[y]!.dates, contractSpecs[y]!.commaP));
  }

  // ---------------------------------------------------------------- 故意的问题
  const messRng = Rng.stream(opts.seed, 'mess');
  const k = Math.max(2, Math.round((3 * opts.units) / 150));
  const lv = ledgerViolations(thr, asOf, k, policy.clause);
  const cv = contractViolations(thr, k, policy.clause);
  type Pending<T> = { spec: ViolationSpec<T>; i: number; start: number; offset: number; done: boolean };
  const pendLV: Pending<Achievement>[] = [];
  const pendCV: Pending<Contract>[] = [];
  for (const spec of lv) for (let i = 0; i < spec.count; i++) pendLV.push({ spec, i, start: messRng.int(0, opts.units - 1), offset: messRng.next(), done: false });
  for (const spec of cv) for (let i = 0; i < spec.count; i++) pendCV.push({ spec, i, start: messRng.int(0, opts.units - 1), offset: messRng.next(), done: false });

  /** 一个文件里位于 frac 处的单位序号（该文件的单位按序号排列）。 */
  const unitAt = (rel: string, frac: number) => {
    const us = units.filter((u) => fileOfUnit[u.idx] === rel);
    return us.length ? us[Math.min(us.length - 1, Math.floor(frac * us.length))]!.idx : -1;
  };
  const perUnitRels = new Set([...perUnit.values()].map((s) => s.rel));
  /** 指定的文件不存在时（单位数很少或 csv 模式）改放到第一份按部门汇总的台账。 */
  const ledgerTarget = (preferred: string) => (ledgerFiles.has(preferred) ? preferred : ledgerRels.find((r) => !perUnitRels.has(r)) ?? ledgerRels[0]!);

  type RowReject<T> = {
    file: string; start: number; done: boolean;
    eligible: (x: T, i: number, list: T[]) => boolean;
    tag: (x: T, i: number, list: T[]) => Tag;
  };
  const reject = (code: string, what: string, expected: string, column: string, mutate?: (f: string[]) => void, duplicate = false): Tag => ({
    entry: { category: 'reject', code, what, expected, column }, mutate, duplicate,
  });
  const unconverted = (a: Achievement) => a.status === '未转化' && a.emp === '无' && !a.classified;
  const ledgerRejects: RowReject<Achievement>[] = [];
  {
    const add = (preferred: string, frac: number, eligible: RowReject<Achievement>['eligible'], tag: RowReject<Achievement>['tag']) => {
      const file = ledgerTarget(preferred);
      ledgerRejects.push({ file, start: unitAt(file, frac), done: false, eligible, tag });
    };
    add('台账/省科技厅_单列管理台账.csv', 0.3, unconverted, () =>
      reject('invalid_uscc', '单位统一社会信用代码校验位错误', '拒绝：统一社会信用代码校验码不正确', 'unit_uscc', (f) => (f[col(L, 'unit_uscc')] = breakCheckDigit(f[col(L, 'unit_uscc')]!))));
    add('台账/省教育厅_单列管理台账.csv', 0.4, (a) => unconverted(a) && yearOf(a.acq) === 2023, () =>
      reject('invalid_date', '取得时间为不存在的日期 2023-02-30', '拒绝：日期不存在', 'acquired_date', (f) => (f[col(L, 'acquired_date')] = '2023-02-30')));
    add('台账/省卫生健康委_单列管理台账.csv', 0.5, unconverted, () =>
      reject('pct_out_of_range', '完成人份额 120%（超过 100%）', '拒绝：百分比应在 0–100 之间', 'inventor_share_pct', (f) => {
        f[col(L, 'empowerment_type')] = '所有权';
        f[col(L, 'inventor_share_pct')] = '120';
      }));
    add('台账/省科技厅_单列管理台账.csv', 0.7, unconverted, () =>
      reject('missing_required', '成果名称为空（必填）', '拒绝：必填项“成果名称”为空', 'title', (f) => (f[col(L, 'title')] = '')));
    add(perUnitA ? fileOfUnit[perUnitA.idx]! : '', 0, (a) => unconverted(a) && a.type === '专利权', () =>
      reject('invalid_enum', '成果类型写作“发明专利”（不在取值范围，应为 专利权）', '拒绝：成果类型不在取值范围', 'achievement_type', (f) => (f[col(L, 'achievement_type')] = '发明专利')));
    add('台账/省教育厅_单列管理台账.csv', 0.75, (a, i, list) => i > 0 && unconverted(a) && list[i - 1]!.status === '未转化', (_a, i, list) =>
      reject('duplicate_key', `成果编号与上一行相同（${list[i - 1]!.no}），同一单位内重复`, '拒绝：主键（单位统一社会信用代码 + 成果编号）重复；保留先出现的一行，拒绝本行', 'achievement_no', (f) => (f[col(L, 'achievement_no')] = list[i - 1]!.no)));
  }
  const contractRejects: RowReject<Contract>[] = [];
  const orphanTags: RowReject<Contract>[] = [];
  {
    const frac = (f: number) => units[Math.min(units.length - 1, Math.floor(f * units.length))]!.idx;
    const add = (y: number, f: number, eligible: (c: Contract) => boolean, tag: (c: Contract) => Tag, list = contractRejects) =>
      list.push({ file: `合同/转化合同明细_${y}.csv`, start: frac(f), done: false, eligible: (c) => yearOf(c.date) === y && eligible(c), tag: (c) => tag(c) });
    add(2024, 0.35, () => true, () => reject('invalid_uscc', '单位统一社会信用代码校验位错误', '拒绝：统一社会信用代码校验码不正确', 'unit_uscc', (f) => (f[col(C, 'unit_uscc')] = breakCheckDigit(f[col(C, 'unit_uscc')]!))));
    add(2023, 0.55, () => true, () => reject('invalid_date', '签订日期为不存在的日期 2023-02-30', '拒绝：日期不存在', 'signed_date', (f) => (f[col(C, 'signed_date')] = '2023-02-30')));
    add(2022, 0.25, () => true, (c) => reject('negative_amount', `合同金额为负数（-${fmtNum(c.amount)}）`, '拒绝：金额不能为负数', 'amount_wan', (f) => (f[col(C, 'amount_wan')] = '-' + fmtNum(c.amount))));
    add(2024, 0.7, (c) => c.method === '转让', () => reject('invalid_enum', '转化方式写作“转计”（应为 转让）', '拒绝：转化方式不在取值范围', 'conversion_method', (f) => (f[col(C, 'conversion_method')] = '转计')));
    add(2025, 0.45, () => true, () => reject('missing_required', '受让方名称为空（必填）', '拒绝：必填项“受让方名称”为空', 'assignee_name', (f) => (f[col(C, 'assignee_name')] = '')));
    add(2023, 0.8, () => true, () => reject('pct_out_of_range', '奖励完成人比例 120%（超过 100%）', '拒绝：百分比应在 0–100 之间', 'inventor_reward_pct', (f) => (f[col(C, 'inventor_reward_pct')] = '120')));
    add(2024, 0.15, () => true, () => reject('duplicate_key', '与上一行完全相同（重复粘贴）', '拒绝：主键（单位统一社会信用代码 + 合同编号）重复；保留先出现的一行，拒绝本行', 'contract_no', undefined, true));
    add(2025, 0.6, () => true, (c) => ({
      entry: { category: 'reconcile', code: 'unknown_achievement', what: `成果编号写作 ${c.achNo.slice(0, 6)}-${c.achNo.slice(6)}（台账中为 ${c.achNo}），合同在台账中找不到对应成果`, expected: '入库；对账页列为“合同无对应台账成果”', column: 'achievement_no' },
      mutate: (f) => (f[col(C, 'achievement_no')] = `${c.achNo.slice(0, 6)}-${c.achNo.slice(6)}`),
    }), orphanTags);
  }

  // ---------------------------------------------------------------- 逐单位生成与写出
  const aggs = new Map<number, Map<number, YearAgg>>();
  let contractsTotal = 0;
  const methodCount: Record<string, number> = {}, methodWan: Record<string, number> = {};
  let bigCount = 0, bigWan = 0, allWan = 0, convertedAch = 0;
  const contractsByYear: Record<number, number> = {};
  let perUnitATotals: { count: number; wan: number } | undefined;

  const amounts = new AmountSampler(opts.seed);
  for (const u of units) {
    const data = generateUnit(opts.seed, u, asOf, thr, amounts);
    const rel = fileOfUnit[u.idx]!;
    const lf = ledgerFiles.get(rel)!;
    const lstyle = ledgerStyles.get(rel)!;
    const lspec = ledgerSpecs.get(rel)!;
    const tags = new Map<object, Tag[]>();
    const addTag = (o: object, t: Tag) => {
      const l = tags.get(o);
      if (l) l.push(t); else tags.set(o, [t]);
    };
    // 违规（对象层面，写出与汇总之前）
    for (const p of pendLV) {
      if (p.done || p.start > u.idx || (p.spec.needs && !lf.has(p.spec.needs))) continue;
      const a = findFrom(data.achievements, p.offset, (x) => !tags.has(x) && p.spec.eligible(x));
      if (!a) continue;
      const r = p.spec.apply(a, p.i);
      addTag(a, { entry: { category: 'violation', code: p.spec.code, what: r.what, expected: ruleExpected(policy, p.spec.code), column: r.column } });
      p.done = true;
    }
    for (const p of pendCV) {
      if (p.done || p.start > u.idx) continue;
      const c = findFrom(data.contracts, p.offset, (x) => !tags.has(x) && p.spec.eligible(x));
      if (!c) continue;
      const r = p.spec.apply(c, p.i);
      addTag(c, { entry: { category: 'violation', code: p.spec.code, what: r.what, expected: ruleExpected(policy, p.spec.code), column: r.column } });
      p.done = true;
    }
    // 必须拒绝的行（字段层面）
    for (const r of ledgerRejects) {
      if (r.done || r.file !== rel || r.start > u.idx) continue;
      const list = data.achievements;
      const from = Math.floor(list.length / 2);
      for (let j = 0; j < list.length; j++) {
        const i = (from + j) % list.length;
        if (tags.has(list[i]!) || (i > 0 && tags.has(list[i - 1]!)) || !r.eligible(list[i]!, i, list)) continue;
        addTag(list[i]!, r.tag(list[i]!, i, list));
        r.done = true;
        break;
      }
    }
    for (const r of [...contractRejects, ...orphanTags]) {
      if (r.done || r.start > u.idx) continue;
      const c = findFrom(data.contracts, 0.5, (x) => !tags.has(x) && r.eligible(x, 0, data.contracts));
      if (!c) continue;
      addTag(c, r.tag(c, 0, data.contracts));
      r.done = true;
    }

    // 年度报告用的汇总（按单位、年度）
    const ua = new Map<number, YearAgg>();
    for (const y of YEARS) ua.set(y, emptyAgg());
    for (const a of data.achievements) {
      if (a.empYear !== null && ua.has(a.empYear)) ua.get(a.empYear)!.empowered++;
      if (a.status === '已转化') convertedAch++;
    }
    for (const c of data.contracts) {
      const y = yearOf(c.date);
      const g = ua.get(y)!;
      g.items.push([c.no, c.method, c.amount]);
      if (c.method === '转让') { g.tc++; g.tw += c.amount; }
      else if (c.method === '许可') { g.lc++; g.lw += c.amount; }
      else if (c.method === '作价投资') { g.ec++; g.ew += c.amount; }
      else { g.oc++; g.ow += c.amount; }
      if (c.method === '作价投资') g.rewardEquity += (c.amount * c.reward) / 100;
      else g.rewardCash += ((c.net ?? 0) * c.reward) / 100;
      if (c.payLater) g.payLater++;
      contractsTotal++;
      methodCount[c.method] = (methodCount[c.method] ?? 0) + 1;
      methodWan[c.method] = (methodWan[c.method] ?? 0) + c.amount;
      allWan += c.amount;
      if (c.amount >= 100) { bigCount++; bigWan += c.amount; }
      contractsByYear[y] = (contractsByYear[y] ?? 0) + 1;
    }
    aggs.set(u.idx, ua);

    // 写台账
    let convCount = 0, convWan = 0;
    for (const a of data.achievements) {
      const f = ledgerFields(L, u, a, lstyle, lspec.noneBlank);
      if (a.contracts.length) { convCount += a.contracts.length; convWan += a.contracts.reduce((s, c) => s + c.amount, 0); }
      const ts = tags.get(a);
      if (ts) for (const t of ts) t.mutate?.(f);
      const line = lf.write(f);
      if (ts) for (const t of ts) record(ctx, lf, line, f, t, u.name, a.no);
    }
    if (perUnitA && u.idx === perUnitA.idx) perUnitATotals = { count: convCount, wan: convWan };

    // 写合同
    for (const c of data.contracts) {
      const y = yearOf(c.date);
      const cf = contractFiles.get(y)!;
      const f = contractFields(C, u, c, contractStyles.get(y)!);
      const ts = tags.get(c);
      if (ts) for (const t of ts) t.mutate?.(f);
      const line = cf.write(f);
      if (ts) {
        for (const t of ts) {
          if (t.duplicate) {
            const line2 = cf.write(f);
            record(ctx, cf, line2, f, { ...t, entry: { ...t.entry, what: `${t.entry.what}（与第 ${line} 行相同）` } }, u.name, c.no);
          } else record(ctx, cf, line, f, t, u.name, c.no);
        }
      }
    }
  }

  // 合计行：单位自报台账、2025 年合同
  if (perUnitA && perUnitATotals) {
    const lf = ledgerFiles.get(fileOfUnit[perUnitA.idx]!)!;
    const f = new Array<string>(L.names.length).fill('');
    f[col(L, lf.firstColumn())] = '合计';
    f[col(L, 'conversion_count')] = String(perUnitATotals.count);
    f[col(L, 'conversion_amount_wan')] = fmtNum(perUnitATotals.wan);
    const line = lf.writeNonData(f);
    record(ctx, lf, line, f, reject('total_row', '表尾“合计”行（非数据行）', '拒绝（或识别为合计行跳过并记录）：不是一项成果', lf.firstColumn()), perUnitA.name);
  }
  {
    const cf = contractFiles.get(2025)!;
    const f = new Array<string>(C.names.length).fill('');
    f[col(C, 'contract_no')] = '合计';
    const g = [...aggs.values()].map((m) => m.get(2025)!);
    f[col(C, 'amount_wan')] = fmtNum(g.reduce((s, x) => s + x.tw + x.lw + x.ew + x.ow, 0));
    const line = cf.writeNonData(f);
    record(ctx, cf, line, f, reject('total_row', '表尾“合计”行（非数据行）', '拒绝（或识别为合计行跳过并记录）：不是一份合同', 'contract_no'));
  }
  for (const rel of ledgerRels) ctx.files.push(ledgerFiles.get(rel)!.close(ledgerSpecs.get(rel)!.format));
  for (const y of YEARS) ctx.files.push(contractFiles.get(y)!.close(contractSpecs[y]!.format));
  const unplanted = [...pendLV, ...pendCV].filter((p) => !p.done).length + [...ledgerRejects, ...contractRejects, ...orphanTags].filter((r) => !r.done).length;

  // ---------------------------------------------------------------- 年报、园区孵化器、周报
  const reportFigures = writeAnnualReports(ctx, aggs);
  const parkFigures = await writeParks(ctx);
  const weekly = writeWeekly(ctx);

  // ---------------------------------------------------------------- 清单与说明
  const byType: Record<string, number> = {}, byDept: Record<string, number> = {};
  for (const u of units) {
    byType[u.type] = (byType[u.type] ?? 0) + 1;
    byDept[u.dept] = (byDept[u.dept] ?? 0) + 1;
  }
  const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
  const figures: Record<string, unknown> = {
    ledgerRows: opts.ledgerRows,
    convertedAchievements: convertedAch,
    contracts: contractsTotal,
    contractsByYear,
    methodSharePct: Object.fromEntries(['转让', '许可', '作价投资', '其他'].map((m) => [m, round(((methodCount[m] ?? 0) / Math.max(1, contractsTotal)) * 100)])),
    methodMeanWan: Object.fromEntries(['转让', '许可', '作价投资', '其他'].map((m) => [m, round((methodWan[m] ?? 0) / Math.max(1, methodCount[m] ?? 0))])),
    contractWan: round(allWan, 2),
    bigContractsCountPct: round((bigCount / Math.max(1, contractsTotal)) * 100),
    bigContractsWanPct: round((bigWan / Math.max(1e-9, allWan)) * 100),
    ...reportFigures,
    ...parkFigures,
    unplantedInjections: unplanted,
  };
  ctx.mess.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  ctx.files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const manifest: SampleManifest = {
    generator: 'etl/sample（npm run sample）',
    options: { units: opts.units, seed: opts.seed, ledgerRows: opts.ledgerRows, asOf: opts.asOf, formats: opts.formats },
    units: {
      count: units.length, byType, byDept,
      list: units.length <= 500 ? units.map((u) => ({ name: u.name, uscc: u.uscc, type: u.type, dept: u.dept, ledgerRows: u.rows })) : undefined,
    },
    figures,
    weekly,
    files: ctx.files,
    mess: ctx.mess,
    rules: Object.fromEntries([...policy.rules.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
  };
  fs.writeFileSync(path.join(opts.out, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n');
  fs.writeFileSync(path.join(opts.out, 'README.md'), renderReadme(manifest, ctx, isDefaultOptions(opts)));
  fs.writeFileSync(path.join(opts.out, '.sample-data'), `示例数据：由 npm run sample 生成（units=${opts.units} seed=${opts.seed} as-of=${opts.asOf} formats=${opts.formats}）。\n`);
  return manifest;
}

/** 从列表中 frac 处开始（循环）找第一个满足条件的元素，使故意的问题不总落在每个单位的第一行。 */
function findFrom<T>(list: T[], frac: number, pred: (x: T) => boolean): T | undefined {
  const n = list.length;
  const from = Math.floor(frac * n);
  for (let j = 0; j < n; j++) {
    const x = list[(from + j) % n]!;
    if (pred(x)) return x;
  }
  return undefined;
}

/** 与默认选项相同（除输出目录外）。 */
export function isDefaultOptions(o: SampleOptions): boolean {
  const d = resolveOptions({});
  return o.units === d.units && o.seed === d.seed && o.ledgerRows === d.ledgerRows && o.asOf === d.asOf && o.formats === d.formats;
}

function ruleExpected(policy: SamplePolicy, code: string): string {
  const r = policy.rules.get(code);
  if (!r) return '入库；合规页按规则标出';
  return r.inDefault ? `入库；合规页标出（规则 ${code}，默认配置 ${policy.profile.name}）` : `入库；选用${r.profile}配置时合规页标出（规则 ${code}；默认配置${policy.profile.name}不检查此项）`;
}

function ledgerFields(L: KindColumns, u: Unit, a: Achievement, st: ValueStyle, noneBlank: boolean): string[] {
  const f = new Array<string>(L.names.length).fill('');
  const n = a.contracts.length;
  f[L.idx.unit_uscc!] = u.uscc;
  f[L.idx.unit_name!] = u.name;
  f[L.idx.achievement_no!] = a.no;
  f[L.idx.title!] = a.title;
  f[L.idx.achievement_type!] = a.type;
  f[L.idx.inventors!] = a.inventors;
  f[L.idx.acquired_date!] = st.date(a.acq);
  f[L.idx.conversion_status!] = a.status;
  f[L.idx.conversion_count!] = String(n);
  if (n > 0) {
    f[L.idx.conversion_method!] = a.contracts[0]!.method;
    f[L.idx.conversion_amount_wan!] = st.amount(a.contracts.reduce((s, c) => s + c.amount, 0));
  }
  if (a.appraisedValue !== null) f[L.idx.appraised_value_wan!] = st.amount(a.appraisedValue);
  f[L.idx.empowerment_type!] = a.emp === '无' && noneBlank ? '' : a.emp;
  if (a.empYears !== null) f[L.idx.empowerment_years!] = String(a.empYears);
  if (a.empShare !== null) f[L.idx.inventor_share_pct!] = String(a.empShare);
  f[L.idx.in_pay_later_pool!] = yesNo(a.pool);
  f[L.idx.is_classified!] = yesNo(a.classified);
  return f;
}

function contractFields(C: KindColumns, u: Unit, c: Contract, st: ValueStyle): string[] {
  const f = new Array<string>(C.names.length).fill('');
  f[C.idx.contract_no!] = c.no;
  f[C.idx.unit_uscc!] = u.uscc;
  f[C.idx.achievement_no!] = c.achNo;
  f[C.idx.conversion_method!] = c.method;
  f[C.idx.assignee_name!] = c.assignee;
  f[C.idx.assignee_type!] = c.assigneeType;
  f[C.idx.amount_wan!] = st.amount(c.amount);
  f[C.idx.signed_date!] = st.date(c.date);
  f[C.idx.pricing_method!] = c.pricing;
  if (c.notice !== null) f[C.idx.notice_days!] = String(c.notice);
  f[C.idx.is_appraised!] = yesNo(c.appraised);
  if (c.net !== null) f[C.idx.net_income_wan!] = st.amount(c.net);
  f[C.idx.inventor_reward_pct!] = String(c.reward);
  if (c.tto !== null) f[C.idx.tto_share_pct!] = String(c.tto);
  if (c.fund !== null) f[C.idx.fund_share_pct!] = String(c.fund);
  f[C.idx.uses_horizontal_surplus!] = yesNo(c.horizontal);
  f[C.idx.is_pay_later!] = yesNo(c.payLater);
  return f;
}

