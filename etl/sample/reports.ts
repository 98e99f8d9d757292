/**
 * 年度报告：每单位每年一行，次年 1 月 31 日前报送。转让 / 许可 / 作价投资的合同数和金额由合同明细汇总
 * （与合同对得上），少数单位误报（按元填报、漏报、重复统计、转让与许可填反），部分迟报、漏报。
 */
import { Rng } from './rng';
import { ymdToDays } from './dates';
import { col } from './spec';
import { TableFile, ValueStyle, fmtNum, yesNo, type TableOptions } from './table';
import { YEARS, round2, type Method, type Unit } from './model';
import { REPORT_PROBLEMS, REPORT_SUGGESTIONS } from './names';
import { transposeDigits, record, type GenContext } from './context';
import type { DateStyle } from './dates';

export interface YearAgg {
  tc: number; tw: number; lc: number; lw: number; ec: number; ew: number; oc: number; ow: number;
  rewardCash: number; rewardEquity: number; payLater: number; empowered: number;
  /** [合同编号, 方式, 金额] */
  items: [string, Method, number][];
}

export function emptyAgg(): YearAgg {
  return { tc: 0, tw: 0, lc: 0, lw: 0, ec: 0, ew: 0, oc: 0, ow: 0, rewardCash: 0, rewardEquity: 0, payLater: 0, empowered: 0, items: [] };
}

const FILE_SPECS: Record<number, { opts: TableOptions; dates: [DateStyle, number][]; commaP: number; format: string }> = {
  2022: { opts: {}, dates: [['iso', 100]], commaP: 0, format: 'CSV UTF-8（规范表头）' },
  2023: { opts: { rename: { unit_name: '单位', submitted_date: '报送日期', supervising_dept: '业务主管部门' } }, dates: [['slash', 100]], commaP: 0, format: 'CSV UTF-8（表头同义词：单位、报送日期、业务主管部门；日期 2024/1/15）' },
  2024: { opts: { encoding: 'utf8bom' }, dates: [['cn', 50], ['iso', 50]], commaP: 0.5, format: 'CSV UTF-8 带 BOM（日期部分写作 2025年1月15日，金额带千位分隔符）' },
  2025: { opts: {}, dates: [['iso', 100]], commaP: 0, format: 'CSV UTF-8（主管部门有“辽宁省教育厅”“省卫健委”等写法）' },
};

/** 主管部门的其他写法（departments.yaml 的别名），2025 年报里部分单位这样写。 */
const DEPT_VARIANTS: Record<string, [string, number]> = {
  省教育厅: ['辽宁省教育厅', 0.15],
  省卫生健康委: ['省卫健委', 0.15],
  省科技厅: ['辽宁省科学技术厅', 0.1],
  省工业和信息化厅: ['省工信厅', 0.2],
};

type Misreport = 'unit_yuan' | 'omit' | 'double_license' | 'swap';

