// Policy rules as data: every rule of RULE_CATALOG on a fixture with passing and violating rows
// (boundaries included), loaded with the real ETL under each jurisdiction's profile. Asserts exactly
// which rows violate, with which observed/expected text, and that the profile decides which rules
// run, their thresholds, severity and clause.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProfile, type Profile } from '../../etl/policy/profile';
import { ach, buildWarehouse, con, NAMES, report, U1, U2, U3, writeFixture, type Built } from './fixture';

const AS_OF = '2026-11-20';

const ledger = [
  // long_term_use_min_years
  ach(U1, 'L-LTU-10', { empowerment_type: '长期使用权', empowerment_years: 10 }),
  ach(U1, 'L-LTU-8', { empowerment_type: '长期使用权', empowerment_years: 8 }),
  // pay_later_pool_after_years (as of 2026-11-20, after 3 years)
  ach(U1, 'L-POOL-OLD', { acquired_date: '2020-05-06', conversion_status: '未转化', conversion_count: 0, conversion_method: null, conversion_amount_wan: null }),
  ach(U1, 'L-POOL-3Y', { acquired_date: '2023-11-20', conversion_status: '未转化', conversion_count: 0, conversion_method: null, conversion_amount_wan: null }),
  ach(U1, 'L-POOL-3Y-1D', { acquired_date: '2023-11-21', conversion_status: '未转化', conversion_count: 0, conversion_method: null, conversion_amount_wan: null }),
  ach(U1, 'L-POOL-IN', { acquired_date: '2020-05-06', conversion_status: '未转化', conversion_count: 0, conversion_method: null, conversion_amount_wan: null, in_pay_later_pool: true }),
  ach(U1, 'L-POOL-APPL', { achievement_type: '专利申请权', acquired_date: '2020-05-06', conversion_status: '未转化', conversion_count: 0, conversion_method: null, conversion_amount_wan: null }),
  ach(U1, 'L-POOL-INTENT', { acquired_date: '2020-05-06', conversion_status: '意向转化', conversion_count: 0, conversion_method: null, conversion_amount_wan: null }),
  // classified_never_empowered (L-CLS-OLD is also old, granted and unconverted: never asked into the pool)
  ach(U2, 'L-CLS-OWN', { is_classified: true, empowerment_type: '所有权', inventor_share_pct: 80 }),
  ach(U2, 'L-CLS-POOL', { is_classified: true, in_pay_later_pool: true }),
  ach(U2, 'L-CLS-OLD', { is_classified: true, acquired_date: '2019-01-01', conversion_status: '未转化', conversion_count: 0, conversion_method: null, conversion_amount_wan: null }),
  // coowned_inventor_share_min
  ach(U2, 'L-OWN-60', { empowerment_type: '所有权', inventor_share_pct: 60 }),
  ach(U2, 'L-OWN-70', { empowerment_type: '所有权', inventor_share_pct: 70 }),
  ach(U2, 'L-OWN-JOINT', { empowerment_type: '所有权', inventor_share_pct: null }),
  // amount_not_below_appraisal
  ach(U2, 'L-APR-100', { appraised_value_wan: 100 }),
  ach(U2, 'L-APR-50', { appraised_value_wan: 50 }),
  // a unit that never filed an annual report (first seen in 2025)
  ach(U3, 'L-U3', {})
];

