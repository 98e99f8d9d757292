// The issue-4 marts (考核评价 / 奖补资格 / 2025 目标) on a small fixture loaded with the real ETL.
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVALUATION_METRICS, loadProfile, TARGET_METRICS } from '../../etl/policy/profile';
import { checkEligibility } from '../../src/lib/analytics/eligibility';
import { ach, buildWarehouse, con, NAMES, report, U1, U2, writeFixture, type Built, type Cells } from './fixture';

const ledger = [
  ach(U1, 'A1', { acquired_date: '2022-05-01' }), // converted by its 2024 contract
  ach(U1, 'A2', { acquired_date: '2023-02-01', conversion_status: '未转化', conversion_count: 0, conversion_method: null, conversion_amount_wan: null, in_pay_later_pool: true }),
  ach(U1, 'A3', { achievement_type: '专利申请权', acquired_date: '2021-01-01' }), // not granted
  ach(U1, 'A4', { acquired_date: '2024-06-01' }), // converted, no contract: counted from its acquisition year
  ach(U1, 'A5', { achievement_type: '专有技术', empowerment_type: '长期使用权', empowerment_years: 5 }) // not granted; breaks 辽宁（一）
];
const contracts = [
  con(U1, 'C1', { achievement_no: 'A1', signed_date: '2024-03-01', amount_wan: 50, net_income_wan: 40 }),
  con(U1, 'C2', { signed_date: '2023-05-01', amount_wan: 20, net_income_wan: 15 }),
  con(U2, 'C3', { signed_date: '2024-07-01', amount_wan: 30, net_income_wan: 25 })
];
const reports = [
  report(U1, 2023, '2024-01-10', { transfer_count: 2, transfer_wan: 20, license_count: 1, license_wan: 5, reward_cash_wan: 3, reward_equity_wan: 2, empowered_count: 2, pay_later_count: 1 }),
  report(U1, 2024, '2025-01-10', { transfer_count: 1, transfer_wan: 10, equity_count: 1, equity_wan: 100, reward_cash_wan: 5, has_tto: true, tto_staff: 3, empowered_count: 4, has_separate_mgmt: true }),
  report(U2, 2023, '2024-01-10', { transfer_count: 1, transfer_wan: 7, has_tto: true, has_separate_mgmt: true, empowered_count: 1 })
  // U2 has no 2024 report
];
const park = (year: number, name: string, category: string, level: string, host: string, score: number, grade: string, req: number | null): Cells =>
  ({ year, name, category, level, host_unit: host, score, grade, incubating_count: 10, graduated_count: 2, requested_award_wan: req });
const parks = [
  park(2024, '甲大学科技园', '大学科技园', '省级', NAMES[U1]!, 92, '优秀', 50),
  park(2024, '乙孵化器', '孵化器', '市级', '某科技有限公司', 95, '优秀', 60),
  park(2023, '丙孵化器', '孵化器', '国家级', NAMES[U2]!, 80, '良好', null)
];

let b: Built;
beforeAll(async () => {
  const { inputs } = writeFixture({ ledger, contracts, annual_reports: reports, park_evaluations: parks });
  b = await buildWarehouse(inputs, { profileId: 'liaoning', asOf: '2026-11-20' });
});

