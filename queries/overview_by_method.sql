-- 总览页：按转化方式的合同数与金额（随年度切换）。
SELECT conversion_method AS method, contracts, amount_wan, avg_wan
FROM mart_contract_stats
WHERE NOT is_all_method AND is_all_type AND is_all_dept
  AND (($year IS NULL AND is_all_year) OR (NOT is_all_year AND signed_year = $year))
ORDER BY amount_wan DESC
