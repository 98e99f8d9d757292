/**
 * 合规：政策规则（当前政策配置 rules[]，SQL 见 etl/models/rules）在每次加载后的检查结果。
 * 读 rule_violations（明细，指向来源文件与行）与 mart_rule_summary（规则 × 主管部门 × 单位的计数）。
 * 筛选（?rule、?dept、?severity）绑定为查询参数；?v 为展开查看原始记录的那一条（只在浏览器中处理）。
 */
import type { PageServerLoad } from './$types';
import { query, queryOne } from '$lib/server/queries';
import { parseOneOf, parseText } from '$lib/server/queries/params';
import { guard } from '$lib/server/queries/guard';
import { profile, profiles } from '$lib/server/queries/profile';
import { RULE_CATALOG, type RuleId } from '../../../etl/policy/profile';
import { describeParams } from './params';

const LIMIT = 500;
const RULE_IDS = Object.keys(RULE_CATALOG) as RuleId[];

export const load: PageServerLoad = async ({ url, parent }) => {
  const { profileId } = await parent();
  const sp = url.searchParams;
  const f = {
    rule_id: parseOneOf(sp.get('rule'), RULE_IDS),
    dept: parseText(sp.get('dept')),
    severity: parseOneOf(sp.get('severity'), ['violation', 'advisory'] as const)
  };
  const p = profile(profileId);
  // Which rules the active profile applies, with their thresholds; the others with the jurisdictions that have them.
  const active = (p?.rules ?? []).map((r, i) => ({
    rule_id: r.id as string,
    order: i + 1,
    title: r.title,
    severity: r.severity,
    clause: r.clause,
    params: describeParams(r.params as Record<string, unknown>),
    appliesTo: RULE_CATALOG[r.id].appliesTo
  }));
  const others = profiles()
    .filter((x) => x.id !== p?.id)
    .map((x) => profile(x.id))
    .filter((x): x is NonNullable<typeof x> => x !== null);
  const inactive = RULE_IDS.filter((id) => !active.some((a) => a.rule_id === id)).map((id) => ({
    rule_id: id as string,
    title: RULE_CATALOG[id].title,
    appliesTo: RULE_CATALOG[id].appliesTo,
    jurisdictions: others.flatMap((o) => {
      const r = o.rules.find((x) => x.id === id);
      return r ? [{ name: o.name, clause: r.clause, severity: r.severity, params: describeParams(r.params as Record<string, unknown>) }] : [];
    })
  }));
  const ruleFields = Object.fromEntries(RULE_IDS.map((id) => [id, [...RULE_CATALOG[id].fields]]));
  const base = { filters: f, profileName: p?.name ?? profileId ?? '—', profileFile: p?.source_file ?? '', active, inactive, ruleFields, limit: LIMIT };

  return guard(async () => {
    const avail = await queryOne('compliance_available');
    const departments = (await query('departments')).map((r) => String(r.name));
    if (!avail?.has_violations || !avail?.has_summary) {
      return { ...base, available: false as const, departments, rules: [], byDept: [], byUnit: [], violations: [], count: null };
    }
    const [rules, byDept, byUnit, violations, count] = await Promise.all([
      query('compliance_rules'),
      query('compliance_by_dept', { rule_id: f.rule_id }),
      query('compliance_by_unit', { rule_id: f.rule_id, dept: f.dept }),
      query('compliance_violations', { ...f, limit: LIMIT }),
      queryOne('compliance_violations_count', f)
    ]);
    if (!departments.includes('未登记') && byDept.some((d) => d.supervising_dept === '未登记')) departments.push('未登记');
    return { ...base, available: true as const, departments, rules, byDept, byUnit, violations, count };
  });
};