const contracts = [
  // inventor_share_horizontal_min (shares of a contract may not add up to more than 100%: no tto/fund here)
  con(U1, 'C-HZ-90', { uses_horizontal_surplus: true, inventor_reward_pct: 90, tto_share_pct: null, fund_share_pct: null }),
  con(U1, 'C-HZ-80', { uses_horizontal_surplus: true, inventor_reward_pct: 80, tto_share_pct: null, fund_share_pct: null }),
  con(U1, 'C-HZ-NULL', { uses_horizontal_surplus: true, inventor_reward_pct: null, tto_share_pct: null, fund_share_pct: null }),
  con(U1, 'C-PLAIN-80', { inventor_reward_pct: 80 }),
  // agreement pricing notice
  con(U1, 'C-AGR-NULL', { pricing_method: '协议定价', notice_days: null }),
  con(U1, 'C-AGR-0', { pricing_method: '协议定价', notice_days: 0 }),
  con(U1, 'C-AGR-10', { pricing_method: '协议定价', notice_days: 10 }),
  con(U1, 'C-AGR-15', { pricing_method: '协议定价', notice_days: 15 }),
  con(U1, 'C-LISTED', { pricing_method: '挂牌交易', notice_days: null }),
  // net_income_inventor_min (深圳：转让、许可 ≥ 70%)
  con(U2, 'C-NI-60', { conversion_method: '转让', inventor_reward_pct: 60 }),
  con(U2, 'C-NI-70', { conversion_method: '许可', inventor_reward_pct: 70 }),
  con(U2, 'C-NI-EQUITY', { conversion_method: '作价投资', inventor_reward_pct: 50 }),
  con(U2, 'C-NI-EMPOWERED', { conversion_method: '转让', inventor_reward_pct: 50, achievement_no: 'L-OWN-70' }),
  con(U2, 'C-NI-NONET', { conversion_method: '转让', inventor_reward_pct: 50, net_income_wan: null }),
  // tto_min (深圳：转让、许可 ≥ 3%)
  con(U2, 'C-TTO-2', { conversion_method: '许可', tto_share_pct: 2 }),
  con(U2, 'C-TTO-3', { conversion_method: '许可', tto_share_pct: 3 }),
  con(U2, 'C-TTO-NULL', { conversion_method: '许可', tto_share_pct: null }),
  // conversion_fund_min (吉林、遂宁 ≥ 10%, advisory)
  con(U2, 'C-FUND-5', { fund_share_pct: 5 }),
  con(U2, 'C-FUND-NULL', { fund_share_pct: null }),
  // amount_not_below_appraisal (吉林); net income may not exceed the amount
  con(U2, 'C-APR-80', { is_appraised: true, achievement_no: 'L-APR-100', amount_wan: 80, net_income_wan: 70 }),
  con(U2, 'C-APR-50', { is_appraised: true, achievement_no: 'L-APR-50', amount_wan: 50, net_income_wan: 40 }),
  con(U2, 'C-APR-NOT', { is_appraised: false, achievement_no: 'L-APR-100', amount_wan: 10, net_income_wan: 8 })
];

const reports = [
  report(U1, 2024, '2025-01-31'), // on the due date: on time
  report(U1, 2025, '2026-01-20'),
  report(U2, 2024, '2025-02-01') // one day late; U2 has no 2025 report
];

type V = { rule_id: string; record_key: string; observed: string; expected: string };
const v = (rule_id: string, record_key: string, observed: string, expected: string): V => ({ rule_id, record_key, observed, expected });
const sortV = (xs: V[]) => [...xs].sort((a, b) => a.rule_id.localeCompare(b.rule_id) || a.record_key.localeCompare(b.record_key));

const LTU = [
  v('long_term_use_min_years', 'L-LTU-8', '长期使用权期限 8 年', '≥ 10 年')
];
const NOTICE_MIN = [
  v('agreement_pricing_notice_min_days', 'C-AGR-0', '公示 0 天', '≥ 15 天'),
  v('agreement_pricing_notice_min_days', 'C-AGR-10', '公示 10 天', '≥ 15 天'),
  v('agreement_pricing_notice_min_days', 'C-AGR-NULL', '公示天数 未填报', '≥ 15 天')
];

