-- 数据质量页：所选加载（$load 为空取最近一次）的拒收明细，按文件、行号、列排序。
-- 服务器分页：$limit / $offset 取一页（$limit 为 NULL 时全部，供 CSV 导出）；总行数为 quality_rejects_summary 的行数之和。
SELECT file_name, source_row, column_name, value, reason
FROM etl_rejects
WHERE load_id = COALESCE($load, (SELECT max(load_id) FROM etl_loads))
ORDER BY file_name, source_row, column_name, reason
LIMIT $limit OFFSET COALESCE($offset, 0)