export function writeAnnualReports(ctx: GenContext, aggs: Map<number, Map<number, YearAgg>>): Record<string, unknown> {
  const { opts, units, thr, asOf } = ctx;
  const A = ctx.cols.annual_reports;
  const rng = Rng.stream(opts.seed, 'reports');

  // 提交情况：迟报、漏报（逐单位逐年）
  const submitted = new Map<string, number | null>();
  for (const u of units) {
    for (const y of YEARS) {
      const r = Rng.stream(opts.seed, `submit:${u.idx}:${y}`);
      const due = ymdToDays(y + 1, thr.reportDueMonth, thr.reportDueDay);
      const missing = r.chance(u.lateProne ? 0.08 : 0.02);
      const late = r.chance(u.lateProne ? 0.4 : 0.025);
      let d: number | null = null;
      if (!missing) d = late ? due + r.int(1, 75) : ymdToDays(y + 1, 1, 4) + r.int(0, due - ymdToDays(y + 1, 1, 4));
      if (d !== null && d > asOf) d = null;
      submitted.set(`${u.idx}:${y}`, d);
    }
  }

  // 误报的单位：有合同、按时报送
  const misreports = new Map<string, Misreport>();
  const nMis = Math.max(2, Math.round(units.length * 0.03));
  const kinds: Misreport[] = ['unit_yuan', 'omit', 'double_license', 'swap'];
  const candidates = units.filter((u) => YEARS.some((y) => (aggs.get(u.idx)!.get(y)!.items.length > 0)));
  rng.shuffle(candidates);
  let kindIdx = 0;
  for (const u of candidates) {
    if (misreports.size >= nMis) break;
    const kind = kinds[kindIdx % kinds.length]!;
    const years = YEARS.filter((y) => {
      const g = aggs.get(u.idx)!.get(y)!;
      if (submitted.get(`${u.idx}:${y}`) == null) return false;
      if (kind === 'unit_yuan') return g.tc > 0;
      if (kind === 'omit') return g.tc + g.lc > 0;
      if (kind === 'double_license') return g.lc > 0;
      return g.tc > 0 && g.lc > 0 && g.tc !== g.lc;
    });
    if (years.length === 0) continue;
    misreports.set(`${u.idx}:${rng.pick(years)}`, kind);
    kindIdx++;
  }

  // 必须拒绝的行：年度 → [位置, 需要的条件, 处理]
  const rejectAt: Record<number, { frac: number; code: string; need?: (u: Unit) => boolean }[]> = {
    2022: [{ frac: 0.4, code: 'invalid_uscc' }],
    2023: [{ frac: 0.6, code: 'missing_required' }],
    2024: [{ frac: 0.3, code: 'invalid_date' }, { frac: 0.8, code: 'duplicate_key' }],
    2025: [{ frac: 0.2, code: 'invalid_enum', need: (u) => u.type === '高校' }],
  };

  let late = 0, missing = 0, rows = 0;
  const ttoShare: Record<number, number> = {};
  for (const y of YEARS) {
    const spec = FILE_SPECS[y]!;
    const rel = `年报/年度报告_${y}.csv`;
    const tf = new TableFile(opts.out, rel, A, spec.opts);
    const st = new ValueStyle(Rng.stream(opts.seed, `style:${rel}`), spec.dates, spec.commaP);
    const due = ymdToDays(y + 1, thr.reportDueMonth, thr.reportDueDay);
    const pending = (rejectAt[y] ?? []).map((r) => ({ ...r, start: Math.floor(r.frac * units.length), done: false }));
    let withTto = 0, reported = 0;
    for (const u of units) {
      const key = `${u.idx}:${y}`;
      const sub = submitted.get(key)!;
      if (sub === null) {
        missing++;
        const n = aggs.get(u.idx)!.get(y)!.items.length;
        ctx.mess.push({
          file: rel, line: 0, column: '', value: '', category: 'timeliness', code: 'annual_report_missing',
          what: `${u.name}（${u.uscc}）未报送 ${y} 年度报告${n ? `（当年有 ${n} 份转化合同）` : ''}`,
          expected: n ? '数据质量页列入“未报送”；对账页显示该单位当年有合同而无年报' : '数据质量页列入“未报送”', unit: u.name,
        });
        continue;
      }
      const g = aggs.get(u.idx)!.get(y)!;
      const r = Rng.stream(opts.seed, `report:${u.idx}:${y}`);
      const f = reportFields(ctx, u, y, g, sub, st, r);
      if (f.hasTto) withTto++;
      reported++;
      const row = f.fields;
      // 主管部门写法
      if (y === 2025) {
        const v = DEPT_VARIANTS[u.dept];
        if (v && r.chance(v[1])) row[col(A, 'supervising_dept')] = v[0];
      }
      // 误报
      const mis = misreports.get(key);
      let misEntry: { column: string; what: string } | undefined;
      if (mis) misEntry = applyMisreport(mis, row, g, st, A);
      // 必须拒绝
      const rej = sub <= due && !mis ? pending.find((p) => !p.done && u.idx >= p.start && (!p.need || p.need(u))) : undefined;
      let rejEntry: Parameters<typeof record>[4] | undefined;
      let duplicate = false;
      if (rej) {
        rej.done = true;
        rejEntry = applyReportReject(rej.code, row, A, y);
        duplicate = rej.code === 'duplicate_key';
      }
      const line = tf.write(row);
      rows++;
      if (row[col(A, 'supervising_dept')] !== u.dept) {
        record(ctx, tf, line, row, { entry: { category: 'normalize', code: 'department_alias', what: `主管部门写作“${row[col(A, 'supervising_dept')]}”`, expected: `按 departments.yaml 别名归一为“${u.dept}”`, column: 'supervising_dept' } }, u.name);
      }
      if (sub > due) {
        late++;
        record(ctx, tf, line, row, { entry: { category: 'timeliness', code: 'annual_report_due', what: `${y} 年度报告 ${row[col(A, 'submitted_date')]} 提交，晚于截止日 ${y + 1}-${String(thr.reportDueMonth).padStart(2, '0')}-${String(thr.reportDueDay).padStart(2, '0')}`, expected: '入库；数据质量页列为迟报', column: 'submitted_date' } }, u.name);
      }
      if (misEntry) {
        record(ctx, tf, line, row, { entry: { category: 'reconcile', code: `misreport_${mis}`, what: misEntry.what, expected: '入库；对账页显示年报与合同明细不一致', column: misEntry.column } }, u.name);
      }
      if (rejEntry) {
        if (duplicate) {
          // 同一单位同一年度报了两次：第二行是“更正版”，提交日期晚两天、技术开发合同数 +1
          const row2 = row.slice();
          row2[col(A, 'submitted_date')] = st.date(sub + 2);
          row2[col(A, 'dev_count')] = String(Number(row[col(A, 'dev_count')] || '0') + 1);
          const line2 = tf.write(row2);
          rows++;
          record(ctx, tf, line2, row2, { ...rejEntry, entry: { ...rejEntry.entry, what: `${rejEntry.entry.what}（与第 ${line} 行同一单位、同一年度；本行为更正后重报）` } }, u.name);
        } else record(ctx, tf, line, row, rejEntry, u.name);
      }
    }
    ttoShare[y] = Math.round((withTto / Math.max(1, reported)) * 1000) / 10;
    ctx.files.push(tf.close(spec.format));
  }
  return {
    annualReportRows: rows,
    annualReportsLate: late,
    annualReportsMissing: missing,
    misreportedUnitYears: misreports.size,
    ttoSharePctByYear: ttoShare,
  };
}