describe('mart_eval_indicators', () => {
  it('one row per unit and report year with every evaluation metric', async () => {
    const rows = await b.q(`SELECT unit_uscc, year, has_report, conversion_wan, contract_count, round(conversion_rate_pct, 2) AS conversion_rate_pct,
        reward_individual_wan, has_tto, tto_staff, empowered_count, pay_later_count, granted_results, granted_converted
      FROM mart_eval_indicators ORDER BY unit_uscc, year`);
    expect(rows).toEqual([
      { unit_uscc: U1, year: 2023, has_report: true, conversion_wan: 25, contract_count: 3, conversion_rate_pct: 0, reward_individual_wan: 5,
        has_tto: 0, tto_staff: 0, empowered_count: 2, pay_later_count: 1, granted_results: 2, granted_converted: 0 },
      { unit_uscc: U1, year: 2024, has_report: true, conversion_wan: 110, contract_count: 2, conversion_rate_pct: 66.67, reward_individual_wan: 5,
        has_tto: 1, tto_staff: 3, empowered_count: 4, pay_later_count: 0, granted_results: 3, granted_converted: 2 },
      { unit_uscc: U2, year: 2023, has_report: true, conversion_wan: 7, contract_count: 1, conversion_rate_pct: null, reward_individual_wan: 0,
        has_tto: 1, tto_staff: 0, empowered_count: 1, pay_later_count: 0, granted_results: 0, granted_converted: 0 },
      { unit_uscc: U2, year: 2024, has_report: false, conversion_wan: null, contract_count: null, conversion_rate_pct: null, reward_individual_wan: null,
        has_tto: null, tto_staff: null, empowered_count: null, pay_later_count: null, granted_results: 0, granted_converted: 0 }
    ]);
  });

  it('has a column for every EVALUATION_METRICS key, and the unit attributes', async () => {
    const cols = (await b.q<{ column_name: string }>(
      "SELECT column_name FROM duckdb_columns() WHERE table_name = 'mart_eval_indicators'")).map((r) => r.column_name);
    for (const m of Object.keys(EVALUATION_METRICS)) expect(cols).toContain(m);
    const u = await b.q("SELECT DISTINCT unit_name, unit_type, supervising_dept FROM mart_eval_indicators ORDER BY unit_name");
    expect(u).toEqual([
      { unit_name: NAMES[U2], unit_type: '科研院所', supervising_dept: '省科技厅' },
      { unit_name: NAMES[U1], unit_type: '高校', supervising_dept: '省教育厅' }
    ].sort((x, y) => String(x.unit_name).localeCompare(String(y.unit_name))));
  });
});

describe('mart_award_candidates', () => {
  it('one plain row per park evaluation, latest year first; eligibility is left to the analytics library', async () => {
    const rows = await b.q<Record<string, unknown>>(`SELECT year, name, category, level, grade, score, requested_award_wan, host_unit,
        host_unit_uscc, is_latest_year, source_row FROM mart_award_candidates`);
    expect(rows).toEqual([
      { year: 2024, name: '甲大学科技园', category: '大学科技园', level: '省级', grade: '优秀', score: 92, requested_award_wan: 50,
        host_unit: NAMES[U1], host_unit_uscc: U1, is_latest_year: true, source_row: 2 },
      { year: 2024, name: '乙孵化器', category: '孵化器', level: '市级', grade: '优秀', score: 95, requested_award_wan: 60,
        host_unit: '某科技有限公司', host_unit_uscc: null, is_latest_year: true, source_row: 3 },
      { year: 2023, name: '丙孵化器', category: '孵化器', level: '国家级', grade: '良好', score: 80, requested_award_wan: null,
        host_unit: NAMES[U2], host_unit_uscc: U2, is_latest_year: false, source_row: 4 }
    ]);
    const awards = loadProfile('liaoning').awards!;
    const eligible = rows.map((r) => checkEligibility(r as never, awards).eligible);
    expect(eligible).toEqual([true, false, false]);
  });
});

