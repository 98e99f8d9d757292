-- 数据质量页：合同明细与年度报告核对（$year 为空时全部年度；$status 为空时全部结果）。
-- 缺省顺序：不一致在前、差异金额大的在前；$sort 为列名时按该列（$desc 降序；文本按拼音，空值在后）。
-- 服务器分页：$limit / $offset 取一页（$limit 为 NULL 时全部，供 CSV 导出）。总行数见 quality_reconciliation_summary。
SELECT year, unit_uscc, unit_name, supervising_dept, status,
  ledger_contracts, report_contracts, diff_contracts, ledger_wan, report_wan, diff_wan
FROM mart_reconciliation
WHERE ($year IS NULL OR year = $year)
  AND ($status IS NULL OR status = $status)
ORDER BY
  (CASE $sort
     WHEN 'year' THEN year WHEN 'ledger_contracts' THEN ledger_contracts WHEN 'report_contracts' THEN report_contracts
     WHEN 'diff_contracts' THEN diff_contracts WHEN 'ledger_wan' THEN ledger_wan WHEN 'report_wan' THEN report_wan
     WHEN 'diff_wan' THEN diff_wan END)::DOUBLE * (CASE WHEN $desc THEN -1 ELSE 1 END) ASC NULLS LAST,
  CASE WHEN $desc THEN (CASE $sort WHEN 'unit_name' THEN unit_name WHEN 'supervising_dept' THEN supervising_dept WHEN 'status' THEN status END) END COLLATE zh DESC NULLS LAST,
  CASE WHEN NOT $desc THEN (CASE $sort WHEN 'unit_name' THEN unit_name WHEN 'supervising_dept' THEN supervising_dept WHEN 'status' THEN status END) END COLLATE zh ASC NULLS LAST,
  CASE status WHEN '不一致' THEN 0 WHEN '仅合同明细' THEN 1 WHEN '仅年度报告' THEN 2 ELSE 3 END,
  abs(diff_wan) DESC NULLS LAST, year DESC, unit_name, unit_uscc
LIMIT $limit OFFSET COALESCE($offset, 0)
