-- 转化成效页：在方式、类型、部门筛选下按年度的合同数、金额与中位数趋势（不受年度筛选）。
SELECT signed_year AS year, contracts, amount_wan, avg_wan, median_wan
FROM mart_contract_stats
WHERE NOT is_all_year
  AND (($method IS NULL AND is_all_method) OR (NOT is_all_method AND conversion_method = $method))
  AND (($type IS NULL AND is_all_type) OR (NOT is_all_type AND unit_type = $type))
  AND (($dept IS NULL AND is_all_dept) OR (NOT is_all_dept AND supervising_dept = $dept))
ORDER BY signed_year
