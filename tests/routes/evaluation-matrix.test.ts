/**
 * The 考核评价 page ranks from a compact matrix (columns) in the browser; the export and the saved schemes
 * rank from unit objects on the server (rankScope → $lib/analytics rankUnits). Both must give the same ranking.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify, uneval } from 'devalue';
import { rankSensitivity, type NormalizationMethod } from '../../src/lib/analytics';
import {
  NORMALIZATIONS,
  decodeMatrix,
  encodeMatrix,
  evalView,
  inScope,
  normalizeScope,
  packUnits,
  rankNormalized,
  rankScope,
  resolveWeights,
  resolveWeightsFor,
  scopeMatrix,
  scopeOf,
  scopeUnitRows,
  specs,
  unitRows,
  type EvalState,
  type EvalUnit,
  type Indicator
} from '../../src/routes/evaluation/model';

const INDS: Indicator[] = [
  { id: 'amount', title: '转化金额', metric: 'conversion_wan', direction: 'benefit', weight: 0.4, source: '' },
  { id: 'count', title: '合同数', metric: 'contract_count', direction: 'benefit', weight: 0.3, source: '' },
  { id: 'late', title: '逾期天数', metric: 'days_late', direction: 'cost', weight: 0.2, source: '' },
  { id: 'same', title: '常数列', metric: 'constant', direction: 'benefit', weight: 0.1, source: '' }
];
const TYPES = ['高等院校', '科研院所', '医疗卫生机构'];
const DEPTS = ['省教育厅', '省科技厅', '省卫生健康委'];

const cell = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 5 }), fc.double({ min: 0, max: 1e4, noNaN: true }));
const unitArb = fc.record({
  type: fc.constantFrom(...TYPES),
  dept: fc.constantFrom(...DEPTS),
  hasReport: fc.boolean(),
  a: cell,
  b: cell,
  c: cell
});
const toUnits = (xs: { type: string; dept: string; hasReport: boolean; a: number | null; b: number | null; c: number | null }[]): EvalUnit[] =>
  xs.map((x, i) => ({
    id: `U${String(i).padStart(4, '0')}`,
    name: `单位${i}`,
    type: x.type,
    dept: x.dept,
    hasReport: x.hasReport,
    metrics: { conversion_wan: x.a, contract_count: x.b, days_late: x.c, constant: 7 }
  }));

const state = (over: Partial<EvalState> = {}): EvalState => ({ norm: 'min_max', wm: 'manual', manual: [40, 30, 20, 10], ahp: [], type: null, dept: null, ...over });

describe('compact matrix ranking = rankUnits on unit objects', () => {
  it('same order, ranks, scores, contributions and missing flags for every method, scope and weights', () => {
    fc.assert(
      fc.property(
        fc.array(unitArb, { minLength: 0, maxLength: 60 }),
        fc.constantFrom(...NORMALIZATIONS),
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 4, maxLength: 4 }).filter((w) => w.some((x) => x > 0)),
        fc.option(fc.constantFrom(...TYPES), { nil: null }),
        fc.option(fc.constantFrom(...DEPTS), { nil: null }),
        (xs, norm: NormalizationMethod, weights, type, dept) => {
          const units = toUnits(xs);
          const m = packUnits(units, INDS);
          const scope = scopeOf(m, { type, dept });
          const objects = inScope(units, { type, dept });
          expect(scope.map((i) => m.ids[i])).toEqual(objects.map((u) => u.id));
          const expected = rankScope(objects, INDS, weights, norm);
          if (objects.length === 0) return;
          const ns = normalizeScope(m, scope, INDS, norm);
          const got = rankNormalized(ns, INDS, weights);
          const base = rankNormalized(ns, INDS, INDS.map((i) => i.weight));
          expect(got.order.map((k) => m.ids[scope[k]!])).toEqual(expected.map((r) => r.id));
          got.order.forEach((k, pos) => {
            const e = expected[pos]!;
            expect(got.rank[k]).toBe(e.rank);
            expect(got.score[k]).toBe(e.score);
            expect(base.rank[k]).toBe(e.defaultRank);
            INDS.forEach((ind, j) => {
              expect(got.weights[j]! * ns.rows[k]![j]!).toBe(e.contributions[ind.id]);
              expect(ns.missing[j]![k]).toBe(e.missing.includes(ind.id));
            });
          });
        }
      ),
      { numRuns: 300 }
    );
  });

  it('entropy weights and sensitivity from the matrix equal those from the unit objects', () => {
    fc.assert(
      fc.property(fc.array(unitArb, { minLength: 2, maxLength: 40 }), (xs) => {
        const units = toUnits(xs);
        const m = packUnits(units, INDS);
        const scope = scopeOf(m, { type: null, dept: null });
        const st = state({ wm: 'entropy' });
        const a = resolveWeights(st, units, INDS);
        const b = resolveWeightsFor(st, scope.length, () => scopeMatrix(m, scope), INDS);
        expect(b).toEqual(a);
        const w = a.weights ?? [0.25, 0.25, 0.25, 0.25];
        expect(rankSensitivity(scopeUnitRows(m, scope, INDS), specs(INDS), w, 'min_max')).toEqual(rankSensitivity(unitRows(units, INDS), specs(INDS), w, 'min_max'));
      }),
      { numRuns: 100 }
    );
  });

  it('an unknown type or department in the URL gives an empty scope, not everything', () => {
    const m = packUnits(toUnits([{ type: TYPES[0]!, dept: DEPTS[0]!, hasReport: true, a: 1, b: 2, c: 3 }]), INDS);
    expect(scopeOf(m, { type: '不存在', dept: null })).toEqual([]);
    expect(scopeOf(m, { type: null, dept: '不存在' })).toEqual([]);
    expect(scopeOf(m, { type: null, dept: null })).toEqual([0]);
  });

  it('the string wire format gives back exactly the same matrix (every double, nulls, names with odd characters)', () => {
    fc.assert(
      fc.property(fc.array(unitArb, { maxLength: 40 }), fc.array(fc.string({ maxLength: 8 }), { minLength: 40, maxLength: 40 }), (xs, names) => {
        const units = toUnits(xs).map((u, i) => ({ ...u, name: `${names[i]!.replaceAll('\u001f', '')}，单位` }));
        const m = packUnits(units, INDS);
        const back = decodeMatrix(structuredClone(encodeMatrix(m)));
        expect(back).toEqual(m);
        back.values.forEach((col, j) => col.forEach((v, i) => expect(Object.is(v, m.values[j]![i])).toBe(true)));
      }),
      { numRuns: 200 }
    );
    expect(decodeMatrix(encodeMatrix(packUnits([], INDS)))).toEqual(packUnits([], INDS));
  });

  it('the page carries much less than one object per unit (5,000 units)', () => {
    const xs = Array.from({ length: 5000 }, (_, i) => ({ type: TYPES[i % 3]!, dept: DEPTS[i % 3]!, hasReport: i % 7 !== 0, a: (i * 37.13) % 5000, b: i % 11, c: i % 5 === 0 ? null : i % 60 }));
    const units = toUnits(xs);
    const wire = uneval(encodeMatrix(packUnits(units, INDS))).length;
    const objects = uneval(units).length;
    expect(wire).toBeLessThan(objects * 0.4);
    expect(stringify(encodeMatrix(packUnits(units, INDS))).length).toBeLessThan(stringify(units).length * 0.4);
  });

  it("the server's first paint (evalView) is the page the browser ranks live: rows, ranks, counts, weights", () => {
    fc.assert(
      fc.property(
        fc.array(unitArb, { minLength: 0, maxLength: 60 }),
        fc.constantFrom(...NORMALIZATIONS),
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 4, maxLength: 4 }),
        fc.option(fc.constantFrom(...TYPES), { nil: null }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 7 }),
        (xs, norm: NormalizationMethod, manual, type, askedPage, size) => {
          const units = toUnits(xs);
          const st = state({ norm, manual, type });
          const v = evalView(packUnits(units, INDS), st, INDS, askedPage, size);
          const objects = inScope(units, st);
          expect(v.count).toBe(objects.length);
          expect(v.reported).toBe(objects.filter((u) => u.hasReport).length);
          const outcome = resolveWeights(st, objects, INDS);
          expect(v.outcome).toEqual(outcome);
          const pages = Math.max(1, Math.ceil(objects.length / size));
          expect(v.pageNo).toBe(Math.min(askedPage, pages));
          if (!outcome.weights || objects.length === 0) {
            expect(v.rows).toEqual([]);
            return;
          }
          const expected = rankScope(objects, INDS, outcome.weights, norm).slice((v.pageNo - 1) * size, v.pageNo * size);
          expect(v.rows.map((r) => [r.id, r.rank, r.defaultRank, r.score, r.hasReport, r.type])).toEqual(
            expected.map((e) => [e.id, e.rank, e.defaultRank, e.score, e.unit.hasReport, e.unit.type])
          );
          v.rows.forEach((r, k) => INDS.forEach((ind, j) => expect(r.raw[j]).toBe(expected[k]!.unit.metrics[ind.metric] ?? null)));
        }
      ),
      { numRuns: 300 }
    );
  });
});
