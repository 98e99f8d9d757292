-- 数据质量页：所选加载的拒收行按 文件 × 列 × 原因 汇总。
SELECT file_name, column_name, reason, COUNT(*)::INTEGER AS rows, min(source_row) AS first_row
FROM etl_rejects
WHERE load_id = COALESCE($load, (SELECT max(load_id) FROM etl_loads))
GROUP BY ALL ORDER BY rows DESC, file_name, column_name
