import type { PageServerLoad } from './$types';
import { query } from '$lib/server/queries';
import { parseOneOf, parseText, parseYear, parseBool } from '$lib/server/queries/params';
import { guard } from '$lib/server/queries/guard';
import { deptView, loadTasks, reviewOrder } from '$lib/server/queries/tasks';
import { overlayTasks } from '$lib/server/progress/overlay';

export const load: PageServerLoad = async ({ url, parent }) => {
  const { profileId } = await parent();
  const view = parseOneOf(url.searchParams.get('view'), ['list', 'review'] as const) ?? 'list';
  const dept = parseText(url.searchParams.get('dept'));
  const changedOnly = parseBool(url.searchParams.get('changed')) === true;
  const year = parseYear(url.searchParams.get('year'));
  return guard(async () => {
    const [warehouseModel, departments] = await Promise.all([loadTasks(profileId), query('departments')]);
    // 系统填报（应用库中比数仓新的周报条目）叠加在数仓的最新周报之上，标记「系统填报」：见 $lib/server/progress/overlay.ts
    const model = await overlayTasks(warehouseModel);
    let tasks = model.tasks;
    if (changedOnly) tasks = tasks.filter((t) => t.changed);
    if (view === 'review') tasks = reviewOrder(tasks);
    const lightCounts = { red: 0, yellow: 0, blue: 0, green: 0, done: 0 };
    for (const t of model.tasks) lightCounts[t.light]++;
    let dv = dept ? deptView(model, dept) : null;
    if (dv && view === 'review') dv = { lead: reviewOrder(dv.lead), support: reviewOrder(dv.support) };
    const units = dept ? await query('tasks_dept_units', { dept, year }) : [];
    return {
      view,
      dept,
      changedOnly,
      tasks,
      deptView: dv,
      units,
      departments: departments.map((d) => String(d.name)),
      asOfWeek: model.asOfWeek,
      asOfDate: model.asOfDate,
      thresholds: model.thresholds,
      lightCounts,
      total: model.tasks.length,
      systemRows: model.systemRows
    };
  });
};
