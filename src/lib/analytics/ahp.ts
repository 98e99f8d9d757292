/**
 * 层次分析法（AHP, Analytic Hierarchy Process）：判断矩阵校验、权重（特征向量法 / 几何平均法）
 * 与一致性检验（CI、CR）。
 *
 * - The matrix a[i][j] says how much more important criterion i is than criterion j, on
 *   Saaty's 1–9 scale (1, 2, …, 9 and their reciprocals 1/2 … 1/9).
 * - Weights by the **eigenvector method**: the principal (Perron) eigenvector, computed by
 *   power iteration and normalised to sum 1. λmax is the corresponding eigenvalue.
 * - Weights by the **geometric-mean method** (row geometric means, normalised): an
 *   approximation offered for comparison; it equals the eigenvector for a consistent matrix.
 * - Consistency: CI = (λmax − n)/(n − 1), CR = CI/RI with Saaty's random index RI (n = 1…15).
 *   λmax is always the principal eigenvalue of the matrix, whatever weighting method is chosen.
 *   For n ≤ 2 every reciprocal matrix is consistent and CR = 0.
 * - A matrix with CR ≥ 0.1 (threshold configurable) is **refused**: `ahpWeights` returns
 *   `{ ok: false, reason: 'inconsistent', message: '判断矩阵一致性比率 CR=0.153 ≥ 0.1，…' }`
 *   rather than throwing. Malformed matrices are refused the same way (`reason: 'invalid'`).
 */

export type PairwiseMatrix = readonly (readonly number[])[];

/** Saaty's random consistency index RI for n = 1…15 (index n − 1). */
export const SAATY_RANDOM_INDEX: readonly number[] = [
  0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59
];

export const MAX_AHP_ORDER = SAATY_RANDOM_INDEX.length;

export const DEFAULT_CR_THRESHOLD = 0.1;

/** Random index for a matrix of order n; undefined when n is outside 1…15. */
export function randomIndex(n: number): number | undefined {
  if (!Number.isInteger(n) || n < 1 || n > MAX_AHP_ORDER) return undefined;
  return SAATY_RANDOM_INDEX[n - 1];
}

export type MatrixIssueCode =
  | 'empty'
  | 'not_square'
  | 'too_large'
  | 'not_positive'
  | 'diagonal'
  | 'not_reciprocal'
  | 'off_scale';

export interface MatrixIssue {
  code: MatrixIssueCode;
  /** Chinese message for the UI. Row / column numbers in the message are 1-based. */
  message: string;
  /** 0-based row and column of the offending cell, when there is one. */
  i?: number;
  j?: number;
}

export type ScaleCheck = 'saaty' | 'range' | 'none';

export interface ValidateOptions {
  /**
   * Relative tolerance for the reciprocal check |a_ij·a_ji − 1| ≤ tolerance, for the diagonal
   * |a_ii − 1| ≤ tolerance and for the scale check. Default 0.01, so 0.333 passes for 1/3
   * but 0.3 does not.
   */
  tolerance?: number;
  /**
   * 'saaty' (default): each entry must be one of 1…9 or 1/2…1/9 (within tolerance);
   * 'range': any value in [1/9, 9] (allows 2.5 and the like); 'none': only positivity.
   */
  scale?: ScaleCheck;
}

const DEFAULT_TOLERANCE = 0.01;

function fmt(x: number): string {
  return Number.isFinite(x) ? String(Math.round(x * 1000) / 1000) : String(x);
}

function onSaatyScale(v: number, tol: number): boolean {
  const k = v >= 1 ? v : 1 / v;
  const r = Math.round(k);
  return r >= 1 && r <= 9 && Math.abs(k - r) <= tol * r;
}

