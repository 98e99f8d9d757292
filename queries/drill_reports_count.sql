-- 转化成效页下钻：年度报告下钻的行数与奖励合计。
SELECT COUNT(*)::INTEGER AS total,
  COALESCE(SUM(COALESCE(r.reward_cash_wan, 0) + COALESCE(r.reward_equity_wan, 0)), 0) AS amount_wan
FROM annual_reports r LEFT JOIN units u USING (unit_uscc)
WHERE ($year IS NULL OR r.year = $year)
  AND ($type IS NULL OR COALESCE(u.unit_type, r.unit_type, '未分类') = $type)
  AND ($dept IS NULL OR COALESCE(u.supervising_dept, r.supervising_dept, '未登记') = $dept)
  AND ($unit IS NULL OR r.unit_uscc = $unit)
