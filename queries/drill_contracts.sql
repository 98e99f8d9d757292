-- 转化成效页下钻（Arrow 分页与 CSV 导出）：某个数字背后的合同明细行；筛选与 mart_contract_stats 相同口径。
-- $limit 为空时不分页（CSV 导出全部）。
SELECT c.contract_no AS 合同编号, c.unit_uscc AS 单位统一社会信用代码,
  COALESCE(u.unit_name, c.unit_uscc) AS 单位名称,
  COALESCE(u.unit_type, '未分类') AS 单位类型, COALESCE(u.supervising_dept, '未登记') AS 主管部门,
  c.achievement_no AS 成果编号, c.conversion_method AS 转化方式, c.assignee_name AS 受让方名称,
  c.assignee_type AS 受让方类型, CAST(c.amount_wan AS DOUBLE) AS "合同金额（万元）",
  strftime(c.signed_date, '%Y-%m-%d') AS 签订日期, c.signed_year AS 签订年度, c.pricing_method AS 定价方式,
  c.notice_days AS 公示天数, CAST(c.net_income_wan AS DOUBLE) AS "净收入（万元）",
  c.is_pay_later AS 是否先用后付, c.source_file AS 来源文件, c.source_row AS 来源行
FROM contracts c LEFT JOIN units u USING (unit_uscc)
WHERE ($year IS NULL OR c.signed_year = $year)
  AND ($method IS NULL OR c.conversion_method = $method)
  AND ($type IS NULL OR COALESCE(u.unit_type, '未分类') = $type)
  AND ($dept IS NULL OR COALESCE(u.supervising_dept, '未登记') = $dept)
  AND ($unit IS NULL OR c.unit_uscc = $unit)
  AND ($pay_later IS NULL OR COALESCE(c.is_pay_later, false) = $pay_later)
ORDER BY c.signed_date DESC, c.unit_uscc, c.contract_no
LIMIT $limit OFFSET COALESCE($offset, 0)
