-- 考核评价页：某年度每个单位的评价指标（列名为 EVALUATION_METRICS 的指标标识；页面按配置 evaluation.indicators[].metric 取列）。
SELECT unit_uscc, unit_name, unit_type, supervising_dept, year, has_report,
  conversion_wan, contract_count, conversion_rate_pct, reward_individual_wan, has_tto, tto_staff,
  empowered_count, pay_later_count, granted_results, granted_converted
FROM mart_eval_indicators
WHERE year = $year
ORDER BY supervising_dept, unit_name, unit_uscc
