-- 转化成效页：筛选下的单位数（单位排名的总行数）、已授权成果转化率、奖励个人、赋权与先用后付合计（来自单位年度表）。
SELECT
  COUNT(DISTINCT unit_uscc)::INTEGER AS units,
  COALESCE(SUM(granted_results), 0)::INTEGER AS granted_results,
  COALESCE(SUM(granted_converted), 0)::INTEGER AS granted_converted,
  CASE WHEN SUM(granted_results) > 0 THEN SUM(granted_converted) / SUM(granted_results) END AS granted_conversion_rate,
  COALESCE(SUM(reward_cash_wan), 0) AS reward_cash_wan,
  COALESCE(SUM(reward_equity_wan), 0) AS reward_equity_wan,
  COALESCE(SUM(reward_wan), 0) AS reward_wan,
  COALESCE(SUM(report_empowered), 0)::INTEGER AS report_empowered,
  COALESCE(SUM(ledger_empowered), 0)::INTEGER AS ledger_empowered,
  COALESCE(SUM(pay_later_contracts), 0)::INTEGER AS pay_later_contracts,
  COALESCE(SUM(report_pay_later), 0)::INTEGER AS report_pay_later,
  COALESCE(SUM(pay_later_pool), 0)::INTEGER AS pay_later_pool
FROM mart_unit_year
WHERE ($year IS NULL OR year = $year)
  AND ($type IS NULL OR unit_type = $type)
  AND ($dept IS NULL OR supervising_dept = $dept)
