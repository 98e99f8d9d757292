/**
 * 奖补资格送审表（.xlsx）：所选评估年度（?year）、总预算（?budget，万元，缺省按每家上限）、?capreq=0（不以申请金额为上限）。
 * 表上写明依据条款与全部参数；资格与分配与页面同一套代码（../model.ts → $lib/analytics）。
 * 仅协调办与系统管理员可导出（路由表之外的第二道检查）。文本单元格防公式注入。
 */
import { error } from '@sveltejs/kit';
import ExcelJS from 'exceljs';
import type { RequestHandler } from './$types';
import { query } from '$lib/server/queries';
import { parseYear } from '$lib/server/queries/params';
import { guard } from '$lib/server/queries/guard';
import { safeText } from '$lib/server/queries/safecell';
import { requireRole } from '$lib/server/auth/guard';
import { awardsSetup, loadCandidates } from '../setup.server';
import { allocateBudget, judge, parseBudget } from '../model';

export const GET: RequestHandler = async ({ url, locals }) => {
  const user = requireRole(locals, ['office', 'admin']);
  const budgetParam = url.searchParams.get('budget');
  const budget = parseBudget(budgetParam);
  if (budgetParam !== null && budgetParam.trim() !== '' && budget === null) error(400, '总预算不是有效的金额（万元，非负数）');
  const capReq = url.searchParams.get('capreq') !== '0';
  const out = await guard(async (): Promise<{ fail: [number, string] } | { buf: ExcelJS.Buffer; year: number }> => {
    const meta = await query('layout_meta');
    const m = (k: string) => meta.find((r) => r.key === k)?.value ?? null;
    const setup = awardsSetup(m('profile_id') === null ? null : String(m('profile_id')));
    if (!setup.settings) return { fail: [404, setup.settingsError ?? '没有奖补规则'] };
    const s = setup.settings;
    const years = (await query('awards_years')).map((r) => Number(r.year));
    const asked = parseYear(url.searchParams.get('year'));
    const year = asked !== null && years.includes(asked) ? asked : (years[0] ?? null);
    if (year === null) return { fail: [404, '没有评估结果'] };
    const cands = judge(await loadCandidates(year), s.rules);
    const alloc = allocateBudget(cands, budget, s.maxAward, capReq);
    const r = alloc.result;
    const t = (x: string) => safeText(x);
    const sample = m('is_sample') === 'true';

    const wb = new ExcelJS.Workbook();
    wb.creator = '成果转化监测';
    const ws = wb.addWorksheet('拟安排表', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
    ws.addRow([t(`${year} 年度大学科技园、孵化器奖励性后补助拟安排表（送审稿）${sample ? ' · 示例数据' : ''}`)]).font = { bold: true, size: 14 };
    ws.addRow([t(`依据：${s.clause}`)]);
    for (const c of s.rules.categories ?? []) if (c.clause) ws.addRow([t(`　　${c.category}：${c.clause}`)]);
    ws.addRow([t(`资格条件（政策配置 ${setup.profileFile}）：${s.summary}`)]);
    ws.addRow([
      t(
        `参数：评估年度 ${year}；总预算 ${budget === null ? '未设定（按每家上限安排）' : `${budget} 万元`}；单个上限 ${s.maxAward} 万元${capReq ? '，且不超过申请金额' : '（不看申请金额）'}；` +
          '分配方法：符合条件者按评估得分比例分配，达到上限者的超出部分再分配，精确到 0.01 万元（最大余数法），合计不超过总预算'
      )
    ]);
    ws.addRow([t(`合计：候选 ${cands.length} 个，符合条件 ${cands.filter((c) => c.eligible).length} 个；所需资金（按上限）${r.capacity} 万元；拟安排合计 ${r.total} 万元${budget === null ? '' : `；未分配 ${r.unallocated} 万元`}`)]);
    ws.addRow([t(`数据：${m('built_at') ?? '—'} 构建的数据仓库（mart_award_candidates）；导出人 ${user.username}，导出时间 ${new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')}（北京时间）`)]);
    ws.addRow([]);
    const header = ['序号', '名称', '类别', '级别', '依托单位', '评估得分', '评估等级', '申请奖励（万元）', '是否符合条件', '理由', '上限（万元）', '拟安排（万元）', '分配说明', '来源文件', '来源行'];
    const h = ws.addRow(header);
    h.font = { bold: true };
    h.eachCell((c) => {
      c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F1F8' } };
      c.alignment = { wrapText: true, vertical: 'top' };
    });
    const ordered = [...cands].sort((a, b) => Number(b.eligible) - Number(a.eligible) || (b.score ?? -1) - (a.score ?? -1));
    ordered.forEach((c, i) => {
      const line = alloc.byKey.get(c.key);
      ws.addRow([
        i + 1,
        t(c.name),
        c.category === null ? null : t(c.category),
        c.level === null ? null : t(c.level),
        c.host === null ? null : t(c.host),
        c.score,
        c.grade === null ? null : t(c.grade),
        c.requested,
        c.eligible ? '符合' : '不符合',
        t(c.reasons.join('；')),
        line && line.limit > 0 ? line.limit : null,
        line ? line.amount : 0,
        line ? t(line.noteLabel) : null,
        c.file === null ? null : t(c.file),
        c.row
      ]);
    });
    const total = ws.addRow(['合计', null, null, null, null, null, null, null, null, null, r.capacity, r.total, budget === null ? '未设总预算' : t(`总预算 ${budget}，未分配 ${r.unallocated}`)]);
    total.font = { bold: true };
    ws.addRow([]);
    ws.addRow(['经办人：', null, null, null, '审核人：', null, null, null, '审批人：']);
    ws.addRow(['日期：', null, null, null, '日期：', null, null, null, '日期：']);
    [6, 26, 10, 8, 22, 9, 9, 10, 10, 44, 10, 10, 18, 36, 7].forEach((w, i) => {
      ws.getColumn(i + 1).width = w;
    });
    ws.getColumn(10).alignment = { wrapText: true, vertical: 'top' };
    return { buf: await wb.xlsx.writeBuffer(), year };
  });
  if ('fail' in out) error(out.fail[0], out.fail[1]);
  const name = encodeURIComponent(`奖补拟安排表-${out.year}.xlsx`);
  return new Response(new Uint8Array(out.buf as ArrayBuffer), {
    headers: {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="awards.xlsx"; filename*=UTF-8''${name}`,
      'cache-control': 'no-store'
    }
  });
};
