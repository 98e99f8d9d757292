/**
 * 政策配置（profile）：每个辖区一份 YAML（data/policy/<id>.yaml），加载时用 zod 校验。
 * Thresholds of the compliance rules, 2025 targets, evaluation weights, 三色督办 and 奖补 settings
 * live in the YAML, each with the clause it comes from; this module validates and loads them.
 * Errors name the file and the path of the bad field, e.g.
 *   策略配置 data/policy/jilin.yaml 校验失败：
 *     - rules[1].params.min_days: Invalid input: expected number, received string
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { formatIssuePath, loadDepartments, normalizeDepartment, type DepartmentIndex } from './departments';
import { POLICY_DIR, relToRoot } from './paths';

export const DEFAULT_PROFILE_ID = 'liaoning';

/** Files in data/policy that are not profiles. */
const NOT_PROFILES = new Set(['departments.yaml']);

// ---------------------------------------------------------------------------------------------
// Catalogs (what the ids in the YAML mean)

export type InputKind = 'ledger' | 'contracts' | 'annual_reports' | 'park_evaluations' | 'task_progress';

/** Compliance rules the product knows how to check; a profile lists those of its jurisdiction. */
export const RULE_CATALOG = {
  inventor_share_horizontal_min: { title: '横向结余经费出资转化：科研人员收益占比下限', appliesTo: 'contracts', fields: ['uses_horizontal_surplus', 'inventor_reward_pct'] },
  long_term_use_min_years: { title: '长期使用权期限下限', appliesTo: 'ledger', fields: ['empowerment_type', 'empowerment_years'] },
  pay_later_pool_after_years: { title: '取得知识产权满若干年未转化应纳入先用后付成果池', appliesTo: 'ledger', fields: ['acquired_date', 'conversion_status', 'in_pay_later_pool'] },
  agreement_pricing_notice_required: { title: '协议定价须在本单位公示', appliesTo: 'contracts', fields: ['pricing_method', 'notice_days'] },
  agreement_pricing_notice_min_days: { title: '协议定价公示期下限', appliesTo: 'contracts', fields: ['pricing_method', 'notice_days'] },
  classified_never_empowered: { title: '涉密或涉及国家安全的成果不赋权、不入先用后付成果池', appliesTo: 'ledger', fields: ['is_classified', 'empowerment_type', 'in_pay_later_pool'] },
  coowned_inventor_share_min: { title: '按份共有时完成人份额下限', appliesTo: 'ledger', fields: ['empowerment_type', 'inventor_share_pct'] },
  net_income_inventor_min: { title: '净收入奖励完成人比例下限', appliesTo: 'contracts', fields: ['conversion_method', 'inventor_reward_pct'] },
  tto_min: { title: '净收入提取技术转移机构经费比例下限', appliesTo: 'contracts', fields: ['conversion_method', 'tto_share_pct'] },
  conversion_fund_min: { title: '净收入提取成果转化基金比例（鼓励）', appliesTo: 'contracts', fields: ['fund_share_pct'] },
  annual_report_due: { title: '年度报告报送期限', appliesTo: 'annual_reports', fields: ['year', 'submitted_date'] },
  amount_not_below_appraisal: { title: '转化金额不低于第三方评估价值', appliesTo: 'contracts', fields: ['is_appraised', 'amount_wan', 'achievement_no'] }
} as const satisfies Record<string, { title: string; appliesTo: InputKind; fields: readonly string[] }>;
export type RuleId = keyof typeof RULE_CATALOG;

/** Metrics of the 2025 targets. */
export const TARGET_METRICS = {
  share_units_separate_mgmt: { title: '已建立单列管理制度的科研单位占比', unit: '%', source: 'annual_reports.has_separate_mgmt（最新年度报告）' },
  share_units_tto: { title: '已设立技术转移机构的科研单位占比', unit: '%', source: 'annual_reports.has_tto（最新年度报告）' },
  empowered_results: { title: '赋权成果数', unit: '项', source: 'annual_reports.empowered_count 年度合计' },
  contract_wan: { title: '转化合同金额', unit: '万元', source: 'contracts.amount_wan 按签订年度合计' }
} as const;
export type TargetMetric = keyof typeof TARGET_METRICS;

