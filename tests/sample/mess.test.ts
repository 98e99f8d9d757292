/**
 * 随产品发布的 data/sample 里的“真实的乱”：每一处都在清单（manifest.json / README.md）里，行号对得上；
 * 基础数据全部合规，违规恰好是清单列出的那些；格式（BOM、GBK、xlsx、同义词表头、日期写法）齐全。
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isValidUscc } from '../../etl/lib/uscc';
import { loadProfile } from '../../etl/policy/profile';
import { getDepartment } from '../../etl/policy/departments';
import { contract, decode, parseDate, parseNum, rawLine, readXlsx, SHIPPED } from './helpers';
import { loadSample, type Loaded, type Row } from './load';

let S: Loaded;
beforeAll(async () => {
  S = await loadSample(SHIPPED);
}, 60_000);

const ok = (r: Row) => !S.isReject(r);
const key = (r: Row) => `${r.file}:${r.line}`;
const colOf = (kind: string, name: string) => contract.kinds[kind]!.columns.find((c) => c.name === name)!;

describe('必须拒绝的行', () => {
  it('清单里有题目要求的每一类，且行号处的文件内容确实如此', () => {
    const rejects = S.manifest.mess.filter((e) => e.category === 'reject');
    const codes = new Set(rejects.map((e) => e.code));
    for (const c of ['invalid_uscc', 'invalid_date', 'negative_amount', 'pct_out_of_range', 'invalid_enum', 'missing_required', 'duplicate_key', 'total_row', 'note_row']) {
      expect(codes.has(c), c).toBe(true);
    }
    const values = rejects.map((e) => e.value);
    expect(values).toContain('2023-02-30');
    expect(values).toContain('转计');
    expect(values).toContain('120');
    expect(values).toContain('合计');
    for (const e of rejects) {
      if (e.file.endsWith('.xlsx')) continue;
      const line = rawLine(SHIPPED, e.file, e.line);
      if (e.value !== '') expect(line, `${e.file}:${e.line}`).toContain(e.value);
    }
  });

  it('每一处拒绝行按其原因确实不合格', () => {
    const all = [...S.ledger, ...S.contracts, ...S.reports, ...S.weekly, ...S.parks];
    const byKey = new Map(all.map((r) => [key(r), r]));
    const kindOf = (file: string) =>
      file.startsWith('台账/') ? 'ledger' : file.startsWith('合同/') ? 'contracts' : file.startsWith('年报/') ? 'annual_reports' : file.startsWith('周报/') ? 'task_progress' : 'park_evaluations';
    for (const e of S.manifest.mess.filter((x) => x.category === 'reject')) {
      const where = `${e.file}:${e.line} ${e.code}`;
      if (e.code === 'total_row') {
        expect(e.value, where).toBe('合计');
        continue;
      }
      if (e.code === 'note_row') {
        expect(e.value, where).toMatch(/^(注|\d+\.|填表人|数据截至)/);
        continue;
      }
      const r = byKey.get(`${e.file}:${e.line}`);
      expect(r, where).toBeDefined();
      const kind = kindOf(e.file);
      const name = Object.entries(r!.v).find(([, v]) => v === e.value && e.value !== '')?.[0];
      switch (e.code) {
        case 'invalid_uscc':
          expect(e.value).toHaveLength(18);
          expect(isValidUscc(e.value), where).toBe(false);
          break;
        case 'invalid_date':
          expect(parseDate(e.value), where).toBeNull();
          break;
        case 'negative_amount':
          expect(parseNum(e.value)).toBeLessThan(0);
          break;
        case 'pct_out_of_range':
          expect(parseNum(e.value)).toBeGreaterThan(100);
          break;
        case 'invalid_enum': {
          const c = colOf(kind, name!);
          expect(c.values, where).toBeDefined();
          expect(c.values).not.toContain(e.value);
          break;
        }
        case 'missing_required': {
          expect(e.value).toBe('');
          const empties = Object.entries(r!.v).filter(([n, v]) => v === '' && colOf(kind, n).required);
          expect(empties.length, where).toBeGreaterThan(0);
          break;
        }
        case 'duplicate_key': {
          const k = contract.kinds[kind]!.key;
          const same = all.filter((x) => x.file === e.file && x.line !== e.line && k.every((n) => x.v[n] === r!.v[n]));
          expect(same.length, where).toBe(1);
          expect(same[0]!.line).toBeLessThan(e.line);
          break;
        }
        default:
          throw new Error(`未知的拒绝原因 ${e.code}`);
      }
    }
  });

  it('除故意改坏的行外，所有统一社会信用代码都有效（事业单位 12、辽宁 21）', () => {
    const bad = new Set(S.manifest.mess.filter((e) => e.code === 'invalid_uscc').map((e) => `${e.file}:${e.line}`));
    let n = 0;
    for (const r of [...S.ledger, ...S.contracts, ...S.reports]) {
      const u = r.v.unit_uscc!;
      if (u === '合计' || u === '') continue;
      n++;
      if (bad.has(key(r))) expect(isValidUscc(u)).toBe(false);
      else {
        expect(isValidUscc(u), `${key(r)} ${u}`).toBe(true);
        expect(u.slice(0, 4), key(r)).toBe('1221');
      }
    }
    expect(n).toBeGreaterThan(6000);
    expect(bad.size).toBeGreaterThanOrEqual(3);
  });
});

// ------------------------------------------------------------------ 政策规则（独立实现）
const AS_OF = '2026-11-20';
function yearsBefore(iso: string, years: number): string {
  return `${Number(iso.slice(0, 4)) - years}${iso.slice(4)}`;
}

function ruleHits(): Map<string, Set<string>> {
  const hits = new Map<string, Set<string>>();
  const hit = (code: string, r: Row) => {
    if (!hits.has(code)) hits.set(code, new Set());
    hits.get(code)!.add(key(r));
  };
  const n = (s: string | undefined) => (s === undefined || s === '' ? null : parseNum(s));
  const poolCut = yearsBefore(AS_OF, 3);
  const ledger = S.ledger.filter(ok);
  for (const r of ledger) {
    const v = r.v;
    const emp = v.empowerment_type || '无';
    if (emp === '长期使用权' && (n(v.empowerment_years) ?? 0) < 10) hit('long_term_use_min_years', r);
    if (v.conversion_status !== '已转化' && v.is_classified !== '是' && parseDate(v.acquired_date!)! <= poolCut && v.in_pay_later_pool === '否') hit('pay_later_pool_after_years', r);
    if (v.is_classified === '是' && (emp !== '无' || v.in_pay_later_pool === '是')) hit('classified_never_empowered', r);
    if (emp === '所有权' && (n(v.inventor_share_pct) ?? 100) < 70) hit('coowned_inventor_share_min', r);
  }
  const ach = new Map(ledger.map((r) => [`${r.v.unit_uscc}|${r.v.achievement_no}`, r]));
  for (const r of S.contracts.filter(ok)) {
    const v = r.v;
    const reward = n(v.inventor_reward_pct)!;
    const transferOrLicense = v.conversion_method === '转让' || v.conversion_method === '许可';
    if (v.uses_horizontal_surplus === '是' && reward < 90) hit('inventor_share_horizontal_min', r);
    if (v.pricing_method === '协议定价' && (n(v.notice_days) ?? 0) <= 0) hit('agreement_pricing_notice_required', r);
    if (v.pricing_method === '协议定价' && n(v.notice_days) !== null && n(v.notice_days)! < 15) hit('agreement_pricing_notice_min_days', r);
    if (transferOrLicense && reward < 70) hit('net_income_inventor_min', r);
    if (transferOrLicense && n(v.tto_share_pct) !== null && n(v.tto_share_pct)! < 3) hit('tto_min', r);
    if (n(v.fund_share_pct) !== null && n(v.fund_share_pct)! < 10) hit('conversion_fund_min', r);
    const a = ach.get(`${v.unit_uscc}|${v.achievement_no}`);
    if (a && v.is_appraised === '是' && n(a.v.appraised_value_wan) !== null && parseNum(v.amount_wan!) < n(a.v.appraised_value_wan)!) hit('amount_not_below_appraisal', a);
  }
  return hits;
}

describe('违反政策规则的行', () => {
  it('每条规则都有故意的违规，且违规恰好是清单列出的那些（基础数据全部合规）', () => {
    const hits = ruleHits();
    const listed = new Map<string, Set<string>>();
    for (const e of S.manifest.mess.filter((x) => x.category === 'violation')) {
      if (!listed.has(e.code)) listed.set(e.code, new Set());
      listed.get(e.code)!.add(`${e.file}:${e.line}`);
    }
    const codes = ['inventor_share_horizontal_min', 'long_term_use_min_years', 'pay_later_pool_after_years', 'agreement_pricing_notice_required',
      'agreement_pricing_notice_min_days', 'classified_never_empowered', 'coowned_inventor_share_min', 'net_income_inventor_min', 'tto_min',
      'conversion_fund_min', 'amount_not_below_appraisal'];
    for (const c of codes) {
      expect(listed.get(c)?.size ?? 0, c).toBeGreaterThan(0);
      expect([...(hits.get(c) ?? [])].sort(), c).toEqual([...(listed.get(c) ?? [])].sort());
    }
    expect([...listed.keys()].sort()).toEqual([...codes].sort());
  });

  it('违规的规则在策略配置中都有条款', () => {
    for (const e of S.manifest.mess.filter((x) => x.category === 'violation')) expect(S.manifest.rules[e.code], e.code).toBeDefined();
  });
});

describe('报送及时性与对账', () => {
  it('迟报（次年 1 月 31 日之后提交）恰好是清单列出的那些，也有未报送的', () => {
    const late = new Set<string>();
    for (const r of S.reports.filter(ok)) {
      const d = parseDate(r.v.submitted_date!)!;
      if (d > `${Number(r.v.year) + 1}-01-31`) late.add(key(r));
    }
    const listed = new Set(S.manifest.mess.filter((e) => e.code === 'annual_report_due').map((e) => `${e.file}:${e.line}`));
    expect(late.size).toBeGreaterThan(5);
    expect([...late].sort()).toEqual([...listed].sort());
    const missing = S.manifest.mess.filter((e) => e.code === 'annual_report_missing');
    expect(missing.length).toBeGreaterThan(5);
    // 清单里的未报送单位在该年度文件中确实没有行
    for (const e of missing) {
      const names = new Set(S.reports.filter((r) => r.file === e.file).map((r) => r.v.unit_name));
      expect(names.has(e.unit), `${e.file} ${e.unit}`).toBe(false);
    }
    // 每个单位每年要么有报告（可能被拒绝），要么在未报送名单里
    const list = S.manifest.units.list!;
    for (const y of [2022, 2023, 2024, 2025]) {
      const file = `年报/年度报告_${y}.csv`;
      const seen = new Set(S.reports.filter((r) => r.file === file).map((r) => r.v.unit_name));
      const miss = new Set(missing.filter((e) => e.file === file).map((e) => e.unit));
      for (const u of list) expect(seen.has(u.name) !== miss.has(u.name), `${y} ${u.name}`).toBe(true);
    }
  });

  it('有几个单位的年报与合同明细对不上（误报），清单写明了差在哪', () => {
    const mis = S.manifest.mess.filter((e) => e.code.startsWith('misreport_'));
    expect(mis.length).toBeGreaterThanOrEqual(4);
    expect(new Set(mis.map((e) => e.code)).size).toBeGreaterThanOrEqual(3);
    for (const e of mis) expect(rawLine(SHIPPED, e.file, e.line)).toContain(e.value);
  });
});

describe('格式：各单位实际报送的样子', () => {
  const file = (rel: string) => fs.readFileSync(path.join(SHIPPED, rel));
  const tables = () => new Map(S.tables.map((t) => [t.file, t]));

  it('每份文件的每个表头都能由数据契约或同义词认出；一些文件用同义词和半角括号', () => {
    const canon = new Set(Object.values(contract.kinds).flatMap((k) => k.columns.map((c) => c.header)));
    let synonymFiles = 0, halfWidth = 0;
    for (const t of S.tables) {
      expect(t.names.filter((n) => n === null), `${t.file}: ${t.headers.join(',')}`).toEqual([]);
      if (t.headers.some((h) => !canon.has(h))) synonymFiles++;
      if (t.headers.some((h) => /\(/.test(h))) halfWidth++;
    }
    expect(synonymFiles).toBeGreaterThanOrEqual(5);
    expect(halfWidth).toBeGreaterThanOrEqual(2);
    const edu = tables().get('台账/省教育厅_单列管理台账.csv')!;
    expect(edu.headers).toContain('科技成果名称');
    expect(edu.headers).toContain('单位');
  });

  it('大多数为 UTF-8；一份台账带 BOM，一份台账为 GBK（CRLF）', () => {
    const t = tables();
    expect(t.get('台账/省工业和信息化厅_单列管理台账.csv')!.encoding).toBe('utf8bom');
    const gbk = file('台账/省卫生健康委_单列管理台账.csv');
    expect(decode(gbk).encoding).toBe('gb18030');
    expect(gbk.includes(Buffer.from('\r\n'))).toBe(true);
    expect(decode(gbk).text.startsWith('单位统一社会信用代码,单位名称,成果编号')).toBe(true);
    const enc = S.tables.map((x) => x.encoding);
    expect(enc.filter((e) => e === 'utf8').length).toBeGreaterThan(enc.length / 2);
  });

  it('台账按主管部门汇总，另有单位自报的台账文件', () => {
    const ledgers = S.tables.filter((x) => x.file.startsWith('台账/')).map((x) => x.file);
    for (const d of ['省教育厅', '省科技厅', '省工业和信息化厅', '省卫生健康委']) expect(ledgers).toContain(`台账/${d}_单列管理台账.csv`);
    expect(ledgers.length).toBeGreaterThanOrEqual(6);
  });

  it('值的写法：三种日期格式、千位分隔符、是/否', () => {
    const dates = S.ledger.filter(ok).map((r) => r.v.acquired_date!);
    expect(dates.some((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))).toBe(true);
    expect(dates.some((d) => /^\d{4}\/\d{1,2}\/\d{1,2}$/.test(d))).toBe(true);
    expect(dates.some((d) => /^\d{4}年\d{1,2}月\d{1,2}日$/.test(d))).toBe(true);
    for (const d of dates) expect(parseDate(d), d).not.toBeNull();
    expect(S.contracts.some((r) => /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(r.v.amount_wan!))).toBe(true);
    const bools = ['in_pay_later_pool', 'is_classified'];
    for (const r of S.ledger.filter(ok)) for (const b of bools) expect(['是', '否'], `${key(r)} ${b}`).toContain(r.v[b]);
  });

  it('科技园与孵化器评估为 xlsx：合并的标题行、日期单元格、文本数字、合计行、空行、表尾说明', async () => {
    const x24 = await readXlsx(SHIPPED, '园区孵化器/科技园与孵化器年度评估_2024.xlsx');
    expect(x24.merges.some((m) => m.startsWith('A1:'))).toBe(true);
    expect(x24.rows.flatMap((r) => r.raw).some((v) => v instanceof Date)).toBe(true);
    expect(x24.rows.some((r) => r.cells[0] === '合计')).toBe(true);
    const header = x24.rows.find((r) => r.line === 3)!;
    const lastData = Math.max(...x24.rows.filter((r) => /^\d{4}$/.test(r.cells[0]!)).map((r) => r.line));
    expect(x24.rows.some((r) => r.line > 3 && r.line < lastData && r.cells.every((c) => c === ''))).toBe(true);
    expect(x24.rows.some((r) => r.line > lastData && r.cells[0]!.startsWith('注'))).toBe(true);
    const scoreCol = header.cells.indexOf('评估得分');
    const all = [];
    for (const y of [2022, 2023, 2024, 2025]) all.push(await readXlsx(SHIPPED, `园区孵化器/科技园与孵化器年度评估_${y}.xlsx`));
    const textNums = all.flatMap((x) => x.rows.filter((r) => r.line > 3).flatMap((r) => r.raw.filter((v) => typeof v === 'string' && /^[\d,.]+(万元)?$/.test(v))));
    expect(textNums.some((v) => String(v).includes(','))).toBe(true);
    expect(textNums.some((v) => String(v).endsWith('万元'))).toBe(true);
    expect(scoreCol).toBeGreaterThanOrEqual(0);
  });
});

describe('任务进展周报', () => {
  const profile = loadProfile();
  const weeks = () => [...new Set(S.weekly.map((r) => r.file))].sort();

  it('--as-of 之前最近 12 个 ISO 周，每周一个文件', () => {
    const w = weeks().map((f) => f.match(/(\d{4}-W\d{2})/)![1]);
    expect(w).toHaveLength(12);
    expect(w[11]).toBe('2026-W47');
    expect(w[0]).toBe('2026-W36');
    for (const r of S.weekly.filter((x) => ok(x) && x.v.report_week)) expect(r.file).toContain(r.v.report_week!);
  });

  it('每项任务的每个责任部门（牵头 + 配合，来自策略配置）每周一行；科研单位不报', () => {
    const pairs = new Set<string>();
    for (const t of profile.tasks!) for (const d of [t.lead, ...t.support]) if (getDepartment(d)?.kind !== 'research_units') pairs.add(`${t.no}|${d}`);
    expect(pairs.size).toBe(S.manifest.weekly.pairs);
    const missing = S.manifest.weekly.missing;
    for (const f of weeks()) {
      const rows = S.weekly.filter((r) => r.file === f);
      const m = missing.find((x) => f.includes(x.week));
      expect(rows.length, f).toBe(pairs.size - (m?.rows ?? 0));
      for (const r of rows.filter(ok)) {
        const dept = r.v.dept_name === '辽宁省人力资源和社会保障厅' ? '省人力资源社会保障厅' : r.v.dept_name;
        expect(pairs.has(`${r.v.task_no}|${dept}`), `${key(r)} ${r.v.task_no}|${r.v.dept_name}`).toBe(true);
        expect(dept).not.toBe('科研单位');
      }
    }
    expect(missing.length).toBeGreaterThan(0);
  });

  it('状态随周推进：完成比例基本不降、已完成即 100%、有滞后、计划完成日期有顺延（次数与清单一致）', () => {
    const series = new Map<string, Row[]>();
    for (const r of S.weekly.filter(ok)) {
      const d = r.v.dept_name === '辽宁省人力资源和社会保障厅' ? '省人力资源社会保障厅' : r.v.dept_name;
      const k = `${r.v.task_no}|${d}`;
      series.set(k, [...(series.get(k) ?? []), r]);
    }
    let decreases = 0, postponed = 0;
    const statuses = new Set<string>();
    for (const rows of series.values()) {
      rows.sort((a, b) => a.file.localeCompare(b.file));
      for (let i = 0; i < rows.length; i++) {
        const v = rows[i]!.v;
        statuses.add(v.status!);
        expect(v.status === '已完成', key(rows[i]!)).toBe(v.percent === '100');
        expect(v.note, key(rows[i]!)).not.toBe('');
        if (i === 0) continue;
        const p = rows[i - 1]!.v;
        if (Number(v.percent) < Number(p.percent)) {
          decreases++;
          expect(v.note).toMatch(/更正/);
        }
        if (parseDate(v.planned_date!)! > parseDate(p.planned_date!)!) {
          postponed++;
          expect(v.note).toMatch(/调整为/);
        }
      }
    }
    expect([...statuses].sort()).toEqual(['已完成', '推进中', '未启动', '滞后'].sort());
    expect(decreases).toBeGreaterThanOrEqual(1);
    expect(decreases).toBeLessThanOrEqual(3);
    expect(postponed).toBeGreaterThanOrEqual(5);
    expect(postponed).toBeLessThanOrEqual(S.manifest.weekly.postponements);
  });
});

describe('说明文件', () => {
  it('README 列出每一处故意的问题（文件与行号）', () => {
    const readme = fs.readFileSync(path.join(SHIPPED, 'README.md'), 'utf8');
    for (const e of S.manifest.mess) {
      const line = e.line ? String(e.line) : '—';
      expect(readme.includes(`| ${e.file} | ${line} |`), `${e.file}:${e.line}`).toBe(true);
    }
    expect(fs.existsSync(path.join(SHIPPED, '.sample-data'))).toBe(true);
  });
});
