/**
 * 奖补资格判定（辽宁（十））：“对年度评估优秀的大学科技园给予不超过 50 万元奖励性后补助”，
 * “对年度评估优秀的省级以上孵化器给予不超过 50 万元奖励性后补助”。
 *
 * `checkEligibility(row, rules)` applies the profile's award rules to one row of
 * 科技园与孵化器年度评估 (park_evaluations) and returns whether it is eligible, with the
 * reasons in Chinese:
 *   - when not eligible, `reasons` lists every failed condition (e.g.
 *     `评估等级为“良好”，非“优秀”`, `孵化器级别为市级，须省级及以上`);
 *   - when eligible, `reasons` lists the conditions it meets (e.g. `评估等级为“优秀”`).
 * `checks` has every condition with its outcome.
 *
 * Rules come in the profile's shape (data/policy/*.yaml `awards`, passed as is):
 *   { eligible_grades: ['优秀'], categories: [ { category: '大学科技园', clause },
 *                                              { category: '孵化器', min_level: '省级', clause } ] }
 * or in the flat shape { eligible_grades, incubator_min_level, park_min_level, park_categories }.
 * When `categories` is given it wins: it lists the categories in scope and each one's lowest level.
 *
 * Conditions, in order:
 *   1. category (类别) is in scope (flat shape default: 大学科技园、孵化器);
 *   2. grade (评估等级) is one of `eligible_grades` (辽宁: ['优秀']);
 *   3. level (级别) is at least the category's minimum level, if it has one (辽宁: 孵化器 省级,
 *      i.e. 省级 or 国家级; 大学科技园 none); order 国家级 > 省级 > 市级;
 *   4. score (评估得分) ≥ `min_score`, only if the rules set one.
 * A missing or unknown value fails its condition with its own reason.
 * `clause` in the result is the category's clause (or the rules' clause) for the UI to cite.
 */

export type Level = '国家级' | '省级' | '市级';
export type Category = '大学科技园' | '孵化器';

/** Level order: higher number = higher level. */
export const LEVEL_ORDER: Readonly<Record<Level, number>> = { 市级: 1, 省级: 2, 国家级: 3 };

/** One entry of the profile's `awards.categories`. */
export interface AwardCategoryRule {
  category: string;
  /** Lowest qualifying level, e.g. '省级' (省级 and 国家级 qualify). */
  min_level?: Level | null;
  clause?: string;
}

export interface AwardRules {
  /** Grades that qualify, e.g. ['优秀']. */
  eligible_grades: readonly string[];
  /** Profile shape: categories in scope with their lowest level. Wins over the flat fields. */
  categories?: readonly AwardCategoryRule[];
  /** Source clause of the whole rule. */
  clause?: string;
  /** Lowest qualifying level for 孵化器, e.g. '省级' (i.e. 省级 or 国家级). */
  incubator_min_level?: Level | null;
  /** Lowest qualifying level for 大学科技园; none in 辽宁. */
  park_min_level?: Level | null;
  /** Categories that can receive the award; default ['大学科技园', '孵化器']. */
  park_categories?: readonly string[];
  /** Minimum evaluation score, if any. */
  min_score?: number | null;
}

/** The fields of a park_evaluations row used here (English contract names). */
export interface EvaluationRow {
  name?: string;
  category: string | null | undefined;
  level?: string | null;
  grade: string | null | undefined;
  score?: number | null;
}

export type EligibilityCheckCode = 'category' | 'grade' | 'level' | 'score';

export interface EligibilityCheck {
  code: EligibilityCheckCode;
  passed: boolean;
  text: string;
}

export interface EligibilityResult {
  eligible: boolean;
  reasons: string[];
  checks: EligibilityCheck[];
  /** Source clause for the row's category (or of the rules), when the rules carry one. */
  clause?: string;
}

export const DEFAULT_PARK_CATEGORIES: readonly Category[] = ['大学科技园', '孵化器'];

