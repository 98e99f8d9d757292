/**
 * 熵权法（entropy weight method）：由数据本身的离散程度确定客观权重。
 *
 * For m units (rows) and n indicators (columns):
 *   1. x_ij = min-max normalisation of column j with its direction (cost columns inverted);
 *      missing cells get the worst present value (see normalize.ts), i.e. 0.
 *   2. p_ij = x_ij / Σ_i x_ij
 *   3. e_j  = −k Σ_i p_ij ln p_ij, with k = 1/ln(m) and 0·ln 0 = 0
 *   4. d_j  = 1 − e_j   (差异系数; clamped at 0 against rounding noise)
 *   5. w_j  = d_j / Σ_j d_j
 *
 * Zeros are kept as they are (no +0.0001 shift): the worst unit of every non-constant column
 * has x = 0 and contributes 0·ln 0 = 0.
 * A constant column (no spread) has e_j = 1, d_j = 0 and so weight 0: it carries no information.
 * Degenerate cases, flagged with `degenerate` and a Chinese `note`:
 *   - fewer than 2 units (k = 1/ln m undefined), or
 *   - every column constant (Σ d = 0):
 *   the weights are then equal, 1/n each.
 */

import { normalizeColumn, type CellValue, type Direction } from './normalize';

export interface EntropyResult {
  /** Weights w_j, sum 1, non-negative. */
  weights: number[];
  /** Entropy e_j per indicator, in [0, 1]. */
  entropy: number[];
  /** Divergence d_j = 1 − e_j. */
  divergence: number[];
  /** Normalised matrix x_ij (rows = units). */
  normalized: number[][];
  /** Proportions p_ij (rows = units). */
  proportions: number[][];
  degenerate: boolean;
  note?: string;
}

/**
 * Entropy weights for a units × indicators matrix.
 * @param matrix rows = units, columns = indicators (null / NaN = missing)
 * @param directions one per column
 */
export function entropyWeights(matrix: readonly (readonly CellValue[])[], directions: readonly Direction[]): EntropyResult {
  const m = matrix.length;
  const n = directions.length;
  for (let i = 0; i < m; i++) {
    const len = (matrix[i] as readonly CellValue[]).length;
    if (len !== n) throw new RangeError(`第 ${i + 1} 行有 ${len} 个指标值，应为 ${n} 个`);
  }
  const equal = new Array<number>(n).fill(n === 0 ? 0 : 1 / n);

  const columns: number[][] = [];
  for (let j = 0; j < n; j++) {
    const col = matrix.map((row) => row[j]);
    // Constant columns → 1 for everyone, so p is uniform and e = 1 (weight 0).
    columns.push(normalizeColumn(col, { method: 'min_max', direction: directions[j] as Direction, constantValue: 1 }).values);
  }
  const normalized: number[][] = Array.from({ length: m }, (_, i) => columns.map((c) => c[i] as number));

  if (m < 2) {
    return {
      weights: equal,
      entropy: new Array<number>(n).fill(1),
      divergence: new Array<number>(n).fill(0),
      normalized,
      proportions: normalized.map((r) => r.map(() => 1)),
      degenerate: true,
      note: '评价对象少于 2 个，无法用熵权法确定权重，已取等权重'
    };
  }

  const k = 1 / Math.log(m);
  const entropy: number[] = [];
  const pcols: number[][] = [];
  for (const col of columns) {
    let sum = 0;
    for (const x of col) sum += x;
    if (!(sum > 0)) {
      // Cannot happen with min-max (a non-constant column has a 1), kept for safety.
      pcols.push(col.map(() => 1 / m));
      entropy.push(1);
      continue;
    }
    const p = col.map((x) => x / sum);
    let h = 0;
    for (const pi of p) if (pi > 0) h -= pi * Math.log(pi);
    pcols.push(p);
    entropy.push(Math.min(1, Math.max(0, k * h)));
  }
  const divergence = entropy.map((e) => Math.max(0, 1 - e));
  let dsum = 0;
  for (const d of divergence) dsum += d;
  const proportions: number[][] = Array.from({ length: m }, (_, i) => pcols.map((c) => c[i] as number));

  if (!(dsum > 1e-15)) {
    return {
      weights: equal,
      entropy,
      divergence,
      normalized,
      proportions,
      degenerate: true,
      note: '所有指标均无差异（各单位取值相同），熵权法无法区分，已取等权重'
    };
  }
  return { weights: divergence.map((d) => d / dsum), entropy, divergence, normalized, proportions, degenerate: false };
}
