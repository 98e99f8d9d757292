-- 合规页：按主管部门的违规与提示条数（$rule_id 为空时合计全部规则）。
SELECT supervising_dept, total_count, violation_count, advisory_count, unit_count, rule_count
FROM mart_rule_summary
WHERE NOT is_all_dept AND is_all_unit
  AND (($rule_id IS NULL AND is_all_rule) OR (NOT is_all_rule AND rule_id = $rule_id))
ORDER BY total_count DESC, supervising_dept
