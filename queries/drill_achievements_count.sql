-- 转化成效页下钻：台账成果下钻的行数。
SELECT COUNT(*)::INTEGER AS total, COALESCE(SUM(CAST(a.conversion_amount_wan AS DOUBLE)), 0) AS amount_wan
FROM achievements a LEFT JOIN units u USING (unit_uscc)
WHERE ($year IS NULL OR year(a.acquired_date) = $year)
  AND ($type IS NULL OR COALESCE(u.unit_type, '未分类') = $type)
  AND ($dept IS NULL OR COALESCE(u.supervising_dept, '未登记') = $dept)
  AND ($unit IS NULL OR a.unit_uscc = $unit)
  AND ($granted IS NULL OR COALESCE(a.is_granted, false) = $granted)
  AND ($converted IS NULL OR (a.conversion_status = '已转化') = $converted)
  AND ($empowered IS NULL OR (a.empowerment_type IN ('所有权', '长期使用权')) = $empowered)
  AND ($pool IS NULL OR COALESCE(a.in_pay_later_pool, false) = $pool)
