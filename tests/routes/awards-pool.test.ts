/** 奖补资格: the page allocates over the compact pool of all candidates; the export over the candidate objects. Same amounts. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AwardRules } from '../../src/lib/analytics';
import { NO_CATEGORY, allocateBudget, allocatePool, categoryOf, filterPool, judge, packPool, type CandidateRow } from '../../src/routes/awards/model';

const RULES: AwardRules = {
  eligible_grades: ['优秀'],
  categories: [{ category: '大学科技园' }, { category: '孵化器', min_level: '省级' }],
  clause: '辽宁（十）'
};

const rowArb = fc.record({
  category: fc.option(fc.constantFrom('大学科技园', '孵化器'), { nil: null }),
  level: fc.option(fc.constantFrom('国家级', '省级', '市级'), { nil: null }),
  grade: fc.option(fc.constantFrom('优秀', '良好', '合格'), { nil: null }),
  score: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null }),
  requested: fc.option(fc.double({ min: 0, max: 80, noNaN: true }), { nil: null })
});
const toRows = (xs: { category: string | null; level: string | null; grade: string | null; score: number | null; requested: number | null }[]): CandidateRow[] =>
  xs.map((x, i) => ({ year: 2025, name: `园区${i}`, host: null, incubating: null, graduated: null, file: 'f.csv', row: i + 2, ...x }));

describe('awards pool', () => {
  it('allocation over the pool gives every candidate the same amount as allocateBudget', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 80 }), fc.option(fc.double({ min: 0, max: 3000, noNaN: true }), { nil: null }), fc.boolean(), (xs, budget, capReq) => {
        const cands = judge(toRows(xs), RULES);
        const a = allocateBudget(cands, budget, 50, capReq);
        const b = allocatePool(packPool(cands), budget, 50, capReq);
        expect(b.result.totalCents).toBe(a.result.totalCents);
        cands.forEach((c, i) => {
          expect(b.result.lines[i]!.amountCents).toBe(a.byKey.get(c.key)!.amountCents);
          expect(b.result.lines[i]!.noteLabel).toBe(a.byKey.get(c.key)!.noteLabel);
        });
      }),
      { numRuns: 200 }
    );
  });

  it('filter by category and eligibility matches filtering the objects', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 60 }), fc.option(fc.constantFrom('大学科技园', '孵化器', NO_CATEGORY, '别的'), { nil: null }), fc.boolean(), (xs, cat, only) => {
        const cands = judge(toRows(xs), RULES);
        const expected = cands.flatMap((c, i) => ((cat === null || categoryOf(c) === cat) && (!only || c.eligible) ? [i] : []));
        expect(filterPool(packPool(cands), { cat, only })).toEqual(expected);
      })
    );
  });
});
