-- 考核评价页：某年度每个单位的评价指标（列名为 EVALUATION_METRICS 的指标标识；页面按配置 evaluation.indicators[].metric 取列）。
-- 金额与比率取 6 位小数（去掉浮点求和的尾数噪声，如 3.8200000000000003）：页面、保存方案与导出都用这同一份数值。
SELECT unit_uscc, unit_name, unit_type, supervising_dept, year, has_report,
  round(conversion_wan, 6) AS conversion_wan, contract_count, round(conversion_rate_pct, 6) AS conversion_rate_pct,
  round(reward_individual_wan, 6) AS reward_individual_wan, has_tto, tto_staff,
  empowered_count, pay_later_count, granted_results, granted_converted
FROM mart_eval_indicators
WHERE year = $year
ORDER BY supervising_dept, unit_name, unit_uscc
