-- 数据质量页：所选加载的拒收明细（前 $limit 行）。
SELECT file_name, source_row, column_name, value, reason
FROM etl_rejects
WHERE load_id = COALESCE($load, (SELECT max(load_id) FROM etl_loads))
ORDER BY file_name, source_row, column_name
LIMIT COALESCE($limit, 500)
