-- 转化成效页：单位排名（名次按合同金额），含已授权成果转化率、奖励、赋权与先用后付；筛选年度、单位类型、主管部门。
-- 服务器分页：$sort 为列名（NULL 为按名次），$desc 为降序；$limit / $offset 取一页（$limit 为 NULL 时全部，供 CSV 导出）。
-- 文本列按拼音排序（COLLATE zh），空值总在最后；同值按名次。
WITH u AS (
  SELECT unit_uscc, any_value(unit_name) AS unit_name, any_value(unit_type) AS unit_type,
    any_value(supervising_dept) AS dept,
    SUM(contracts)::INTEGER AS contracts, SUM(amount_wan) AS amount_wan,
    CASE WHEN SUM(contracts) > 0 THEN SUM(amount_wan) / SUM(contracts) END AS avg_wan,
    SUM(granted_results)::INTEGER AS granted_results, SUM(granted_converted)::INTEGER AS granted_converted,
    CASE WHEN SUM(granted_results) > 0 THEN SUM(granted_converted) / SUM(granted_results) END AS granted_conversion_rate,
    SUM(reward_wan) AS reward_wan,
    SUM(report_empowered)::INTEGER AS report_empowered, SUM(ledger_empowered)::INTEGER AS ledger_empowered,
    SUM(pay_later_contracts)::INTEGER AS pay_later_contracts, SUM(report_pay_later)::INTEGER AS report_pay_later
  FROM mart_unit_year
  WHERE ($year IS NULL OR year = $year)
    AND ($type IS NULL OR unit_type = $type)
    AND ($dept IS NULL OR supervising_dept = $dept)
  GROUP BY unit_uscc
),
ranked AS (
  SELECT row_number() OVER (ORDER BY amount_wan DESC NULLS LAST, unit_name, unit_uscc)::INTEGER AS rank, * FROM u
)
SELECT rank, unit_uscc, unit_name, unit_type, dept, contracts, amount_wan, avg_wan, granted_results, granted_converted,
  granted_conversion_rate, reward_wan, report_empowered, ledger_empowered, pay_later_contracts, report_pay_later
FROM ranked
ORDER BY
  (CASE $sort
     WHEN 'rank' THEN rank WHEN 'contracts' THEN contracts WHEN 'amount_wan' THEN amount_wan WHEN 'avg_wan' THEN avg_wan
     WHEN 'granted_results' THEN granted_results WHEN 'granted_conversion_rate' THEN granted_conversion_rate
     WHEN 'reward_wan' THEN reward_wan WHEN 'report_empowered' THEN report_empowered
     WHEN 'pay_later_contracts' THEN pay_later_contracts END)::DOUBLE * (CASE WHEN $desc THEN -1 ELSE 1 END) ASC NULLS LAST,
  CASE WHEN $desc THEN (CASE $sort WHEN 'unit_name' THEN unit_name WHEN 'unit_type' THEN unit_type WHEN 'dept' THEN dept END) END COLLATE zh DESC NULLS LAST,
  CASE WHEN NOT $desc THEN (CASE $sort WHEN 'unit_name' THEN unit_name WHEN 'unit_type' THEN unit_type WHEN 'dept' THEN dept END) END COLLATE zh ASC NULLS LAST,
  rank
LIMIT $limit OFFSET COALESCE($offset, 0)
