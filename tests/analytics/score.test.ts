import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeWeights, rankScores, rankUnits, type IndicatorSpec, type UnitRow } from '../../src/lib/analytics/score';

/*
 * Worked example (4 units, 3 indicators):
 *          A 转化金额 (benefit)  B 转化率 (benefit)  C 报送延迟天数 (cost)
 *   U1          100                 0.5                  10
 *   U2          300                 0.2                   0
 *   U3          200                 0.4                  20
 *   U4          (missing)           0.3                   5
 * weights A 0.5, B 0.3, C 0.2.
 * min-max: A → U1 0, U2 1, U3 0.5, U4 0 (missing = worst present = 0)
 *          B → U1 1, U2 0, U3 2/3, U4 1/3
 *          C → (20 − x)/20: U1 0.5, U2 1, U3 0, U4 0.75
 * scores:  U1 = 0 + 0.3 + 0.1 = 0.40;  U2 = 0.5 + 0 + 0.2 = 0.70
 *          U3 = 0.25 + 0.2 + 0 = 0.45; U4 = 0 + 0.1 + 0.15 = 0.25
 * ranking: U2 (1), U3 (2), U1 (3), U4 (4)
 */
const indicators: IndicatorSpec[] = [
  { key: 'A', direction: 'benefit', label: '转化金额' },
  { key: 'B', direction: 'benefit', label: '转化率' },
  { key: 'C', direction: 'cost', label: '报送延迟天数' }
];
const rows: UnitRow[] = [
  { id: 'U1', values: { A: 100, B: 0.5, C: 10 } },
  { id: 'U2', values: { A: 300, B: 0.2, C: 0 } },
  { id: 'U3', values: { A: 200, B: 0.4, C: 20 } },
  { id: 'U4', values: { A: null, B: 0.3, C: 5 } }
];

