-- 单位年度转化成效：每个单位每年一行，合并 转化合同（按签订年度）、单列管理台账（按取得年度）与年度报告。
-- 用途：转化成效页的单位排名、按单位/年度的已授权成果转化率、奖励、赋权与先用后付统计；任务清单的部门所属单位；
-- 总览的已授权成果转化率。页面只读本表，不扫描台账与合同明细。
CREATE OR REPLACE TABLE mart_unit_year AS
WITH k AS (
  SELECT unit_uscc, signed_year AS year,
    COUNT(*)::INTEGER AS contracts,
    COALESCE(SUM(CAST(amount_wan AS DOUBLE)), 0) AS amount_wan,
    COUNT(*) FILTER (WHERE conversion_method = '转让')::INTEGER AS transfer_contracts,
    COUNT(*) FILTER (WHERE conversion_method = '许可')::INTEGER AS license_contracts,
    COUNT(*) FILTER (WHERE conversion_method = '作价投资')::INTEGER AS equity_contracts,
    COUNT(*) FILTER (WHERE conversion_method = '其他')::INTEGER AS other_contracts,
    COUNT(*) FILTER (WHERE is_pay_later)::INTEGER AS pay_later_contracts,
    COALESCE(SUM(CAST(net_income_wan AS DOUBLE)), 0) AS net_income_wan
  FROM contracts WHERE signed_year IS NOT NULL GROUP BY ALL
), a AS (
  SELECT unit_uscc, CAST(year(acquired_date) AS INTEGER) AS year,
    COUNT(*)::INTEGER AS results,
    COUNT(*) FILTER (WHERE is_granted)::INTEGER AS granted_results,
    COUNT(*) FILTER (WHERE is_granted AND conversion_status = '已转化')::INTEGER AS granted_converted,
    COUNT(*) FILTER (WHERE conversion_status = '已转化')::INTEGER AS converted_results,
    COUNT(*) FILTER (WHERE empowerment_type IN ('所有权', '长期使用权'))::INTEGER AS ledger_empowered,
    COUNT(*) FILTER (WHERE in_pay_later_pool)::INTEGER AS pay_later_pool
  FROM achievements WHERE acquired_date IS NOT NULL GROUP BY ALL
), r AS (
  SELECT unit_uscc, year,
    true AS has_report,
    COALESCE(reward_cash_wan, 0) AS reward_cash_wan,
    COALESCE(reward_equity_wan, 0) AS reward_equity_wan,
    COALESCE(empowered_count, 0) AS report_empowered,
    COALESCE(pay_later_count, 0) AS report_pay_later,
    unit_name AS r_name, unit_type AS r_type, supervising_dept AS r_dept
  FROM annual_reports
), keys AS (
  SELECT unit_uscc, year FROM k UNION SELECT unit_uscc, year FROM a UNION SELECT unit_uscc, year FROM r
)
SELECT
  keys.unit_uscc,
  -- units.unit_name already falls back to the ledger's name (dims/units.sql)
  COALESCE(u.unit_name, r.r_name, keys.unit_uscc) AS unit_name,
  COALESCE(u.unit_type, r.r_type, '未分类') AS unit_type,
  COALESCE(u.supervising_dept, r.r_dept, '未登记') AS supervising_dept,
  keys.year,
  COALESCE(k.contracts, 0) AS contracts,
  COALESCE(k.amount_wan, 0) AS amount_wan,
  CASE WHEN COALESCE(k.contracts, 0) > 0 THEN k.amount_wan / k.contracts END AS avg_wan,
  COALESCE(k.transfer_contracts, 0) AS transfer_contracts,
  COALESCE(k.license_contracts, 0) AS license_contracts,
  COALESCE(k.equity_contracts, 0) AS equity_contracts,
  COALESCE(k.other_contracts, 0) AS other_contracts,
  COALESCE(k.pay_later_contracts, 0) AS pay_later_contracts,
  COALESCE(k.net_income_wan, 0) AS net_income_wan,
  COALESCE(a.results, 0) AS results,
  COALESCE(a.granted_results, 0) AS granted_results,
  COALESCE(a.granted_converted, 0) AS granted_converted,
  CASE WHEN COALESCE(a.granted_results, 0) > 0 THEN a.granted_converted / a.granted_results END AS granted_conversion_rate,
  COALESCE(a.converted_results, 0) AS converted_results,
  COALESCE(a.ledger_empowered, 0) AS ledger_empowered,
  COALESCE(a.pay_later_pool, 0) AS pay_later_pool,
  COALESCE(r.has_report, false) AS has_report,
  COALESCE(r.reward_cash_wan, 0) AS reward_cash_wan,
  COALESCE(r.reward_equity_wan, 0) AS reward_equity_wan,
  COALESCE(r.reward_cash_wan, 0) + COALESCE(r.reward_equity_wan, 0) AS reward_wan,
  COALESCE(r.report_empowered, 0) AS report_empowered,
  COALESCE(r.report_pay_later, 0) AS report_pay_later
