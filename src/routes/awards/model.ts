/**
 * 奖补资格页（辽宁（十））的资格与分配：浏览器（预算实时分配）与服务器（送审 Excel）共用。
 * 资格判定用 $lib/analytics/eligibility（规则取自政策配置 awards），分配用 $lib/analytics/allocate
 * （按评估得分比例、每家不超过上限、超出部分再分配、合计不超过预算）。本文件不含阈值。
 */
import { allocate, checkEligibility, type AllocationResult, type AwardRules, type EligibilityCheck } from '$lib/analytics';

export interface CandidateRow {
  year: number;
  name: string;
  category: string | null;
  level: string | null;
  grade: string | null;
  score: number | null;
  requested: number | null;
  host: string | null;
  incubating: number | null;
  graduated: number | null;
  file: string | null;
  row: number | null;
}

export interface Candidate extends CandidateRow {
  /** Stable id: source file and row (names may repeat). */
  key: string;
  eligible: boolean;
  reasons: string[];
  checks: EligibilityCheck[];
  clause: string | null;
}

export interface AwardSettings {
  clause: string;
  maxAward: number;
  rules: AwardRules;
  /** Plain-language statement of the rule for the page, built from the profile. */
  summary: string;
}

export function judge(rows: readonly CandidateRow[], rules: AwardRules): Candidate[] {
  return rows.map((r, i) => {
    const res = checkEligibility({ name: r.name, category: r.category, level: r.level, grade: r.grade, score: r.score }, rules);
    return {
      ...r,
      key: r.file !== null && r.row !== null ? `${r.file}#${r.row}` : `row-${i}`,
      eligible: res.eligible,
      reasons: res.reasons,
      checks: res.checks,
      clause: res.clause ?? null
    };
  });
}

/** Budget used when none is entered: large enough that everyone gets their limit. */
export const UNLIMITED_BUDGET = 1e9;

export interface Allocation {
  result: AllocationResult;
  /** The budget entered, or null (then everyone gets their limit and `result.total` is what that costs). */
  budget: number | null;
  byKey: Map<string, AllocationResult['lines'][number]>;
}

export function allocateBudget(cands: readonly Candidate[], budget: number | null, cap: number, capAtRequested: boolean): Allocation {
  const result = allocate(
    cands.map((c) => ({ id: c.key, eligible: c.eligible, score: c.score ?? NaN, requested: c.requested })),
    budget ?? UNLIMITED_BUDGET,
    cap,
    { capAtRequested }
  );
  return { result, budget, byKey: new Map(result.lines.map((l) => [l.id, l])) };
}

/** Budget from the URL / form: a non-negative number of 万元 (at most 1 亿亿), or null. */
export function parseBudget(v: string | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  const t = v.replace(/[,，\s]/g, '').replace(/万元?$/, '');
  if (t === '') return null;
  const x = Number(t);
  return Number.isFinite(x) && x >= 0 && x <= 1e8 ? x : null;
}
