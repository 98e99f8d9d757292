import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  SAATY_RANDOM_INDEX,
  ahpWeights,
  consistencyFromLambda,
  geometricMeanWeights,
  matrixFromUpperTriangle,
  principalEigenvector,
  randomIndex,
  validatePairwiseMatrix
} from '../../src/lib/analytics/ahp';

const expectWeights = (actual: readonly number[], expected: readonly number[], digits = 3) => {
  expect(actual.length).toBe(expected.length);
  // Published weights are rounded to 3 decimals: compare within half a unit of the 3rd decimal.
  actual.forEach((a, i) => expect(Math.abs(a - (expected[i] as number))).toBeLessThanOrEqual(0.5 * 10 ** -digits + 1e-9));
};

/**
 * Saaty, T.L. (2008) "Decision making with the analytic hierarchy process",
 * Int. J. Services Sciences 1(1), 83–98, "Which drink is consumed more in the U.S.?".
 * Published derived scale: coffee .177, wine .019, tea .042, beer .116, sodas .190,
 * milk .129, water .327, consistency ratio .022. (The same numbers are the expected values in
 * the AHPy test suite, PhilipGriffith/AHPy tests/test_ahp.py, test_drinks_*_saaty.)
 */
const DRINKS = [
  [1, 9, 5, 2, 1, 1, 1 / 2],
  [1 / 9, 1, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9],
  [1 / 5, 3, 1, 1 / 3, 1 / 4, 1 / 3, 1 / 9],
  [1 / 2, 9, 3, 1, 1 / 2, 1, 1 / 3],
  [1, 9, 4, 2, 1, 2, 1 / 2],
  [1, 9, 3, 1, 1 / 2, 1, 1 / 3],
  [2, 9, 9, 3, 2, 3, 1]
];
const DRINKS_WEIGHTS = [0.177, 0.019, 0.042, 0.116, 0.19, 0.129, 0.327];

/**
 * Saaty, T.L. (1990) "How to make a decision: The Analytic Hierarchy Process",
 * European Journal of Operational Research 48, 9–26: the house example, criteria matrix
 * (size of house, transportation, neighbourhood, age of house, yard space, modern facilities,
 * general condition, financing). Published priorities .173 .054 .188 .018 .031 .036 .167 .333,
 * λmax = 9.669, C.I. = 0.238, C.R. = 0.169 — an inconsistent matrix (CR > 0.1), which our
 * library must refuse.
 */
const HOUSE = matrixFromUpperTriangle(8, [
  5, 3, 7, 6, 6, 1 / 3, 1 / 4, // size of house vs 2..8
  1 / 3, 5, 3, 3, 1 / 5, 1 / 7, // transportation vs 3..8
  6, 3, 4, 6, 1 / 5, // neighbourhood vs 4..8
  1 / 3, 1 / 4, 1 / 7, 1 / 8, // age vs 5..8
  1 / 2, 1 / 5, 1 / 6, // yard space vs 6..8
  1 / 5, 1 / 6, // modern facilities vs 7..8
  1 / 2 // general condition vs financing
]);
const HOUSE_WEIGHTS = [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333];

describe('random index', () => {
  it('is Saaty’s table for n = 1…15', () => {
    expect(SAATY_RANDOM_INDEX).toEqual([0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59]);
    expect(randomIndex(3)).toBe(0.58);
    expect(randomIndex(15)).toBe(1.59);
    expect(randomIndex(16)).toBeUndefined();
    expect(randomIndex(0)).toBeUndefined();
  });
});

