-- 考核评价页：有评价指标的年度（年度报告的年度），最近的在前。
SELECT DISTINCT year FROM mart_eval_indicators ORDER BY year DESC
