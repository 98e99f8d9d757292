/**
 * 奖励性后补助分配（辽宁（十）：年度评估优秀的大学科技园、省级以上孵化器，每家不超过 50 万元）。
 *
 * `allocate(candidates, budget, cap)` splits a total budget (万元) among the eligible
 * candidates in proportion to their score, by **water-filling**:
 *   1. Each eligible candidate with a positive, finite score has a limit
 *      L_i = min(cap, requested_i) — the requested amount counts when given and
 *      `capAtRequested` is on (default); a negative request counts as 0.
 *   2. Start with everyone "uncapped"; give each uncapped candidate t·score_i with t chosen
 *      so the remaining budget is used up. Anyone whose share would exceed L_i gets exactly
 *      L_i and leaves the pool; the budget left is shared again among the rest (so the excess
 *      of capped candidates is redistributed). Repeat until nobody exceeds their limit.
 *   3. If the budget exceeds the total of limits (capacity), everyone gets their limit and
 *      the rest of the budget stays unallocated.
 *   4. Amounts are rounded to 0.01 万元 by the largest-remainder method: everything is done in
 *      integer units of 0.01 万元; every amount is first rounded down, then the units still
 *      owed go one by one to the largest fractional remainders (ties: higher score, then input
 *      order), never above a candidate's limit. The rounded total is exactly
 *      min(⌊budget⌋, Σ⌊L_i⌋) in 0.01 万元, so it never exceeds the budget and never exceeds
 *      anyone's cap. Budget and limits themselves are rounded down to 0.01 万元 first.
 * Ineligible candidates and candidates with a score ≤ 0 (or not finite) get nothing.
 *
 * Properties (tested with fast-check): nobody above the cap (or their request); total never
 * above budget; nothing to the ineligible; full budget used whenever the eligible capacity
 * allows; for equal limits, a higher score never gets less.
 */

export interface AllocationCandidate {
  id: string;
  eligible: boolean;
  score: number;
  /** Requested amount in 万元 (申请奖励); optional. */
  requested?: number | null;
}

export interface AllocateOptions {
  /** Never give more than the requested amount, when one is given. Default true. */
  capAtRequested?: boolean;
}

export type AllocationNote = 'ineligible' | 'no_score' | 'capped' | 'requested' | 'proportional' | 'zero_limit';

export const ALLOCATION_NOTE_LABELS: Readonly<Record<AllocationNote, string>> = {
  ineligible: '不符合奖补条件',
  no_score: '得分无效或为 0，未分配',
  capped: '达到单个对象奖补上限',
  requested: '达到申请金额',
  proportional: '按得分比例分配',
  zero_limit: '申请金额为 0，未分配'
};

export interface AllocationLine {
  id: string;
  eligible: boolean;
  score: number;
  /** Amount in 万元, a multiple of 0.01. */
  amount: number;
  /** Amount in units of 0.01 万元 (integer): use this for exact sums. */
  amountCents: number;
  /** The candidate's limit in 万元 (min of cap and request), 0 when not in the pool. */
  limit: number;
  /** true when the amount equals the limit (cap or request binding). */
  atLimit: boolean;
  note: AllocationNote;
  noteLabel: string;
}

export interface AllocationResult {
  /** Same order as the candidates. */
  lines: AllocationLine[];
  budget: number;
  cap: number;
  /** Total allocated, 万元. */
  total: number;
  totalCents: number;
  /** Budget not allocated because the eligible capacity is smaller than the budget, 万元. */
  unallocated: number;
  /** Σ limits of the candidates in the pool, 万元. */
  capacity: number;
}

const EPS = 1e-7;

/**
 * The largest whole number of 0.01 万元 not above x: floor(x·100), tolerant of binary noise
 * (0.29·100 = 28.999… still gives 29) but never above x (99.999999999 gives 9999, not 10000).
 */
export function toCents(x: number): number {
  if (x === Infinity) return Infinity;
  let c = Math.floor(x * 100 + EPS);
  while (c / 100 > x) c -= 1;
  return c;
}

/**
 * Allocate `budget` (万元) among `candidates`, at most `cap` (万元) each; see module comment.
 * Throws RangeError if budget or cap is negative or NaN (configuration error).
 */
