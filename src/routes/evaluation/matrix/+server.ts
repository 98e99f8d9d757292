/**
 * GET /evaluation/matrix?year=Y[&v=…]  every unit's indicators of the year (EvalMatrixWire, JSON) for the 考核评价
 * page's live ranking in the browser. Same roles as the page (route table: /evaluation/**).
 *
 * The body is made once per warehouse file (servedMatrix) and sent gzipped when the browser accepts it. ETag = a hash
 * of the body: a request with If-None-Match gets 304. The page asks with v = that ETag, so the URL changes with the
 * data. The browser keeps the answer but asks again each time (no-cache: a 304 while signed in; after logout the
 * request goes to the login page, so the data are not served from the cache to whoever uses the machine next).
 */
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { query } from '$lib/server/queries';
import { parseYear } from '$lib/server/queries/params';
import { guard } from '$lib/server/queries/guard';
import { evaluationSetup, servedMatrix, warehouseProfileId, type ServedMatrix } from '../setup.server';

export const GET: RequestHandler = async ({ url, request }) => {
  const year = parseYear(url.searchParams.get('year'));
  if (year === null) error(400, '缺少或无效的年度（year）。');
  const found = await guard(async (): Promise<{ fail: [number, string] } | { m: ServedMatrix }> => {
    const setup = evaluationSetup(await warehouseProfileId());
    if (setup.profileError) return { fail: [500, setup.profileError] };
    const years = (await query('evaluation_years')).map((r) => Number(r.year));
    if (!years.includes(year)) return { fail: [404, `${year} 年度没有年度报告数据。`] };
    return { m: await servedMatrix(setup, year) };
  });
  if ('fail' in found) error(found.fail[0], found.fail[1]);
  const m = found.m;
  const headers: Record<string, string> = { etag: m.etag, vary: 'accept-encoding', 'cache-control': 'private, no-cache' };
  const ifNoneMatch = (request.headers.get('if-none-match') ?? '').split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (ifNoneMatch.includes(m.etag) || ifNoneMatch.includes('*')) return new Response(null, { status: 304, headers });
  const gzip = acceptsGzip(request.headers.get('accept-encoding'));
  return new Response(gzip ? m.gzip : m.json, {
    headers: { ...headers, 'content-type': 'application/json; charset=utf-8', ...(gzip ? { 'content-encoding': 'gzip' } : {}) }
  });
};

/** Accept-Encoding names gzip with a q above 0 (`gzip;q=0` refuses it). */
function acceptsGzip(header: string | null): boolean {
  return (header ?? '').split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';').map((x) => x.trim());
    if (name !== 'gzip') return false;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}