describe('mart_target_series', () => {
  it('observed value per target metric and year', async () => {
    const rows = await b.q(`SELECT metric, year, value, numerator, denominator, records, is_complete FROM mart_target_series ORDER BY metric, year`);
    expect(rows).toEqual([
      { metric: 'contract_wan', year: 2023, value: 20, numerator: null, denominator: null, records: 1, is_complete: true },
      { metric: 'contract_wan', year: 2024, value: 80, numerator: null, denominator: null, records: 2, is_complete: true },
      { metric: 'empowered_results', year: 2023, value: 3, numerator: null, denominator: null, records: 2, is_complete: true },
      { metric: 'empowered_results', year: 2024, value: 4, numerator: null, denominator: null, records: 1, is_complete: true },
      // 2024: U2 did not report; its 2023 report (已建立) carries forward
      { metric: 'share_units_separate_mgmt', year: 2023, value: 50, numerator: 1, denominator: 2, records: 2, is_complete: true },
      { metric: 'share_units_separate_mgmt', year: 2024, value: 100, numerator: 2, denominator: 2, records: 1, is_complete: true },
      { metric: 'share_units_tto', year: 2023, value: 50, numerator: 1, denominator: 2, records: 2, is_complete: true },
      { metric: 'share_units_tto', year: 2024, value: 100, numerator: 2, denominator: 2, records: 1, is_complete: true }
    ]);
    const metrics = (await b.q<{ metric: string }>('SELECT DISTINCT metric FROM mart_target_series ORDER BY metric')).map((r) => r.metric);
    expect(metrics).toEqual(Object.keys(TARGET_METRICS).sort());
  });

  it('the current year is incomplete until its reports are due and its contracts signed', async () => {
    const { inputs } = writeFixture({
      contracts: [con(U1, 'C9', { signed_date: '2026-03-01' })],
      annual_reports: [report(U1, 2025, '2026-01-10', { empowered_count: 1 })]
    });
    const b2 = await buildWarehouse(inputs, { profileId: 'liaoning', asOf: '2026-11-20' });
    // the mart reads the as-of date of meta; with a fresh warehouse it may be the build day, which is after 2026-01-31
    const rows = await b2.q<{ metric: string; year: number; is_complete: boolean }>(
      "SELECT metric, year, is_complete FROM mart_target_series WHERE metric IN ('contract_wan', 'empowered_results') ORDER BY metric");
    expect(rows).toEqual([
      { metric: 'contract_wan', year: 2026, is_complete: false },
      { metric: 'empowered_results', year: 2025, is_complete: true }
    ]);
  });
});

describe('comments', () => {
  it('every table and column of rule_violations and the issue-4 marts has a Chinese comment', async () => {
    const tables = ['rule_violations', 'mart_rule_summary', 'mart_eval_indicators', 'mart_award_candidates', 'mart_target_series'];
    const t = await b.q<{ table_name: string; comment: string | null }>(
      `SELECT table_name, comment FROM duckdb_tables() WHERE table_name IN (${tables.map((x) => `'${x}'`).join(',')}) ORDER BY table_name`);
    expect(t.map((r) => r.table_name)).toEqual([...tables].sort());
    for (const r of t) expect(r.comment ?? '').toMatch(/[\u4e00-\u9fff]/);
    const c = await b.q<{ table_name: string; column_name: string; comment: string | null }>(
      `SELECT table_name, column_name, comment FROM duckdb_columns() WHERE table_name IN (${tables.map((x) => `'${x}'`).join(',')})`);
    expect(c.length).toBeGreaterThan(60);
    expect(c.filter((r) => !/[\u4e00-\u9fff]/.test(r.comment ?? ''))).toEqual([]);
  });
});

describe('page queries over these tables (queries/*.sql that read them)', () => {
  it('each runs on the warehouse: the marts have the columns the pages select', async () => {
    const root = new URL('../../queries/', import.meta.url);
    const tables = /\b(rule_violations|mart_rule_summary|mart_eval_indicators|mart_award_candidates|mart_target_series)\b/;
    const values: Record<string, string> = { year: '2024', limit: '1000' };
    const counts: Record<string, number> = {};
    for (const f of readdirSync(root).filter((x) => x.endsWith('.sql'))) {
      const sql = readFileSync(new URL(f, root), 'utf8');
      if (!tables.test(sql.replace(/--[^\n]*/g, ''))) continue;
      const bound = sql.replace(/\$([A-Za-z_]\w*)/g, (_m, n: string) => values[n] ?? 'NULL');
      counts[f] = (await b.q(bound)).length;
    }
    expect(Object.keys(counts).length).toBeGreaterThan(0);
    // the fixture has one violation (A5), 5 active liaoning rules, 2 units × 2024, 2 candidates in 2024, 8 target points
    const expected: Record<string, number> = {
      'compliance_rules.sql': 5, 'compliance_violations.sql': 1, 'compliance_violations_count.sql': 1, 'compliance_by_dept.sql': 1,
      'compliance_by_unit.sql': 1, 'evaluation_indicators.sql': 2, 'awards_candidates.sql': 2, 'targets_series.sql': 8
    };
    for (const [f, n] of Object.entries(expected)) if (f in counts) expect([f, counts[f]]).toEqual([f, n]);
  });
});
