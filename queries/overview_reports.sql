-- 总览页：年度报告收到情况（$year 为空时取截止日已过的最近年度）。
WITH y AS (
  SELECT COALESCE($year, (SELECT max(year) FROM mart_report_status WHERE status <> '未到期')) AS year
)
SELECT
  y.year,
  COUNT(r.unit_uscc)::INTEGER AS expected,
  COUNT(*) FILTER (WHERE r.status IN ('按时', '逾期'))::INTEGER AS received,
  COUNT(*) FILTER (WHERE r.status = '按时')::INTEGER AS on_time,
  COUNT(*) FILTER (WHERE r.status = '逾期')::INTEGER AS late,
  COUNT(*) FILTER (WHERE r.status = '未报')::INTEGER AS missing,
  strftime(any_value(r.due_date), '%Y-%m-%d') AS due_date
FROM y LEFT JOIN mart_report_status r ON r.year = y.year
GROUP BY y.year