function reportFields(ctx: GenContext, u: Unit, y: number, g: YearAgg, sub: number, st: ValueStyle, r: Rng) {
  const A = ctx.cols.annual_reports;
  const f = new Array<string>(A.names.length).fill('');
  const set = (name: string, v: string) => (f[col(A, name)] = v);
  const growth = { 2022: 1, 2023: 1.1, 2024: 1.2, 2025: 1.32 }[y] ?? 1;
  const s = u.size * growth;
  const hasTto = u.ttoYear <= y;
  set('year', String(y));
  set('unit_uscc', u.uscc);
  set('unit_name', u.name);
  set('unit_type', u.type);
  set('supervising_dept', u.dept);
  set('submitted_date', st.date(sub));
  set('transfer_count', String(g.tc));
  set('transfer_wan', st.amount(round2(g.tw)));
  set('license_count', String(g.lc));
  set('license_wan', st.amount(round2(g.lw)));
  set('equity_count', String(g.ec));
  set('equity_wan', st.amount(round2(g.ew)));
  const dev = r.poisson(s * (u.type === '医疗卫生机构' ? 2 : 7));
  const consult = r.poisson(s * 2);
  const service = r.poisson(s * (u.type === '医疗卫生机构' ? 6 : 4));
  set('dev_count', String(dev));
  set('dev_wan', st.amount(round2(dev * r.lognormal(Math.log(35) - 0.3, 0.6))));
  set('consult_count', String(consult));
  set('consult_wan', st.amount(round2(consult * r.lognormal(Math.log(6) - 0.3, 0.6))));
  set('service_count', String(service));
  set('service_wan', st.amount(round2(service * r.lognormal(Math.log(12) - 0.3, 0.6))));
  set('reward_cash_wan', st.amount(round2(g.rewardCash)));
  set('reward_equity_wan', st.amount(round2(g.rewardEquity)));
  set('empowered_count', String(g.empowered));
  set('pay_later_count', String(g.payLater));
  set('tto_staff', String(hasTto ? 2 + r.poisson(u.size * 2) : 0));
  set('has_tto', yesNo(hasTto));
  set('has_separate_mgmt', yesNo(u.mgmtYear <= y));
  set('has_empowerment_rules', yesNo(u.empRulesYear <= y));
  set('has_exemption_rules', yesNo(u.exemptYear <= y));
  if (r.chance(0.7)) {
    const p = r.pick(REPORT_PROBLEMS);
    const q = r.pick(REPORT_PROBLEMS);
    set('problems', p === q ? p : `${p}；${q}`);
  }
  if (r.chance(0.6)) set('suggestions', r.pick(REPORT_SUGGESTIONS));
  return { fields: f, hasTto };
}