/** Metrics of the evaluation indicators (per unit and year). */
export const EVALUATION_METRICS = {
  conversion_wan: { title: '转化金额（转让+许可+作价投资，万元）', source: 'annual_reports.transfer_wan + license_wan + equity_wan' },
  contract_count: { title: '转化合同数（转让+许可+作价投资）', source: 'annual_reports.transfer_count + license_count + equity_count' },
  conversion_rate_pct: { title: '已授权成果转化率（%）', source: '台账：已转化的已授权成果 / 已授权成果' },
  reward_individual_wan: { title: '奖励个人金额（现金+股权，万元）', source: 'annual_reports.reward_cash_wan + reward_equity_wan' },
  has_tto: { title: '是否设立技术转移机构', source: 'annual_reports.has_tto（是=1，否=0）' },
  tto_staff: { title: '技术转移专职人员数', source: 'annual_reports.tto_staff' },
  empowered_count: { title: '赋权成果数', source: 'annual_reports.empowered_count' },
  pay_later_count: { title: '先用后付许可数', source: 'annual_reports.pay_later_count' }
} as const;
export type EvaluationMetric = keyof typeof EVALUATION_METRICS;

/** 科技园 / 孵化器级别，由低到高。 */
export const PARK_LEVELS = ['市级', '省级', '国家级'] as const;

// ---------------------------------------------------------------------------------------------
// Schema

const isoDate = z.iso.date();
const clause = z.string().min(2);
const pct = z.number().min(0).max(100);
const posInt = z.int().positive();

const ruleBase = { title: z.string().min(1), clause, severity: z.enum(['violation', 'advisory']) };
const noParams = z.strictObject({});
const methods = z.array(z.enum(['转让', '许可', '作价投资', '其他'])).min(1);
const ruleSchema = z.discriminatedUnion('id', [
  z.strictObject({ id: z.literal('inventor_share_horizontal_min'), ...ruleBase, params: z.strictObject({ min_pct: pct }) }),
  z.strictObject({ id: z.literal('long_term_use_min_years'), ...ruleBase, params: z.strictObject({ min_years: posInt }) }),
  z.strictObject({ id: z.literal('pay_later_pool_after_years'), ...ruleBase, params: z.strictObject({ after_years: posInt }) }),
  z.strictObject({ id: z.literal('agreement_pricing_notice_required'), ...ruleBase, params: noParams }),
  z.strictObject({ id: z.literal('agreement_pricing_notice_min_days'), ...ruleBase, params: z.strictObject({ min_days: posInt }) }),
  z.strictObject({
    id: z.literal('classified_never_empowered'),
    ...ruleBase,
    params: z.strictObject({ forbid_empowerment: z.boolean(), forbid_pay_later_pool: z.boolean() })
  }),
  z.strictObject({ id: z.literal('coowned_inventor_share_min'), ...ruleBase, params: z.strictObject({ min_pct: pct }) }),
  z.strictObject({ id: z.literal('net_income_inventor_min'), ...ruleBase, params: z.strictObject({ min_pct: pct, methods }) }),
  z.strictObject({ id: z.literal('tto_min'), ...ruleBase, params: z.strictObject({ min_pct: pct, methods }) }),
  z.strictObject({ id: z.literal('conversion_fund_min'), ...ruleBase, params: z.strictObject({ min_pct: pct }) }),
  z.strictObject({
    id: z.literal('annual_report_due'),
    ...ruleBase,
    params: z.strictObject({ month: z.int().min(1).max(12), day: z.int().min(1).max(31) })
  }),
  z.strictObject({ id: z.literal('amount_not_below_appraisal'), ...ruleBase, params: noParams })
]);

