-- 合规规则运行前的准备（etl/load/rules.ts 调用）：本次启用的规则清单与违规明细的暂存表（均为临时表）。
-- rule_active 由 active.sql 按当前政策配置写入；每条启用规则的 SELECT（etl/models/rules/<rule_id>.sql）
-- 经 insert.sql 追加到 rule_violations_stage；finish.sql 再生成 rule_violations 与 mart_rule_summary。
CREATE OR REPLACE TEMP TABLE rule_active (
  rule_id VARCHAR, rule_title VARCHAR, severity VARCHAR, clause VARCHAR, applies_to VARCHAR,
  params VARCHAR, sort_order INTEGER, profile_id VARCHAR);
CREATE OR REPLACE TEMP TABLE rule_violations_stage (
  rule_id VARCHAR, unit_uscc VARCHAR, unit_name VARCHAR, source_table VARCHAR, source_file VARCHAR,
  source_row INTEGER, record_key VARCHAR, observed VARCHAR, expected VARCHAR, detail VARCHAR);