describe('rankUnits — worked example', () => {
  it('min-max scores, ranks, contributions and missing flags', () => {
    const r = rankUnits(rows, indicators, { A: 0.5, B: 0.3, C: 0.2 }, 'min_max');
    expect(r.map((u) => u.id)).toEqual(['U2', 'U3', 'U1', 'U4']);
    expect(r.map((u) => u.rank)).toEqual([1, 2, 3, 4]);
    const byId = Object.fromEntries(r.map((u) => [u.id, u]));
    expect(byId.U1?.score).toBeCloseTo(0.4, 12);
    expect(byId.U2?.score).toBeCloseTo(0.7, 12);
    expect(byId.U3?.score).toBeCloseTo(0.45, 12);
    expect(byId.U4?.score).toBeCloseTo(0.25, 12);
    expect(byId.U4?.missing).toEqual(['A']);
    expect(byId.U1?.missing).toEqual([]);
    expect(byId.U4?.contributions.C).toBeCloseTo(0.15, 12);
    expect(byId.U3?.normalized.B).toBeCloseTo(2 / 3, 12);
    expect(byId.U3?.index).toBe(2);
  });

  it('weights are rescaled: 50/30/20 and [0.5, 0.3, 0.2] give the same result', () => {
    const a = rankUnits(rows, indicators, { A: 50, B: 30, C: 20 }, 'min_max');
    const b = rankUnits(rows, indicators, [0.5, 0.3, 0.2], 'min_max');
    expect(a.map((u) => [u.id, u.rank])).toEqual(b.map((u) => [u.id, u.rank]));
    a.forEach((u, i) => expect(u.score).toBeCloseTo(b[i]?.score as number, 12));
  });

  it('percentile normalisation', () => {
    // A present: 100 → 0, 200 → 0.5, 300 → 1, U4 missing → 0
    // B: 0.2 → 0, 0.3 → 1/3, 0.4 → 2/3, 0.5 → 1
    // C (cost): 0 → 1, 5 → 2/3, 10 → 1/3, 20 → 0
    // U1 = 0 + 0.3 + 0.2/3 = 0.366667; U2 = 0.5 + 0 + 0.2 = 0.7; U3 = 0.25 + 0.2 + 0 = 0.45;
    // U4 = 0 + 0.1 + 0.2·2/3 = 0.233333
    const r = rankUnits(rows, indicators, { A: 0.5, B: 0.3, C: 0.2 }, 'percentile');
    expect(r.map((u) => u.id)).toEqual(['U2', 'U3', 'U1', 'U4']);
    expect(r.map((u) => Number(u.score.toFixed(6)))).toEqual([0.7, 0.45, 0.366667, 0.233333]);
  });

  it('z-score normalisation on a single indicator', () => {
    // A: 2,4,4,4,5,5,7,9 → mean 5, sd 2
    const data = [2, 4, 4, 4, 5, 5, 7, 9];
    const r = rankUnits(
      data.map((v, i) => ({ id: `u${i}`, values: { A: v } })),
      [{ key: 'A', direction: 'benefit' }],
      [1],
      'z_score'
    );
    expect(r.map((u) => u.score)).toEqual([2, 1, 0, 0, -0.5, -0.5, -0.5, -1.5]);
    expect(r.map((u) => u.rank)).toEqual([1, 2, 3, 3, 5, 5, 5, 8]);
  });

  it('ties: competition vs dense, input order kept among ties', () => {
    const tied: UnitRow[] = [
      { id: 'a', values: { x: 1 } },
      { id: 'b', values: { x: 3 } },
      { id: 'c', values: { x: 1 } },
      { id: 'd', values: { x: 3 } },
      { id: 'e', values: { x: 2 } }
    ];
    const ind: IndicatorSpec[] = [{ key: 'x', direction: 'benefit' }];
    const comp = rankUnits(tied, ind, [1], 'min_max');
    expect(comp.map((u) => `${u.id}${u.rank}`)).toEqual(['b1', 'd1', 'e3', 'a4', 'c4']);
    const dense = rankUnits(tied, ind, [1], 'min_max', { ranking: 'dense' });
    expect(dense.map((u) => `${u.id}${u.rank}`)).toEqual(['b1', 'd1', 'e2', 'a3', 'c3']);
  });

  it('throws on bad weights with Chinese messages', () => {
    expect(() => normalizeWeights({ A: 1, B: 1 }, indicators)).toThrow('缺少权重');
    expect(() => normalizeWeights([1, -1, 1], indicators)).toThrow('非负');
    expect(() => normalizeWeights([0, 0, 0], indicators)).toThrow('权重之和须大于 0');
    expect(() => normalizeWeights([1, 1], indicators)).toThrow('不一致');
    expect(normalizeWeights([1, 1, 2], indicators)).toEqual([0.25, 0.25, 0.5]);
  });
});

describe('rankScores', () => {
  it('competition 1,2,2,4 and dense 1,2,2,3', () => {
    expect(rankScores([0.9, 0.5, 0.9, 0.1, 0.5])).toEqual([1, 3, 1, 5, 3]);
    expect(rankScores([0.9, 0.5, 0.9, 0.1, 0.5], 'dense')).toEqual([1, 2, 1, 3, 2]);
    expect(rankScores([])).toEqual([]);
  });
  it('floating noise is a tie: 0.1 + 0.2 vs 0.3', () => {
    expect(rankScores([0.1 + 0.2, 0.3, 0.2])).toEqual([1, 1, 3]);
  });
  it('properties: ranks in 1..n, higher score never ranks worse, dense ≤ competition', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 40 }), (xs) => {
        const c = rankScores(xs);
        const d = rankScores(xs, 'dense');
        xs.forEach((x, i) => {
          expect(c[i]).toBeGreaterThanOrEqual(1);
          expect(c[i]).toBeLessThanOrEqual(xs.length);
          expect(d[i]).toBeLessThanOrEqual(c[i] as number);
          // competition rank = 1 + number of strictly better scores
          expect(c[i]).toBe(1 + xs.filter((y) => y > x).length);
          // dense rank = 1 + number of distinct better scores
          expect(d[i]).toBe(1 + new Set(xs.filter((y) => y > x)).size);
        });
      }),
      { numRuns: 2000 }
    );
  });
});
