/**
 * 中等规模（1,000 个单位）生成后，从文件本身（不是清单）核对公开数据的形状与各类数据之间的勾稽关系。
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSample } from '../../etl/sample/generate';
import { parseDate, parseNum, tempDir } from './helpers';
import { loadSample, type Loaded, type Row } from './load';

let S: Loaded;
let dir: string;
const UNITS = 1000;
const LEDGER_ROWS = 40_000;

beforeAll(async () => {
  dir = tempDir('shape');
  await generateSample({ units: UNITS, seed: 11, ledgerRows: LEDGER_ROWS, formats: 'csv', out: dir });
  S = await loadSample(dir);
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const ok = (r: Row) => !S.isReject(r);
const amount = (r: Row) => parseNum(r.v.amount_wan!);

describe('转化合同的形状（按公开数据）', () => {
  it('转让 / 许可 / 作价投资 ≈ 61% / 38% / 1%（±5 个百分点），“其他”很少', () => {
    const cs = S.contracts.filter(ok);
    expect(cs.length).toBeGreaterThan(4000);
    const share = (m: string) => (cs.filter((c) => c.v.conversion_method === m).length / cs.length) * 100;
    expect(Math.abs(share('转让') - 61)).toBeLessThanOrEqual(5);
    expect(Math.abs(share('许可') - 38)).toBeLessThanOrEqual(5);
    expect(Math.abs(share('作价投资') - 1)).toBeLessThanOrEqual(5);
    expect(share('作价投资')).toBeGreaterThan(0.3);
    expect(share('其他')).toBeGreaterThan(0);
    expect(share('其他')).toBeLessThan(2);
  });

  it('平均金额 ≈ 转让 46、许可 64、作价投资 950 万元', () => {
    const cs = S.contracts.filter(ok);
    const mean = (m: string) => {
      const xs = cs.filter((c) => c.v.conversion_method === m).map(amount);
      return xs.reduce((s, x) => s + x, 0) / xs.length;
    };
    expect(mean('转让')).toBeGreaterThan(46 * 0.8);
    expect(mean('转让')).toBeLessThan(46 * 1.2);
    expect(mean('许可')).toBeGreaterThan(64 * 0.8);
    expect(mean('许可')).toBeLessThan(64 * 1.2);
    expect(mean('作价投资')).toBeGreaterThan(950 * 0.6);
    expect(mean('作价投资')).toBeLessThan(950 * 1.4);
  });

  it('重尾：100 万元以上的合同约占数量 10%（7–13%）、金额 ≥ 80%', () => {
    const xs = S.contracts.filter(ok).map(amount);
    const big = xs.filter((x) => x >= 100);
    const total = xs.reduce((s, x) => s + x, 0);
    const bigSum = big.reduce((s, x) => s + x, 0);
    expect((big.length / xs.length) * 100).toBeGreaterThanOrEqual(7);
    expect((big.length / xs.length) * 100).toBeLessThanOrEqual(13);
    expect(bigSum / total).toBeGreaterThanOrEqual(0.8);
  });

  it('2022–2025 逐年增长，签订日期在所在年度文件的年份内', () => {
    const byYear = new Map<number, number>();
    for (const c of S.contracts.filter(ok)) {
      const d = parseDate(c.v.signed_date!)!;
      expect(c.file).toContain(d.slice(0, 4));
      byYear.set(Number(d.slice(0, 4)), (byYear.get(Number(d.slice(0, 4))) ?? 0) + 1);
    }
    const ys = [2022, 2023, 2024, 2025].map((y) => byYear.get(y) ?? 0);
    for (let i = 1; i < ys.length; i++) expect(ys[i]!).toBeGreaterThan(ys[i - 1]!);
  });
});

describe('单位与报告', () => {
  it('约四分之一的单位设有技术转移机构（最新年度 20–35%），逐年上升', () => {
    const share = (y: number) => {
      const rs = S.reports.filter((r) => ok(r) && r.v.year === String(y));
      return (rs.filter((r) => r.v.has_tto === '是').length / rs.length) * 100;
    };
    expect(share(2025)).toBeGreaterThanOrEqual(20);
    expect(share(2025)).toBeLessThanOrEqual(35);
    expect(share(2022)).toBeLessThan(share(2023) + 0.01);
    expect(share(2023)).toBeLessThan(share(2024) + 0.01);
    expect(share(2024)).toBeLessThan(share(2025) + 0.01);
  });

  it('高校、科研院所、医疗卫生机构各约三分之一', () => {
    const types = new Map<string, string>();
    for (const r of S.reports.filter(ok)) types.set(r.v.unit_uscc!, r.v.unit_type!);
    const n = (t: string) => [...types.values()].filter((x) => x === t).length;
    for (const t of ['高校', '科研院所', '医疗卫生机构']) expect(Math.abs(n(t) - UNITS / 3)).toBeLessThan(UNITS * 0.03);
  });

  it('20–30% 的科技园和孵化器评为优秀，等级与得分一致', () => {
    const rows = S.parks.filter(ok);
    expect(rows.length).toBeGreaterThan(1000);
    const ex = rows.filter((r) => r.v.grade === '优秀').length / rows.length;
    expect(ex).toBeGreaterThanOrEqual(0.2);
    expect(ex).toBeLessThanOrEqual(0.3);
    for (const r of rows) {
      const s = parseNum(r.v.score!);
      const g = s >= 90 ? '优秀' : s >= 80 ? '良好' : s >= 60 ? '合格' : '不合格';
      expect(r.v.grade, `${r.file}:${r.line}`).toBe(g);
    }
    const levels = new Set(rows.filter((r) => r.v.category === '孵化器').map((r) => r.v.level));
    expect([...levels].sort()).toEqual(['国家级', '市级', '省级'].sort());
  });
});

describe('台账、合同、年报之间的勾稽', () => {
  it('台账恰好 --ledger-rows 行，行数与单位规模成正比（高校多于医院）', () => {
    const data = S.ledger.filter((r) => r.v.unit_uscc !== '合计');
    expect(data.length).toBe(LEDGER_ROWS);
    const typeOf = new Map(S.reports.map((r) => [r.v.unit_uscc!, r.v.unit_type!]));
    const per = new Map<string, number>();
    for (const r of data) per.set(r.v.unit_uscc!, (per.get(r.v.unit_uscc!) ?? 0) + 1);
    const avg = (t: string) => {
      const xs = [...per.entries()].filter(([u]) => typeOf.get(u) === t).map(([, n]) => n);
      return xs.reduce((s, x) => s + x, 0) / xs.length;
    };
    expect(avg('高校')).toBeGreaterThan(1.8 * avg('医疗卫生机构'));
    expect(Math.max(...per.values())).toBeGreaterThan(3 * Math.min(...per.values()));
  });

  it('每份合同都对应本单位台账中的一项成果；已转化的成果都有合同，频次与金额一致', () => {
    const ach = new Map<string, Row>();
    for (const r of S.ledger.filter(ok)) ach.set(`${r.v.unit_uscc}|${r.v.achievement_no}`, r);
    const byAch = new Map<string, Row[]>();
    const orphans: Row[] = [];
    for (const c of S.contracts.filter(ok)) {
      const k = `${c.v.unit_uscc}|${c.v.achievement_no}`;
      if (!ach.has(k)) orphans.push(c);
      else byAch.set(k, [...(byAch.get(k) ?? []), c]);
    }
    // 找不到成果的合同只能是清单里列出的“合同无对应台账成果”
    for (const o of orphans) expect(S.tagged.get(`${o.file}:${o.line}`)?.has('reconcile'), `${o.file}:${o.line}`).toBe(true);
    const contractRejects = S.manifest.mess.filter((e) => e.category === 'reject' && e.file.startsWith('合同/')).length;
    let converted = 0, unmatched = 0;
    for (const [k, a] of ach) {
      if (a.v.conversion_status !== '已转化') {
        expect(byAch.has(k)).toBe(false);
        continue;
      }
      converted++;
      const cs = byAch.get(k) ?? [];
      if (cs.length !== Number(a.v.conversion_count)) { unmatched++; continue; }
      const sum = cs.reduce((s, c) => s + amount(c), 0);
      expect(Math.abs(sum - parseNum(a.v.conversion_amount_wan!))).toBeLessThan(0.011 * cs.length);
      expect(a.v.conversion_method).toBe(cs.sort((x, y) => parseDate(x.v.signed_date!)!.localeCompare(parseDate(y.v.signed_date!)!))[0]!.v.conversion_method);
    }
    expect(converted).toBeGreaterThan(LEDGER_ROWS * 0.08);
    // 频次对不上的只能是合同行被拒绝（重复行、错误代码等）或成果编号写错的那几份
    expect(unmatched).toBeLessThanOrEqual(contractRejects + orphans.length);
  });

  it('年报的转让 / 许可 / 作价投资与合同明细一致，只有清单列出的误报和受拒绝行影响的单位例外', () => {
    const agg = new Map<string, { tc: number; tw: number; lc: number; lw: number; ec: number; ew: number }>();
    const affected = new Set<string>();
    for (const c of S.contracts) {
      const y = c.file.match(/(\d{4})\.csv$/)![1]!;
      const k = `${c.v.unit_uscc}|${y}`;
      if (!ok(c) || S.tagged.get(`${c.file}:${c.line}`)?.has('reconcile')) { affected.add(k); if (!ok(c)) continue; }
      const g = agg.get(k) ?? { tc: 0, tw: 0, lc: 0, lw: 0, ec: 0, ew: 0 };
      const m = c.v.conversion_method;
      if (m === '转让') { g.tc++; g.tw += amount(c); }
      if (m === '许可') { g.lc++; g.lw += amount(c); }
      if (m === '作价投资') { g.ec++; g.ew += amount(c); }
      agg.set(k, g);
    }
    // 被拒绝的合同行可能改了单位代码：凡含拒绝行的年份文件里，按行号前后的同单位都算受影响
    let mismatches = 0, checked = 0;
    for (const r of S.reports.filter(ok)) {
      const k = `${r.v.unit_uscc}|${r.v.year}`;
      const g = agg.get(k) ?? { tc: 0, tw: 0, lc: 0, lw: 0, ec: 0, ew: 0 };
      const same =
        Number(r.v.transfer_count) === g.tc && Number(r.v.license_count) === g.lc && Number(r.v.equity_count) === g.ec &&
        Math.abs(parseNum(r.v.transfer_wan!) - g.tw) < 0.05 && Math.abs(parseNum(r.v.license_wan!) - g.lw) < 0.05 && Math.abs(parseNum(r.v.equity_wan!) - g.ew) < 0.05;
      checked++;
      if (same) continue;
      mismatches++;
      const misreported = S.tagged.get(`${r.file}:${r.line}`)?.has('reconcile') ?? false;
      const hitByReject = affected.has(k) || S.manifest.mess.some((e) => e.category === 'reject' && e.file.startsWith('合同/') && e.unit !== undefined && r.v.unit_name === e.unit);
      expect(misreported || hitByReject, `${r.file}:${r.line} ${k}`).toBe(true);
    }
    expect(checked).toBeGreaterThan(UNITS * 3.5);
    const misreports = S.manifest.mess.filter((e) => e.code.startsWith('misreport_')).length;
    expect(misreports).toBeGreaterThanOrEqual(Math.round(UNITS * 0.03) - 1);
    expect(mismatches).toBeGreaterThanOrEqual(misreports);
  });
});
