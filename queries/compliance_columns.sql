-- 合规页：来源表各列的中文说明（表与列的 COMMENT），用于显示原始记录。
SELECT column_name, comment, data_type
FROM duckdb_columns()
WHERE schema_name = 'main' AND table_name = $table
ORDER BY column_index
