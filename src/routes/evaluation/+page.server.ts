/**
 * 考核评价（辽宁（十三））：评价指标取自政策配置 evaluation.indicators，数值取自 mart_eval_indicators（所选年度）。
 * 指标以紧凑的列（EvalMatrix：每个指标一列数值，单位类型与部门为编号；传输时每列编码为一个字符串，见 encodeMatrix）一次送到浏览器，标准化、赋权与排名在浏览器里
 * 用 $lib/analytics 实时计算（见 ./model.ts）；页面只渲染排名的当前一页（?page=），敏感性分析只在浏览器里算。
 * 动作 save：保存权重方案（新版本，仅协调办与系统管理员），权重在服务器上按同一方法重算后保存。
 */
import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { query } from '$lib/server/queries';
import { parseYear } from '$lib/server/queries/params';
import { guard } from '$lib/server/queries/guard';
import { perFileCache } from '$lib/server/db/warehouse';
import { requireRole } from '$lib/server/auth/guard';
import { listSchemes, saveScheme, SchemeError, type WeightScheme } from '$lib/server/weights';
import { evaluationSetup, loadMatrix, loadUnits } from './setup.server';
import { encodeMatrix, inScope, packUnits, resolveWeights, stateFromParams, type Weighting } from './model';
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
    // The year's matrix is the same for every request while the file is served: kept, already encoded.
    const wire = (y: number) => perFileCache(`evaluation:${setup.profileId}:${y}`, async () => encodeMatrix(await loadMatrix(y, setup.indicators)));
    const [matrix, { schemes, schemesError }] = await Promise.all([
      year === null ? encodeMatrix(packUnits([], setup.indicators)) : wire(year),
      schemesOf(setup.profileId)
    ]);
    return {
      ...setup,
      years,
      year,
      askedYear: asked,
      matrix,
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
    const meta = await query('layout_meta');
    const profileId = String(meta.find((r) => r.key === 'profile_id')?.value ?? 'liaoning');
    const setup = evaluationSetup(profileId);
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
