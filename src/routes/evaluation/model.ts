/**
 * 考核评价页（辽宁（十三））的计算：浏览器（实时重排）与服务器（保存方案、导出 Excel）共用。
 * 只做状态解析与组装，计算本身全部交给 $lib/analytics（标准化、AHP、熵权、加权得分、敏感性）。
 *
 * 页面状态都在 URL 里（粘贴链接即得同一排名）：
 *   norm=min_max|z_score|vector|percentile   标准化方法（缺省取配置 evaluation.normalization）
 *   wm=manual|ahp|entropy                    赋权方法（缺省取配置 evaluation.weighting）
 *   w=25,15,…                                人工权重（按指标顺序，合计不必为 100，计算时归一化）
 *   ahp=3,1/2,…                              判断矩阵上三角（按行：a12, a13, …, a(n-1)n），Saaty 1–9 标度
 *   type=…, dept=…                           评价范围（单位类型、主管部门）
 *   year=…                                   评价年度（服务器按年度取数）
 */
import {
  ahpWeights,
  entropyWeights,
  matrixFromUpperTriangle,
  normalizeColumn,
  normalizeWeights,
  rankScores,
  rankUnits,
  weightedScores,
  type AhpResult,
  type EntropyResult,
  type IndicatorSpec,
  type NormalizationMethod,
  type RankedUnit,
  type UnitRow
} from '$lib/analytics';

export type Weighting = 'manual' | 'ahp' | 'entropy';
export const WEIGHTINGS: readonly Weighting[] = ['manual', 'ahp', 'entropy'];
export const WEIGHTING_LABELS: Record<Weighting, string> = { manual: '人工设定', ahp: '层次分析法（AHP）', entropy: '熵权法' };
export const NORMALIZATIONS: readonly NormalizationMethod[] = ['min_max', 'z_score', 'vector', 'percentile'];

export interface Indicator {
  id: string;
  title: string;
  metric: string;
  direction: 'benefit' | 'cost';
  /** Default weight from the profile (sum 1). */
  weight: number;
  /** What the metric means and where it comes from (EVALUATION_METRICS). */
  source: string;
}

/** One unit of mart_eval_indicators as it travels to the browser. */
export interface EvalUnit {
  id: string;
  name: string;
  type: string;
  dept: string;
  hasReport: boolean;
  /** By metric name (conversion_wan, …). */
  metrics: Record<string, number | null>;
}

export interface EvalState {
  norm: NormalizationMethod;
  wm: Weighting;
  /** Manual weights in indicator order (any non-negative scale). */
  manual: number[];
  /** AHP upper-triangle tokens. */
  ahp: string[];
  type: string | null;
  dept: string | null;
}

// ------------------------------------------------------------------ Saaty scale

export const SAATY_TOKENS = ['9', '8', '7', '6', '5', '4', '3', '2', '1', '1/2', '1/3', '1/4', '1/5', '1/6', '1/7', '1/8', '1/9'] as const;
export const SAATY_HINT = '1 同等重要 · 3 稍重要 · 5 明显重要 · 7 强烈重要 · 9 极端重要 · 2/4/6/8 介于两者之间 · 倒数表示行指标不如列指标重要';

export function saatyValue(token: string): number | null {
  const t = token.trim();
  if (!(SAATY_TOKENS as readonly string[]).includes(t)) return null;
  return t.startsWith('1/') ? 1 / Number(t.slice(2)) : Number(t);
}

/** The token of the Saaty value nearest (on a log scale) to a ratio. */
export function nearestSaaty(ratio: number): string {
  if (!(ratio > 0) || !Number.isFinite(ratio)) return '1';
  let best = '1';
  let dist = Infinity;
  for (const t of SAATY_TOKENS) {
    const d = Math.abs(Math.log(saatyValue(t)!) - Math.log(ratio));
    if (d < dist - 1e-12) {
      dist = d;
      best = t;
    }
  }
  return best;
}

/** Reciprocal token: 3 ↔ 1/3, 1 ↔ 1. */
export function reciprocalToken(token: string): string {
  if (token === '1') return '1';
  return token.startsWith('1/') ? token.slice(2) : `1/${token}`;
}

export const upperCount = (n: number) => (n * (n - 1)) / 2;

/** Index of a_ij (i < j) in the row-wise upper triangle. */
export function upperIndex(n: number, i: number, j: number): number {
  return i * n - (i * (i + 1)) / 2 + (j - i - 1);
}

