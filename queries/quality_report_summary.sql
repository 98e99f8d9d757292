-- 数据质量页：年度报告报送完整性与及时性，按年度汇总。
SELECT year, strftime(any_value(due_date), '%Y-%m-%d') AS due_date, any_value(due_rule) AS due_rule,
  strftime(any_value(as_of_date), '%Y-%m-%d') AS as_of_date,
  COUNT(*)::INTEGER AS expected,
  COUNT(*) FILTER (WHERE status = '按时')::INTEGER AS on_time,
  COUNT(*) FILTER (WHERE status = '逾期')::INTEGER AS late,
  COUNT(*) FILTER (WHERE status = '未报')::INTEGER AS missing,
  COUNT(*) FILTER (WHERE status = '未到期')::INTEGER AS not_due
FROM mart_report_status GROUP BY year ORDER BY year DESC
