-- 总览页：按签订年度的合同数与金额趋势（全部方式、类型、部门）。
SELECT signed_year AS year, contracts, amount_wan, median_wan
FROM mart_contract_stats
WHERE NOT is_all_year AND is_all_method AND is_all_type AND is_all_dept
ORDER BY signed_year
