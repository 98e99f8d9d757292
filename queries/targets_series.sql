-- 2025 目标页：各目标指标的逐年观测值（is_complete 为假的年度数据尚不完整，不用于预测）。
SELECT metric, year, value, numerator, denominator, records, is_complete, as_of_date
FROM mart_target_series
ORDER BY metric, year
