-- 合规页：违规与提示明细，每行指向来源表、来源文件与行号；$rule_id、$dept、$severity、$unit_uscc 为空时不筛选。
-- 最多 $limit 行（页面另用 compliance_violations_count 给出总数）。
SELECT violation_id, rule_id, rule_title, severity, severity_label, clause,
  unit_uscc, unit_name, unit_type, supervising_dept,
  source_table, source_file, source_row, record_key, observed, expected, detail
FROM rule_violations
WHERE ($rule_id IS NULL OR rule_id = $rule_id)
  AND ($dept IS NULL OR supervising_dept = $dept)
  AND ($severity IS NULL OR severity = $severity)
  AND ($unit_uscc IS NULL OR unit_uscc = $unit_uscc)
ORDER BY violation_id
LIMIT $limit
