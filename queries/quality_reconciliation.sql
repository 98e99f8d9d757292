-- 数据质量页：合同明细与年度报告核对（不一致在前；$year 为空时全部年度）。
SELECT year, unit_uscc, unit_name, supervising_dept, status,
  ledger_contracts, report_contracts, diff_contracts, ledger_wan, report_wan, diff_wan
FROM mart_reconciliation
WHERE $year IS NULL OR year = $year
ORDER BY CASE status WHEN '不一致' THEN 0 WHEN '仅合同明细' THEN 1 WHEN '仅年度报告' THEN 2 ELSE 3 END,
  abs(diff_wan) DESC, year DESC, unit_name