FROM keys
LEFT JOIN units u USING (unit_uscc)
LEFT JOIN k ON k.unit_uscc = keys.unit_uscc AND k.year = keys.year
LEFT JOIN a ON a.unit_uscc = keys.unit_uscc AND a.year = keys.year
LEFT JOIN r ON r.unit_uscc = keys.unit_uscc AND r.year = keys.year
ORDER BY keys.unit_uscc, keys.year;

COMMENT ON TABLE mart_unit_year IS '单位年度转化成效（每单位每年一行：合同按签订年度，台账成果按取得年度，奖励/赋权/先用后付按年度报告）';
COMMENT ON COLUMN mart_unit_year.unit_uscc IS '单位统一社会信用代码';
COMMENT ON COLUMN mart_unit_year.unit_name IS '单位名称';
COMMENT ON COLUMN mart_unit_year.unit_type IS '单位类型（高校/科研院所/医疗卫生机构/未分类）';
COMMENT ON COLUMN mart_unit_year.supervising_dept IS '主管部门（departments.name，未登记记为“未登记”）';
COMMENT ON COLUMN mart_unit_year.year IS '年度';
COMMENT ON COLUMN mart_unit_year.contracts IS '当年签订的转化合同数（合同明细）';
COMMENT ON COLUMN mart_unit_year.amount_wan IS '当年签订的转化合同金额（万元）';
COMMENT ON COLUMN mart_unit_year.avg_wan IS '当年平均合同金额（万元）';
COMMENT ON COLUMN mart_unit_year.transfer_contracts IS '转让合同数';
COMMENT ON COLUMN mart_unit_year.license_contracts IS '许可合同数';
COMMENT ON COLUMN mart_unit_year.equity_contracts IS '作价投资合同数';
COMMENT ON COLUMN mart_unit_year.other_contracts IS '其他方式合同数';
COMMENT ON COLUMN mart_unit_year.pay_later_contracts IS '“先使用后付费”合同数（合同明细）';
COMMENT ON COLUMN mart_unit_year.net_income_wan IS '转化净收入合计（万元）';
COMMENT ON COLUMN mart_unit_year.results IS '当年取得的成果数（台账）';
COMMENT ON COLUMN mart_unit_year.granted_results IS '当年取得的已授权成果数（专利权、软件著作权等已授权类型）';
COMMENT ON COLUMN mart_unit_year.granted_converted IS '其中转化状态为“已转化”的已授权成果数';
COMMENT ON COLUMN mart_unit_year.granted_conversion_rate IS '已授权成果转化率（已转化÷已授权，按取得年度；无已授权成果时为空）';
COMMENT ON COLUMN mart_unit_year.converted_results IS '当年取得且已转化的成果数（全部类型）';
COMMENT ON COLUMN mart_unit_year.ledger_empowered IS '台账中赋予所有权或长期使用权的成果数';
COMMENT ON COLUMN mart_unit_year.pay_later_pool IS '台账中纳入“先用后付成果池”的成果数';
COMMENT ON COLUMN mart_unit_year.has_report IS '是否报送了当年年度报告';
COMMENT ON COLUMN mart_unit_year.reward_cash_wan IS '奖励个人现金（万元，年度报告）';
COMMENT ON COLUMN mart_unit_year.reward_equity_wan IS '奖励个人股权（万元，年度报告）';
COMMENT ON COLUMN mart_unit_year.reward_wan IS '奖励个人合计（现金＋股权，万元）';
COMMENT ON COLUMN mart_unit_year.report_empowered IS '当年赋权成果数（年度报告）';
COMMENT ON COLUMN mart_unit_year.report_pay_later IS '先用后付许可数（年度报告）';
