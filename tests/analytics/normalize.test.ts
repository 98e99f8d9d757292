import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { minMax, normalize, normalizeColumn, percentileRank, vectorNorm, zScore } from '../../src/lib/analytics/normalize';

const close = (actual: readonly number[], expected: readonly number[], digits = 12) => {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(a).toBeCloseTo(expected[i] as number, digits));
};

describe('min-max', () => {
  it('benefit: (x − min)/(max − min)', () => {
    close(minMax([10, 20, 40], 'benefit'), [0, 1 / 3, 1]);
  });
  it('cost is inverted: (max − x)/(max − min)', () => {
    close(minMax([10, 20, 40], 'cost'), [1, 2 / 3, 0]);
  });
  it('missing values get the worst present value and are flagged', () => {
    const c = normalizeColumn([10, null, 40, Number.NaN, undefined], { method: 'min_max', direction: 'benefit' });
    close(c.values, [0, 0, 1, 0, 0]);
    expect(c.missing).toEqual([false, true, false, true, true]);
    expect(c.present).toBe(2);
    expect(c.constant).toBe(false);
    // cost: 10 is best (1), 40 worst (0), missing → 0
    close(minMax([10, null, 40], 'cost'), [1, 0, 0]);
  });
  it('Infinity counts as missing', () => {
    close(minMax([1, Infinity, 3]), [0, 0, 1]);
  });
  it('constant column → 1 for everyone by default, or the given constant', () => {
    close(minMax([5, 5, 5]), [1, 1, 1]);
    close(minMax([5, 5, 5], 'cost'), [1, 1, 1]);
    close(minMax([5, 5, 5], 'benefit', 0.5), [0.5, 0.5, 0.5]);
    const c = normalizeColumn([5, null, 5], { method: 'min_max', direction: 'benefit' });
    expect(c.constant).toBe(true);
    close(c.values, [1, 1, 1]);
    expect(c.missing).toEqual([false, true, false]);
  });
  it('single present value and all-missing columns are constant', () => {
    close(minMax([null, 7, null]), [1, 1, 1]);
    close(minMax([null, null]), [1, 1]);
    expect(minMax([])).toEqual([]);
  });
  it('floating noise does not make a column non-constant', () => {
    expect(normalizeColumn([0.3, 0.1 + 0.2], { method: 'min_max', direction: 'benefit' }).constant).toBe(true);
  });
});

describe('z-score (population sd)', () => {
  // mean 5, population sd 2 (the textbook data set 2,4,4,4,5,5,7,9)
  const data = [2, 4, 4, 4, 5, 5, 7, 9];
  it('benefit', () => {
    close(zScore(data, 'benefit'), [-1.5, -0.5, -0.5, -0.5, 0, 0, 1, 2]);
  });
  it('cost is negated', () => {
    close(zScore(data, 'cost'), [1.5, 0.5, 0.5, 0.5, 0, 0, -1, -2]);
  });
  it('missing → z of the worst present value', () => {
    close(zScore([...data, null], 'benefit'), [-1.5, -0.5, -0.5, -0.5, 0, 0, 1, 2, -1.5]);
    close(zScore([...data, null], 'cost'), [1.5, 0.5, 0.5, 0.5, 0, 0, -1, -2, -2]);
  });
  it('constant → 0', () => {
    close(zScore([3, 3, null]), [0, 0, 0]);
  });
});

describe('vector', () => {
  it('benefit: x/√Σx² (3, 4 → 0.6, 0.8)', () => {
    close(vectorNorm([3, 4]), [0.6, 0.8]);
    close(vectorNorm([1, 2, 2]), [1 / 3, 2 / 3, 2 / 3]);
  });
  it('cost: 1 − x/√Σx²; missing → worst present', () => {
    close(vectorNorm([3, 4], 'cost'), [0.4, 0.2]);
    close(vectorNorm([3, null, 4]), [0.6, 0.6, 0.8]);
    close(vectorNorm([3, null, 4], 'cost'), [0.4, 0.2, 0.2]);
  });
  it('constant → 1/√n (n = cells)', () => {
    close(vectorNorm([5, 5, 5, 5]), [0.5, 0.5, 0.5, 0.5]);
    close(vectorNorm([0, 0]), [Math.SQRT1_2, Math.SQRT1_2]);
  });
});

describe('percentile rank', () => {
  it('benefit with ties: (worse + 0.5·tiedOthers)/(n − 1)', () => {
    close(percentileRank([10, 20, 20, 40], 'benefit'), [0, 0.5, 0.5, 1]);
    close(percentileRank([1, 2, 3, 4, 5]), [0, 0.25, 0.5, 0.75, 1]);
  });
  it('cost', () => {
    close(percentileRank([10, 20, 20, 40], 'cost'), [1, 0.5, 0.5, 0]);
  });
  it('missing → worst present; constant → 0.5', () => {
    close(percentileRank([10, null, 40, 20]), [0, 0, 1, 0.5]);
    close(percentileRank([8, 8, 8]), [0.5, 0.5, 0.5]);
  });
});

describe('properties', () => {
  const column = fc.array(fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: null }), {
    minLength: 0,
    maxLength: 30
  });
  const method = fc.constantFrom('min_max' as const, 'z_score' as const, 'vector' as const, 'percentile' as const);
  const direction = fc.constantFrom('benefit' as const, 'cost' as const);

  it('min-max and percentile stay in [0, 1]; output length = input length', () => {
    fc.assert(
      fc.property(column, fc.constantFrom('min_max' as const, 'percentile' as const), direction, (xs, m, d) => {
        const out = normalize(xs, { method: m, direction: d });
        expect(out.length).toBe(xs.length);
        for (const v of out) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 1000 }
    );
  });

  it('order is kept (benefit) or reversed (cost); missing never beats a present value', () => {
    fc.assert(
      fc.property(column, method, direction, (xs, m, d) => {
        const out = normalize(xs, { method: m, direction: d });
        for (let i = 0; i < xs.length; i++) {
          for (let j = 0; j < xs.length; j++) {
            const a = xs[i];
            const b = xs[j];
            const better = d === 'benefit' ? (a ?? 0) > (b ?? 0) : (a ?? 0) < (b ?? 0);
            if (a !== null && a !== undefined && b !== null && b !== undefined && better) {
              expect(out[i] as number).toBeGreaterThanOrEqual((out[j] as number) - 1e-12);
            }
            if ((a === null || a === undefined) && b !== null && b !== undefined) {
              expect(out[i] as number).toBeLessThanOrEqual((out[j] as number) + 1e-12);
            }
          }
        }
      }),
      { numRuns: 1000 }
    );
  });

  it('min-max cost = 1 − min-max benefit on non-constant columns', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 20 }), (xs) => {
        const c = normalizeColumn(xs, { method: 'min_max', direction: 'benefit' });
        fc.pre(!c.constant);
        const cost = minMax(xs, 'cost');
        c.values.forEach((v, i) => expect(cost[i] as number).toBeCloseTo(1 - v, 9));
      }),
      { numRuns: 1000 }
    );
  });
});
