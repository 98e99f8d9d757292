-- 总览页与数据质量页：数据新鲜度（最近一次加载及仓库构建时间）。etl_loads 的时间为 UTC，显示为北京时间（+8 小时）。
SELECT
  l.load_id,
  strftime(l.started_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%M') AS started_at,
  strftime(l.finished_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%M') AS finished_at,
  l.status, l.files, l.rows_read, l.rows_accepted, l.rows_rejected,
  (SELECT max(value) FROM meta WHERE key = 'built_at') AS built_at,
  (SELECT COUNT(*) FROM etl_loads)::INTEGER AS loads
FROM etl_loads l
ORDER BY l.load_id DESC
LIMIT 1
