/** Build a link that keeps the current filters (searchParams) and changes some of them. */
export function withParams(url: URL, changes: Record<string, string | number | null | undefined>, path?: string): string {
  const sp = new URLSearchParams(url.searchParams);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === '') sp.delete(k);
    else sp.set(k, String(v));
  }
  const q = sp.toString();
  return `${path ?? url.pathname}${q ? `?${q}` : ''}`;
}

/** Only the global filters (year, profile) survive a move to another page. */
export function navHref(url: URL, path: string): string {
  const sp = new URLSearchParams();
  for (const k of ['year', 'profile']) {
    const v = url.searchParams.get(k);
    if (v) sp.set(k, v);
  }
  const q = sp.toString();
  return `${path}${q ? `?${q}` : ''}`;
}
