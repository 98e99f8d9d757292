/**
 * 样例生成器需要的政策信息：规则阈值与条款（各辖区配置中第一个给出该规则的，默认配置优先）、
 * 任务清单与计划完成日期（默认配置 liaoning.yaml）、部门类别（科研单位本身不报周报）。
 */
import { loadProfile, DEFAULT_PROFILE_ID, type LoadedProfile } from '../policy/profile';
import { getDepartment } from '../policy/departments';
import { DEFAULT_THRESHOLDS, type Thresholds } from './model';

export interface RuleInfo {
  clause: string;
  /** 给出该规则的配置（辖区名称） */
  profile: string;
  /** 是否在默认配置中检查 */
  inDefault: boolean;
}

export interface SamplePolicy {
  profile: LoadedProfile;
  thresholds: Thresholds;
  rules: Map<string, RuleInfo>;
  /** 规则的条款出处（简写，如“辽宁（三）”） */
  clause: (code: string) => string;
  /** 政府部门（报周报）；科研单位本身不报 */
  isReportingDept: (name: string) => boolean;
}

const OTHER_PROFILES = ['jilin', 'shenzhen', 'suining'];

export function loadSamplePolicy(): SamplePolicy {
  const profile = loadProfile(DEFAULT_PROFILE_ID);
  const others: LoadedProfile[] = [];
  for (const id of OTHER_PROFILES) {
    try {
      others.push(loadProfile(id));
    } catch {
      // 其他辖区的配置缺失时只影响条款说明
    }
  }
  const rules = new Map<string, RuleInfo>();
  const thr: Thresholds = { ...DEFAULT_THRESHOLDS };
  for (const p of [profile, ...others]) {
    for (const r of p.rules) {
      if (rules.has(r.id)) continue;
      rules.set(r.id, { clause: r.clause, profile: p.name, inDefault: p === profile });
      const params = r.params as Record<string, unknown>;
      const num = (k: string) => (typeof params[k] === 'number' ? (params[k] as number) : undefined);
      switch (r.id) {
        case 'inventor_share_horizontal_min': thr.horizontalInventorMin = num('min_pct') ?? thr.horizontalInventorMin; break;
        case 'long_term_use_min_years': thr.longTermUseMinYears = num('min_years') ?? thr.longTermUseMinYears; break;
        case 'pay_later_pool_after_years': thr.poolAfterYears = num('after_years') ?? thr.poolAfterYears; break;
        case 'agreement_pricing_notice_min_days': thr.noticeMinDays = num('min_days') ?? thr.noticeMinDays; break;
        case 'coowned_inventor_share_min': thr.coownedInventorMin = num('min_pct') ?? thr.coownedInventorMin; break;
        case 'net_income_inventor_min': thr.netIncomeInventorMin = num('min_pct') ?? thr.netIncomeInventorMin; break;
        case 'tto_min': thr.ttoMin = num('min_pct') ?? thr.ttoMin; break;
        case 'conversion_fund_min': thr.fundMin = num('min_pct') ?? thr.fundMin; break;
      }
    }
  }
  const due = profile.reporting.annual_report_due;
  thr.reportDueMonth = due.month;
  thr.reportDueDay = due.day;
  return {
    profile,
    thresholds: thr,
    rules,
    clause: (code) => {
      const r = rules.get(code);
      return r ? r.clause.split('：')[0]! : code;
    },
    isReportingDept: (name) => getDepartment(name)?.kind !== 'research_units',
  };
}
