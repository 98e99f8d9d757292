/** .xlsx export of the 任务清单 (same filters as the page: ?view=review, ?dept=, ?changed=1). */
import type { RequestHandler } from './$types';
import ExcelJS from 'exceljs';
import { query } from '$lib/server/queries';
import { parseBool, parseOneOf, parseText } from '$lib/server/queries/params';
import { guard } from '$lib/server/queries/guard';
import { deptView, loadTasks, reviewOrder } from '$lib/server/queries/tasks';
import { safeText } from '$lib/server/queries/safecell';
import { LIGHT_LABELS } from '$lib/analytics/progress';

export const GET: RequestHandler = async ({ url }) => {
  const view = parseOneOf(url.searchParams.get('view'), ['list', 'review'] as const) ?? 'list';
  const dept = parseText(url.searchParams.get('dept'));
  const changedOnly = parseBool(url.searchParams.get('changed')) === true;
  const buf = await guard(async () => {
    const meta = await query('layout_meta');
    const profileId = meta.find((r) => r.key === 'profile_id')?.value ?? null;
    const isSample = meta.find((r) => r.key === 'is_sample')?.value === 'true';
    const model = await loadTasks(profileId === null ? null : String(profileId));
    const wb = new ExcelJS.Workbook();
    wb.creator = '成果转化监测';
    const ws = wb.addWorksheet(dept ? `${dept}任务` : '任务清单', {
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
      views: [{ state: 'frozen', ySplit: 3 }]
    });
    const title = `成果转化改革工作任务清单 · ${model.asOfWeek ?? ''}（截至 ${model.asOfDate ?? '—'}）${dept ? ' · ' + dept : ''}${isSample ? ' · 示例数据' : ''}`;
    ws.addRow([safeText(title)]).font = { bold: true, size: 13 };
    ws.addRow([safeText(`督办灯阈值：黄 ${model.thresholds.yellow_behind_points} / 红 ${model.thresholds.red_behind_points} 个百分点，蓝灯 ${model.thresholds.blue_days_before_due} 天；来源 ${model.thresholds.source}`)]);
    const header = dept
      ? ['序号', '角色', '重点方向', '工作措施', '重点工作任务', '状态', '完成比例（%）', '序时进度（%）', '督办灯', '计划完成日期', '延期次数', '进展说明', '本周变化']
      : ['序号', '重点方向', '工作措施', '重点工作任务', '牵头部门', '配合部门', '状态', '完成比例（%）', '序时进度（%）', '督办灯', '计划完成日期', '延期次数', '最新进展', '本周变化'];
    const h = ws.addRow(header);
    h.font = { bold: true };
    h.eachCell((c) => {
      c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F1F8' } };
    });
    const r1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
    const t = (x: string | null) => (x === null ? null : safeText(x));
    if (dept) {
      const dv = deptView(model, dept);
      const ordered = view === 'review' ? [...reviewOrder(dv.lead), ...reviewOrder(dv.support)] : [...dv.lead, ...dv.support];
      for (const r of ordered) {
        ws.addRow([r.task_no, r.role, t(r.task.direction), t(r.task.measure), t(r.task.task_text), r.status, r1(r.percent), r1(r.expected), LIGHT_LABELS[r.light], r.planned_date, r.postponements, t(r.note), t(r.change)]);
      }
    } else {
      let tasks = model.tasks;
      if (changedOnly) tasks = tasks.filter((x) => x.changed);
      if (view === 'review') tasks = reviewOrder(tasks);
      for (const r of tasks) {
        ws.addRow([r.task_no, t(r.direction), t(r.measure), t(r.task_text), t(r.lead_dept), t(r.support_depts), r.status, r1(r.percent), r1(r.expected), r.light_label, r.planned_date, r.postponements, t(r.note), t(r.change)]);
      }
    }
    const widths = dept ? [6, 6, 22, 22, 60, 8, 10, 10, 8, 12, 8, 30, 36] : [6, 22, 22, 60, 14, 28, 8, 10, 10, 8, 12, 8, 30, 36];
    widths.forEach((w, i) => {
      ws.getColumn(i + 1).width = w;
      ws.getColumn(i + 1).alignment = { wrapText: true, vertical: 'top' };
    });
    return wb.xlsx.writeBuffer();
  });
  const name = encodeURIComponent(dept ? `任务清单-${dept}.xlsx` : '任务清单.xlsx');
  return new Response(new Uint8Array(buf as ArrayBuffer), {
    headers: {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="tasks.xlsx"; filename*=UTF-8''${name}`,
      'cache-control': 'no-store'
    }
  });
};
