-- 写入本次启用的规则（当前政策配置 rules[] 的顺序）：$1 为 JSON 数组，由 etl/load/rules.ts 从配置生成。
INSERT INTO rule_active
SELECT r.rule_id, r.rule_title, r.severity, r.clause, r.applies_to, r.params, CAST(r.sort_order AS INTEGER), r.profile_id
FROM (SELECT unnest(from_json($1, '[{"rule_id": "VARCHAR", "rule_title": "VARCHAR", "severity": "VARCHAR", "clause": "VARCHAR", "applies_to": "VARCHAR", "params": "VARCHAR", "sort_order": "INTEGER", "profile_id": "VARCHAR"}]')) AS r)