const directionSchema = z.strictObject({ no: posInt, title: z.string().min(1), clause });
const measureSchema = z.strictObject({
  no: posInt,
  title: z.string().min(1),
  clause,
  direction_no: posInt.optional(),
  departments: z.array(z.string().min(1))
});
const taskSchema = z.strictObject({
  no: posInt,
  direction_no: posInt,
  direction: z.string().min(1),
  measure_no: posInt,
  measure: z.string().min(1),
  text: z.string().min(1),
  lead: z.string().min(1),
  support: z.array(z.string().min(1)),
  dept_source: z.enum(['table', 'inherited', 'body'])
});
const scheduleSchema = z.strictObject({
  start_date: isoDate,
  planned: z.array(z.strictObject({ task_no: posInt, planned_date: isoDate })).min(1)
});
const targetSchema = z.strictObject({
  metric: z.enum(Object.keys(TARGET_METRICS) as [TargetMetric, ...TargetMetric[]]),
  title: z.string().min(1),
  unit: z.enum(['%', '项', '万元']),
  baseline_year: z.int().min(2000).max(2100),
  baseline_value: z.number().min(0),
  target_year: z.int().min(2000).max(2100),
  target_value: z.number().min(0),
  direction: z.enum(['increase', 'decrease']),
  clause,
  stated_in_text: z.boolean()
});
const indicatorSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, '应为 snake_case 标识'),
  title: z.string().min(1),
  metric: z.enum(Object.keys(EVALUATION_METRICS) as [EvaluationMetric, ...EvaluationMetric[]]),
  direction: z.enum(['benefit', 'cost']),
  weight: z.number().min(0).max(1)
});
const evaluationSchema = z.strictObject({
  clause,
  normalization: z.enum(['min_max', 'z_score', 'vector']).default('min_max'),
  weighting: z.enum(['manual', 'ahp', 'entropy']).default('manual'),
  indicators: z.array(indicatorSchema).min(2)
});
const trafficLightSchema = z.strictObject({
  basis: z.string().min(1),
  yellow_behind_points: z.number().positive(),
  red_behind_points: z.number().positive(),
  blue_days_before_due: posInt
});
const awardsSchema = z.strictObject({
  clause,
  max_award_wan: z.number().positive(),
  eligible_grades: z.array(z.enum(['优秀', '良好', '合格', '不合格'])).min(1),
  categories: z
    .array(z.strictObject({ category: z.enum(['大学科技园', '孵化器']), min_level: z.enum(PARK_LEVELS).optional(), clause }))
    .min(1)
});

export const profileSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9_-]*$/, '应为小写英文标识'),
    name: z.string().min(1),
    level: z.enum(['province', 'city']),
    default: z.boolean(),
    document: z.strictObject({
      title: z.string().min(1),
      file: z.string().min(1),
      alternate_files: z.array(z.string().min(1)).optional(),
      status: z.string().optional(),
      doc_no: z.string().optional(),
      issued: isoDate.optional(),
      effective: isoDate.optional()
    }),
    research_units: z.strictObject({
      scope: z.string().min(1),
      unit_types: z.array(z.enum(['高校', '科研院所', '医疗卫生机构'])).min(1),
      clause
    }),
    departments_file: z.string().optional(),
    directions: z.array(directionSchema).optional(),
    measures: z.array(measureSchema).min(1),
    tasks: z.array(taskSchema).optional(),
    task_schedule: scheduleSchema.optional(),
    rules: z.array(ruleSchema),
    reporting: z.strictObject({
      annual_report_due: z.strictObject({ month: z.int().min(1).max(12), day: z.int().min(1).max(31), basis: z.string().min(1) }),
      // weekly task reports: due on this ISO weekday (1 = Monday) at this UTC+8 time, week_offset weeks after the report week
      weekly_progress_due: z
        .strictObject({
          weekday: z.int().min(1).max(7),
          time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
          week_offset: z.int().min(0).max(4),
          basis: z.string().min(1)
        })
        .optional()
    }),
    targets: z.array(targetSchema),
    evaluation: evaluationSchema,
    traffic_light: trafficLightSchema,
    awards: awardsSchema.optional(),
    exemption_cases: z.array(z.strictObject({ no: posInt, text: z.string().min(1) })).optional()
  })
  .superRefine((p, ctx) => {
    const issue = (pathParts: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path: pathParts, message });
    const dupes = <T>(items: T[], key: (t: T) => unknown, at: (string | number)[], what: string) => {
      const seen = new Set<unknown>();
      items.forEach((it, i) => {
        const k = key(it);
        if (seen.has(k)) issue([...at, i], `${what}重复：${String(k)}`);
        seen.add(k);
      });
    };
    p.measures.forEach((m, i) => {
      if (m.no !== i + 1) issue(['measures', i, 'no'], `工作措施编号应为 ${i + 1}（按顺序从 1 编号）`);
      if (m.direction_no !== undefined && p.directions && !p.directions.some((d) => d.no === m.direction_no)) {
        issue(['measures', i, 'direction_no'], `没有编号为 ${m.direction_no} 的重点方向`);
      }
    });
    p.directions?.forEach((d, i) => {
      if (d.no !== i + 1) issue(['directions', i, 'no'], `重点方向编号应为 ${i + 1}`);
    });
    dupes(p.rules, (r) => r.id, ['rules'], '规则');
    dupes(p.targets, (t) => t.metric, ['targets'], '目标指标');
    p.targets.forEach((t, i) => {
      if (t.target_year <= t.baseline_year) issue(['targets', i, 'target_year'], '目标年度应晚于基期年度');
      if (t.unit !== TARGET_METRICS[t.metric].unit) issue(['targets', i, 'unit'], `指标 ${t.metric} 的单位应为 ${TARGET_METRICS[t.metric].unit}`);
      if (t.unit === '%' && (t.baseline_value > 100 || t.target_value > 100)) issue(['targets', i], '百分比应在 0–100 之间');
    });
    dupes(p.evaluation.indicators, (x) => x.id, ['evaluation', 'indicators'], '评价指标');
    const sum = p.evaluation.indicators.reduce((s, x) => s + x.weight, 0);
    if (Math.abs(sum - 1) > 1e-6) issue(['evaluation', 'indicators'], `权重之和应为 1（实际为 ${Math.round(sum * 1e6) / 1e6}）`);
    if (p.traffic_light.yellow_behind_points >= p.traffic_light.red_behind_points) {
      issue(['traffic_light', 'yellow_behind_points'], '黄灯阈值应小于红灯阈值');
    }
    if (p.tasks) {
      p.tasks.forEach((t, i) => {
        if (t.no !== i + 1) issue(['tasks', i, 'no'], `任务序号应为 ${i + 1}`);
        const m = p.measures.find((x) => x.no === t.measure_no);
        if (!m) issue(['tasks', i, 'measure_no'], `没有编号为 ${t.measure_no} 的工作措施`);
        else if (m.title !== t.measure) issue(['tasks', i, 'measure'], `与 measures 中的名称“${m.title}”不一致`);
        if (p.directions) {
          const d = p.directions.find((x) => x.no === t.direction_no);
          if (!d) issue(['tasks', i, 'direction_no'], `没有编号为 ${t.direction_no} 的重点方向`);
          else if (d.title !== t.direction) issue(['tasks', i, 'direction'], `与 directions 中的名称“${d.title}”不一致`);
        }
        if (t.support.includes(t.lead)) issue(['tasks', i, 'support'], `牵头部门 ${t.lead} 不应同时列为配合部门`);
      });
      if (!p.task_schedule) issue(['task_schedule'], '有任务清单时必须给出 task_schedule');
      else {
        const planned = p.task_schedule.planned;
        dupes(planned, (x) => x.task_no, ['task_schedule', 'planned'], '计划完成日期的任务序号');
        planned.forEach((x, i) => {
          if (!p.tasks!.some((t) => t.no === x.task_no)) issue(['task_schedule', 'planned', i, 'task_no'], `没有序号为 ${x.task_no} 的任务`);
          if (x.planned_date < p.task_schedule!.start_date) issue(['task_schedule', 'planned', i, 'planned_date'], '计划完成日期早于开始日期');
        });
        p.tasks.forEach((t) => {
          if (!planned.some((x) => x.task_no === t.no)) issue(['task_schedule', 'planned'], `第 ${t.no} 项任务没有计划完成日期`);
        });
      }
    } else if (p.task_schedule) {
      issue(['task_schedule'], '没有任务清单（tasks）时不应有 task_schedule');
    }
  });

