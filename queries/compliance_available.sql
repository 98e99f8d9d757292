-- 合规页：仓库中是否已有合规规则的结果（rule_violations 与 mart_rule_summary 由 etl/load/rules.ts 在每次加载后生成）。
SELECT
  count(*) FILTER (WHERE table_name = 'rule_violations') > 0 AS has_violations,
  count(*) FILTER (WHERE table_name = 'mart_rule_summary') > 0 AS has_summary
FROM duckdb_tables()
WHERE schema_name = 'main'
