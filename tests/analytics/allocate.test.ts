import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocate, type AllocationCandidate } from '../../src/lib/analytics/allocate';

const amounts = (r: ReturnType<typeof allocate>) => Object.fromEntries(r.lines.map((l) => [l.id, l.amount]));

describe('allocate — hand-computed cases (万元)', () => {
  it('proportional, one capped at 50, excess redistributed, cents by largest remainder', () => {
    // budget 100, cap 50; eligible scores 90/60/30 (Σ 180), D ineligible.
    // t = 100/180: A = 50 → capped at 50; 50 left for B, C in ratio 60:30 → 33.333…, 16.666…
    // cents: B 3333.33 → 3333, C 1666.67 → 1666, 1 cent owed → C (larger remainder) → 16.67
    const r = allocate(
      [
        { id: 'A', eligible: true, score: 90 },
        { id: 'B', eligible: true, score: 60 },
        { id: 'C', eligible: true, score: 30 },
        { id: 'D', eligible: false, score: 95 }
      ],
      100,
      50
    );
    expect(amounts(r)).toEqual({ A: 50, B: 33.33, C: 16.67, D: 0 });
    expect(r.totalCents).toBe(10000);
    expect(r.unallocated).toBe(0);
    expect(r.lines.map((l) => l.note)).toEqual(['capped', 'proportional', 'proportional', 'ineligible']);
    expect(r.lines[3]?.noteLabel).toBe('不符合奖补条件');
    expect(r.lines[0]?.noteLabel).toBe('达到单个对象奖补上限');
  });

  it('water-filling over two rounds', () => {
    // budget 140, cap 50, scores 100/60/40: t = 0.7 → A 70 > 50 → A = 50;
    // 90 left over scores 60/40: t = 0.9 → B 54 > 50 → B = 50; 40 left → C = 40.
    const r = allocate(
      [
        { id: 'A', eligible: true, score: 100 },
        { id: 'B', eligible: true, score: 60 },
        { id: 'C', eligible: true, score: 40 }
      ],
      140,
      50
    );
    expect(amounts(r)).toEqual({ A: 50, B: 50, C: 40 });
    expect(r.lines.map((l) => l.atLimit)).toEqual([true, true, false]);
  });

  it('capacity below the budget: everyone at the cap, the rest unallocated', () => {
    const r = allocate(
      [
        { id: 'A', eligible: true, score: 80 },
        { id: 'B', eligible: true, score: 70 },
        { id: 'C', eligible: false, score: 99 }
      ],
      200,
      50
    );
    expect(amounts(r)).toEqual({ A: 50, B: 50, C: 0 });
    expect(r.total).toBe(100);
    expect(r.unallocated).toBe(100);
    expect(r.capacity).toBe(100);
  });

  it('never above the requested amount', () => {
    // budget 100, cap 50, scores 90/60/30, A asks 20:
    // A → 20 (request); 80 left for 60:30 → B 53.33 > 50 → B = 50; C = 30.
    const cands: AllocationCandidate[] = [
      { id: 'A', eligible: true, score: 90, requested: 20 },
      { id: 'B', eligible: true, score: 60, requested: null },
      { id: 'C', eligible: true, score: 30 }
    ];
    const r = allocate(cands, 100, 50);
    expect(amounts(r)).toEqual({ A: 20, B: 50, C: 30 });
    expect(r.lines.map((l) => l.note)).toEqual(['requested', 'capped', 'proportional']);
    expect(r.lines[0]?.noteLabel).toBe('达到申请金额');
    // with capAtRequested off the request is ignored: same as the first case
    expect(amounts(allocate(cands, 100, 50, { capAtRequested: false }))).toEqual({ A: 50, B: 33.33, C: 16.67 });
  });

  it('equal scores: 100 over three → 33.34 / 33.33 / 33.33 (extra cent by input order)', () => {
    const r = allocate(
      ['x', 'y', 'z'].map((id) => ({ id, eligible: true, score: 1 })),
      100,
      50
    );
    expect(r.lines.map((l) => l.amountCents)).toEqual([3334, 3333, 3333]);
    expect(r.totalCents).toBe(10000);
  });

  it('tiny (subnormal) scores and near-integer budgets stay within budget (found by fast-check)', () => {
    const r = allocate([{ id: 'A', eligible: true, score: 5e-324 }], 0.01, 0.02);
    expect(r.totalCents).toBe(1);
    const r2 = allocate([{ id: 'A', eligible: true, score: 1 }], 99.999999999, 99.999999999);
    expect(r2.lines[0]?.amount).toBe(99.99);
  });

  it('equal remainders: the owed cent goes to the higher score', () => {
    // budget 0.02 万元 = 2 cents, scores 1 : 3 → exact 0.5 and 1.5 cents; floors 0 and 1;
    // 1 cent owed, remainders tie at 0.5 → the higher score (B) takes it → 0 / 2 cents
    const r = allocate(
      [
        { id: 'A', eligible: true, score: 1 },
        { id: 'B', eligible: true, score: 3 }
      ],
      0.02,
      50
    );
    expect(r.lines.map((l) => l.amountCents)).toEqual([0, 2]);
  });

  it('budget and cap are taken down to 0.01 万元', () => {
    const r = allocate([{ id: 'A', eligible: true, score: 1 }], 10.009, 50);
    expect(r.lines[0]?.amount).toBe(10);
    const r2 = allocate([{ id: 'A', eligible: true, score: 1 }], 100, 49.999);
    expect(r2.lines[0]?.amount).toBe(49.99);
  });

  it('score 0, negative or NaN, and a zero request get nothing', () => {
    const r = allocate(
      [
        { id: 'A', eligible: true, score: 0 },
        { id: 'B', eligible: true, score: -5 },
        { id: 'C', eligible: true, score: Number.NaN },
        { id: 'D', eligible: true, score: 10, requested: 0 },
        { id: 'E', eligible: true, score: 10 }
      ],
      30,
      50
    );
    expect(amounts(r)).toEqual({ A: 0, B: 0, C: 0, D: 0, E: 30 });
    expect(r.lines.map((l) => l.note)).toEqual(['no_score', 'no_score', 'no_score', 'zero_limit', 'proportional']);
  });

  it('empty pool and zero budget', () => {
    expect(allocate([], 100, 50).total).toBe(0);
    expect(allocate([{ id: 'A', eligible: true, score: 1 }], 0, 50).lines[0]?.amount).toBe(0);
  });

  it('throws on a negative or non-finite budget, or a negative cap', () => {
    expect(() => allocate([], -1, 50)).toThrow(RangeError);
    expect(() => allocate([], Number.NaN, 50)).toThrow(RangeError);
    expect(() => allocate([], 10, -1)).toThrow(RangeError);
  });
});

