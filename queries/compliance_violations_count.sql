-- 合规页：与 compliance_violations 相同筛选下的条数（违规、提示分列）。
SELECT count(*)::INTEGER AS total,
  count(*) FILTER (WHERE severity = 'violation')::INTEGER AS violations,
  count(*) FILTER (WHERE severity = 'advisory')::INTEGER AS advisories,
  count(DISTINCT unit_uscc)::INTEGER AS units,
  any_value(as_of_date) AS as_of_date,
  any_value(profile_id) AS profile_id
FROM rule_violations
WHERE ($rule_id IS NULL OR rule_id = $rule_id)
  AND ($dept IS NULL OR supervising_dept = $dept)
  AND ($severity IS NULL OR severity = $severity)
  AND ($unit_uscc IS NULL OR unit_uscc = $unit_uscc)
