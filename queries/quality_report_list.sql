-- 数据质量页：逾期与未报的单位名单（$year 为空时全部年度）。
-- 服务器分页：$limit / $offset 取一页（$limit 为 NULL 时全部，供 CSV 导出）；总行数见 quality_report_list_count。
SELECT year, unit_uscc, unit_name, unit_type, supervising_dept, status,
  strftime(due_date, '%Y-%m-%d') AS due_date, strftime(submitted_date, '%Y-%m-%d') AS submitted_date,
  days_late, days_overdue
FROM mart_report_status
WHERE status IN ('逾期', '未报') AND ($year IS NULL OR year = $year)
ORDER BY year DESC, CASE status WHEN '未报' THEN 0 ELSE 1 END, supervising_dept, unit_name, unit_uscc
LIMIT $limit OFFSET COALESCE($offset, 0)
