-- 数据质量页：逾期与未报的单位数（quality_report_list 的总行数；$year 为空时全部年度）。
SELECT COUNT(*)::INTEGER AS n
FROM mart_report_status
WHERE status IN ('逾期', '未报') AND ($year IS NULL OR year = $year)
