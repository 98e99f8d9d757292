-- 转化成效页：单位排名（按金额），含已授权成果转化率、奖励、赋权与先用后付；筛选年度、单位类型、主管部门。
SELECT unit_uscc, any_value(unit_name) AS unit_name, any_value(unit_type) AS unit_type,
  any_value(supervising_dept) AS dept,
  SUM(contracts)::INTEGER AS contracts, SUM(amount_wan) AS amount_wan,
  CASE WHEN SUM(contracts) > 0 THEN SUM(amount_wan) / SUM(contracts) END AS avg_wan,
  SUM(granted_results)::INTEGER AS granted_results, SUM(granted_converted)::INTEGER AS granted_converted,
  CASE WHEN SUM(granted_results) > 0 THEN SUM(granted_converted) / SUM(granted_results) END AS granted_conversion_rate,
  SUM(reward_wan) AS reward_wan,
  SUM(report_empowered)::INTEGER AS report_empowered, SUM(ledger_empowered)::INTEGER AS ledger_empowered,
  SUM(pay_later_contracts)::INTEGER AS pay_later_contracts, SUM(report_pay_later)::INTEGER AS report_pay_later
FROM mart_unit_year
WHERE ($year IS NULL OR year = $year)
  AND ($type IS NULL OR unit_type = $type)
  AND ($dept IS NULL OR supervising_dept = $dept)
GROUP BY unit_uscc
ORDER BY amount_wan DESC, unit_name