/** A policy profile as written in the YAML (snake_case keys). */
export type PolicyProfile = z.output<typeof profileSchema>;
export type PolicyRule = PolicyProfile['rules'][number];
export type ProfileTask = NonNullable<PolicyProfile['tasks']>[number];
export type ProfileMeasure = PolicyProfile['measures'][number];
export type ProfileTarget = PolicyProfile['targets'][number];

/** A loaded profile: the YAML plus where it came from. */
export type LoadedProfile = PolicyProfile & { /** file relative to the project root */ source_file: string };
/** Alias of LoadedProfile. */
export type Profile = LoadedProfile;

export class ProfileError extends Error {
  constructor(
    readonly file: string,
    readonly issues: { path: string; message: string }[],
    headline: string
  ) {
    super(`${headline}\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`);
    this.name = 'ProfileError';
  }
}

export interface ProfileOptions {
  /** directory of the profiles (default data/policy) */
  dir?: string;
}

function profileFile(id: string, dir: string): string {
  return path.join(dir, `${id}.yaml`);
}

/** Validates parsed YAML of a profile file; throws ProfileError naming the file and field paths. */
export function validateProfile(data: unknown, file: string, dir: string = path.dirname(file)): LoadedProfile {
  const label = relToRoot(file);
  const res = profileSchema.safeParse(data);
  if (!res.success) {
    throw new ProfileError(
      label,
      res.error.issues.map((i) => ({ path: formatIssuePath(i.path), message: i.message })),
      `策略配置 ${label} 校验失败：`
    );
  }
  const p = res.data;
  const issues: { path: string; message: string }[] = [];
  const expectedId = path.basename(file).replace(/\.ya?ml$/, '');
  if (p.id !== expectedId) issues.push({ path: 'id', message: `应与文件名一致：${expectedId}` });
  const files = [p.document.file, ...(p.document.alternate_files ?? [])];
  files.forEach((f, i) => {
    if (!existsSync(path.join(dir, f))) {
      issues.push({ path: i === 0 ? 'document.file' : `document.alternate_files[${i - 1}]`, message: `文件不存在：${f}（相对于 ${relToRoot(dir) || '.'}）` });
    }
  });
  if (p.departments_file !== undefined) {
    const deptPath = path.join(dir, p.departments_file);
    let idx: DepartmentIndex | undefined;
    if (!existsSync(deptPath)) issues.push({ path: 'departments_file', message: `文件不存在：${p.departments_file}` });
    else idx = loadDepartments(deptPath);
    if (idx) {
      const check = (name: string, at: string) => {
        const canon = normalizeDepartment(name, idx);
        if (canon === null) issues.push({ path: at, message: `未知部门“${name}”（不在 ${p.departments_file} 中）` });
        else if (canon !== name) issues.push({ path: at, message: `部门应写规范名称“${canon}”（而不是“${name}”）` });
      };
      p.measures.forEach((m, i) => m.departments.forEach((d, j) => check(d, `measures[${i}].departments[${j}]`)));
      p.tasks?.forEach((t, i) => {
        check(t.lead, `tasks[${i}].lead`);
        t.support.forEach((d, j) => check(d, `tasks[${i}].support[${j}]`));
      });
    }
  }
  if (issues.length) throw new ProfileError(label, issues, `策略配置 ${label} 校验失败：`);
  return { ...p, source_file: label };
}