function applyMisreport(kind: Misreport, row: string[], g: YearAgg, st: ValueStyle, A: GenContext['cols']['annual_reports']): { column: string; what: string } {
  const set = (name: string, v: string) => (row[col(A, name)] = v);
  switch (kind) {
    case 'unit_yuan': {
      const v = round2(g.tw) * 10000;
      set('transfer_wan', fmtNum(v));
      return { column: 'transfer_wan', what: `转让金额按“元”填报：${fmtNum(v)}（合同明细合计 ${fmtNum(round2(g.tw))} 万元）` };
    }
    case 'omit': {
      const items = g.items.filter((x) => x[1] === '转让' || x[1] === '许可').sort((a, b) => a[2] - b[2]);
      const [no, m, amt] = items[0]!;
      if (m === '转让') {
        set('transfer_count', String(g.tc - 1));
        set('transfer_wan', st.amount(round2(g.tw - amt)));
        return { column: 'transfer_count', what: `漏报合同 ${no}（转让 ${fmtNum(amt)} 万元）：填报 ${g.tc - 1} 项，合同明细 ${g.tc} 项` };
      }
      set('license_count', String(g.lc - 1));
      set('license_wan', st.amount(round2(g.lw - amt)));
      return { column: 'license_count', what: `漏报合同 ${no}（许可 ${fmtNum(amt)} 万元）：填报 ${g.lc - 1} 项，合同明细 ${g.lc} 项` };
    }
    case 'double_license':
      set('license_count', String(g.lc * 2));
      set('license_wan', st.amount(round2(g.lw * 2)));
      return { column: 'license_count', what: `许可合同重复统计：填报 ${g.lc * 2} 项、${fmtNum(round2(g.lw * 2))} 万元，合同明细 ${g.lc} 项、${fmtNum(round2(g.lw))} 万元` };
    case 'swap':
      set('transfer_count', String(g.lc));
      set('transfer_wan', st.amount(round2(g.lw)));
      set('license_count', String(g.tc));
      set('license_wan', st.amount(round2(g.tw)));
      return { column: 'transfer_count', what: `转让与许可填反：转让填 ${g.lc} 项（合同明细 ${g.tc} 项），许可填 ${g.tc} 项（合同明细 ${g.lc} 项）` };
  }
}

function applyReportReject(code: string, row: string[], A: GenContext['cols']['annual_reports'], y: number): Parameters<typeof record>[4] {
  const entry = (column: string, what: string, expected: string) => ({ entry: { category: 'reject' as const, code, what, expected, column } });
  switch (code) {
    case 'invalid_uscc':
      row[col(A, 'unit_uscc')] = transposeDigits(row[col(A, 'unit_uscc')]!);
      return entry('unit_uscc', '统一社会信用代码抄错（相邻两位颠倒），校验位不符', '拒绝：统一社会信用代码校验码不正确');
    case 'missing_required':
      row[col(A, 'submitted_date')] = '';
      return entry('submitted_date', '提交日期为空（必填）', '拒绝：必填项“提交日期”为空');
    case 'invalid_date':
      row[col(A, 'submitted_date')] = `${y + 1}-02-29`;
      return entry('submitted_date', `提交日期为不存在的日期 ${y + 1}-02-29`, '拒绝：日期不存在');
    case 'duplicate_key':
      return entry('unit_uscc', '同一单位同一年度报告出现两次', '拒绝：主键（年度 + 单位统一社会信用代码）重复；保留先出现的一行，拒绝后一行');
    default:
      row[col(A, 'unit_type')] = '高等院校';
      return entry('unit_type', '单位类型写作“高等院校”（应为 高校）', '拒绝：单位类型不在取值范围');
  }
}
