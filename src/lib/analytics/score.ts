/**
 * 加权综合得分与排名（考核评价，辽宁（十三））。
 *
 * score_i = Σ_j w_j · x_ij, where x_ij is indicator j of unit i normalised by the chosen
 * method and direction (normalize.ts: missing → worst present value, constant column →
 * constant value), and w are the weights rescaled to sum 1.
 *
 * Weights: finite and ≥ 0, not all 0; they are rescaled to sum 1 (so 40/30/30 and
 * 0.4/0.3/0.3 are the same scheme). Anything else throws a RangeError with a Chinese message:
 * that is a programming or configuration error, not a data condition.
 *
 * Ranking (higher score = better = rank 1). Scores within 1e-9 (relative to the larger
 * magnitude, absolute below 1) are ties, so floating-point noise never splits a tie.
 *   - 'competition' (default, 标准竞赛排名, like Excel RANK): ties share the best rank and the
 *     next rank skips: 1, 2, 2, 4.
 *   - 'dense' (密集排名, "中国式排名"): ties share a rank and the next rank follows: 1, 2, 2, 3.
 * `rankUnits` returns units sorted by rank; tied units keep their input order.
 */

import { normalizeColumn, type CellValue, type Direction, type NormalizationMethod } from './normalize';

export type RankingMode = 'competition' | 'dense';

export interface IndicatorSpec {
  key: string;
  direction: Direction;
  label?: string;
}

export interface UnitRow {
  id: string;
  name?: string;
  values: Readonly<Record<string, CellValue>>;
}

export interface NormalizationSpec {
  method: NormalizationMethod;
  /** Value for constant columns; defaults per method (normalize.ts). */
  constantValue?: number;
}

/** Weights by indicator key, or an array in indicator order. */
export type WeightsInput = Readonly<Record<string, number>> | readonly number[];

export interface RankedUnit {
  id: string;
  name?: string;
  /** Position in the input. */
  index: number;
  score: number;
  rank: number;
  /** Normalised value per indicator key. */
  normalized: Record<string, number>;
  /** w_j · x_ij per indicator key (sums to score). */
  contributions: Record<string, number>;
  /** Keys of indicators that were missing for this unit (scored as the worst present value). */
  missing: string[];
}

export const RANKING_LABELS: Readonly<Record<RankingMode, string>> = {
  competition: '竞赛排名（并列占位，如 1、2、2、4）',
  dense: '密集排名（并列不占位，如 1、2、2、3）'
};

/** Validate and rescale weights to sum 1, in indicator order. */
export function normalizeWeights(weights: WeightsInput, indicators: readonly IndicatorSpec[]): number[] {
  let raw: number[];
  if (Array.isArray(weights)) {
    const arr = weights as readonly number[];
    if (arr.length !== indicators.length) {
      throw new RangeError(`权重个数（${arr.length}）与指标个数（${indicators.length}）不一致`);
    }
    raw = [...arr];
  } else {
    const rec = weights as Readonly<Record<string, number>>;
    raw = indicators.map((ind) => {
      const w = rec[ind.key];
      if (w === undefined) throw new RangeError(`指标“${ind.label ?? ind.key}”缺少权重`);
      return w;
    });
  }
  let sum = 0;
  raw.forEach((w, j) => {
    if (!Number.isFinite(w) || w < 0) {
      const ind = indicators[j];
      throw new RangeError(`指标“${ind?.label ?? ind?.key ?? j + 1}”的权重 ${w} 须为非负有限数`);
    }
    sum += w;
  });
  if (!(sum > 0)) throw new RangeError('权重之和须大于 0');
  return raw.map((w) => w / sum);
}

function tied(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Ranks for scores (higher = better = 1), same order as the input.
 * See the module comment for tie handling.
 */
export function rankScores(scores: readonly number[], mode: RankingMode = 'competition'): number[] {
  const order = scores.map((_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
  const ranks = new Array<number>(scores.length).fill(0);
  let groupRank = 0;
  let dense = 0;
  let prev: number | undefined;
  order.forEach((idx, pos) => {
    const s = scores[idx] as number;
    if (prev === undefined || !tied(prev, s)) {
      dense += 1;
      groupRank = mode === 'dense' ? dense : pos + 1;
      prev = s;
    }
    ranks[idx] = groupRank;
  });
  return ranks;
}

/** Normalised matrix (rows = units, columns = indicators) and missing flags. */
export interface NormalizedMatrix {
  values: number[][];
  missing: boolean[][];
}

export function normalizeMatrix(
  rows: readonly UnitRow[],
  indicators: readonly IndicatorSpec[],
  normalisation: NormalizationMethod | NormalizationSpec
): NormalizedMatrix {
  const spec: NormalizationSpec = typeof normalisation === 'string' ? { method: normalisation } : normalisation;
  const cols = indicators.map((ind) =>
    normalizeColumn(
      rows.map((r) => r.values[ind.key]),
      { method: spec.method, direction: ind.direction, constantValue: spec.constantValue }
    )
  );
  return {
    values: rows.map((_, i) => cols.map((c) => c.values[i] as number)),
    missing: rows.map((_, i) => cols.map((c) => c.missing[i] as boolean))
  };
}

/** Weighted sums of a normalised matrix with weights already summing to 1. */
export function weightedScores(normalized: readonly (readonly number[])[], weights: readonly number[]): number[] {
  return normalized.map((row) => {
    let s = 0;
    for (let j = 0; j < weights.length; j++) s += (weights[j] as number) * (row[j] as number);
    return s;
  });
}

/**
 * Score and rank units.
 * @param rows units with raw indicator values by key
 * @param indicators indicator keys and directions
 * @param weights by key or in indicator order; rescaled to sum 1
 * @param normalisation method ('minmax' | 'zscore' | 'percentile') or a spec
 */
export function rankUnits(
  rows: readonly UnitRow[],
  indicators: readonly IndicatorSpec[],
  weights: WeightsInput,
  normalisation: NormalizationMethod | NormalizationSpec,
  options: { ranking?: RankingMode } = {}
): RankedUnit[] {
  const w = normalizeWeights(weights, indicators);
  const nm = normalizeMatrix(rows, indicators, normalisation);
  const scores = weightedScores(nm.values, w);
  const ranks = rankScores(scores, options.ranking ?? 'competition');
  const units: RankedUnit[] = rows.map((row, i) => {
    const normalized: Record<string, number> = {};
    const contributions: Record<string, number> = {};
    const missing: string[] = [];
    indicators.forEach((ind, j) => {
      const x = (nm.values[i] as number[])[j] as number;
      normalized[ind.key] = x;
      contributions[ind.key] = (w[j] as number) * x;
      if ((nm.missing[i] as boolean[])[j]) missing.push(ind.key);
    });
    return {
      id: row.id,
      ...(row.name !== undefined ? { name: row.name } : {}),
      index: i,
      score: scores[i] as number,
      rank: ranks[i] as number,
      normalized,
      contributions,
      missing
    };
  });
  return units.sort((a, b) => a.rank - b.rank || a.index - b.index);
}