const EXPECTED: Record<string, V[]> = {
  liaoning: [
    v('inventor_share_horizontal_min', 'C-HZ-80', '科研人员占比 80%', '≥ 90%'),
    v('inventor_share_horizontal_min', 'C-HZ-NULL', '科研人员占比 未填报', '≥ 90%'),
    ...LTU,
    v('pay_later_pool_after_years', 'L-POOL-OLD', '取得于 2020-05-06，已持有 6 年，未转化，未入池', '满 3 年未转化的成果纳入先用后付成果池'),
    v('pay_later_pool_after_years', 'L-POOL-3Y', '取得于 2023-11-20，已持有 3 年，未转化，未入池', '满 3 年未转化的成果纳入先用后付成果池'),
    v('agreement_pricing_notice_required', 'C-AGR-NULL', '公示天数 未填报', '协议定价须在本单位公示（公示天数 > 0）'),
    v('agreement_pricing_notice_required', 'C-AGR-0', '公示天数 0', '协议定价须在本单位公示（公示天数 > 0）'),
    v('classified_never_empowered', 'L-CLS-OWN', '赋权方式 所有权', '不赋权，不纳入先用后付成果池'),
    v('classified_never_empowered', 'L-CLS-POOL', '已纳入先用后付成果池', '不赋权，不纳入先用后付成果池')
  ],
  jilin: [
    ...LTU,
    ...NOTICE_MIN,
    v('amount_not_below_appraisal', 'C-APR-80', '合同金额 80 万元', '≥ 评估价值 100 万元'),
    v('classified_never_empowered', 'L-CLS-OWN', '赋权方式 所有权', '不赋权'),
    v('conversion_fund_min', 'C-FUND-5', '转化基金提取 5%', '≥ 10%（鼓励）'),
    v('annual_report_due', '2024', '提交日期 2025-02-01（逾期 1 天）', '≤ 2025-01-31'),
    v('annual_report_due', '2025', '未报送（截至 2026-11-20）', '≤ 2026-01-31'), // U2
    v('annual_report_due', '2025', '未报送（截至 2026-11-20）', '≤ 2026-01-31') // U3, never reported
  ],
  shenzhen: [
    v('coowned_inventor_share_min', 'L-OWN-60', '完成人份额 60%', '≥ 70%'),
    ...LTU,
    v('classified_never_empowered', 'L-CLS-OWN', '赋权方式 所有权', '不赋权'),
    ...NOTICE_MIN,
    v('net_income_inventor_min', 'C-NI-60', '奖励完成人比例 60%', '≥ 70%'),
    // a horizontal-surplus 转让 without a reward share is also a 深圳 net-income contract
    v('net_income_inventor_min', 'C-HZ-NULL', '奖励完成人比例 未填报', '≥ 70%'),
    v('tto_min', 'C-TTO-2', '技术转移机构提取 2%', '≥ 3%')
  ],
  suining: [v('conversion_fund_min', 'C-FUND-5', '转化基金提取 5%', '≥ 10%（鼓励）')]
};

const built: Record<string, Built> = {};

beforeAll(async () => {
  const { inputs } = writeFixture({ ledger, contracts, annual_reports: reports });
  for (const profileId of Object.keys(EXPECTED)) built[profileId] = await buildWarehouse(inputs, { profileId, asOf: AS_OF });
});

async function violations(b: Built): Promise<V[]> {
  return b.q<V>('SELECT rule_id, record_key, observed, expected FROM rule_violations');
}

