-- 转化成效页下钻（Arrow 分页与 CSV 导出）：已授权成果转化率等数字背后的台账成果行（按取得年度）。
SELECT a.unit_uscc AS 单位统一社会信用代码, COALESCE(u.unit_name, a.unit_name) AS 单位名称,
  COALESCE(u.unit_type, '未分类') AS 单位类型, COALESCE(u.supervising_dept, '未登记') AS 主管部门,
  a.achievement_no AS 成果编号, a.title AS 成果名称, a.achievement_type AS 成果类型, a.is_granted AS 是否已授权,
  strftime(a.acquired_date, '%Y-%m-%d') AS 取得时间, a.conversion_status AS 转化状态, a.conversion_method AS 转化方式,
  CAST(a.conversion_amount_wan AS DOUBLE) AS "转化金额（万元）", a.empowerment_type AS 赋权方式,
  a.in_pay_later_pool AS 是否纳入先用后付成果池, a.source_file AS 来源文件, a.source_row AS 来源行
FROM achievements a LEFT JOIN units u USING (unit_uscc)
WHERE ($year IS NULL OR year(a.acquired_date) = $year)
  AND ($type IS NULL OR COALESCE(u.unit_type, '未分类') = $type)
  AND ($dept IS NULL OR COALESCE(u.supervising_dept, '未登记') = $dept)
  AND ($unit IS NULL OR a.unit_uscc = $unit)
  AND ($granted IS NULL OR COALESCE(a.is_granted, false) = $granted)
  AND ($converted IS NULL OR (a.conversion_status = '已转化') = $converted)
  AND ($empowered IS NULL OR (a.empowerment_type IN ('所有权', '长期使用权')) = $empowered)
  AND ($pool IS NULL OR COALESCE(a.in_pay_later_pool, false) = $pool)
ORDER BY a.acquired_date DESC, a.unit_uscc, a.achievement_no
LIMIT $limit OFFSET COALESCE($offset, 0)