/** Check a pairwise comparison matrix. Returns every problem found (empty array = valid). */
export function validatePairwiseMatrix(matrix: PairwiseMatrix, options: ValidateOptions = {}): MatrixIssue[] {
  const tol = options.tolerance ?? DEFAULT_TOLERANCE;
  const scale = options.scale ?? 'saaty';
  const n = matrix.length;
  const issues: MatrixIssue[] = [];
  if (n === 0) return [{ code: 'empty', message: '判断矩阵为空' }];
  for (let i = 0; i < n; i++) {
    const row = matrix[i] as readonly number[];
    if (row.length !== n) {
      issues.push({ code: 'not_square', message: `判断矩阵须为 ${n}×${n} 方阵，第 ${i + 1} 行有 ${row.length} 个元素`, i });
    }
  }
  if (issues.length > 0) return issues;
  if (n > MAX_AHP_ORDER) {
    issues.push({
      code: 'too_large',
      message: `判断矩阵阶数 n=${n} 超过 ${MAX_AHP_ORDER}，没有对应的随机一致性指标 RI，无法检验一致性，请减少同层指标数`
    });
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = (matrix[i] as readonly number[])[j] as number;
      const cell = `第 ${i + 1} 行第 ${j + 1} 列`;
      if (!Number.isFinite(v) || v <= 0) {
        issues.push({ code: 'not_positive', message: `${cell}的值 ${fmt(v)} 须为正数`, i, j });
        continue;
      }
      if (i === j) {
        if (Math.abs(v - 1) > tol) issues.push({ code: 'diagonal', message: `${cell}为对角线元素，须为 1，实为 ${fmt(v)}`, i, j });
        continue;
      }
      if (j > i) {
        const w = (matrix[j] as readonly number[])[i] as number;
        if (Number.isFinite(w) && w > 0 && Math.abs(v * w - 1) > tol) {
          issues.push({
            code: 'not_reciprocal',
            message: `${cell}的值 ${fmt(v)} 与第 ${j + 1} 行第 ${i + 1} 列的值 ${fmt(w)} 不互为倒数（应为 ${fmt(1 / v)}）`,
            i,
            j
          });
        }
      }
      if (scale === 'saaty' && !onSaatyScale(v, tol)) {
        issues.push({ code: 'off_scale', message: `${cell}的值 ${fmt(v)} 不在 1–9 标度（1~9 及其倒数）上`, i, j });
      } else if (scale === 'range' && (v > 9 * (1 + tol) || v < 1 / (9 * (1 + tol)))) {
        issues.push({ code: 'off_scale', message: `${cell}的值 ${fmt(v)} 超出 1/9–9 的范围`, i, j });
      }
    }
  }
  return issues;
}

export interface EigenResult {
  /** Principal eigenvector normalised to sum 1. */
  vector: number[];
  /** Principal eigenvalue. */
  lambdaMax: number;
  iterations: number;
  converged: boolean;
}

/**
 * Principal eigenvector of a positive matrix by power iteration, starting from the uniform
 * vector; stops when no component moves by more than `tolerance` (default 1e-12) or after
 * `maxIterations` (default 10 000). λmax = Σ_i (A·w)_i with Σ w = 1.
 */
export function principalEigenvector(
  matrix: PairwiseMatrix,
  options: { tolerance?: number; maxIterations?: number } = {}
): EigenResult {
  const n = matrix.length;
  const tol = options.tolerance ?? 1e-12;
  const maxIt = options.maxIterations ?? 10_000;
  let w = new Array<number>(n).fill(1 / n);
  let lambda = n;
  for (let it = 1; it <= maxIt; it++) {
    const aw = multiply(matrix, w);
    let s = 0;
    for (const x of aw) s += x;
    lambda = s;
    const next = aw.map((x) => x / s);
    let delta = 0;
    for (let i = 0; i < n; i++) delta = Math.max(delta, Math.abs((next[i] as number) - (w[i] as number)));
    w = next;
    if (delta <= tol) {
      return { vector: w, lambdaMax: lambdaOf(matrix, w), iterations: it, converged: true };
    }
  }
  return { vector: w, lambdaMax: lambda, iterations: maxIt, converged: false };
}

function multiply(matrix: PairwiseMatrix, w: readonly number[]): number[] {
  return matrix.map((row) => {
    let s = 0;
    for (let j = 0; j < row.length; j++) s += (row[j] as number) * (w[j] as number);
    return s;
  });
}

function lambdaOf(matrix: PairwiseMatrix, w: readonly number[]): number {
  let s = 0;
  let sw = 0;
  for (const x of multiply(matrix, w)) s += x;
  for (const x of w) sw += x;
  return s / sw;
}

/** Row geometric means normalised to sum 1 (几何平均法 / 方根法). */
export function geometricMeanWeights(matrix: PairwiseMatrix): number[] {
  const n = matrix.length;
  const g = matrix.map((row) => {
    let logSum = 0;
    for (const v of row) logSum += Math.log(v);
    return Math.exp(logSum / n);
  });
  let s = 0;
  for (const x of g) s += x;
  return g.map((x) => x / s);
}

export interface Consistency {
  n: number;
  lambdaMax: number;
  /** CI = (λmax − n)/(n − 1); 0 for n ≤ 2. */
  ci: number;
  ri: number;
  /** CR = CI/RI; 0 when RI = 0 (n ≤ 2). */
  cr: number;
}

/** Consistency index and ratio from λmax (n ≤ 15). */
export function consistencyFromLambda(n: number, lambdaMax: number): Consistency {
  const ri = randomIndex(n);
  if (ri === undefined) throw new RangeError(`判断矩阵阶数 n=${n} 不在 1–${MAX_AHP_ORDER} 之间`);
  // Clamp rounding noise: λmax ≥ n for every positive reciprocal matrix.
  const ci = n <= 2 ? 0 : Math.max(0, (lambdaMax - n) / (n - 1));
  const cr = ri === 0 ? 0 : ci / ri;
  return { n, lambdaMax, ci, ri, cr };
}

export type AhpMethod = 'eigenvector' | 'geometric';

export const AHP_METHOD_LABELS: Readonly<Record<AhpMethod, string>> = {
  eigenvector: '特征向量法',
  geometric: '几何平均法'
};

