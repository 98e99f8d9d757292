/** 周报模板下载：GET /api/progress/template?format=csv|xlsx&dept=（表头为数据契约的规范表头，预填本部门本周各项任务）。 */
import type { RequestHandler } from './$types';
import { entryPage } from '$lib/server/progress';
import { actorOf, errorResponse } from '$lib/server/progress/http';
import { templateCsv, templateRows, templateXlsx } from '$lib/server/progress/template';

export const GET: RequestHandler = async (event) => {
  const actor = actorOf(event);
  if (actor instanceof Response) return actor;
  try {
    const format = event.url.searchParams.get('format') === 'xlsx' ? 'xlsx' : 'csv';
    const page = await entryPage(actor.user, event.url.searchParams.get('dept'));
    const rows = templateRows(page);
    const base = `任务进展周报_${page.week.label}${page.dept ? '_' + page.dept : ''}`;
    const body =
      format === 'csv'
        ? templateCsv(rows)
        : await templateXlsx(rows, `截止时间：${page.week.deadlineText}。规则：${page.rule.text}（${page.rule.source}）。`);
    const type = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    return new Response(body as BodyInit, {
      headers: {
        'content-type': type,
        'content-disposition': `attachment; filename="template.${format}"; filename*=UTF-8''${encodeURIComponent(base)}.${format}`
      }
    });
  } catch (e) {
    return errorResponse(e);
  }
};
