/**
 * Server-side paging and sorting of long tables, kept in the URL like the filters (pure: server and browser).
 *
 *   ?page=3            1-based page number (a prefix such as `recon_` keeps several tables apart on one page)
 *   ?sort=-amount_wan  column key, `-` in front for descending; only keys the page allows are taken
 *
 * Unknown or malformed values fall back to the defaults (page 1, the table's own order), never to an error.
 */

/** Rows per page of the long tables. */
export const PAGE_SIZE = 50;

export interface PageRequest {
  /** 1-based page number as asked (not yet clamped to the number of pages). */
  page: number;
  size: number;
}

export interface Sort<K extends string = string> {
  key: K;
  desc: boolean;
}

/** Page number from `?<prefix>page=`; 1 when absent or malformed; at most 1,000,000. */
export function parsePage(sp: URLSearchParams, prefix = '', size = PAGE_SIZE): PageRequest {
  const v = sp.get(`${prefix}page`);
  const n = v && /^\d{1,7}$/.test(v) ? Number(v) : 1;
  return { page: Math.min(Math.max(n, 1), 1_000_000), size };
}

/** The page actually shown: within 1 … number of pages (page 1 when there are no rows). */
export function clampPage(page: number, total: number, size: number): number {
  const pages = Math.max(1, Math.ceil(total / size));
  return Math.min(Math.max(1, Math.floor(page)), pages);
}

/** LIMIT / OFFSET parameters of a page (bound as $limit / $offset in queries/*.sql). */
export function limitOffset(page: number, size: number): { limit: number; offset: number } {
  return { limit: size, offset: (Math.max(1, page) - 1) * size };
}

/** Sort from `?<prefix>sort=` when its key is allowed; otherwise null (the table's default order). */
export function parseSort<K extends string>(sp: URLSearchParams, allowed: readonly K[], prefix = ''): Sort<K> | null {
  const v = sp.get(`${prefix}sort`);
  if (!v) return null;
  const desc = v.startsWith('-');
  const key = desc ? v.slice(1) : v;
  return (allowed as readonly string[]).includes(key) ? { key: key as K, desc } : null;
}

/** URL value of a sort (`-key` for descending). */
export function sortValue(s: Sort | null): string | null {
  return s ? `${s.desc ? '-' : ''}${s.key}` : null;
}

/**
 * The sort after clicking a column header: the same column flips direction; a new column starts
 * descending for numbers (largest first) and ascending for text.
 */
export function nextSort(current: Sort | null, key: string, numeric: boolean): Sort {
  if (current && current.key === key) return { key, desc: !current.desc };
  return { key, desc: numeric };
}

/** Query parameters for a sortable query: $sort (column key or NULL = default order) and $desc. */
export function sortParams(s: Sort | null): { sort: string | null; desc: boolean } {
  return { sort: s?.key ?? null, desc: s?.desc ?? false };
}

/** Page numbers to show in a pager: first, last, and a window around the current one; null = gap (…). */
export function pageList(page: number, pages: number, around = 2): (number | null)[] {
  const out: (number | null)[] = [];
  for (let p = 1; p <= pages; p++) {
    if (p === 1 || p === pages || Math.abs(p - page) <= around) out.push(p);
    else if (out[out.length - 1] !== null) out.push(null);
  }
  return out;
}
