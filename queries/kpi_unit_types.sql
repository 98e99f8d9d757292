-- 转化成效页：单位类型筛选的选项。
SELECT DISTINCT unit_type FROM mart_contract_stats WHERE NOT is_all_type ORDER BY unit_type
