-- 总览头条指标：每年一行（year 为空的一行为全部年度），合同数、金额、已授权成果转化率、年报收到数、奖励、赋权、先用后付。
-- 用途：总览页顶部的指标卡（按年度切换）。任务完成/滞后数由页面读 mart_task_latest（43 行级别的小表）。
-- 本模型只依赖基础表，因按文件名顺序运行时它先于其它 mart 执行。
CREATE OR REPLACE TABLE mart_overview AS
WITH k AS (
  SELECT signed_year AS year, GROUPING(signed_year) = 1 AS is_all,
    COUNT(*)::INTEGER AS contracts,
    COALESCE(SUM(CAST(amount_wan AS DOUBLE)), 0) AS amount_wan,
    AVG(CAST(amount_wan AS DOUBLE)) AS avg_wan,
    MEDIAN(CAST(amount_wan AS DOUBLE)) AS median_wan,
    COUNT(DISTINCT unit_uscc)::INTEGER AS contract_units,
    COUNT(*) FILTER (WHERE is_pay_later)::INTEGER AS pay_later_contracts
  FROM contracts WHERE signed_year IS NOT NULL
  GROUP BY GROUPING SETS ((signed_year), ())
), a AS (
  SELECT CAST(year(acquired_date) AS INTEGER) AS year, GROUPING(year(acquired_date)) = 1 AS is_all,
    COUNT(*) FILTER (WHERE is_granted)::INTEGER AS granted_results,
    COUNT(*) FILTER (WHERE is_granted AND conversion_status = '已转化')::INTEGER AS granted_converted
  FROM achievements WHERE acquired_date IS NOT NULL
  GROUP BY GROUPING SETS ((year(acquired_date)), ())
), r AS (
  SELECT year, GROUPING(year) = 1 AS is_all,
    COUNT(*)::INTEGER AS reports_received,
    COALESCE(SUM(COALESCE(reward_cash_wan, 0) + COALESCE(reward_equity_wan, 0)), 0) AS reward_wan,
    COALESCE(SUM(empowered_count), 0)::INTEGER AS empowered_count,
    COALESCE(SUM(pay_later_count), 0)::INTEGER AS pay_later_count
  FROM annual_reports
  GROUP BY GROUPING SETS ((year), ())
), keys AS (
  SELECT year, is_all FROM k UNION SELECT year, is_all FROM a UNION SELECT year, is_all FROM r
  UNION SELECT NULL, true
)
SELECT
  CASE WHEN keys.is_all THEN NULL ELSE keys.year END AS year,
  keys.is_all AS is_all_year,
  COALESCE(k.contracts, 0) AS contracts,
  COALESCE(k.amount_wan, 0) AS amount_wan,
  k.avg_wan,
  k.median_wan,
  COALESCE(k.contract_units, 0) AS contract_units,
  COALESCE(k.pay_later_contracts, 0) AS pay_later_contracts,
  COALESCE(a.granted_results, 0) AS granted_results,
  COALESCE(a.granted_converted, 0) AS granted_converted,
  CASE WHEN COALESCE(a.granted_results, 0) > 0 THEN a.granted_converted / a.granted_results END AS granted_conversion_rate,
  COALESCE(r.reports_received, 0) AS reports_received,
  COALESCE(r.reward_wan, 0) AS reward_wan,
  COALESCE(r.empowered_count, 0) AS empowered_count,
  COALESCE(r.pay_later_count, 0) AS pay_later_count
FROM keys
LEFT JOIN k ON k.is_all = keys.is_all AND k.year IS NOT DISTINCT FROM keys.year
LEFT JOIN a ON a.is_all = keys.is_all AND a.year IS NOT DISTINCT FROM keys.year
LEFT JOIN r ON r.is_all = keys.is_all AND r.year IS NOT DISTINCT FROM keys.year
ORDER BY keys.is_all DESC, keys.year;

COMMENT ON TABLE mart_overview IS '总览头条指标（每年一行，year 为空为全部年度）';
COMMENT ON COLUMN mart_overview.year IS '年度（合同按签订年度，成果按取得年度，年报按报告年度；为空表示全部年度）';
COMMENT ON COLUMN mart_overview.is_all_year IS '是否为全部年度汇总行';
COMMENT ON COLUMN mart_overview.contracts IS '转化合同数（份）';
COMMENT ON COLUMN mart_overview.amount_wan IS '转化合同金额（万元）';
COMMENT ON COLUMN mart_overview.avg_wan IS '平均合同金额（万元）';
COMMENT ON COLUMN mart_overview.median_wan IS '合同金额中位数（万元）';
COMMENT ON COLUMN mart_overview.contract_units IS '有转化合同的单位数';
COMMENT ON COLUMN mart_overview.pay_later_contracts IS '“先使用后付费”合同数（合同明细）';
COMMENT ON COLUMN mart_overview.granted_results IS '已授权成果数（台账，按取得年度）';
COMMENT ON COLUMN mart_overview.granted_converted IS '其中已转化的已授权成果数';
COMMENT ON COLUMN mart_overview.granted_conversion_rate IS '已授权成果转化率（已转化÷已授权）';
COMMENT ON COLUMN mart_overview.reports_received IS '收到的年度报告数';
COMMENT ON COLUMN mart_overview.reward_wan IS '奖励个人现金与股权合计（万元，年度报告）';
COMMENT ON COLUMN mart_overview.empowered_count IS '赋权成果数（年度报告）';
COMMENT ON COLUMN mart_overview.pay_later_count IS '先用后付许可数（年度报告）';
