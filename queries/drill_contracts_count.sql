-- 转化成效页下钻：下钻合同的行数与金额合计（分页导航与核对）。
SELECT COUNT(*)::INTEGER AS total, COALESCE(SUM(CAST(c.amount_wan AS DOUBLE)), 0) AS amount_wan
FROM contracts c LEFT JOIN units u USING (unit_uscc)
WHERE ($year IS NULL OR c.signed_year = $year)
  AND ($method IS NULL OR c.conversion_method = $method)
  AND ($type IS NULL OR COALESCE(u.unit_type, '未分类') = $type)
  AND ($dept IS NULL OR COALESCE(u.supervising_dept, '未登记') = $dept)
  AND ($unit IS NULL OR c.unit_uscc = $unit)
  AND ($pay_later IS NULL OR COALESCE(c.is_pay_later, false) = $pay_later)
