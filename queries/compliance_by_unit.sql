-- 合规页：按单位的违规与提示条数（$rule_id 为空时合计全部规则；$dept 为空时全部主管部门）。
SELECT supervising_dept, unit_uscc, unit_name, unit_type, total_count, violation_count, advisory_count, rule_count
FROM mart_rule_summary
WHERE NOT is_all_dept AND NOT is_all_unit
  AND (($rule_id IS NULL AND is_all_rule) OR (NOT is_all_rule AND rule_id = $rule_id))
  AND ($dept IS NULL OR supervising_dept = $dept)
ORDER BY total_count DESC, violation_count DESC, supervising_dept, unit_name
