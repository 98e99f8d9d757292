import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { entropyWeights } from '../../src/lib/analytics/entropy';

describe('entropy weight method — worked example by hand', () => {
  /*
   * 3 units × 3 indicators:
   *            A (benefit)  B (cost)  C (benefit)
   *   unit 1       10           5         7
   *   unit 2       20           5         7
   *   unit 3       30          15         7
   *
   * 1. min-max with direction:
   *      A: (x − 10)/20        → 0, 0.5, 1
   *      B: (15 − x)/10 (cost) → 1, 1, 0
   *      C: constant           → 1, 1, 1
   * 2. p_ij = x_ij / Σ_i x_ij:
   *      A: 0, 1/3, 2/3      B: 1/2, 1/2, 0      C: 1/3, 1/3, 1/3
   * 3. k = 1/ln 3 = 0.910239…; e_j = −k Σ p ln p (0·ln 0 = 0):
   *      e_A = k·(1/3·ln 3 + 2/3·ln 1.5) = 0.910239·(0.366204 + 0.270310) = 0.579380
   *      e_B = k·(2 · 1/2·ln 2)          = ln 2 / ln 3                    = 0.630930
   *      e_C = k·ln 3                                                     = 1
   * 4. d = 1 − e: d_A = 0.420620, d_B = 0.369070, d_C = 0;  Σd = 0.789690
   * 5. w = d/Σd:  w_A = 0.532639, w_B = 0.467361, w_C = 0
   */
  const r = entropyWeights(
    [
      [10, 5, 7],
      [20, 5, 7],
      [30, 15, 7]
    ],
    ['benefit', 'cost', 'benefit']
  );

  it('normalised matrix and proportions', () => {
    expect(r.normalized).toEqual([
      [0, 1, 1],
      [0.5, 1, 1],
      [1, 0, 1]
    ]);
    const p = r.proportions;
    expect(p[0]?.[0]).toBe(0);
    expect(p[1]?.[0]).toBeCloseTo(1 / 3, 12);
    expect(p[2]?.[0]).toBeCloseTo(2 / 3, 12);
    expect(p.map((row) => row[1])).toEqual([0.5, 0.5, 0]);
    p.forEach((row) => expect(row[2]).toBeCloseTo(1 / 3, 12));
  });

  it('entropies, divergences and weights', () => {
    expect(r.entropy[0]).toBeCloseTo(0.57938, 5);
    expect(r.entropy[1]).toBeCloseTo(0.63093, 5);
    expect(r.entropy[2]).toBe(1);
    expect(r.divergence[0]).toBeCloseTo(0.42062, 5);
    expect(r.divergence[1]).toBeCloseTo(0.36907, 5);
    expect(r.divergence[2]).toBe(0);
    expect(r.weights[0]).toBeCloseTo(0.532639, 6);
    expect(r.weights[1]).toBeCloseTo(0.467361, 6);
    expect(r.weights[2]).toBe(0);
    expect(r.degenerate).toBe(false);
  });

  it('closed form: e_B = ln2/ln3 exactly', () => {
    expect(r.entropy[1]).toBeCloseTo(Math.log(2) / Math.log(3), 14);
  });
});

describe('entropy weight method — edge cases', () => {
  it('all columns constant → equal weights, flagged', () => {
    const r = entropyWeights(
      [
        [1, 2],
        [1, 2]
      ],
      ['benefit', 'cost']
    );
    expect(r.weights).toEqual([0.5, 0.5]);
    expect(r.degenerate).toBe(true);
    expect(r.note).toContain('等权重');
  });

  it('a single unit → equal weights, flagged', () => {
    const r = entropyWeights([[3, 4, 5]], ['benefit', 'benefit', 'cost']);
    expect(r.weights).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(r.degenerate).toBe(true);
  });

  it('missing values count as the worst value (0 after min-max)', () => {
    // column A: [10, null, 30] → 0, 0, 1 → p = 0, 0, 1 → e = 0 → all weight on A vs a spread column
    const r = entropyWeights(
      [
        [10, 1],
        [null, 2],
        [30, 3]
      ],
      ['benefit', 'benefit']
    );
    expect(r.entropy[0]).toBe(0);
    // B: 0, 0.5, 1 → p = 0, 1/3, 2/3 → same entropy as A in the worked example
    expect(r.entropy[1]).toBeCloseTo(0.57938, 5);
    expect(r.weights[0]).toBeCloseTo(1 / (1 + 0.42062), 5);
  });

  it('rejects ragged rows', () => {
    expect(() => entropyWeights([[1, 2], [3]], ['benefit', 'benefit'])).toThrow(RangeError);
  });
});

describe('entropy weight method — properties', () => {
  const matrix = fc.integer({ min: 1, max: 6 }).chain((n) =>
    fc.record({
      rows: fc.array(fc.array(fc.option(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { nil: null, freq: 8 }), { minLength: n, maxLength: n }), {
        minLength: 1,
        maxLength: 25
      }),
      dirs: fc.array(fc.constantFrom('benefit' as const, 'cost' as const), { minLength: n, maxLength: n })
    })
  );

  it('weights are non-negative and sum to 1; entropies in [0, 1]', () => {
    fc.assert(
      fc.property(matrix, ({ rows, dirs }) => {
        const r = entropyWeights(rows, dirs);
        expect(r.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        r.weights.forEach((w) => expect(w).toBeGreaterThanOrEqual(0));
        r.entropy.forEach((e) => {
          expect(e).toBeGreaterThanOrEqual(0);
          expect(e).toBeLessThanOrEqual(1);
        });
      }),
      { numRuns: 2000 }
    );
  });

  it('row order does not matter', () => {
    fc.assert(
      fc.property(matrix, ({ rows, dirs }) => {
        const a = entropyWeights(rows, dirs).weights;
        const b = entropyWeights([...rows].reverse(), dirs).weights;
        a.forEach((w, j) => expect(w).toBeCloseTo(b[j] as number, 9));
      }),
      { numRuns: 1000 }
    );
  });

  it('a positive affine change of a column (unit, offset) does not change the weights', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 })), { minLength: 2, maxLength: 20 }),
        fc.integer({ min: 1, max: 10000 }),
        fc.integer({ min: -1000, max: 1000 }),
        (pairs, scale, offset) => {
          const rows = pairs.map(([a, b]) => [a, b]);
          const moved = pairs.map(([a, b]) => [a * scale + offset, b]);
          const w1 = entropyWeights(rows, ['benefit', 'cost']).weights;
          const w2 = entropyWeights(moved, ['benefit', 'cost']).weights;
          w1.forEach((w, j) => expect(w).toBeCloseTo(w2[j] as number, 9));
        }
      ),
      { numRuns: 1000 }
    );
  });
});
