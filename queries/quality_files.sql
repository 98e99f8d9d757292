-- 数据质量页：所选加载（$load 为空取最近一次）的文件与行数。
SELECT load_id, file_name, file_path, kind, encoding, header_row, rows_read, rows_accepted, rows_rejected, blank_rows,
  status, message, warnings, left(sha256, 12) AS sha256_short
FROM etl_files
WHERE load_id = COALESCE($load, (SELECT max(load_id) FROM etl_loads))
ORDER BY file_name
