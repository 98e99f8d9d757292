-- 任务清单页与导出：每项任务各责任部门的最新周报与上周对比（$dept 为空时全部部门）。
SELECT task_no, dept_name, dept_short, role, position, status, percent, prev_status, prev_percent, percent_delta,
  note, evidence, latest_week, prev_week,
  strftime(planned_date, '%Y-%m-%d') AS planned_date,
  strftime(prev_planned_date, '%Y-%m-%d') AS prev_planned_date,
  status_changed, planned_changed, note_changed, first_report, postponements, reported_this_week,
  direction_no, direction, measure_no, measure, task_text,
  strftime(task_start_date, '%Y-%m-%d') AS start_date,
  strftime(as_of_date, '%Y-%m-%d') AS as_of_date
FROM mart_task_latest
WHERE $dept IS NULL OR dept_name = $dept
ORDER BY CASE role WHEN '牵头' THEN 0 WHEN '配合' THEN 1 ELSE 2 END, task_no, position
