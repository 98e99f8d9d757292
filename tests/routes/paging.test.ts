import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clampPage, limitOffset, nextSort, pageList, parsePage, parseSort, sortParams, sortValue } from '../../src/lib/components/paging';

const sp = (q: string) => new URLSearchParams(q);

describe('URL paging and sorting', () => {
  it('reads the page number, defaulting to 1 for anything malformed', () => {
    expect(parsePage(sp('page=3'))).toEqual({ page: 3, size: 50 });
    expect(parsePage(sp('recon_page=2'), 'recon_', 25)).toEqual({ page: 2, size: 25 });
    for (const bad of ['', 'page=0', 'page=-1', 'page=abc', 'page=1.5', 'page=99999999999', 'recon_page=4']) expect(parsePage(sp(bad)).page).toBe(1);
  });

  it('clamps to the last page, and to page 1 without rows', () => {
    expect(clampPage(7, 120, 50)).toBe(3);
    expect(clampPage(2, 100, 50)).toBe(2);
    expect(clampPage(3, 100, 50)).toBe(2);
    expect(clampPage(5, 0, 50)).toBe(1);
    expect(limitOffset(3, 50)).toEqual({ limit: 50, offset: 100 });
  });

  it('takes only allowed sort keys; - means descending', () => {
    const allowed = ['amount_wan', 'unit_name'] as const;
    expect(parseSort(sp('sort=-amount_wan'), allowed)).toEqual({ key: 'amount_wan', desc: true });
    expect(parseSort(sp('sort=unit_name'), allowed)).toEqual({ key: 'unit_name', desc: false });
    expect(parseSort(sp('sort=amount_wan;DROP'), allowed)).toBeNull();
    expect(parseSort(sp('sort=--amount_wan'), allowed)).toBeNull();
    expect(parseSort(sp('recon_sort=-unit_name'), allowed, 'recon_')).toEqual({ key: 'unit_name', desc: true });
    expect(sortParams(null)).toEqual({ sort: null, desc: false });
    expect(sortValue({ key: 'amount_wan', desc: true })).toBe('-amount_wan');
  });

  it('a header click flips the same column; a new column starts descending for numbers, ascending for text', () => {
    expect(nextSort(null, 'amount_wan', true)).toEqual({ key: 'amount_wan', desc: true });
    expect(nextSort({ key: 'amount_wan', desc: true }, 'amount_wan', true)).toEqual({ key: 'amount_wan', desc: false });
    expect(nextSort({ key: 'amount_wan', desc: true }, 'unit_name', false)).toEqual({ key: 'unit_name', desc: false });
  });

  it('page list: first, last, the neighbourhood of the current page, gaps as null', () => {
    expect(pageList(1, 1)).toEqual([1]);
    expect(pageList(5, 10)).toEqual([1, null, 3, 4, 5, 6, 7, null, 10]);
    expect(pageList(1, 10)).toEqual([1, 2, 3, null, 10]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 500 }), (a, b) => {
        const pages = Math.max(a, b);
        const page = Math.min(a, b);
        const list = pageList(page, pages);
        const nums = list.filter((x): x is number => x !== null);
        expect(nums).toContain(1);
        expect(nums).toContain(pages);
        expect(nums).toContain(page);
        expect([...nums].sort((x, y) => x - y)).toEqual(nums);
        expect(new Set(nums).size).toBe(nums.length);
        expect(list.length).toBeLessThanOrEqual(9);
      })
    );
  });
});
