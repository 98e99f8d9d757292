-- 转化成效页下钻（Arrow 分页与 CSV 导出）：奖励、赋权、先用后付等数字背后的年度报告行。
SELECT r.year AS 年度, r.unit_uscc AS 单位统一社会信用代码, COALESCE(u.unit_name, r.unit_name) AS 单位名称,
  COALESCE(u.unit_type, r.unit_type, '未分类') AS 单位类型, COALESCE(u.supervising_dept, r.supervising_dept, '未登记') AS 主管部门,
  strftime(r.submitted_date, '%Y-%m-%d') AS 提交日期,
  CAST(r.reward_cash_wan AS DOUBLE) AS "奖励个人现金（万元）", CAST(r.reward_equity_wan AS DOUBLE) AS "奖励个人股权（万元）",
  r.empowered_count AS 赋权成果数, r.pay_later_count AS 先用后付许可数,
  r.transfer_count AS 转让合同数, r.license_count AS 许可合同数, r.equity_count AS 作价投资合同数,
  r.source_file AS 来源文件, r.source_row AS 来源行
FROM annual_reports r LEFT JOIN units u USING (unit_uscc)
WHERE ($year IS NULL OR r.year = $year)
  AND ($type IS NULL OR COALESCE(u.unit_type, r.unit_type, '未分类') = $type)
  AND ($dept IS NULL OR COALESCE(u.supervising_dept, r.supervising_dept, '未登记') = $dept)
  AND ($unit IS NULL OR r.unit_uscc = $unit)
ORDER BY r.year DESC, r.unit_uscc
LIMIT $limit OFFSET COALESCE($offset, 0)
