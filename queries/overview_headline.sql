-- 总览页：头条指标（$year 为空时取全部年度行）。
SELECT year, contracts, amount_wan, avg_wan, median_wan, contract_units, granted_results, granted_converted,
  granted_conversion_rate, reports_received, reward_wan, empowered_count, pay_later_count, pay_later_contracts
FROM mart_overview
WHERE ($year IS NULL AND is_all_year) OR (NOT is_all_year AND year = $year)
