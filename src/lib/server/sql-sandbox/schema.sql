-- 数据字典：数仓 main 模式下所有表、视图的列及中文注释（SQL 控制台左侧的结构浏览器用）。
-- 通过 SQL 沙箱执行（只读、禁止外部访问），与用户查询同样受限。
WITH objects AS (
  SELECT table_name AS name, '表' AS kind, comment FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary
  UNION ALL
  SELECT view_name AS name, '视图' AS kind, comment FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal AND NOT temporary
)
SELECT o.name AS table_name,
       o.kind AS table_kind,
       o.comment AS table_comment,
       c.column_name,
       c.data_type,
       c.comment AS column_comment
FROM objects AS o
JOIN duckdb_columns() AS c ON c.schema_name = 'main' AND c.table_name = o.name
ORDER BY o.name, c.column_index