describe('rule violations per profile', () => {
  for (const profileId of ['liaoning', 'jilin', 'shenzhen', 'suining']) {
    it(`${profileId}: exactly the violating fixture rows, with observed and expected`, async () => {
      expect(sortV(await violations(built[profileId]!))).toEqual(sortV(EXPECTED[profileId]!));
    });
  }

  it('runs exactly the rules the profile lists, in its order, with its title, severity and clause', async () => {
    for (const profileId of Object.keys(EXPECTED)) {
      const profile = loadProfile(profileId);
      const r = built[profileId]!.result;
      expect(r.rules.map((x) => x.rule_id)).toEqual(profile.rules.map((x) => x.id));
      expect(r.total).toBe(EXPECTED[profileId]!.length);
      const rows = await built[profileId]!.q<{ rule_id: string; rule_title: string; severity: string; clause: string; profile_id: string }>(
        'SELECT DISTINCT rule_id, rule_title, severity, clause, profile_id FROM rule_violations');
      for (const row of rows) {
        const rule = profile.rules.find((x) => x.id === row.rule_id)!;
        expect(row).toEqual({ rule_id: rule.id, rule_title: rule.title, severity: rule.severity, clause: rule.clause, profile_id: profileId });
      }
    }
  });

  it('the 15-day notice applies under jilin and shenzhen only; liaoning only requires a notice', async () => {
    const has = async (p: string, rule: string, key: string) =>
      (await built[p]!.q(`SELECT 1 FROM rule_violations WHERE rule_id = '${rule}' AND record_key = '${key}'`)).length > 0;
    expect(await has('jilin', 'agreement_pricing_notice_min_days', 'C-AGR-10')).toBe(true);
    expect(await has('shenzhen', 'agreement_pricing_notice_min_days', 'C-AGR-10')).toBe(true);
    expect(await has('liaoning', 'agreement_pricing_notice_min_days', 'C-AGR-10')).toBe(false);
    expect(await has('liaoning', 'agreement_pricing_notice_required', 'C-AGR-10')).toBe(false);
    expect(await has('liaoning', 'agreement_pricing_notice_required', 'C-AGR-NULL')).toBe(true);
    // classified results in the pay-later pool: forbidden in liaoning (十五) only
    expect(await has('liaoning', 'classified_never_empowered', 'L-CLS-POOL')).toBe(true);
    expect(await has('jilin', 'classified_never_empowered', 'L-CLS-POOL')).toBe(false);
  });

  it('severity: the pay-later pool is advisory in liaoning, the fund share advisory in jilin', async () => {
    const sev = async (p: string, rule: string) =>
      (await built[p]!.q<{ s: string; l: string }>(`SELECT DISTINCT severity AS s, severity_label AS l FROM rule_violations WHERE rule_id = '${rule}'`));
    expect(await sev('liaoning', 'pay_later_pool_after_years')).toEqual([{ s: 'advisory', l: '提示' }]);
    expect(await sev('liaoning', 'inventor_share_horizontal_min')).toEqual([{ s: 'violation', l: '违规' }]);
    expect(await sev('jilin', 'conversion_fund_min')).toEqual([{ s: 'advisory', l: '提示' }]);
  });

  it('each violation points at its source row, unit and department, with a Chinese sentence', async () => {
    const rows = await built.liaoning!.q<Record<string, unknown>>(
      `SELECT unit_uscc, unit_name, unit_type, supervising_dept, source_table, source_file, source_row, detail
       FROM rule_violations WHERE record_key IN ('C-HZ-80', 'L-CLS-POOL') ORDER BY record_key`);
    expect(rows).toEqual([
      {
        unit_uscc: U1, unit_name: NAMES[U1], unit_type: '高校', supervising_dept: '省教育厅', source_table: 'contracts',
        source_file: '合同.csv', source_row: contracts.findIndex((c) => c.contract_no === 'C-HZ-80') + 2,
        detail: '合同 C-HZ-80 以横向科研项目结余经费出资转化，科研人员收益占比 80%，低于 90%。'
      },
      {
        unit_uscc: U2, unit_name: NAMES[U2], unit_type: '科研院所', supervising_dept: '省科技厅', source_table: 'achievements',
        source_file: '台账.csv', source_row: ledger.findIndex((a) => a.achievement_no === 'L-CLS-POOL') + 2,
        detail: '涉密或涉及国家安全的成果 L-CLS-POOL“成果L-CLS-POOL”被纳入“先用后付成果池”。'
      }
    ]);
    const ids = await built.liaoning!.q<{ violation_id: number; as_of_date: string }>(
      'SELECT violation_id, CAST(as_of_date AS VARCHAR) AS as_of_date FROM rule_violations ORDER BY violation_id');
    expect(ids.map((r) => r.violation_id)).toEqual(EXPECTED.liaoning!.map((_, i) => i + 1));
    expect(new Set(ids.map((r) => r.as_of_date))).toEqual(new Set([AS_OF]));
  });

  it('annual reports: late rows point at the report, missing ones name the unit and year', async () => {
    const rows = await built.jilin!.q<Record<string, unknown>>(
      `SELECT unit_uscc, unit_name, record_key, source_file, source_row, detail FROM rule_violations
       WHERE rule_id = 'annual_report_due' ORDER BY unit_uscc, record_key`);
    expect(rows).toEqual([
      { unit_uscc: U2, unit_name: NAMES[U2], record_key: '2024', source_file: '年报.csv', source_row: 4,
        detail: '2024 年度报告于 2025-02-01 提交，晚于截止日 2025-01-31（逾期 1 天）。' },
      { unit_uscc: U2, unit_name: NAMES[U2], record_key: '2025', source_file: null, source_row: null,
        detail: '截至 2026-11-20 未报送 2025 年度报告（截止日 2026-01-31，已过 293 天）；如已报送但未能入库，见数据质量页的拒收明细。' },
      { unit_uscc: U3, unit_name: NAMES[U3], record_key: '2025', source_file: null, source_row: null,
        detail: '截至 2026-11-20 未报送 2025 年度报告（截止日 2026-01-31，已过 293 天）；如已报送但未能入库，见数据质量页的拒收明细。' }
    ]);
  });
});

