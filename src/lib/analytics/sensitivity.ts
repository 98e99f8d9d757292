/**
 * 权重敏感性分析：每个权重上下浮动 ±δ（默认 20%）时，各单位排名的变化范围（最好、最差名次）。
 *
 * Method (documented for the UI):
 *   - The base weights are rescaled to sum 1. A scenario multiplies each weight by
 *     (1 + s_j·δ) with s_j ∈ {−1, 0, +1} and rescales the result to sum 1 again. Because of
 *     the rescaling, the effective change of a weight is a little less than ±δ in relative
 *     terms. A zero weight stays zero.
 *   - Scenarios evaluated:
 *       1. the base weights;
 *       2. one at a time (单因素): for each indicator j, s_j = ±1 and all others 0 (2n scenarios);
 *       3. corners (组合): every sign vector s ∈ {−1, +1}^n (2^n scenarios) when
 *          n ≤ `maxExhaustiveIndicators` (default 12, i.e. at most 4096 corners); for larger n,
 *          `samples` (default 2000) sign vectors drawn with a seeded generator (mulberry32,
 *          seed `seed`, default 20250101), so results are reproducible.
 *   - Normalisation does not depend on weights, so the normalised matrix is computed once.
 *   - Each unit's best and worst rank (and lowest / highest score) over all scenarios are
 *     reported, with the ranking mode of score.ts.
 *
 * This covers the extremes of the box for the linear score only approximately: ranks are
 * not monotone in the weights, so an interior point can in rare cases give a rank outside the
 * reported range. The sampled/cornered range is an indication, not a bound.
 */

import type { NormalizationMethod } from './normalize';
import {
  normalizeMatrix,
  normalizeWeights,
  rankScores,
  weightedScores,
  type IndicatorSpec,
  type NormalizationSpec,
  type RankingMode,
  type UnitRow,
  type WeightsInput
} from './score';

export type SensitivityMode = 'one-at-a-time' | 'corners' | 'both';

export interface SensitivityOptions {
  /** Relative change of each weight, default 0.2 (±20%). Must be in [0, 1). */
  delta?: number;
  /** Which scenarios, default 'both'. */
  mode?: SensitivityMode;
  ranking?: RankingMode;
  /** Enumerate all 2^n corners up to this many indicators (default 12). */
  maxExhaustiveIndicators?: number;
  /** Number of sampled corners when n exceeds maxExhaustiveIndicators (default 2000). */
  samples?: number;
  seed?: number;
}

export interface UnitSensitivity {
  id: string;
  index: number;
  baseRank: number;
  bestRank: number;
  worstRank: number;
  baseScore: number;
  minScore: number;
  maxScore: number;
}

export interface SensitivityResult {
  /** In input order. */
  units: UnitSensitivity[];
  /** Number of weight scenarios evaluated, base included. */
  scenarios: number;
  /** Whether the corners were enumerated ('exhaustive') or sampled ('sampled'), or not used. */
  corners: 'exhaustive' | 'sampled' | 'none';
  delta: number;
  /** Chinese description of the method, for the page. */
  description: string;
}

/** Deterministic PRNG (mulberry32), returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Perturb and rescale: w_j (1 + s_j δ) / Σ. */
export function perturbWeights(base: readonly number[], signs: readonly number[], delta: number): number[] {
  const w = base.map((b, j) => b * (1 + (signs[j] ?? 0) * delta));
  let s = 0;
  for (const x of w) s += x;
  return w.map((x) => x / s);
}

/** All weight vectors of the chosen scenarios (base first). */
export function weightScenarios(
  base: readonly number[],
  options: SensitivityOptions = {}
): { scenarios: number[][]; corners: 'exhaustive' | 'sampled' | 'none' } {
  const delta = options.delta ?? 0.2;
  if (!(delta >= 0 && delta < 1)) throw new RangeError(`浮动幅度 δ=${delta} 须在 [0, 1) 之间`);
  const mode = options.mode ?? 'both';
  const n = base.length;
  const out: number[][] = [[...base]];
  if (mode !== 'corners') {
    for (let j = 0; j < n; j++) {
      for (const s of [-1, 1]) {
        const signs = new Array<number>(n).fill(0);
        signs[j] = s;
        out.push(perturbWeights(base, signs, delta));
      }
    }
  }
  let corners: 'exhaustive' | 'sampled' | 'none' = 'none';
  if (mode !== 'one-at-a-time' && n > 0) {
    const maxN = options.maxExhaustiveIndicators ?? 12;
    if (n <= maxN) {
      corners = 'exhaustive';
      for (let mask = 0; mask < 2 ** n; mask++) {
        const signs = Array.from({ length: n }, (_, j) => ((mask >> j) & 1 ? 1 : -1));
        out.push(perturbWeights(base, signs, delta));
      }
    } else {
      corners = 'sampled';
      const rnd = mulberry32(options.seed ?? 20250101);
      const samples = options.samples ?? 2000;
      for (let k = 0; k < samples; k++) {
        const signs = Array.from({ length: n }, () => (rnd() < 0.5 ? -1 : 1));
        out.push(perturbWeights(base, signs, delta));
      }
    }
  }
  return { scenarios: out, corners };
}

/**
 * Rank range of every unit when every weight moves by ±delta (see module comment).
 */
export function rankSensitivity(
  rows: readonly UnitRow[],
  indicators: readonly IndicatorSpec[],
  weights: WeightsInput,
  normalisation: NormalizationMethod | NormalizationSpec,
  options: SensitivityOptions = {}
): SensitivityResult {
  const delta = options.delta ?? 0.2;
  const ranking = options.ranking ?? 'competition';
  const base = normalizeWeights(weights, indicators);
  const nm = normalizeMatrix(rows, indicators, normalisation);
  const { scenarios, corners } = weightScenarios(base, options);

  const baseScores = weightedScores(nm.values, base);
  const baseRanks = rankScores(baseScores, ranking);
  const units: UnitSensitivity[] = rows.map((r, i) => ({
    id: r.id,
    index: i,
    baseRank: baseRanks[i] as number,
    bestRank: baseRanks[i] as number,
    worstRank: baseRanks[i] as number,
    baseScore: baseScores[i] as number,
    minScore: baseScores[i] as number,
    maxScore: baseScores[i] as number
  }));
  for (let k = 1; k < scenarios.length; k++) {
    const scores = weightedScores(nm.values, scenarios[k] as number[]);
    const ranks = rankScores(scores, ranking);
    units.forEach((u, i) => {
      const r = ranks[i] as number;
      const s = scores[i] as number;
      if (r < u.bestRank) u.bestRank = r;
      if (r > u.worstRank) u.worstRank = r;
      if (s < u.minScore) u.minScore = s;
      if (s > u.maxScore) u.maxScore = s;
    });
  }
  const pct = Math.round(delta * 100);
  const parts: string[] = ['基准权重'];
  const mode = options.mode ?? 'both';
  if (mode !== 'corners') parts.push(`逐一调整单个权重 ±${pct}%（${2 * indicators.length} 种）`);
  if (corners === 'exhaustive') parts.push(`全部权重同时 ±${pct}% 的所有组合（${2 ** indicators.length} 种）`);
  if (corners === 'sampled') parts.push(`全部权重同时 ±${pct}% 的随机抽样组合（${options.samples ?? 2000} 种，固定随机种子）`);
  const description = `共计算 ${scenarios.length} 组权重：${parts.join('；')}。每组调整后权重重新归一化为合计 1，记录各单位的最好与最差名次。`;
  return { units, scenarios: scenarios.length, corners, delta, description };
}