export interface AhpOptions extends ValidateOptions {
  method?: AhpMethod;
  /** Refuse when CR ≥ this. Default 0.1. */
  crThreshold?: number;
}

export interface AhpOk extends Consistency {
  ok: true;
  method: AhpMethod;
  weights: number[];
  /** Eigenvector weights (always computed, for comparison). */
  eigenvectorWeights: number[];
  /** Geometric-mean weights (always computed, for comparison). */
  geometricWeights: number[];
  /** Chinese one-line summary, e.g. `一致性比率 CR=0.022 < 0.1，通过一致性检验`. */
  message: string;
}

export interface InconsistentPair {
  i: number;
  j: number;
  /** The judgment a_ij as entered. */
  judged: number;
  /** w_i / w_j, the ratio implied by the weights. */
  implied: number;
}

export interface AhpRefused {
  ok: false;
  reason: 'invalid' | 'inconsistent';
  /** Chinese message for the UI. */
  message: string;
  issues: MatrixIssue[];
  /** Present when reason = 'inconsistent'. */
  consistency?: Consistency;
  /** Present when reason = 'inconsistent': the weights that would have resulted. */
  weights?: number[];
  /** Present when reason = 'inconsistent': the judgment that deviates most from the weights. */
  worstPair?: InconsistentPair;
}

export type AhpResult = AhpOk | AhpRefused;

/** Format a CR for messages: three decimals. */
export function formatCr(cr: number): string {
  return cr.toFixed(3);
}

/**
 * The judgment a_ij farthest from the ratio w_i/w_j implied by the weights, measured by
 * max(a_ij·w_j/w_i, w_i/(a_ij·w_j)); a hint for which judgment to revise.
 */
export function mostInconsistentPair(matrix: PairwiseMatrix, weights: readonly number[]): InconsistentPair | undefined {
  let best: InconsistentPair | undefined;
  let bestDev = 1;
  const n = matrix.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = (matrix[i] as readonly number[])[j] as number;
      const implied = (weights[i] as number) / (weights[j] as number);
      const r = a / implied;
      const dev = Math.max(r, 1 / r);
      if (dev > bestDev + 1e-12) {
        bestDev = dev;
        best = { i, j, judged: a, implied };
      }
    }
  }
  return best;
}

/**
 * Weights from a pairwise comparison matrix, with validation and the consistency check.
 * Never throws for bad input: returns `{ ok: false, … }` with a Chinese message.
 */
export function ahpWeights(matrix: PairwiseMatrix, options: AhpOptions = {}): AhpResult {
  const method = options.method ?? 'eigenvector';
  const threshold = options.crThreshold ?? DEFAULT_CR_THRESHOLD;
  const issues = validatePairwiseMatrix(matrix, options);
  if (issues.length > 0) {
    const head = issues.slice(0, 3).map((x) => x.message).join('；');
    const more = issues.length > 3 ? `等 ${issues.length} 处问题` : '';
    return { ok: false, reason: 'invalid', message: `判断矩阵不合格：${head}${more}`, issues };
  }
  const n = matrix.length;
  const eig = principalEigenvector(matrix);
  const gm = geometricMeanWeights(matrix);
  const c = consistencyFromLambda(n, eig.lambdaMax);
  const weights = method === 'eigenvector' ? eig.vector : gm;
  if (c.cr >= threshold) {
    const pair = mostInconsistentPair(matrix, weights);
    const hint = pair
      ? `；偏差最大的判断为第 ${pair.i + 1} 项比第 ${pair.j + 1} 项（填 ${fmt(pair.judged)}，权重隐含约 ${fmt(pair.implied)}）`
      : '';
    return {
      ok: false,
      reason: 'inconsistent',
      message: `判断矩阵一致性比率 CR=${formatCr(c.cr)} ≥ ${threshold}，未通过一致性检验，请调整判断${hint}`,
      issues: [],
      consistency: c,
      weights,
      ...(pair ? { worstPair: pair } : {})
    };
  }
  return {
    ok: true,
    method,
    weights,
    eigenvectorWeights: eig.vector,
    geometricWeights: gm,
    ...c,
    message: `一致性比率 CR=${formatCr(c.cr)} < ${threshold}，通过一致性检验`
  };
}

/**
 * Build a full reciprocal matrix from the upper triangle, row by row:
 * [a12, a13, …, a1n, a23, …, a(n−1)n]. Convenient for forms that ask n(n−1)/2 questions.
 */
export function matrixFromUpperTriangle(n: number, upper: readonly number[]): number[][] {
  const need = (n * (n - 1)) / 2;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`阶数 n=${n} 须为正整数`);
  if (upper.length !== need) throw new RangeError(`${n} 阶判断矩阵需要 ${need} 个上三角元素，实为 ${upper.length} 个`);
  const m: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(1));
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = upper[k++] as number;
      (m[i] as number[])[j] = v;
      (m[j] as number[])[i] = 1 / v;
    }
  }
  return m;
}