export function allocate(
  candidates: readonly AllocationCandidate[],
  budget: number,
  cap: number,
  options: AllocateOptions = {}
): AllocationResult {
  if (!Number.isFinite(budget) || budget < 0) throw new RangeError(`总预算 ${budget} 须为非负有限数（万元）`);
  if (Number.isNaN(cap) || cap < 0) throw new RangeError(`单个上限 ${cap} 须为非负数（万元）`);
  const capAtRequested = options.capAtRequested ?? true;
  const budgetCents = toCents(budget);
  const capCents = toCents(cap);

  // Limits in cents; -1 marks "not in the pool".
  const notes: AllocationNote[] = [];
  const limits = candidates.map((c, i) => {
    if (!c.eligible) {
      notes[i] = 'ineligible';
      return -1;
    }
    if (!Number.isFinite(c.score) || c.score <= 0) {
      notes[i] = 'no_score';
      return -1;
    }
    let lim = capCents;
    if (capAtRequested && typeof c.requested === 'number' && !Number.isNaN(c.requested)) {
      lim = Math.min(lim, toCents(Math.max(0, c.requested)));
    }
    if (lim <= 0) {
      notes[i] = lim === 0 && capCents > 0 ? 'zero_limit' : 'capped';
      return -1;
    }
    notes[i] = 'proportional';
    return lim;
  });

  const pool: number[] = [];
  limits.forEach((l, i) => {
    if (l > 0) pool.push(i);
  });
  let capacity = 0;
  for (const i of pool) capacity += limits[i] as number;
  const target = Math.min(budgetCents, capacity); // finite: budgetCents is finite

  // Water-filling in real-valued cents.
  const exact = new Array<number>(candidates.length).fill(0);
  let active = [...pool];
  let remaining = target;
  for (;;) {
    let sumScore = 0;
    for (const i of active) sumScore += (candidates[i] as AllocationCandidate).score;
    if (active.length === 0 || !(sumScore > 0)) break;
    // share_i = remaining · s_i / Σs, written so that tiny scores cannot overflow.
    const share = (i: number) => remaining * ((candidates[i] as AllocationCandidate).score / sumScore);
    const over = active.filter((i) => share(i) >= (limits[i] as number));
    if (over.length === 0) {
      for (const i of active) exact[i] = share(i);
      break;
    }
    for (const i of over) {
      exact[i] = limits[i] as number;
      remaining -= limits[i] as number;
    }
    const overSet = new Set(over);
    active = active.filter((i) => !overSet.has(i));
    if (remaining <= 0) break;
  }

  // Largest remainder rounding to whole cents.
  const cents = exact.map((x, i) => (limits[i] as number) > 0 ? Math.min(limits[i] as number, Math.floor(x + EPS)) : 0);
  let assigned = 0;
  for (const c of cents) assigned += c;
  let owed = target - assigned;
  // Defensive: floating noise can never make the floors exceed the target, but if it did,
  // take cents back from the smallest remainders first.
  while (owed < 0) {
    let pick = -1;
    let smallest = Infinity;
    for (const i of pool) {
      const rem = (exact[i] as number) - (cents[i] as number);
      if ((cents[i] as number) > 0 && rem < smallest) {
        smallest = rem;
        pick = i;
      }
    }
    if (pick < 0) break;
    cents[pick] = (cents[pick] as number) - 1;
    owed += 1;
  }
  const order = [...pool].sort((a, b) => {
    const ra = (exact[a] as number) - (cents[a] as number);
    const rb = (exact[b] as number) - (cents[b] as number);
    return (
      rb - ra ||
      (candidates[b] as AllocationCandidate).score - (candidates[a] as AllocationCandidate).score ||
      a - b
    );
  });
  while (owed > 0) {
    let progressed = false;
    for (const i of order) {
      if (owed <= 0) break;
      if ((cents[i] as number) < (limits[i] as number)) {
        cents[i] = (cents[i] as number) + 1;
        owed -= 1;
        progressed = true;
      }
    }
    if (!progressed) break; // cannot happen: target ≤ capacity
  }

  let totalCents = 0;
  const lines: AllocationLine[] = candidates.map((c, i) => {
    const lim = limits[i] as number;
    const amountCents = cents[i] as number;
    totalCents += amountCents;
    const atLimit = lim > 0 && amountCents === lim;
    let note = notes[i] as AllocationNote;
    if (atLimit) {
      const reqCents =
        capAtRequested && typeof c.requested === 'number' && !Number.isNaN(c.requested) ? toCents(Math.max(0, c.requested)) : Infinity;
      note = reqCents < capCents ? 'requested' : 'capped';
    }
    return {
      id: c.id,
      eligible: c.eligible,
      score: c.score,
      amount: amountCents / 100,
      amountCents,
      limit: lim > 0 ? lim / 100 : 0,
      atLimit,
      note,
      noteLabel: ALLOCATION_NOTE_LABELS[note]
    };
  });
  return {
    lines,
    budget,
    cap,
    total: totalCents / 100,
    totalCents,
    unallocated: (budgetCents - totalCents) / 100,
    capacity: capacity === Infinity ? Infinity : capacity / 100
  };
}
