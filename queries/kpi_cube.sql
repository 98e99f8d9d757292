-- 转化成效页：合同统计立方中与筛选条件（年度、方式、单位类型、主管部门）相符、且至多展开一个未筛选维度的行。
-- 页面据 is_all_* 拆成 合计 / 按方式 / 按类型 / 按部门 / 按年度。
SELECT signed_year AS year, conversion_method AS method, unit_type, supervising_dept AS dept,
  is_all_year, is_all_method, is_all_type, is_all_dept,
  contracts, amount_wan, avg_wan, median_wan, max_wan, pay_later_contracts, units
FROM mart_contract_stats
WHERE ($year IS NULL OR (NOT is_all_year AND signed_year = $year))
  AND ($method IS NULL OR (NOT is_all_method AND conversion_method = $method))
  AND ($type IS NULL OR (NOT is_all_type AND unit_type = $type))
  AND ($dept IS NULL OR (NOT is_all_dept AND supervising_dept = $dept))
  AND (CASE WHEN $year IS NULL AND NOT is_all_year THEN 1 ELSE 0 END
     + CASE WHEN $method IS NULL AND NOT is_all_method THEN 1 ELSE 0 END
     + CASE WHEN $type IS NULL AND NOT is_all_type THEN 1 ELSE 0 END
     + CASE WHEN $dept IS NULL AND NOT is_all_dept THEN 1 ELSE 0 END) <= 1
ORDER BY year, amount_wan DESC
