-- 任务清单页部门视图：该部门主管的单位，附转化成效与年报报送情况（$year 为空时合计全部年度，报送取最近已到期年度）。
WITH s AS (
  SELECT unit_uscc, status AS report_status, strftime(submitted_date, '%Y-%m-%d') AS submitted_date, year AS report_year
  FROM mart_report_status
  WHERE year = COALESCE($year, (SELECT max(year) FROM mart_report_status WHERE status <> '未到期'))
), m AS (
  SELECT unit_uscc, any_value(unit_name) AS unit_name, any_value(unit_type) AS unit_type,
    SUM(contracts)::INTEGER AS contracts, SUM(amount_wan) AS amount_wan,
    SUM(granted_results)::INTEGER AS granted_results, SUM(granted_converted)::INTEGER AS granted_converted,
    SUM(reward_wan) AS reward_wan
  FROM mart_unit_year
  WHERE supervising_dept = $dept AND ($year IS NULL OR year = $year)
  GROUP BY unit_uscc
)
SELECT u.unit_uscc, u.unit_name, COALESCE(u.unit_type, '未分类') AS unit_type,
  COALESCE(m.contracts, 0) AS contracts, COALESCE(m.amount_wan, 0) AS amount_wan,
  COALESCE(m.granted_results, 0) AS granted_results, COALESCE(m.granted_converted, 0) AS granted_converted,
  COALESCE(m.reward_wan, 0) AS reward_wan,
  s.report_year, COALESCE(s.report_status, '—') AS report_status, s.submitted_date
FROM units u
LEFT JOIN m USING (unit_uscc)
LEFT JOIN s USING (unit_uscc)
WHERE u.supervising_dept = $dept
ORDER BY amount_wan DESC, u.unit_name
