-- 数据质量页：最近 50 次加载（etl_loads 的时间为 UTC，显示为北京时间 +8 小时）。
SELECT load_id, strftime(started_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%M:%S') AS started_at, strftime(finished_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%M:%S') AS finished_at,
  status, files, rows_read, rows_accepted, rows_rejected
FROM etl_loads ORDER BY load_id DESC LIMIT 50
