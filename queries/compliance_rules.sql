-- 合规页：当前政策配置启用的规则，每条一行（本次无违规的规则计数为 0），按配置中的顺序。
SELECT rule_id, rule_title, severity, clause, rule_order, total_count, violation_count, advisory_count, unit_count
FROM mart_rule_summary
WHERE NOT is_all_rule AND is_all_dept AND is_all_unit
ORDER BY rule_order
