-- 2025 目标观测序列：每个目标指标（etl/policy/profile.ts TARGET_METRICS）每个年度一行观测值。
-- 页面把它与政策配置 targets（基期、目标值）合并，用 src/lib/analytics/forecast.ts 画直线路径、按当前速度预测并判定。
-- 口径：
--   share_units_separate_mgmt / share_units_tto：年度 Y 时，每个已报送过年报的单位取其 Y 年及以前最近一份年报，
--     “是否建立单列管理制度”/“是否设立技术转移机构”为是的单位占比（%）；numerator/denominator 为单位数；
--     未填视为否。用最近一份年报，某年漏报的单位沿用上一年的情况，不从分母中消失。
--   empowered_results：Y 年度报告的赋权成果数合计（项）。
--   contract_wan：Y 年签订的转化合同金额合计（万元，合同明细）。
-- is_complete：年报类指标在 Y+1 年报送截止日（profile_params annual_report_due_month/day，缺省 1 月 31 日）已过时为真；
--   合同金额在 Y 年已结束时为真。判定日取 meta.as_of_date，缺失时为构建日（UTC+8）。不完整的年度不宜用于预测。
CREATE OR REPLACE TABLE mart_target_series AS
WITH prm AS (
  SELECT
    coalesce(TRY_CAST((SELECT max(value) FROM profile_params WHERE key = 'annual_report_due_month') AS INTEGER), 1) AS due_month,
    coalesce(TRY_CAST((SELECT max(value) FROM profile_params WHERE key = 'annual_report_due_day') AS INTEGER), 31) AS due_day,
    coalesce(TRY_CAST((SELECT max(value) FROM meta WHERE key = 'as_of_date') AS DATE),
             CAST(make_timestamp(epoch_us(now()) + 28800000000) AS DATE)) AS as_of_date
), ryears AS (
  SELECT DISTINCT year FROM annual_reports WHERE year IS NOT NULL
), latest AS (
  SELECT y.year, r.unit_uscc, r.has_separate_mgmt, r.has_tto,
         row_number() OVER (PARTITION BY y.year, r.unit_uscc ORDER BY r.year DESC) AS rn
  FROM ryears AS y JOIN annual_reports AS r ON r.year <= y.year
), shares AS (
  SELECT year,
    COUNT(*)::INTEGER AS denominator,
    COUNT(*) FILTER (WHERE coalesce(has_separate_mgmt, false))::INTEGER AS n_mgmt,
    COUNT(*) FILTER (WHERE coalesce(has_tto, false))::INTEGER AS n_tto
  FROM latest WHERE rn = 1 GROUP BY year
), reports AS (
  SELECT year, COUNT(*)::INTEGER AS reports, sum(empowered_count) AS empowered
  FROM annual_reports WHERE year IS NOT NULL GROUP BY year
), contract_years AS (
  SELECT signed_year AS year, COUNT(*)::INTEGER AS contracts, coalesce(sum(amount_wan), 0) AS amount_wan
  FROM contracts WHERE signed_year IS NOT NULL GROUP BY signed_year
), obs AS (
  SELECT 'share_units_separate_mgmt' AS metric, s.year, 100.0 * s.n_mgmt / s.denominator AS value,
         s.n_mgmt AS numerator, s.denominator, r.reports AS records, 'reports' AS basis
  FROM shares AS s JOIN reports AS r USING (year)
  UNION ALL
  SELECT 'share_units_tto', s.year, 100.0 * s.n_tto / s.denominator, s.n_tto, s.denominator, r.reports, 'reports'
  FROM shares AS s JOIN reports AS r USING (year)
  UNION ALL
  SELECT 'empowered_results', year, CAST(coalesce(empowered, 0) AS DOUBLE), NULL, NULL, reports, 'reports' FROM reports
  UNION ALL
  SELECT 'contract_wan', year, amount_wan, NULL, NULL, contracts, 'contracts' FROM contract_years
)
SELECT
  obs.metric,
  CAST(obs.year AS INTEGER) AS year,
  obs.value,
  obs.numerator,
  obs.denominator,
  obs.records,
  CASE WHEN obs.basis = 'reports' THEN make_date(obs.year + 1, prm.due_month, prm.due_day) < prm.as_of_date
       ELSE obs.year < year(prm.as_of_date) END AS is_complete,
  prm.as_of_date
FROM obs CROSS JOIN prm
ORDER BY obs.metric, obs.year;

COMMENT ON TABLE mart_target_series IS '2025 目标观测序列：每个目标指标（TARGET_METRICS）每年度一个观测值，与配置 targets 合并后做路径、预测与判定';
COMMENT ON COLUMN mart_target_series.metric IS '目标指标标识（share_units_separate_mgmt / share_units_tto / empowered_results / contract_wan）';
COMMENT ON COLUMN mart_target_series.year IS '年度';
COMMENT ON COLUMN mart_target_series.value IS '观测值（占比为 %，赋权成果为项，合同金额为万元）';
COMMENT ON COLUMN mart_target_series.numerator IS '占比类指标的分子（已建立制度/已设机构的单位数）；其他指标为空';
COMMENT ON COLUMN mart_target_series.denominator IS '占比类指标的分母（截至该年报送过年报的单位数）；其他指标为空';
COMMENT ON COLUMN mart_target_series.records IS '该年度的记录数（年报类指标为当年年报份数，合同金额为合同份数）';
COMMENT ON COLUMN mart_target_series.is_complete IS '该年度数据是否已完整（年报已过报送截止日／合同年度已结束）；不完整的年度不宜用于预测';
COMMENT ON COLUMN mart_target_series.as_of_date IS '判定日（meta.as_of_date，缺失时为构建日，UTC+8）';