describe('mart_rule_summary', () => {
  it('counts per rule, department and unit; active rules without violations get a zero row', async () => {
    const q = built.shenzhen!.q;
    const byRule = await q<{ rule_id: string; total_count: number; unit_count: number; rule_order: number }>(
      `SELECT rule_id, total_count, unit_count, rule_order FROM mart_rule_summary
       WHERE NOT is_all_rule AND is_all_dept AND is_all_unit ORDER BY rule_order`);
    expect(byRule).toEqual([
      { rule_id: 'coowned_inventor_share_min', total_count: 1, unit_count: 1, rule_order: 1 },
      { rule_id: 'long_term_use_min_years', total_count: 1, unit_count: 1, rule_order: 2 },
      { rule_id: 'classified_never_empowered', total_count: 1, unit_count: 1, rule_order: 3 },
      { rule_id: 'agreement_pricing_notice_min_days', total_count: 3, unit_count: 1, rule_order: 4 },
      { rule_id: 'net_income_inventor_min', total_count: 2, unit_count: 2, rule_order: 5 },
      { rule_id: 'tto_min', total_count: 1, unit_count: 1, rule_order: 6 }
    ]);
    const units = await q<{ supervising_dept: string; unit_name: string; total_count: number; violation_count: number; rule_count: number }>(
      `SELECT supervising_dept, unit_name, total_count, violation_count, rule_count FROM mart_rule_summary
       WHERE is_all_rule AND NOT is_all_unit ORDER BY supervising_dept`);
    expect(units).toEqual([
      { supervising_dept: '省教育厅', unit_name: NAMES[U1], total_count: 5, violation_count: 5, rule_count: 3 },
      { supervising_dept: '省科技厅', unit_name: NAMES[U2], total_count: 4, violation_count: 4, rule_count: 4 }
    ]);
    const total = await q<{ total_count: number; unit_name: string | null }>(
      'SELECT total_count, unit_name FROM mart_rule_summary WHERE is_all_rule AND is_all_dept AND is_all_unit');
    expect(total).toEqual([{ total_count: 9, unit_name: null }]);

    const zero = await built.suining!.q<{ rule_id: string; total_count: number }>(
      'SELECT rule_id, total_count FROM mart_rule_summary WHERE NOT is_all_rule AND is_all_dept');
    expect(zero).toEqual([{ rule_id: 'conversion_fund_min', total_count: 1 }]);
  });

  it('advisories and violations are counted apart', async () => {
    const rows = await built.liaoning!.q<{ violation_count: number; advisory_count: number }>(
      'SELECT violation_count, advisory_count FROM mart_rule_summary WHERE is_all_rule AND is_all_dept AND is_all_unit');
    expect(rows).toEqual([{ violation_count: 7, advisory_count: 2 }]);
  });
});

