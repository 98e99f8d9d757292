import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { perturbWeights, rankSensitivity, weightScenarios } from '../../src/lib/analytics/sensitivity';
import type { IndicatorSpec, UnitRow } from '../../src/lib/analytics/score';

/*
 * Hand example: 2 indicators, equal weights, min-max:
 *        A raw  B raw   →  A    B
 *   U1    10     0         1    0
 *   U2     0    10         0    1
 *   U3     5    4.5        0.5  0.45
 * base (0.5, 0.5): U1 0.5, U2 0.5, U3 0.475 → ranks 1, 1, 3 (competition)
 * A +20%: (0.6, 0.5)/1.1: U1 0.5455, U2 0.4545, U3 0.4773 → U1 1, U3 2, U2 3
 * A −20%: (0.4, 0.5)/0.9: U1 0.4444, U2 0.5556, U3 0.4722 → U2 1, U3 2, U1 3
 * B ±20% mirrors these. Corners (+,−) = (0.6, 0.4): U1 0.6, U2 0.4, U3 0.48;
 * (−,+) = (0.4, 0.6): U1 0.4, U2 0.6, U3 0.47; (+,+) and (−,−) equal the base.
 * → U1 best 1 worst 3, score 0.4–0.6; U2 the same; U3 best 2 worst 3, score 0.47–0.48.
 */
const indicators: IndicatorSpec[] = [
  { key: 'A', direction: 'benefit' },
  { key: 'B', direction: 'benefit' }
];
const rows: UnitRow[] = [
  { id: 'U1', values: { A: 10, B: 0 } },
  { id: 'U2', values: { A: 0, B: 10 } },
  { id: 'U3', values: { A: 5, B: 4.5 } }
];

describe('rankSensitivity — hand example', () => {
  it('rank ranges with ±20%', () => {
    const r = rankSensitivity(rows, indicators, [1, 1], 'min_max');
    expect(r.scenarios).toBe(1 + 4 + 4);
    expect(r.corners).toBe('exhaustive');
    const u = Object.fromEntries(r.units.map((x) => [x.id, x]));
    expect([u.U1?.baseRank, u.U1?.bestRank, u.U1?.worstRank]).toEqual([1, 1, 3]);
    expect([u.U2?.baseRank, u.U2?.bestRank, u.U2?.worstRank]).toEqual([1, 1, 3]);
    expect([u.U3?.baseRank, u.U3?.bestRank, u.U3?.worstRank]).toEqual([3, 2, 3]);
    expect(u.U1?.minScore).toBeCloseTo(0.4, 12);
    expect(u.U1?.maxScore).toBeCloseTo(0.6, 12);
    expect(u.U3?.minScore).toBeCloseTo(0.47, 12);
    expect(u.U3?.maxScore).toBeCloseTo(0.48, 12);
    expect(u.U3?.baseScore).toBeCloseTo(0.475, 12);
    expect(r.description).toContain('±20%');
  });

  it('one-at-a-time only: 1 + 2n scenarios, same ranges here', () => {
    const r = rankSensitivity(rows, indicators, [1, 1], 'min_max', { mode: 'one-at-a-time' });
    expect(r.scenarios).toBe(5);
    expect(r.corners).toBe('none');
    expect(r.units.map((x) => [x.bestRank, x.worstRank])).toEqual([
      [1, 3],
      [1, 3],
      [2, 3]
    ]);
    // OAT extremes for U1: A +20% gives 0.6/1.1 = 0.5455, B −20% gives 0.5/0.9 = 0.5556 (the max);
    // A −20% gives 0.4/0.9 = 0.4444 (the min), B +20% gives 0.5/1.1 = 0.4545
    expect(r.units[0]?.maxScore).toBeCloseTo(0.5 / 0.9, 12);
    expect(r.units[0]?.minScore).toBeCloseTo(0.4 / 0.9, 12);
  });

  it('delta 0 → ranges collapse to the base rank', () => {
    const r = rankSensitivity(rows, indicators, [1, 1], 'min_max', { delta: 0 });
    r.units.forEach((x) => {
      expect(x.bestRank).toBe(x.baseRank);
      expect(x.worstRank).toBe(x.baseRank);
    });
  });

  it('a smaller delta that cannot flip U3 past U1/U2', () => {
    // with ±2% the scores of U1/U2 move by at most ~0.01: 0.5 ± 0.01 vs U3 0.475 ± 0.0005
    const r = rankSensitivity(rows, indicators, [1, 1], 'min_max', { delta: 0.02 });
    const u3 = r.units[2];
    expect([u3?.bestRank, u3?.worstRank]).toEqual([3, 3]);
  });
});