/** Loads and validates one profile (default: liaoning). */
export function loadProfile(id: string = DEFAULT_PROFILE_ID, opts: ProfileOptions = {}): LoadedProfile {
  const dir = opts.dir ?? POLICY_DIR;
  const file = profileFile(id, dir);
  const label = relToRoot(file);
  if (!/^[a-z][a-z0-9_-]*$/.test(id)) throw new ProfileError(label, [{ path: 'id', message: `非法的配置标识：${id}` }], `策略配置标识无效：`);
  if (!existsSync(file)) {
    throw new ProfileError(label, [{ path: '(文件)', message: `找不到 ${label}；可用：${profileIds(dir).join('、') || '无'}` }], `策略配置 ${id} 不存在：`);
  }
  let data: unknown;
  try {
    data = parse(readFileSync(file, 'utf8'), { prettyErrors: true });
  } catch (e) {
    throw new ProfileError(label, [{ path: '(YAML)', message: (e as Error).message }], `策略配置 ${label} 不是合法的 YAML：`);
  }
  return validateProfile(data, file, dir);
}

function profileIds(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && !NOT_PROFILES.has(f))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

export interface ProfileSummary {
  id: string;
  name: string;
  level: 'province' | 'city';
  default: boolean;
  title: string;
  file: string;
}

/** All profiles in data/policy (each validated), the default first; exactly one must be default. */
export function listProfiles(opts: ProfileOptions = {}): ProfileSummary[] {
  const dir = opts.dir ?? POLICY_DIR;
  const list = profileIds(dir).map((id) => {
    const p = loadProfile(id, { dir });
    return { id: p.id, name: p.name, level: p.level, default: p.default, title: p.document.title, file: p.source_file };
  });
  const defaults = list.filter((p) => p.default);
  if (defaults.length !== 1) {
    throw new ProfileError(relToRoot(dir), [{ path: 'default', message: `应恰有一个默认配置，实际 ${defaults.length} 个：${defaults.map((d) => d.id).join('、') || '无'}` }], `策略配置目录 ${relToRoot(dir)}：`);
  }
  return list.sort((a, b) => Number(b.default) - Number(a.default) || a.id.localeCompare(b.id));
}

export interface TaskDepartmentRow {
  task_no: number;
  dept_name: string;
  /** 牵头 = first listed department, 配合 = the others */
  role: '牵头' | '配合';
  /** position in the task's list (1 = lead) */
  seq: number;
  dept_source: 'table' | 'inherited' | 'body';
}

/** One row per task and department (for the warehouse task_departments table). */
export function taskDepartments(profile: PolicyProfile): TaskDepartmentRow[] {
  return (profile.tasks ?? []).flatMap((t) =>
    [t.lead, ...t.support].map((dept_name, i) => ({
      task_no: t.no,
      dept_name,
      role: i === 0 ? ('牵头' as const) : ('配合' as const),
      seq: i + 1,
      dept_source: t.dept_source
    }))
  );
}
