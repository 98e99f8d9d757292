/**
 * 考核评价（辽宁（十三））：评价指标取自政策配置 evaluation.indicators，数值取自 mart_eval_indicators（所选年度）。
 * 页面的 HTML 只带当前状态下排名的当前一页（EvalView，服务器按 URL 里的状态算好，按数仓文件缓存）；
 * 全部单位的指标（EvalMatrix，紧凑的列）由浏览器另取 GET /evaluation/matrix（浏览器保留，按内容的 ETag 重新验证，见 ./matrix），
 * 到达后标准化、赋权与排名在浏览器里用 $lib/analytics 实时计算（见 ./model.ts），敏感性分析只在浏览器里算。
 * 这样页面的大小与服务器的开销不随单位数增长，再次打开时矩阵只需一次 304。
 * 动作 save：保存权重方案（新版本，仅协调办与系统管理员），权重在服务器上按同一方法重算后保存。
 */
import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { query } from '$lib/server/queries';
import { parseYear } from '$lib/server/queries/params';
import { guard } from '$lib/server/queries/guard';
import { requireRole } from '$lib/server/auth/guard';
import { listSchemes, saveScheme, SchemeError, type WeightScheme } from '$lib/server/weights';
import { evaluationSetup, loadUnits, matrixUrl, servedMatrix, servedView, warehouseProfileId } from './setup.server';
import { RANK_PAGE_SIZE, evalView, inScope, packUnits, pageFromParam, resolveWeights, stateFromParams, type Weighting } from './model';
import type { NormalizationMethod } from '$lib/analytics';

const SAVERS = ['office', 'admin'] as const;

async function schemesOf(profileId: string): Promise<{ schemes: WeightScheme[]; schemesError: string | null }> {
  try {
    return { schemes: await listSchemes(profileId), schemesError: null };
  } catch (e) {
    console.error(e);
    return { schemes: [], schemesError: `读取已保存的权重方案失败：${(e as Error).message.slice(0, 200)}` };
  }
}

export const load: PageServerLoad = async ({ url, parent, locals }) => {
  const { profileId } = await parent();
  const setup = evaluationSetup(profileId);
  const asked = parseYear(url.searchParams.get('year'));
  return guard(async () => {
    const years = (await query('evaluation_years')).map((r) => Number(r.year));
    const year = asked !== null && years.includes(asked) ? asked : (years[0] ?? null);
    const state = stateFromParams(url.searchParams, setup.indicators, setup.defaults);
    const askedPage = pageFromParam(url.searchParams.get('page'));
    const first = async () => {
      // no year with data, or no indicator system (profileError): an empty ranking, nothing to fetch
      if (year === null || setup.profileError) return { view: evalView(packUnits([], setup.indicators), state, setup.indicators, 1, RANK_PAGE_SIZE), matrixUrl: null };
      const m = await servedMatrix(setup, year);
      return { view: await servedView(setup, year, m, state, askedPage, RANK_PAGE_SIZE), matrixUrl: matrixUrl(year, m) };
    };
    const [firstPaint, { schemes, schemesError }] = await Promise.all([first(), schemesOf(setup.profileId)]);
    return {
      ...setup,
      years,
      year,
      askedYear: asked,
      view: firstPaint.view,
      matrixUrl: firstPaint.matrixUrl,
      schemes,
      schemesError,
      canSave: !!locals.user && (SAVERS as readonly string[]).includes(locals.user.role)
    };
  });
};

export const actions: Actions = {
  save: async ({ request, locals, getClientAddress, url }) => {
    const user = requireRole(locals, SAVERS);
    const f = await request.formData();
    const setup = evaluationSetup((await warehouseProfileId()) ?? 'liaoning');
    const sp = new URLSearchParams();
    for (const k of ['norm', 'wm', 'w', 'ahp', 'type', 'dept']) {
      const v = f.get(k);
      if (typeof v === 'string' && v !== '') sp.set(k, v);
    }
    const state = stateFromParams(sp, setup.indicators, setup.defaults);
    const wm = String(f.get('wm') ?? '');
    if (wm !== state.wm) return fail(400, { error: '赋权方法无效。' });
    const year = parseYear(String(f.get('year') ?? '')) ?? parseYear(url.searchParams.get('year'));
    const units = year === null ? [] : inScope(await loadUnits(year), state);
    const outcome = resolveWeights(state, units, setup.indicators);
    if (!outcome.weights) return fail(400, { error: `未保存：${outcome.error ?? '权重无效'}` });
    try {
      const saved = await saveScheme(
        {
          profileId: setup.profileId,
          name: String(f.get('name') ?? ''),
          weighting: state.wm as Weighting,
          normalization: state.norm as NormalizationMethod,
          weights: Object.fromEntries(setup.indicators.map((ind, j) => [ind.id, outcome.weights![j]!])),
          ahp: state.wm === 'ahp' ? state.ahp : null,
          consistencyRatio: outcome.ahp?.ok ? outcome.ahp.cr : null,
          dataYear: year,
          scope: { type: state.type, dept: state.dept },
          note: String(f.get('note') ?? '') || null
        },
        { name: user.username, ip: getClientAddress() }
      );
      const { schemes } = await schemesOf(setup.profileId);
      return { ok: true, message: `已保存“${saved.name}”第 ${saved.version} 版。`, saved, schemes };
    } catch (e) {
      if (e instanceof SchemeError) return fail(400, { error: e.message });
      console.error(e);
      return fail(500, { error: `保存失败：${(e as Error).message.slice(0, 200)}` });
    }
  }
};
