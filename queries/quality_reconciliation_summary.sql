-- 数据质量页：核对结果计数（$year 为空时全部年度）。
SELECT status, COUNT(*)::INTEGER AS n FROM mart_reconciliation
WHERE $year IS NULL OR year = $year GROUP BY status ORDER BY n DESC
