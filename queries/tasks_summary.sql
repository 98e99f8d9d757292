-- 任务清单页与导出：43 项任务的任务级状态（按方向、措施、序号排序）。
SELECT task_no, direction_no, direction, measure_no, measure, task_text,
  strftime(task_start_date, '%Y-%m-%d') AS start_date,
  strftime(task_planned_date, '%Y-%m-%d') AS task_planned_date,
  lead_dept, support_depts, depts, depts_reported, depts_reported_this_week,
  status, percent, prev_percent, percent_delta,
  strftime(planned_date, '%Y-%m-%d') AS planned_date,
  postponements, changed, planned_changed, is_overdue, latest_week, as_of_week,
  strftime(as_of_date, '%Y-%m-%d') AS as_of_date
FROM mart_task_summary
ORDER BY direction_no, measure_no, task_no