function quoteList(xs: readonly string[]): string {
  return xs.map((x) => `“${x}”`).join('或');
}

function isLevel(x: string): x is Level {
  return x in LEVEL_ORDER;
}

function levelCheck(what: string, level: string | null | undefined, min: Level): EligibilityCheck {
  const lv = (level ?? '').trim();
  if (lv === '') return { code: 'level', passed: false, text: `缺少${what}级别，须${min}及以上` };
  if (!isLevel(lv)) return { code: 'level', passed: false, text: `${what}级别“${lv}”无法识别，须${min}及以上` };
  const passed = LEVEL_ORDER[lv] >= LEVEL_ORDER[min];
  return {
    code: 'level',
    passed,
    text: passed ? `${what}级别为${lv}，满足${min}及以上` : `${what}级别为${lv}，须${min}及以上`
  };
}

/** Categories in scope and each one's lowest level, from either rules shape. */
function categoryRules(rules: AwardRules): AwardCategoryRule[] {
  if (rules.categories && rules.categories.length > 0) return [...rules.categories];
  return (rules.park_categories ?? DEFAULT_PARK_CATEGORIES).map((category) => ({
    category,
    min_level: category === '孵化器' ? (rules.incubator_min_level ?? null) : category === '大学科技园' ? (rules.park_min_level ?? null) : null
  }));
}

export function checkEligibility(row: EvaluationRow, rules: AwardRules): EligibilityResult {
  const checks: EligibilityCheck[] = [];
  const catRules = categoryRules(rules);
  const categories = catRules.map((c) => c.category);
  const category = (row.category ?? '').trim();
  const grade = (row.grade ?? '').trim();
  const catRule = catRules.find((c) => c.category === category);

  if (category === '') {
    checks.push({ code: 'category', passed: false, text: '缺少类别（大学科技园或孵化器）' });
  } else if (!categories.includes(category)) {
    checks.push({ code: 'category', passed: false, text: `类别为“${category}”，不在奖补范围（${categories.join('、')}）内` });
  } else {
    checks.push({ code: 'category', passed: true, text: `类别为${category}，属奖补范围` });
  }

  if (grade === '') {
    checks.push({ code: 'grade', passed: false, text: '缺少评估等级' });
  } else if (!rules.eligible_grades.includes(grade)) {
    checks.push({ code: 'grade', passed: false, text: `评估等级为“${grade}”，非${quoteList(rules.eligible_grades)}` });
  } else {
    checks.push({ code: 'grade', passed: true, text: `评估等级为“${grade}”` });
  }

  if (catRule?.min_level) {
    checks.push(levelCheck(category, row.level, catRule.min_level));
  } else if (!catRule && category !== '') {
    // Out of scope: still report a level shortfall under the flat rules, for a complete picture.
    const min = category === '孵化器' ? rules.incubator_min_level : category === '大学科技园' ? rules.park_min_level : null;
    if (min && !rules.categories) checks.push(levelCheck(category, row.level, min));
  }

  if (rules.min_score !== undefined && rules.min_score !== null) {
    const s = row.score;
    if (typeof s !== 'number' || !Number.isFinite(s)) {
      checks.push({ code: 'score', passed: false, text: `缺少评估得分，须不低于 ${rules.min_score} 分` });
    } else {
      const passed = s >= rules.min_score;
      checks.push({
        code: 'score',
        passed,
        text: passed ? `评估得分 ${s} 分，不低于 ${rules.min_score} 分` : `评估得分 ${s} 分，低于 ${rules.min_score} 分`
      });
    }
  }

  const eligible = checks.every((c) => c.passed);
  const reasons = checks.filter((c) => c.passed === eligible).map((c) => c.text);
  const clause = catRule?.clause ?? rules.clause;
  return { eligible, reasons, checks, ...(clause !== undefined ? { clause } : {}) };
}
