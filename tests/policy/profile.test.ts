import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { POLICY_DIR, PROJECT_ROOT } from '../../etl/policy/paths';
import { parse } from 'yaml';
import {
  listProfiles,
  loadProfile,
  ProfileError,
  RULE_CATALOG,
  taskDepartments,
  type LoadedProfile,
  type PolicyRule
} from '../../etl/policy/profile';

const IDS = ['liaoning', 'jilin', 'suining', 'shenzhen'];
const profiles = Object.fromEntries(IDS.map((id) => [id, loadProfile(id)])) as Record<string, LoadedProfile>;

const rule = (id: string, ruleId: string): PolicyRule | undefined => profiles[id]!.rules.find((r) => r.id === ruleId);
const params = (id: string, ruleId: string) => rule(id, ruleId)?.params as Record<string, unknown> | undefined;

/** Text of a profile's document, whitespace removed and ASCII punctuation made full-width. */
const norm = (s: string) => s.replace(/\s+/g, '').replace(/,/g, '，').replace(/\(/g, '（').replace(/\)/g, '）').replace(/;/g, '；');
const docText = (p: LoadedProfile) => norm(readFileSync(path.join(POLICY_DIR, p.document.file), 'utf8'));

/** The quoted part of a clause (after the first ：), split at …… and ； into pieces that must occur in the text. */
function quotePieces(clause: string): string[] {
  const i = clause.indexOf('：');
  if (i < 0) return [];
  return norm(clause.slice(i + 1))
    .split(/……|；/)
    .map((s) => s.replace(/[。]$/, ''))
    .filter((s) => s.length >= 4);
}

