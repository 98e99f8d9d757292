/**
 * GET /evaluation/matrix?year=Y[&v=…]  every unit's indicators of the year (EvalMatrixWire, JSON) for the 考核评价
 * page's live ranking in the browser. Same roles as the page (route table: /evaluation/**).
 *
 * The body is made once per warehouse file (servedMatrix) and sent gzipped when the browser accepts it. ETag = a hash
 * of the body: a request with If-None-Match gets 304. The page asks with v = that ETag, so the URL changes with the
 * data: when v matches, the browser may keep the answer (immutable); otherwise it must revalidate.
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
  const current = url.searchParams.get('v') === m.etag.replaceAll('"', '');
  const headers: Record<string, string> = {
    etag: m.etag,
    vary: 'accept-encoding',
    'cache-control': current ? 'private, max-age=31536000, immutable' : 'private, no-cache'
  };
  if ((request.headers.get('if-none-match') ?? '').split(',').some((t) => t.trim().replace(/^W\//, '') === m.etag)) {
    return new Response(null, { status: 304, headers });
  }
  const gzip = /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '');
  return new Response(gzip ? m.gzip : m.json, {
    headers: { ...headers, 'content-type': 'application/json; charset=utf-8', ...(gzip ? { 'content-encoding': 'gzip' } : {}) }
  });
};