/** Default judgments: the Saaty value nearest to w_i / w_j of the profile weights (equal weights → all 1). */
export function defaultAhp(weights: readonly number[]): string[] {
  const n = weights.length;
  const out: string[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out.push(nearestSaaty((weights[i] ?? 1) / (weights[j] ?? 1)));
  return out;
}

// ------------------------------------------------------------------ URL state

function parseNumbers(s: string | null, n: number): number[] | null {
  if (!s) return null;
  const parts = s.split(',');
  if (parts.length !== n) return null;
  const xs = parts.map((p) => Number(p));
  return xs.every((x) => Number.isFinite(x) && x >= 0 && x <= 1000) ? xs : null;
}

function parseAhp(s: string | null, n: number): string[] | null {
  if (!s) return null;
  const parts = s.split(',').map((p) => p.trim());
  return parts.length === upperCount(n) && parts.every((p) => saatyValue(p) !== null) ? parts : null;
}

/** Default manual weights: the profile's, in percent. */
export function defaultManual(indicators: readonly Indicator[]): number[] {
  return indicators.map((i) => Math.round(i.weight * 1000) / 10);
}

export function stateFromParams(
  sp: URLSearchParams,
  indicators: readonly Indicator[],
  defaults: { norm: NormalizationMethod; wm: Weighting }
): EvalState {
  const n = indicators.length;
  const norm = (NORMALIZATIONS as readonly string[]).includes(sp.get('norm') ?? '') ? (sp.get('norm') as NormalizationMethod) : defaults.norm;
  const wm = (WEIGHTINGS as readonly string[]).includes(sp.get('wm') ?? '') ? (sp.get('wm') as Weighting) : defaults.wm;
  const text = (k: string) => {
    const v = sp.get(k)?.trim();
    return v && v.length <= 100 ? v : null;
  };
  return {
    norm,
    wm,
    manual: parseNumbers(sp.get('w'), n) ?? defaultManual(indicators),
    ahp: parseAhp(sp.get('ahp'), n) ?? defaultAhp(indicators.map((i) => i.weight)),
    type: text('type'),
    dept: text('dept')
  };
}

/** The URL parameters of a state (defaults left out so links stay short). */
export function stateParams(
  s: EvalState,
  indicators: readonly Indicator[],
  defaults: { norm: NormalizationMethod; wm: Weighting }
): Record<string, string | null> {
  const manualDefault = defaultManual(indicators);
  const ahpDefault = defaultAhp(indicators.map((i) => i.weight));
  const same = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  return {
    norm: s.norm === defaults.norm ? null : s.norm,
    wm: s.wm === defaults.wm ? null : s.wm,
    w: same(s.manual, manualDefault) ? null : s.manual.map((x) => String(Math.round(x * 100) / 100)).join(','),
    ahp: same(s.ahp, ahpDefault) ? null : s.ahp.join(','),
    type: s.type,
    dept: s.dept
  };
}

// ------------------------------------------------------------------ computation

export function inScope(units: readonly EvalUnit[], s: Pick<EvalState, 'type' | 'dept'>): EvalUnit[] {
  return units.filter((u) => (s.type === null || u.type === s.type) && (s.dept === null || u.dept === s.dept));
}

export const specs = (indicators: readonly Indicator[]): IndicatorSpec[] => indicators.map((i) => ({ key: i.id, direction: i.direction, label: i.title }));

export function unitRows(units: readonly EvalUnit[], indicators: readonly Indicator[]): UnitRow[] {
  return units.map((u) => ({ id: u.id, name: u.name, values: Object.fromEntries(indicators.map((i) => [i.id, u.metrics[i.metric] ?? null])) }));
}

export interface WeightOutcome {
  /** Weights in indicator order summing to 1, or null when the method refused (AHP CR ≥ 0.1, no data). */
  weights: number[] | null;
  ahp: AhpResult | null;
  entropy: EntropyResult | null;
  /** Chinese reason when weights is null. */
  error: string | null;
}

export function resolveWeights(s: EvalState, units: readonly EvalUnit[], indicators: readonly Indicator[]): WeightOutcome {
  return resolveWeightsFor(s, units.length, () => units.map((u) => indicators.map((i) => u.metrics[i.metric] ?? null)), indicators);
}

/**
 * resolveWeights for `count` units whose raw values (rows = units, columns = indicators) `matrix()` gives;
 * the matrix is only built for the entropy method.
 */
export function resolveWeightsFor(s: EvalState, count: number, matrix: () => (number | null)[][], indicators: readonly Indicator[]): WeightOutcome {
  const n = indicators.length;
  if (s.wm === 'ahp') {
    const values = s.ahp.map((t) => saatyValue(t) ?? NaN);
    const res = ahpWeights(matrixFromUpperTriangle(n, values));
    return { weights: res.ok ? res.weights : null, ahp: res, entropy: null, error: res.ok ? null : res.message };
  }
  if (s.wm === 'entropy') {
    if (count < 2) return { weights: null, ahp: null, entropy: null, error: '评价范围内的单位少于 2 个，无法用熵权法确定权重' };
    const res = entropyWeights(matrix(), indicators.map((i) => i.direction));
    return { weights: res.weights, ahp: null, entropy: res, error: null };
  }
  const sum = s.manual.reduce((a, b) => a + b, 0);
  if (!(sum > 0)) return { weights: null, ahp: null, entropy: null, error: '人工权重全部为 0：请至少给一个指标设定权重' };
  return { weights: s.manual.map((x) => x / sum), ahp: null, entropy: null, error: null };
}

export interface RankedRow extends RankedUnit {
  unit: EvalUnit;
  /** Rank with the profile's default weights (same normalisation and scope). */
  defaultRank: number;
}

/** Rank the units in scope; also their rank under the profile's default weights. */
export function rankScope(units: readonly EvalUnit[], indicators: readonly Indicator[], weights: readonly number[], norm: NormalizationMethod): RankedRow[] {
  if (units.length === 0) return [];
  const rows = unitRows(units, indicators);
  const sp = specs(indicators);
  const ranked = rankUnits(rows, sp, weights, norm);
  const base = rankUnits(rows, sp, indicators.map((i) => i.weight), norm);
  const baseRank = new Map(base.map((r) => [r.index, r.rank]));
  return ranked.map((r) => ({ ...r, unit: units[r.index]!, defaultRank: baseRank.get(r.index) ?? r.rank }));
}

// ------------------------------------------------------------------ compact matrix (the page's data)

/**
 * The year's units as columns, which is what the page carries to the browser for live re-ranking:
 * one raw value per unit and indicator (no per-unit objects, no repeated keys), the unit type and
 * supervising department as indexes into sorted lists, names and codes as plain string columns.
 * Row i of every column is the same unit (the order of queries/evaluation_indicators.sql).
 */
export interface EvalMatrix {
  ids: string[];
  names: string[];
  /** Index into `types` per unit. */
  type: number[];
  types: string[];
  /** Index into `depts` per unit. */
  dept: number[];
  depts: string[];
  /** 1 when the unit sent the year's annual report. */
  report: number[];
  /** Raw indicator values: values[j][i] is indicator j (profile order) of unit i; null = not reported. */
  values: (number | null)[][];
}

const zh = (a: string, b: string) => a.localeCompare(b, 'zh-CN');

export function packUnits(units: readonly EvalUnit[], indicators: readonly Indicator[]): EvalMatrix {
  return matrixOf(
    units.map((u) => u.id),
    units.map((u) => u.name),
    units.map((u) => u.type),
    units.map((u) => u.dept),
    units.map((u) => u.hasReport),
    (metric) => units.map((u) => u.metrics[metric] ?? null),
    indicators
  );
}

/** The matrix from columns: one entry per unit in each; `metric(name)` gives a metric's column. */
export function matrixOf(
  ids: string[],
  names: string[],
  type: readonly string[],
  dept: readonly string[],
  hasReport: readonly boolean[],
  metric: (name: string) => (number | null)[],
  indicators: readonly Indicator[]
): EvalMatrix {
  const types = [...new Set(type)].sort(zh);
  const depts = [...new Set(dept)].sort(zh);
  const ti = new Map(types.map((t, i) => [t, i]));
  const di = new Map(depts.map((d, i) => [d, i]));
  return {
    ids,
    names,
    type: type.map((t) => ti.get(t)!),
    types,
    dept: dept.map((d) => di.get(d)!),
    depts,
    report: hasReport.map((r) => (r ? 1 : 0)),
    values: indicators.map((ind) => metric(ind.metric))
  };
}

// What travels in the page: every column as one string (numbers in JavaScript's shortest round-trip form, '' for
// null), which SvelteKit serialises in a few milliseconds where arrays of 40,000 numbers and 10,000 strings take tens.

export interface EvalMatrixWire {
  /** Unit codes and names, separated by U+001F. */
  ids: string;
  names: string;
  /** Indexes, comma-separated. */
  type: string;
  types: string[];
  dept: string;
  depts: string[];
  /** One character per unit, '1' = reported. */
  report: string;
  /** One string per indicator, comma-separated numbers, '' = not reported. */
  values: string[];
}

const SEP = '\u001f';
const joinText = (xs: readonly string[]) => xs.map((x) => x.replaceAll(SEP, ' ')).join(SEP);
const splitText = (s: string, n: number) => (n === 0 ? [] : s.split(SEP));
const splitInts = (s: string, n: number) => (n === 0 ? [] : s.split(',').map(Number));

export function encodeMatrix(m: EvalMatrix): EvalMatrixWire {
  return {
    ids: joinText(m.ids),
    names: joinText(m.names),
    type: m.type.join(','),
    types: m.types,
    dept: m.dept.join(','),
    depts: m.depts,
    report: m.report.join(''),
    values: m.values.map((col) => col.map((v) => (v === null || !Number.isFinite(v) ? '' : String(v))).join(','))
  };
}

export function decodeMatrix(w: EvalMatrixWire): EvalMatrix {
  const n = w.report.length;
  return {
    ids: splitText(w.ids, n),
    names: splitText(w.names, n),
    type: splitInts(w.type, n),
    types: w.types,
    dept: splitInts(w.dept, n),
    depts: w.depts,
    report: [...w.report].map(Number),
    values: w.values.map((s) => (n === 0 ? [] : s.split(',').map((x) => (x === '' ? null : Number(x)))))
  };
}

/** Units (row indexes of the matrix) in the evaluation scope (type, dept), in matrix order. */
export function scopeOf(m: EvalMatrix, s: Pick<EvalState, 'type' | 'dept'>): number[] {
  const t = s.type === null ? -1 : m.types.indexOf(s.type);
  const d = s.dept === null ? -1 : m.depts.indexOf(s.dept);
  if ((s.type !== null && t < 0) || (s.dept !== null && d < 0)) return [];
  const out: number[] = [];
  for (let i = 0; i < m.ids.length; i++) if ((t < 0 || m.type[i] === t) && (d < 0 || m.dept[i] === d)) out.push(i);
  return out;
}

/** Raw values of the scope, rows = units (scope order), columns = indicators. */
export function scopeMatrix(m: EvalMatrix, scope: readonly number[]): (number | null)[][] {
  return scope.map((i) => m.values.map((col) => col[i] ?? null));
}

/** The scope as the analytics library's unit rows (for the sensitivity analysis). */
export function scopeUnitRows(m: EvalMatrix, scope: readonly number[], indicators: readonly Indicator[]): UnitRow[] {
  return scope.map((i) => ({ id: m.ids[i]!, name: m.names[i], values: Object.fromEntries(indicators.map((ind, j) => [ind.id, m.values[j]![i] ?? null])) }));
}

/** Normalised scope: depends on the scope and the method only, not on the weights. */
export interface NormalizedScope {
  /** rows[k][j]: indicator j of the k-th unit of the scope, normalised (larger is better). */
  rows: number[][];
  /** missing[j][k]: indicator j of the k-th unit was not reported (scored as the worst reported value). */
  missing: boolean[][];
}

/** Same normalisation as rankUnits (normalizeColumn per indicator with its direction). */
export function normalizeScope(m: EvalMatrix, scope: readonly number[], indicators: readonly Indicator[], norm: NormalizationMethod): NormalizedScope {
  const cols = indicators.map((ind, j) => {
    const raw = m.values[j]!;
    return normalizeColumn(
      scope.map((i) => raw[i]),
      { method: norm, direction: ind.direction }
    );
  });
  return { rows: scope.map((_, k) => cols.map((c) => c.values[k]!)), missing: cols.map((c) => c.missing) };
}

export interface ScopeRanking {
  /** Weights rescaled to sum 1, indicator order. */
  weights: number[];
  /** Per unit of the scope (scope order). */
  score: number[];
  rank: number[];
  /** Scope positions by rank (ties in scope order): order[0] is the first place. */
  order: number[];
}

/**
 * Scores and ranks of a normalised scope: the same computation as rankUnits (normalizeWeights,
 * weightedScores, rankScores, sort by rank then input order) without building an object per unit,
 * so moving a weight costs one weighted sum and one sort.
 */
export function rankNormalized(ns: NormalizedScope, indicators: readonly Indicator[], weights: readonly number[]): ScopeRanking {
  const w = normalizeWeights(weights, specs(indicators));
  const score = weightedScores(ns.rows, w);
  const rank = rankScores(score, 'competition');
  const order = score.map((_, k) => k).sort((a, b) => rank[a]! - rank[b]! || a - b);
  return { weights: w, score, rank, order };
}


/** One row of the ranking table as the page shows it. */
export interface RankingRow {
  id: string;
  name: string;
  type: string;
  dept: string;
  hasReport: boolean;
  rank: number;
  /** Rank under the profile's default weights (same normalisation and scope). */
  defaultRank: number;
  score: number;
  /** weight × normalised value per indicator (the stacked bar). */
  contributions: number[];
  missing: boolean[];
  raw: (number | null)[];
}

export const pageCount = (n: number, size: number) => Math.max(1, Math.ceil(n / size));

/** The page shown for an asked page of `n` rows: at most the last. */
export const pageShown = (asked: number, n: number, size: number) => Math.min(asked, pageCount(n, size));

/** Best score of a ranking, at least 0 (the scale of the stacked bars); 0 without a ranking. */
export const bestScore = (r: ScopeRanking | null) => (r ? Math.max(0, r.score[r.order[0]!] ?? 0) : 0);

/** Units of the scope that sent the year's annual report. */
export const reportedIn = (m: EvalMatrix, scope: readonly number[]) => scope.reduce((n, i) => n + (m.report[i] ?? 0), 0);

/** Rows a page of the ranking (and of the sensitivity list). */
export const RANK_PAGE_SIZE = 50;

/** ?page= / ?spage=: a positive page number, 1 when absent or malformed. */
export function pageFromParam(v: string | null): number {
  return v && /^\d{1,6}$/.test(v) ? Math.max(1, Number(v)) : 1;
}

/** Rows of page `pageNo` (1-based, `size` a page) of a ranking of `scope`, in rank order. */
export function rankingPage(
  m: EvalMatrix,
  scope: readonly number[],
  normalized: NormalizedScope,
  ranking: ScopeRanking,
  baseRanking: ScopeRanking | null,
  indicators: readonly Indicator[],
  pageNo: number,
  size: number
): RankingRow[] {
  return ranking.order.slice((pageNo - 1) * size, pageNo * size).map((k) => {
    const i = scope[k]!;
    return {
      id: m.ids[i]!,
      name: m.names[i]!,
      type: m.types[m.type[i]!]!,
      dept: m.depts[m.dept[i]!]!,
      hasReport: m.report[i] === 1,
      rank: ranking.rank[k]!,
      defaultRank: baseRanking?.rank[k] ?? ranking.rank[k]!,
      score: ranking.score[k]!,
      contributions: indicators.map((_, j) => ranking.weights[j]! * normalized.rows[k]![j]!),
      missing: indicators.map((_, j) => normalized.missing[j]![k]!),
      raw: indicators.map((_, j) => m.values[j]![i] ?? null)
    };
  });
}

/**
 * What the page shows for one state and page of the ranking, without the matrix: the server computes it for the
 * first paint (the page's HTML does not carry every unit's indicators), and the browser computes the same from the
 * matrix (GET /evaluation/matrix) once it has arrived, live as the weights move.
 */
export interface EvalView {
  /** Units in scope. */
  count: number;
  /** Of which sent the year's annual report. */
  reported: number;
  types: string[];
  depts: string[];
  outcome: WeightOutcome;
  /** The page shown (the asked page, at most the last). */
  pageNo: number;
  /** Best score (scale of the stacked bars). */
  maxScore: number;
  rows: RankingRow[];
}

export function evalView(m: EvalMatrix, s: EvalState, indicators: readonly Indicator[], askedPage: number, size: number): EvalView {
  const scope = scopeOf(m, s);
  const outcome = resolveWeightsFor(s, scope.length, () => scopeMatrix(m, scope), indicators);
  const normalized = normalizeScope(m, scope, indicators, s.norm);
  const base = scope.length ? rankNormalized(normalized, indicators, indicators.map((i) => i.weight)) : null;
  const ranking = outcome.weights && scope.length ? rankNormalized(normalized, indicators, outcome.weights) : null;
  const pageNo = pageShown(askedPage, scope.length, size);
  return {
    count: scope.length,
    reported: reportedIn(m, scope),
    types: m.types,
    depts: m.depts,
    outcome,
    pageNo,
    maxScore: bestScore(ranking),
    rows: ranking ? rankingPage(m, scope, normalized, ranking, base, indicators, pageNo, size) : []
  };
}
