/**
 * 指标标准化（无量纲化）：极差（min_max）、Z 分数（z_score）、向量归一（vector）、百分位秩（percentile）。
 * Method names follow the profile YAML (`evaluation.normalization`: min_max / z_score / vector);
 * percentile is an extra choice offered on the page.
 *
 * Pure functions, no dependencies; used in the browser (live re-ranking) and on the server.
 *
 * Conventions, applied identically by every method:
 *
 * - **Direction.** `benefit` (效益型, larger is better) or `cost` (成本型, smaller is better).
 *   Cost columns are inverted so that after normalisation a larger number is always better:
 *   min-max uses (max − x)/(max − min), z-score uses −(x − mean)/sd, vector uses
 *   1 − x/√(Σx²), percentile ranks count the values that are *larger* than x as "worse".
 * - **Missing values.** `null`, `undefined`, `NaN` and ±Infinity are missing. Statistics
 *   (min, max, mean, sd, ranks) are computed over the present values only, and a missing
 *   value then receives the normalised value of the **worst present value** of the column
 *   (缺失值按该列最差观测值计). A unit that did not report therefore never beats a unit that
 *   did, and ties with the worst reporter. `missing[i]` flags these cells so the UI can show
 *   them. If every value is missing, every cell gets the constant value (see below).
 * - **Constant columns.** When all present values are equal (within a relative 1e-12), the
 *   column cannot discriminate. Every cell gets `constantValue`, which defaults to
 *   `1` for min-max (everyone at the same, full level — nobody is penalised),
 *   `0.5` for percentile (the mid-rank that the tie rule below gives anyway),
 *   `0` for z-score (everyone at the mean) and `1/√n` for vector (n = number of cells: what
 *   x/√(Σx²) gives for a constant positive column). Because all units get the same number, the
 *   choice never changes a ranking; it only shifts the weighted score.
 *   A column with a single present value counts as constant.
 * - **z-score** uses the population standard deviation (divide by n, not n − 1).
 * - **vector**: r = x/√(Σx²) over the present values (benefit), 1 − r (cost); meant for
 *   non-negative indicators (amounts, counts, rates).
 * - **Percentile rank** of value x among n present values is
 *   (worse + 0.5 · tiedOthers) / (n − 1), in [0, 1]: the best value gets 1, the worst 0,
 *   tied values share the mid-rank.
 */

export type Direction = 'benefit' | 'cost';
export type NormalizationMethod = 'min_max' | 'z_score' | 'vector' | 'percentile';

export interface NormalizeOptions {
  method: NormalizationMethod;
  direction: Direction;
  /** Value given to every cell of a constant (or all-missing) column. Defaults per method, see above. */
  constantValue?: number;
}

export interface NormalizedColumn {
  /** Normalised values, same length and order as the input. Larger is always better. */
  values: number[];
  /** true where the input was missing and the worst present value was used instead. */
  missing: boolean[];
  /** true when the column has no spread (all present values equal, or fewer than 2 present). */
  constant: boolean;
  /** Number of present (finite) values. */
  present: number;
}

export type CellValue = number | null | undefined;

/** Default value for a constant column of `cells` cells, per method. */
export function defaultConstantValue(method: NormalizationMethod, cells: number): number {
  switch (method) {
    case 'min_max':
      return 1;
    case 'percentile':
      return 0.5;
    case 'z_score':
      return 0;
    case 'vector':
      return cells > 0 ? 1 / Math.sqrt(cells) : 1;
  }
}

export const NORMALIZATION_LABELS: Readonly<Record<NormalizationMethod, string>> = {
  min_max: '极差标准化（min-max）',
  z_score: 'Z 分数标准化（z-score）',
  vector: '向量归一化',
  percentile: '百分位秩'
};

export const DIRECTION_LABELS: Readonly<Record<Direction, string>> = {
  benefit: '正向指标（越大越好）',
  cost: '逆向指标（越小越好）'
};

/** A cell is present when it is a finite number. */
export function isPresent(v: CellValue): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isConstant(min: number, max: number): boolean {
  return max - min <= 1e-12 * Math.max(1, Math.abs(min), Math.abs(max));
}

/**
 * Normalise one column. See the module comment for the rules on direction, missing values
 * and constant columns.
 */
export function normalizeColumn(values: readonly CellValue[], options: NormalizeOptions): NormalizedColumn {
  const { method, direction } = options;
  const constantValue = options.constantValue ?? defaultConstantValue(method, values.length);
  const missing = values.map((v) => !isPresent(v));
  const presentValues: number[] = [];
  for (const v of values) if (isPresent(v)) presentValues.push(v);
  const n = presentValues.length;

  let min = Infinity;
  let max = -Infinity;
  for (const v of presentValues) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const constant = n < 2 || isConstant(min, max);
  if (constant) {
    return { values: values.map(() => constantValue), missing, constant: true, present: n };
  }

  const sign = direction === 'benefit' ? 1 : -1;
  let f: (x: number) => number;
  switch (method) {
    case 'min_max': {
      const range = max - min;
      f = direction === 'benefit' ? (x) => (x - min) / range : (x) => (max - x) / range;
      break;
    }
    case 'z_score': {
      let sum = 0;
      for (const v of presentValues) sum += v;
      const mean = sum / n;
      let ss = 0;
      for (const v of presentValues) ss += (v - mean) * (v - mean);
      const sd = Math.sqrt(ss / n);
      f = (x) => (sign * (x - mean)) / sd;
      break;
    }
    case 'vector': {
      let ss = 0;
      for (const v of presentValues) ss += v * v;
      const norm = Math.sqrt(ss); // > 0: the column is not constant, so some value is non-zero
      f = direction === 'benefit' ? (x) => x / norm : (x) => 1 - x / norm;
      break;
    }
    case 'percentile': {
      // Oriented values: larger is better.
      const sorted = presentValues.map((v) => sign * v).sort((a, b) => a - b);
      f = (x) => {
        const y = sign * x;
        const below = lowerBound(sorted, y);
        const equal = upperBound(sorted, y) - below;
        return (below + 0.5 * (equal - 1)) / (n - 1);
      };
      break;
    }
  }

  // The worst present value, oriented by direction.
  const worstRaw = direction === 'benefit' ? min : max;
  const worst = f(worstRaw);
  return {
    values: values.map((v) => (isPresent(v) ? f(v) : worst)),
    missing,
    constant: false,
    present: n
  };
}

/** Normalise one column and return only the numbers. */
export function normalize(values: readonly CellValue[], options: NormalizeOptions): number[] {
  return normalizeColumn(values, options).values;
}

export function minMax(values: readonly CellValue[], direction: Direction = 'benefit', constantValue?: number): number[] {
  return normalize(values, { method: 'min_max', direction, constantValue });
}

export function zScore(values: readonly CellValue[], direction: Direction = 'benefit', constantValue?: number): number[] {
  return normalize(values, { method: 'z_score', direction, constantValue });
}

export function vectorNorm(values: readonly CellValue[], direction: Direction = 'benefit', constantValue?: number): number[] {
  return normalize(values, { method: 'vector', direction, constantValue });
}

export function percentileRank(
  values: readonly CellValue[],
  direction: Direction = 'benefit',
  constantValue?: number
): number[] {
  return normalize(values, { method: 'percentile', direction, constantValue });
}

/** First index i with sorted[i] >= x. */
function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index i with sorted[i] > x. */
function upperBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