describe('published worked examples', () => {
  it('Saaty (2008) drinks: weights to 3 decimals and CR = 0.022', () => {
    const r = ahpWeights(DRINKS);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expectWeights(r.weights, DRINKS_WEIGHTS);
    expect(r.cr.toFixed(3)).toBe('0.022');
    expect(r.ri).toBe(1.32);
    expect(r.n).toBe(7);
    expect(r.lambdaMax).toBeCloseTo(7.1766, 3);
    expect(r.ci).toBeCloseTo((r.lambdaMax - 7) / 6, 12);
    expect(r.message).toBe('一致性比率 CR=0.022 < 0.1，通过一致性检验');
  });

  it('Saaty (2008) drinks, geometric mean: close to the eigenvector, same order', () => {
    const r = ahpWeights(DRINKS, { method: 'geometric' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.method).toBe('geometric');
    // Row geometric means, normalised (computed): .179 .018 .042 .116 .191 .129 .324
    expectWeights(r.weights, [0.179, 0.018, 0.042, 0.116, 0.191, 0.129, 0.324]);
    r.weights.forEach((w, i) => expect(Math.abs(w - (r.eigenvectorWeights[i] as number))).toBeLessThan(0.003));
    const order = (ws: number[]) => ws.map((w, i) => [w, i] as const).sort((a, b) => b[0] - a[0]).map((x) => x[1]);
    expect(order(r.weights)).toEqual(order(r.eigenvectorWeights));
    // CR does not depend on the weighting method (λmax is the matrix's principal eigenvalue).
    expect(r.cr.toFixed(3)).toBe('0.022');
  });

  it('Saaty (1990) house criteria: weights, λmax 9.669, CI 0.238, CR 0.169 → refused', () => {
    const r = ahpWeights(HOUSE);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe('inconsistent');
    expect(r.consistency?.lambdaMax.toFixed(3)).toBe('9.669');
    expect(r.consistency?.ci.toFixed(3)).toBe('0.238');
    expect(r.consistency?.cr.toFixed(3)).toBe('0.169');
    expect(r.consistency?.ri).toBe(1.41);
    expectWeights(r.weights ?? [], HOUSE_WEIGHTS);
    expect(r.message.startsWith('判断矩阵一致性比率 CR=0.169 ≥ 0.1，未通过一致性检验，请调整判断')).toBe(true);
    // Hint: the judgment farthest from the weights (neighbourhood vs general condition = 6,
    // while the weights imply ≈ 1.13).
    expect(r.worstPair).toMatchObject({ i: 2, j: 6, judged: 6 });
    expect(r.worstPair?.implied).toBeCloseTo(0.1881 / 0.1668, 2);
  });

  it('Saaty (1990) house criteria pass with a looser threshold', () => {
    const r = ahpWeights(HOUSE, { crThreshold: 0.2 });
    expect(r.ok).toBe(true);
  });
});

describe('exact small cases', () => {
  it('a consistent 3×3 matrix (w ∝ 4:2:1) gives exactly 4/7, 2/7, 1/7 and CR = 0', () => {
    const m = [
      [1, 2, 4],
      [1 / 2, 1, 2],
      [1 / 4, 1 / 2, 1]
    ];
    for (const method of ['eigenvector', 'geometric'] as const) {
      const r = ahpWeights(m, { method });
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      r.weights.forEach((w, i) => expect(w).toBeCloseTo(([4 / 7, 2 / 7, 1 / 7][i] as number), 12));
      expect(r.lambdaMax).toBeCloseTo(3, 12);
      expect(r.cr).toBeCloseTo(0, 12);
    }
  });

  it('2×2: [[1,3],[1/3,1]] → 0.75 / 0.25, CR 0', () => {
    const r = ahpWeights([
      [1, 3],
      [1 / 3, 1]
    ]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.weights[0]).toBeCloseTo(0.75, 12);
    expect(r.weights[1]).toBeCloseTo(0.25, 12);
    expect(r.cr).toBe(0);
  });

  it('1×1 → [1]', () => {
    const r = ahpWeights([[1]]);
    expect(r.ok && r.weights).toEqual([1]);
  });

  it('a classic 3×3 cycle is refused: A>B (9), B>C (9), C>A (9)', () => {
    const m = [
      [1, 9, 1 / 9],
      [1 / 9, 1, 9],
      [9, 1 / 9, 1]
    ];
    const r = ahpWeights(m);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe('inconsistent');
    // symmetric cycle: weights equal; λmax = 1 + 9 + 1/9
    (r.weights ?? []).forEach((w) => expect(w).toBeCloseTo(1 / 3, 9));
    expect(r.consistency?.lambdaMax).toBeCloseTo(1 + 9 + 1 / 9, 9);
    const cr = (1 + 9 + 1 / 9 - 3) / 2 / 0.58;
    expect(r.consistency?.cr).toBeCloseTo(cr, 9);
    expect(r.message).toMatch(/^判断矩阵一致性比率 CR=6\.130 ≥ 0\.1，未通过一致性检验，请调整判断/);
  });

  it('consistencyFromLambda: CI and CR by the formulas', () => {
    const c = consistencyFromLambda(4, 4.27);
    expect(c.ci).toBeCloseTo(0.09, 12);
    expect(c.cr).toBeCloseTo(0.1, 12);
    expect(() => consistencyFromLambda(16, 16)).toThrow(RangeError);
  });

  it('CR exactly at the threshold is refused (CR ≥ threshold), just below passes', () => {
    const base = ahpWeights(DRINKS);
    expect(base.ok).toBe(true);
    if (!base.ok) return;
    const at = ahpWeights(DRINKS, { crThreshold: base.cr });
    expect(at.ok).toBe(false);
    if (!at.ok) expect(at.reason).toBe('inconsistent');
    expect(ahpWeights(DRINKS, { crThreshold: base.cr + 1e-9 }).ok).toBe(true);
  });
});

describe('validation', () => {
  it('accepts a valid Saaty-scale matrix, including 0.333 typed for 1/3', () => {
    expect(validatePairwiseMatrix(DRINKS)).toEqual([]);
    const typed = [
      [1, 3, 5],
      [0.333, 1, 2],
      [0.2, 0.5, 1]
    ];
    expect(validatePairwiseMatrix(typed)).toEqual([]);
  });

  it('rejects a non-reciprocal pair with a Chinese message', () => {
    const m = [
      [1, 3, 5],
      [1 / 2, 1, 2],
      [1 / 5, 1 / 2, 1]
    ];
    const issues = validatePairwiseMatrix(m);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'not_reciprocal', i: 0, j: 1 });
    expect(issues[0]?.message).toBe('第 1 行第 2 列的值 3 与第 2 行第 1 列的值 0.5 不互为倒数（应为 0.333）');
    const r = ahpWeights(m);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe('invalid');
      expect(r.message).toMatch(/^判断矩阵不合格：/);
    }
  });

  it('rejects a bad diagonal, non-positive and off-scale values', () => {
    const codes = (m: number[][]) => validatePairwiseMatrix(m).map((x) => x.code);
    expect(codes([
      [2, 1],
      [1, 1]
    ])).toEqual(['diagonal']);
    expect(codes([
      [1, 0],
      [0, 1]
    ])).toEqual(['not_positive', 'not_positive']);
    expect(codes([
      [1, 10],
      [1 / 10, 1]
    ])).toEqual(['off_scale', 'off_scale']);
    expect(codes([
      [1, 2.5],
      [0.4, 1]
    ])).toEqual(['off_scale', 'off_scale']);
    // 'range' scale allows 2.5 but not 10
    expect(validatePairwiseMatrix([
      [1, 2.5],
      [0.4, 1]
    ], { scale: 'range' })).toEqual([]);
    expect(validatePairwiseMatrix([
      [1, 10],
      [0.1, 1]
    ], { scale: 'range' }).map((x) => x.code)).toEqual(['off_scale', 'off_scale']);
  });

  it('rejects non-square, empty and too large matrices', () => {
    expect(validatePairwiseMatrix([[1, 2], [0.5]]).map((x) => x.code)).toEqual(['not_square']);
    expect(validatePairwiseMatrix([]).map((x) => x.code)).toEqual(['empty']);
    const big = Array.from({ length: 16 }, () => new Array<number>(16).fill(1));
    const issues = validatePairwiseMatrix(big);
    expect(issues.map((x) => x.code)).toEqual(['too_large']);
    const r = ahpWeights(big);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('超过 15');
  });

  it('matrixFromUpperTriangle checks its input length', () => {
    expect(() => matrixFromUpperTriangle(3, [1, 2])).toThrow(RangeError);
    expect(matrixFromUpperTriangle(3, [2, 4, 2])).toEqual([
      [1, 2, 4],
      [0.5, 1, 2],
      [0.25, 0.5, 1]
    ]);
  });
});