describe('thresholds come from the profile', () => {
  it('a stricter threshold in the profile (and its profile_params) flags the boundary row', async () => {
    const base = loadProfile('liaoning');
    const stricter: Profile = {
      ...base,
      rules: base.rules.map((r) => (r.id === 'inventor_share_horizontal_min' ? { ...r, params: { min_pct: 95 } } : r))
    };
    const { inputs } = writeFixture({ contracts: contracts.filter((c) => String(c.contract_no).startsWith('C-HZ')) });
    const b = await buildWarehouse(inputs, {
      profileId: 'liaoning', asOf: AS_OF, profile: stricter,
      tweak: "UPDATE profile_params SET value = '95' WHERE key = 'inventor_share_horizontal_min.min_pct'"
    });
    expect(sortV(await b.q<V>("SELECT rule_id, record_key, observed, expected FROM rule_violations"))).toEqual(sortV([
      v('inventor_share_horizontal_min', 'C-HZ-90', '科研人员占比 90%', '≥ 95%'),
      v('inventor_share_horizontal_min', 'C-HZ-80', '科研人员占比 80%', '≥ 95%'),
      v('inventor_share_horizontal_min', 'C-HZ-NULL', '科研人员占比 未填报', '≥ 95%')
    ]));
    // the other active rules have nothing to flag here: each still has a summary row, with zero
    const summary = await b.q<{ rule_id: string; total_count: number }>(
      'SELECT rule_id, total_count FROM mart_rule_summary WHERE NOT is_all_rule AND is_all_dept ORDER BY rule_order');
    expect(summary).toEqual(loadProfile('liaoning').rules.map((r) => ({ rule_id: r.id, total_count: r.id === 'inventor_share_horizontal_min' ? 3 : 0 })));
  });

  it('refuses to run when the warehouse params were written from another profile', async () => {
    const base = loadProfile('liaoning');
    const other: Profile = { ...base, rules: base.rules.map((r) => (r.id === 'long_term_use_min_years' ? { ...r, params: { min_years: 12 } } : r)) };
    const { inputs } = writeFixture({ ledger: ledger.slice(0, 3) });
    await expect(buildWarehouse(inputs, { profileId: 'liaoning', asOf: AS_OF, profile: other }))
      .rejects.toThrow(/profile_params.*不一致.*long_term_use_min_years\.min_years 为 10，配置中为 12/);
  });

  it('a rule whose parameter is missing fails loudly instead of passing everything', async () => {
    const { inputs } = writeFixture({ ledger: ledger.slice(0, 3) });
    const base = loadProfile('shenzhen');
    // a profile object that no longer lists the param, and a warehouse without it
    const noParam = { ...base, rules: base.rules.map((r) => (r.id === 'long_term_use_min_years' ? { ...r, params: {} } : r)) } as unknown as Profile;
    await expect(buildWarehouse(inputs, {
      profileId: 'shenzhen', asOf: AS_OF, profile: noParam,
      tweak: "DELETE FROM profile_params WHERE key = 'long_term_use_min_years.min_years'"
    })).rejects.toThrow(/long_term_use_min_years.*政策配置参数缺失/);
  });
});

describe('annual_report_due: which years are due depends on the as-of date', () => {
  const files = () => writeFixture({
    annual_reports: [report(U1, 2023, '2024-01-10'), report(U1, 2024, '2025-01-10'), report(U2, 2023, '2024-01-10')]
  }).inputs;
  const due = async (asOf: string) => {
    const b = await buildWarehouse(files(), { profileId: 'jilin', asOf });
    return b.q<{ unit_uscc: string; record_key: string }>(
      "SELECT unit_uscc, record_key FROM rule_violations WHERE rule_id = 'annual_report_due' ORDER BY unit_uscc, record_key");
  };

  it('on the due date itself the year is not yet overdue; the day after it is', async () => {
    expect(await due('2025-01-31')).toEqual([]);
    expect(await due('2025-02-01')).toEqual([{ unit_uscc: U2, record_key: '2024' }]);
  });

  it('mid-January: the previous year is not due, the one before is', async () => {
    expect(await due('2026-01-15')).toEqual([{ unit_uscc: U2, record_key: '2024' }]);
    expect(await due('2026-02-15')).toEqual([
      { unit_uscc: U1, record_key: '2025' }, { unit_uscc: U2, record_key: '2024' }, { unit_uscc: U2, record_key: '2025' }
    ]);
  });
});
