-- 总览页：各责任部门任务进度条（牵头与配合任务数、已完成、滞后、平均完成比例）。
SELECT
  dept_name, any_value(dept_short) AS dept_short, any_value(dept_sort) AS dept_sort,
  COUNT(*)::INTEGER AS tasks,
  COUNT(*) FILTER (WHERE role = '牵头')::INTEGER AS lead_tasks,
  COUNT(*) FILTER (WHERE status = '已完成')::INTEGER AS done,
  COUNT(*) FILTER (WHERE status = '滞后')::INTEGER AS late,
  COUNT(*) FILTER (WHERE status = '未报送')::INTEGER AS unreported,
  AVG(COALESCE(percent, 0)) AS avg_percent
FROM mart_task_latest
GROUP BY dept_name
ORDER BY dept_sort, dept_name