describe('weights scenarios', () => {
  it('perturbWeights rescales to 1', () => {
    const w = perturbWeights([0.5, 0.3, 0.2], [1, 0, -1], 0.2);
    expect(w[0]).toBeCloseTo(0.6 / 1.06, 12);
    expect(w[1]).toBeCloseTo(0.3 / 1.06, 12);
    expect(w[2]).toBeCloseTo(0.16 / 1.06, 12);
  });

  it('sampled corners above 12 indicators, reproducible with the seed', () => {
    const base = new Array<number>(13).fill(1 / 13);
    const a = weightScenarios(base, { samples: 50 });
    const b = weightScenarios(base, { samples: 50 });
    expect(a.corners).toBe('sampled');
    expect(a.scenarios.length).toBe(1 + 26 + 50);
    expect(a.scenarios).toEqual(b.scenarios);
    const c = weightScenarios(base, { samples: 50, seed: 7 });
    expect(c.scenarios).not.toEqual(a.scenarios);
    const full = weightScenarios(new Array<number>(12).fill(1 / 12));
    expect(full.corners).toBe('exhaustive');
    expect(full.scenarios.length).toBe(1 + 24 + 4096);
  });

  it('rejects delta outside [0, 1)', () => {
    expect(() => weightScenarios([1], { delta: 1 })).toThrow(RangeError);
    expect(() => weightScenarios([1], { delta: -0.1 })).toThrow(RangeError);
  });

  it('every scenario is a weight vector (≥ 0, sum 1), zero weights stay zero', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 6 }), fc.double({ min: 0, max: 0.9, noNaN: true }), (raw, delta) => {
        fc.pre(raw.some((x) => x > 0));
        const s = raw.reduce((a, b) => a + b, 0);
        const base = raw.map((x) => x / s);
        return weightScenarios(base, { delta }).scenarios.every(
          (w) => Math.abs(w.reduce((a, b) => a + b, 0) - 1) < 1e-12 && w.every((x, j) => x >= 0 && (base[j] !== 0 || x === 0))
        );
      }),
      { numRuns: 300 }
    );
  });

  it('best ≤ base ≤ worst for every unit', () => {
    const unitRows = fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })), {
      minLength: 1,
      maxLength: 12
    });
    fc.assert(
      fc.property(unitRows, fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 })), (us, w) => {
        const rs: UnitRow[] = us.map(([a, b, c], i) => ({ id: String(i), values: { a, b, c } }));
        const ind: IndicatorSpec[] = [
          { key: 'a', direction: 'benefit' },
          { key: 'b', direction: 'cost' },
          { key: 'c', direction: 'benefit' }
        ];
        const r = rankSensitivity(rs, ind, w, 'min_max');
        r.units.forEach((u) => {
          expect(u.bestRank).toBeLessThanOrEqual(u.baseRank);
          expect(u.baseRank).toBeLessThanOrEqual(u.worstRank);
          expect(u.minScore).toBeLessThanOrEqual(u.baseScore + 1e-12);
          expect(u.maxScore).toBeGreaterThanOrEqual(u.baseScore - 1e-12);
        });
      }),
      { numRuns: 300 }
    );
  });
});