describe('政策配置加载', () => {
  it('lists the four profiles, liaoning the only default and first', () => {
    const list = listProfiles();
    expect(list.map((p) => p.id)).toEqual(['liaoning', 'jilin', 'shenzhen', 'suining']);
    expect(list.filter((p) => p.default).map((p) => p.id)).toEqual(['liaoning']);
    expect(list.find((p) => p.id === 'suining')?.level).toBe('city');
    expect(list.find((p) => p.id === 'jilin')?.level).toBe('province');
  });

  it('loads liaoning by default', () => {
    const p = loadProfile();
    expect(p.id).toBe('liaoning');
    expect(p.name).toBe('辽宁省');
    expect(p.source_file).toBe('data/policy/liaoning.yaml');
  });

  it('liaoning holds 43 tasks with a planned date each, 15 measures and 4 directions', () => {
    const p = profiles.liaoning!;
    expect(p.tasks).toHaveLength(43);
    expect(p.measures).toHaveLength(15);
    expect(p.directions).toHaveLength(4);
    expect(p.measures[0]).toMatchObject({ no: 1, title: '推广实施职务科技成果赋权改革', clause: '辽宁（一）' });
    const planned = p.task_schedule!.planned;
    expect(planned.map((x) => x.task_no).sort((a, b) => a - b)).toEqual(p.tasks!.map((t) => t.no));
    for (const x of planned) {
      expect(x.planned_date >= '2025-01-01' && x.planned_date <= '2026-12-31').toBe(true);
      expect(x.planned_date >= p.task_schedule!.start_date).toBe(true);
    }
  });

  it('carries the thresholds each text states', () => {
    expect(params('liaoning', 'inventor_share_horizontal_min')).toEqual({ min_pct: 90 });
    expect(params('liaoning', 'long_term_use_min_years')).toEqual({ min_years: 10 });
    expect(params('liaoning', 'pay_later_pool_after_years')).toEqual({ after_years: 3 });
    expect(rule('liaoning', 'pay_later_pool_after_years')?.severity).toBe('advisory');
    expect(params('liaoning', 'classified_never_empowered')).toEqual({ forbid_empowerment: true, forbid_pay_later_pool: true });
    expect(rule('liaoning', 'agreement_pricing_notice_required')).toBeDefined();
    expect(params('jilin', 'long_term_use_min_years')).toEqual({ min_years: 10 });
    expect(params('shenzhen', 'long_term_use_min_years')).toEqual({ min_years: 10 });
    expect(params('jilin', 'agreement_pricing_notice_min_days')).toEqual({ min_days: 15 });
    expect(params('shenzhen', 'agreement_pricing_notice_min_days')).toEqual({ min_days: 15 });
    expect(params('shenzhen', 'coowned_inventor_share_min')).toEqual({ min_pct: 70 });
    expect(params('shenzhen', 'net_income_inventor_min')).toMatchObject({ min_pct: 70 });
    expect(params('shenzhen', 'tto_min')).toMatchObject({ min_pct: 3 });
    for (const id of ['jilin', 'suining']) {
      expect(params(id, 'conversion_fund_min')).toEqual({ min_pct: 10 });
      expect(rule(id, 'conversion_fund_min')?.severity).toBe('advisory');
    }
    expect(params('jilin', 'annual_report_due')).toEqual({ month: 1, day: 31 });
    // rules a text does not state are not in its profile
    expect(rule('liaoning', 'agreement_pricing_notice_min_days')).toBeUndefined();
    expect(rule('suining', 'long_term_use_min_years')).toBeUndefined();
    expect(rule('jilin', 'tto_min')).toBeUndefined();
  });

  it('liaoning: evaluation, traffic light and awards', () => {
    const p = profiles.liaoning!;
    expect(p.evaluation.normalization).toBe('min_max');
    expect(p.evaluation.indicators.map((i) => i.metric)).toEqual([
      'conversion_wan',
      'contract_count',
      'conversion_rate_pct',
      'reward_individual_wan',
      'has_tto',
      'tto_staff',
      'empowered_count',
      'pay_later_count'
    ]);
    expect(p.traffic_light).toMatchObject({ yellow_behind_points: 10, red_behind_points: 30, blue_days_before_due: 14 });
    expect(p.awards).toMatchObject({ max_award_wan: 50, eligible_grades: ['优秀'] });
    expect(p.awards!.categories.map((c) => [c.category, c.min_level])).toEqual([
      ['大学科技园', undefined],
      ['孵化器', '省级']
    ]);
  });

  it('each profile has 2025 targets for the four metrics; 遂宁 单列管理 is stated in the text', () => {
    for (const id of IDS) {
      const t = profiles[id]!.targets;
      expect(t.map((x) => x.metric).sort()).toEqual(['contract_wan', 'empowered_results', 'share_units_separate_mgmt', 'share_units_tto']);
      for (const x of t) expect(x.target_year).toBe(2025);
    }
    const s = profiles.suining!.targets.find((x) => x.metric === 'share_units_separate_mgmt')!;
    expect(s).toMatchObject({ target_value: 100, unit: '%', direction: 'increase', stated_in_text: true });
    expect(s.clause).toContain('力争到2025年，基本建立职务科技成果单列管理制度');
  });

  it.each(IDS)('%s: every quoted clause occurs in its policy text', (id) => {
    const p = profiles[id]!;
    const text = docText(p);
    const clauses = [
      p.research_units.clause,
      ...p.rules.map((r) => r.clause),
      ...p.targets.map((t) => t.clause),
      p.evaluation.clause,
      ...(p.awards ? [p.awards.clause, ...p.awards.categories.map((c) => c.clause)] : [])
    ];
    let checked = 0;
    for (const c of clauses) {
      for (const piece of quotePieces(c)) {
        expect(text.includes(piece), `${id}: “${piece}” not in ${p.document.file}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(3);
    for (const m of p.measures) expect(text.includes(norm(m.title)), `${id}: measure “${m.title}”`).toBe(true);
  });
});

describe('规则与数据契约', () => {
  it('every rule reads columns that the data contract defines', () => {
    const contract = parse(readFileSync(path.join(PROJECT_ROOT, 'etl', 'contract', 'contract.yaml'), 'utf8')) as {
      kinds: Record<string, { columns: { name: string }[] }>;
    };
    for (const [id, r] of Object.entries(RULE_CATALOG)) {
      const cols = contract.kinds[r.appliesTo]?.columns.map((c) => c.name) ?? [];
      for (const f of r.fields) expect(cols, `${id}: ${r.appliesTo}.${f}`).toContain(f);
    }
  });

  it('task_departments rows: one per task and department, first is 牵头', () => {
    const rows = taskDepartments(profiles.liaoning!);
    const total = profiles.liaoning!.tasks!.reduce((n, t) => n + 1 + t.support.length, 0);
    expect(rows).toHaveLength(total);
    expect(rows.filter((r) => r.role === '牵头')).toHaveLength(43);
    expect(rows.filter((r) => r.task_no === 3)).toEqual([{ task_no: 3, dept_name: '科研单位', role: '牵头', seq: 1, dept_source: 'table' }]);
    expect(rows.filter((r) => r.task_no === 7 && r.dept_name === '省税务局')).toEqual([
      { task_no: 7, dept_name: '省税务局', role: '配合', seq: 3, dept_source: 'table' }
    ]);
  });
});

describe('政策配置校验', () => {
  function sandbox(): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'policy-'));
    cpSync(POLICY_DIR, dir, { recursive: true });
    return dir;
  }
  function edit(dir: string, id: string, from: string | RegExp, to: string): void {
    const f = path.join(dir, `${id}.yaml`);
    const before = readFileSync(f, 'utf8');
    const after = before.replace(from, to);
    if (after === before) throw new Error(`edit did not apply: ${String(from)}`);
    writeFileSync(f, after);
  }
  function errorOf(fn: () => unknown): ProfileError {
    try {
      fn();
    } catch (e) {
      if (e instanceof ProfileError) return e;
      throw e;
    }
    throw new Error('no error thrown');
  }

  it('names the file and the path of a bad field', () => {
    const dir = sandbox();
    edit(dir, 'jilin', 'params: { min_years: 10 }', 'params: { min_years: 十年 }');
    const e = errorOf(() => loadProfile('jilin', { dir }));
    expect(e.message).toContain(path.join(dir, 'jilin.yaml').split(path.sep).join('/'));
    expect(e.message).toContain('rules[0].params.min_years');
    expect(e.issues.map((i) => i.path)).toEqual(['rules[0].params.min_years']);
    // listing validates too
    expect(() => listProfiles({ dir })).toThrow(/jilin\.yaml[\s\S]*rules\[0\]\.params\.min_years/);
  });

  it('rejects unknown keys, bad enums, wrong weights and dates', () => {
    const dir = sandbox();
    edit(dir, 'shenzhen', 'severity: violation', 'severity: fatal');
    expect(errorOf(() => loadProfile('shenzhen', { dir })).message).toContain('rules[0].severity');
    edit(dir, 'suining', 'weight: 0.25', 'weight: 0.35');
    expect(errorOf(() => loadProfile('suining', { dir })).message).toMatch(/evaluation\.indicators: 权重之和应为 1/);
    edit(dir, 'jilin', 'yellow_behind_points: 10', 'yellow_points: 10');
    expect(errorOf(() => loadProfile('jilin', { dir })).message).toMatch(/traffic_light/);
    edit(dir, 'liaoning', '{ task_no: 5, planned_date: 2025-09-30 }', '{ task_no: 5, planned_date: 2025-13-40 }');
    const e = errorOf(() => loadProfile('liaoning', { dir }));
    expect(e.message).toContain('data/policy/liaoning.yaml'.replace('data/policy', dir.split(path.sep).join('/')));
    expect(e.message).toContain('task_schedule.planned[4].planned_date');
  });

  it('checks departments against departments.yaml and tasks against measures', () => {
    const dir = sandbox();
    edit(dir, 'liaoning', 'lead: 科研单位', 'lead: 省公安厅');
    expect(errorOf(() => loadProfile('liaoning', { dir })).message).toMatch(/tasks\[2\]\.lead: 未知部门“省公安厅”/);
    const dir2 = sandbox();
    edit(dir2, 'liaoning', /support: \[省机关事务管理局, 省教育厅, 省卫生健康委, 省知识产权局\]/, 'support: [省机关事务局, 省教育厅, 省卫生健康委, 省知识产权局]');
    expect(errorOf(() => loadProfile('liaoning', { dir: dir2 })).message).toMatch(/tasks\[0\]\.support\[0\]: 部门应写规范名称“省机关事务管理局”/);
    const dir3 = sandbox();
    edit(dir3, 'liaoning', /measure_no: 15\n/, 'measure_no: 16\n');
    expect(errorOf(() => loadProfile('liaoning', { dir: dir3 })).message).toMatch(/tasks\[40\]\.measure_no: 没有编号为 16 的工作措施/);
  });

  it('reports invalid YAML, a missing document file, an id mismatch and a missing profile', () => {
    const dir = sandbox();
    edit(dir, 'jilin', 'id: jilin', 'id: jilin\n  bad: [');
    expect(errorOf(() => loadProfile('jilin', { dir })).message).toMatch(/jilin\.yaml 不是合法的 YAML/);
    edit(dir, 'suining', 'file: text/003_81ae19f1cb9b5882.txt', 'file: text/missing.txt');
    expect(errorOf(() => loadProfile('suining', { dir })).message).toMatch(/document\.file: 文件不存在：text\/missing\.txt/);
    edit(dir, 'shenzhen', 'id: shenzhen', 'id: shenzen');
    expect(errorOf(() => loadProfile('shenzhen', { dir })).message).toMatch(/id: 应与文件名一致：shenzhen/);
    expect(errorOf(() => loadProfile('hainan', { dir })).message).toMatch(/hainan\.yaml/);
  });

  it('requires exactly one default profile', () => {
    const dir = sandbox();
    edit(dir, 'jilin', 'default: false', 'default: true');
    expect(() => listProfiles({ dir })).toThrow(/应恰有一个默认配置，实际 2 个：liaoning、jilin|应恰有一个默认配置，实际 2 个：jilin、liaoning/);
  });
});
