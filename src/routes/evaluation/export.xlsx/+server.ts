/**
 * .xlsx export of the 考核评价 ranking, with the same URL state as the page (year, norm, wm, w, ahp, type, dept).
 * The ranking is recomputed here with the same code as in the browser (../model.ts → $lib/analytics).
 * Text cells are guarded against formula injection (safeText: = + - @ get a leading ').
 */
import { error } from '@sveltejs/kit';
import ExcelJS from 'exceljs';
import type { RequestHandler } from './$types';
import { query } from '$lib/server/queries';
import { parseYear } from '$lib/server/queries/params';
import { guard } from '$lib/server/queries/guard';
import { safeText } from '$lib/server/queries/safecell';
import { NORMALIZATION_LABELS, formatCr } from '$lib/analytics';
import { evaluationSetup, loadUnits } from '../setup.server';
import { WEIGHTING_LABELS, inScope, rankScope, resolveWeights, stateFromParams } from '../model';

export const GET: RequestHandler = async ({ url }) => {
  const out = await guard(async (): Promise<{ fail: [number, string] } | { buf: ExcelJS.Buffer }> => {
    const meta = await query('layout_meta');
    const m = (k: string) => meta.find((r) => r.key === k)?.value ?? null;
    const setup = evaluationSetup(m('profile_id') === null ? null : String(m('profile_id')));
    if (setup.profileError) return { fail: [500, setup.profileError] };
    const years = (await query('evaluation_years')).map((r) => Number(r.year));
    const asked = parseYear(url.searchParams.get('year'));
    const year = asked !== null && years.includes(asked) ? asked : (years[0] ?? null);
    if (year === null) return { fail: [404, '没有评价年度的数据'] };
    const state = stateFromParams(url.searchParams, setup.indicators, setup.defaults);
    const units = inScope(await loadUnits(year), state);
    const outcome = resolveWeights(state, units, setup.indicators);
    const weights = outcome.weights;
    if (!weights) return { fail: [400, `无法导出：${outcome.error ?? '权重无效'}`] };
    const ranked = rankScope(units, setup.indicators, weights, state.norm);
    const t = (x: string) => safeText(x);

    const wb = new ExcelJS.Workbook();
    wb.creator = '成果转化监测';
    const ws = wb.addWorksheet('综合排名', {
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
      views: [{ state: 'frozen', ySplit: 4 }]
    });
    const scope = [state.type, state.dept].filter(Boolean).join('、') || '全部单位';
    ws.addRow([t(`科研单位成果转化考核评价排名 · ${year} 年度 · ${scope}${m('is_sample') === 'true' ? ' · 示例数据' : ''}`)]).font = { bold: true, size: 13 };
    ws.addRow([t(`依据：${setup.clause}`)]);
    ws.addRow([
      t(
        `标准化：${NORMALIZATION_LABELS[state.norm]}；赋权：${WEIGHTING_LABELS[state.wm]}${outcome.ahp?.ok ? `（CR=${formatCr(outcome.ahp.cr)}）` : ''}；权重：` +
          setup.indicators.map((ind, j) => `${ind.title} ${(weights[j]! * 100).toFixed(1)}%`).join('，')
      )
    ]);
    const header = ['名次', '较默认权重名次变化', '单位', '统一社会信用代码', '单位类型', '主管部门', '是否报送年报', '综合得分', ...setup.indicators.map((i) => `${i.title}（原值）`)];
    const h = ws.addRow(header);
    h.font = { bold: true };
    h.eachCell((c) => {
      c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F1F8' } };
      c.alignment = { wrapText: true, vertical: 'top' };
    });
    for (const r of ranked) {
      ws.addRow([
        r.rank,
        r.defaultRank - r.rank,
        t(r.unit.name),
        t(r.unit.id),
        t(r.unit.type),
        t(r.unit.dept),
        r.unit.hasReport ? '是' : '否',
        Math.round(r.score * 10000) / 10000,
        ...setup.indicators.map((i) => r.unit.metrics[i.metric] ?? null)
      ]);
    }
    const widths = [6, 10, 26, 22, 12, 14, 8, 10, ...setup.indicators.map(() => 12)];
    widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));

    const ps = wb.addWorksheet('权重与口径');
    ps.addRow(['指标', '标识', '方向', '采用权重（%）', '配置默认权重（%）', '口径']).font = { bold: true };
    setup.indicators.forEach((ind, j) =>
      ps.addRow([t(ind.title), t(ind.id), ind.direction === 'benefit' ? '正向' : '逆向', Math.round(weights[j]! * 10000) / 100, Math.round(ind.weight * 10000) / 100, t(ind.source)])
    );
    ps.addRow([]);
    ps.addRow(['政策配置', t(setup.profileFile)]);
    ps.addRow(['数据构建', t(String(m('built_at') ?? '—'))]);
    if (state.wm === 'ahp') ps.addRow(['判断矩阵上三角', t(state.ahp.join(', '))]);
    [20, 22, 8, 14, 16, 70].forEach((w, i) => (ps.getColumn(i + 1).width = w));
    return { buf: await wb.xlsx.writeBuffer() };
  });
  if ('fail' in out) error(out.fail[0], out.fail[1]);
  const name = encodeURIComponent('考核评价排名.xlsx');
  return new Response(new Uint8Array(out.buf as ArrayBuffer), {
    headers: {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="evaluation.xlsx"; filename*=UTF-8''${name}`,
      'cache-control': 'no-store'
    }
  });
};