describe('allocate — properties', () => {
  const money = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((c) => c / 100);
  const candidate = fc.record({
    eligible: fc.boolean(),
    // includes subnormal scores such as 5e-324, which once overflowed remaining/Σscore
    score: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 100, noNaN: true })),
    requested: fc.option(fc.oneof(money(80), fc.double({ min: 0, max: 80, noNaN: true })), { nil: undefined })
  });
  const input = fc.record({
    candidates: fc.array(candidate, { maxLength: 15 }).map((cs) => cs.map((c, i) => ({ id: `c${i}`, ...c }))),
    budget: fc.oneof(money(1000), fc.double({ min: 0, max: 1000, noNaN: true })),
    cap: fc.oneof(fc.constant(50), money(100), fc.double({ min: 0, max: 100, noNaN: true }))
  });
  // Spec of the budget / cap in whole 0.01 万元: the largest c with c/100 ≤ x.
  const cents = (x: number) => {
    if (x === Infinity) return Infinity;
    let c = Math.floor(x * 100) - 1;
    while ((c + 1) / 100 <= x) c += 1;
    return c;
  };
  const RUNS = 5000;

  it('nobody above the cap or their request; nothing to the ineligible; amounts are whole cents', () => {
    fc.assert(
      fc.property(input, ({ candidates, budget, cap }) => {
        const r = allocate(candidates, budget, cap);
        // plain boolean checks (fast); fast-check reports the counterexample on false
        return r.lines.every((l, i) => {
          const c = candidates[i] as (typeof candidates)[number];
          return (
            l.amountCents >= 0 &&
            Number.isInteger(l.amountCents) &&
            l.amount === l.amountCents / 100 &&
            l.amountCents <= cents(cap) &&
            l.amount <= cap &&
            (c.requested === undefined || l.amountCents <= cents(c.requested)) &&
            (c.eligible || l.amountCents === 0)
          );
        });
      }),
      { numRuns: RUNS }
    );
  });

  it('total never above the budget, and equal to min(budget, eligible capacity)', () => {
    fc.assert(
      fc.property(input, ({ candidates, budget, cap }) => {
        const r = allocate(candidates, budget, cap);
        const sum = r.lines.reduce((a, l) => a + l.amountCents, 0);
        expect(sum).toBe(r.totalCents);
        expect(sum).toBeLessThanOrEqual(cents(budget));
        expect(r.total).toBeLessThanOrEqual(budget);
        const capacity = candidates
          .filter((c) => c.eligible && c.score > 0)
          .reduce((a, c) => a + Math.min(cents(cap), c.requested !== undefined ? cents(c.requested) : Infinity), 0);
        expect(sum).toBe(Math.min(cents(budget), capacity));
      }),
      { numRuns: RUNS }
    );
  });

  it('monotone in score: with equal limits, a higher score never gets less', () => {
    fc.assert(
      fc.property(input, ({ candidates, budget, cap }) => {
        const cs = candidates.map((c) => ({ ...c, requested: undefined }));
        const r = allocate(cs, budget, cap);
        for (let i = 0; i < cs.length; i++) {
          for (let j = 0; j < cs.length; j++) {
            const a = cs[i] as (typeof cs)[number];
            const b = cs[j] as (typeof cs)[number];
            if (a.eligible && b.eligible && a.score > b.score && (r.lines[i]?.amountCents as number) < (r.lines[j]?.amountCents as number)) {
              return false;
            }
          }
        }
        return true;
      }),
      { numRuns: RUNS }
    );
  });

  it('monotone in score: raising one candidate’s score never lowers its amount', () => {
    fc.assert(
      fc.property(input, fc.nat(), fc.integer({ min: 1, max: 50 }), ({ candidates, budget, cap }, pick, raise) => {
        fc.pre(candidates.length > 0);
        const k = pick % candidates.length;
        const before = allocate(candidates, budget, cap);
        const raised = candidates.map((c, i) => (i === k ? { ...c, score: c.score + raise } : c));
        const after = allocate(raised, budget, cap);
        expect(after.lines[k]?.amountCents).toBeGreaterThanOrEqual(before.lines[k]?.amountCents as number);
      }),
      { numRuns: RUNS }
    );
  });

  it('proportional below the caps: amounts within one cent of budget·score/Σscore', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 10 }), fc.integer({ min: 0, max: 100_000 }), (scores, budgetCents) => {
        const budget = budgetCents / 100;
        const total = scores.reduce((a, b) => a + b, 0);
        const r = allocate(
          scores.map((s, i) => ({ id: String(i), eligible: true, score: s })),
          budget,
          Infinity
        );
        r.lines.forEach((l, i) => {
          expect(Math.abs(l.amountCents - (budgetCents * (scores[i] as number)) / total)).toBeLessThan(1);
        });
        expect(r.totalCents).toBe(budgetCents);
      }),
      { numRuns: 2000 }
    );
  });
});
