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

// ------------------------------------------------------------------ compact pool for the browser

/**
 * What the browser needs to allocate a budget over ALL candidates of the year, as columns (one entry
 * per candidate, in the order of the year's candidate list) instead of one object per candidate: the
 * page itself carries only the rows of the page shown. `category` indexes `categories`.
 */
export interface CandidatePool {
  score: (number | null)[];
  requested: (number | null)[];
  /** 1 = meets the award rules, 0 = not. */
  eligible: number[];
  category: number[];
  /** Category names; a missing category is '（未填）'. */
  categories: string[];
}

export const NO_CATEGORY = '（未填）';
export const categoryOf = (c: { category: string | null }) => c.category ?? NO_CATEGORY;

export function packPool(cands: readonly Candidate[]): CandidatePool {
  const categories = [...new Set(cands.map(categoryOf))];
  const at = new Map(categories.map((c, i) => [c, i]));
  return {
    score: cands.map((c) => c.score),
    requested: cands.map((c) => c.requested),
    eligible: cands.map((c) => (c.eligible ? 1 : 0)),
    category: cands.map((c) => at.get(categoryOf(c))!),
    categories
  };
}

/** Row filter of the candidate table (?cat=…&only=1). */
export interface CandidateFilter {
  cat: string | null;
  only: boolean;
}

/** Indices of the pool's candidates that pass the filter, in list order. */
export function filterPool(pool: CandidatePool, f: CandidateFilter): number[] {
  const cat = f.cat === null ? -1 : pool.categories.indexOf(f.cat);
  const out: number[] = [];
  if (f.cat !== null && cat < 0) return out;
  for (let i = 0; i < pool.score.length; i++) {
    if ((cat < 0 || pool.category[i] === cat) && (!f.only || pool.eligible[i] === 1)) out.push(i);
  }
  return out;
}

/** Allocation over the pool: the same call as allocateBudget, so the same amounts; lines in pool order, ids are the indices. */
export function allocatePool(pool: CandidatePool, budget: number | null, cap: number, capAtRequested: boolean): { result: AllocationResult; budget: number | null } {
  const result = allocate(
    pool.score.map((score, i) => ({ id: String(i), eligible: pool.eligible[i] === 1, score: score ?? NaN, requested: pool.requested[i] ?? null })),
    budget ?? UNLIMITED_BUDGET,
    cap,
    { capAtRequested }
  );
  return { result, budget };
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
