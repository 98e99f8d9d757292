-- 总览页：43 项任务按任务级状态计数，以及逾期数与本期报告周。
SELECT
  COUNT(*)::INTEGER AS tasks,
  COUNT(*) FILTER (WHERE status = '已完成')::INTEGER AS done,
  COUNT(*) FILTER (WHERE status = '滞后')::INTEGER AS late,
  COUNT(*) FILTER (WHERE status = '推进中')::INTEGER AS in_progress,
  COUNT(*) FILTER (WHERE status IN ('未启动', '未报送'))::INTEGER AS not_started,
  COUNT(*) FILTER (WHERE is_overdue)::INTEGER AS overdue,
  COUNT(*) FILTER (WHERE changed)::INTEGER AS changed,
  any_value(as_of_week) AS as_of_week,
  strftime(any_value(as_of_date), '%Y-%m-%d') AS as_of_date
FROM mart_task_summary