describe('properties', () => {
  it('a matrix built from weights (a_ij = w_i/w_j) gives those weights back with CR ≈ 0', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 1, maxLength: 15 }), (raw) => {
        const s = raw.reduce((a, b) => a + b, 0);
        const w = raw.map((x) => x / s);
        const m = w.map((wi) => w.map((wj) => wi / wj));
        const r = ahpWeights(m, { scale: 'none', tolerance: 1e-9 });
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        r.weights.forEach((x, i) => expect(x).toBeCloseTo(w[i] as number, 9));
        r.geometricWeights.forEach((x, i) => expect(x).toBeCloseTo(w[i] as number, 9));
        expect(r.cr).toBeLessThan(1e-9);
      }),
      { numRuns: 500 }
    );
  });

  it('random Saaty-scale reciprocal matrices: positive weights summing to 1, λmax ≥ n, refusal iff CR ≥ 0.1', () => {
    const judgment = fc.constantFrom(1, 2, 3, 4, 5, 6, 7, 8, 9, 1 / 2, 1 / 3, 1 / 4, 1 / 5, 1 / 6, 1 / 7, 1 / 8, 1 / 9);
    const matrix = fc
      .integer({ min: 1, max: 9 })
      .chain((n) => fc.array(judgment, { minLength: (n * (n - 1)) / 2, maxLength: (n * (n - 1)) / 2 }).map((u) => matrixFromUpperTriangle(n, u)));
    fc.assert(
      fc.property(matrix, (m) => {
        const n = m.length;
        const eig = principalEigenvector(m);
        expect(eig.converged).toBe(true);
        expect(eig.lambdaMax).toBeGreaterThanOrEqual(n - 1e-9);
        const sum = eig.vector.reduce((a, b) => a + b, 0);
        expect(sum).toBeCloseTo(1, 12);
        eig.vector.forEach((x) => expect(x).toBeGreaterThan(0));
        // eigen-equation A·w = λ·w
        m.forEach((row, i) => {
          const aw = row.reduce((acc, a, j) => acc + a * (eig.vector[j] as number), 0);
          expect(aw).toBeCloseTo(eig.lambdaMax * (eig.vector[i] as number), 9);
        });
        const gm = geometricMeanWeights(m);
        expect(gm.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        const r = ahpWeights(m);
        const cr = consistencyFromLambda(n, eig.lambdaMax).cr;
        expect(r.ok).toBe(cr < 0.1);
        if (!r.ok) expect(r.message).toContain(`CR=${cr.toFixed(3)} ≥ 0.1`);
      }),
      { numRuns: 1000 }
    );
  });
});
