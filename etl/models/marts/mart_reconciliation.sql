-- 台账与年报核对：每单位每年一行，转化合同明细（转让/许可/作价投资）与年度报告所填的合同数和金额对比。
-- 用途：数据质量页的“合同明细 vs 年度报告”核对表；差异超过 0.01 万元或份数不同即标为不一致。
CREATE OR REPLACE TABLE mart_reconciliation AS
WITH k AS (
  SELECT unit_uscc, signed_year AS year,
    COUNT(*) FILTER (WHERE conversion_method = '转让')::INTEGER AS l_transfer_count,
    COALESCE(SUM(CAST(amount_wan AS DOUBLE)) FILTER (WHERE conversion_method = '转让'), 0) AS l_transfer_wan,
    COUNT(*) FILTER (WHERE conversion_method = '许可')::INTEGER AS l_license_count,
    COALESCE(SUM(CAST(amount_wan AS DOUBLE)) FILTER (WHERE conversion_method = '许可'), 0) AS l_license_wan,
    COUNT(*) FILTER (WHERE conversion_method = '作价投资')::INTEGER AS l_equity_count,
    COALESCE(SUM(CAST(amount_wan AS DOUBLE)) FILTER (WHERE conversion_method = '作价投资'), 0) AS l_equity_wan
  FROM contracts
  WHERE conversion_method IN ('转让', '许可', '作价投资') AND signed_year IS NOT NULL
  GROUP BY ALL
), r AS (
  SELECT unit_uscc, year, unit_name,
    COALESCE(transfer_count, 0) AS r_transfer_count, COALESCE(transfer_wan, 0) AS r_transfer_wan,
    COALESCE(license_count, 0) AS r_license_count, COALESCE(license_wan, 0) AS r_license_wan,
    COALESCE(equity_count, 0) AS r_equity_count, COALESCE(equity_wan, 0) AS r_equity_wan
  FROM annual_reports
), j AS (
  SELECT COALESCE(k.unit_uscc, r.unit_uscc) AS unit_uscc, COALESCE(k.year, r.year) AS year, r.unit_name AS r_name,
    k.unit_uscc IS NOT NULL AS in_ledger, r.unit_uscc IS NOT NULL AS in_report,
    COALESCE(l_transfer_count, 0) + COALESCE(l_license_count, 0) + COALESCE(l_equity_count, 0) AS ledger_contracts,
    COALESCE(l_transfer_wan, 0) + COALESCE(l_license_wan, 0) + COALESCE(l_equity_wan, 0) AS ledger_wan,
    COALESCE(r_transfer_count, 0) + COALESCE(r_license_count, 0) + COALESCE(r_equity_count, 0) AS report_contracts,
    COALESCE(r_transfer_wan, 0) + COALESCE(r_license_wan, 0) + COALESCE(r_equity_wan, 0) AS report_wan,
    COALESCE(l_transfer_count, 0) AS ledger_transfer, COALESCE(r_transfer_count, 0) AS report_transfer,
    COALESCE(l_license_count, 0) AS ledger_license, COALESCE(r_license_count, 0) AS report_license,
    COALESCE(l_equity_count, 0) AS ledger_equity, COALESCE(r_equity_count, 0) AS report_equity
  FROM k FULL OUTER JOIN r ON k.unit_uscc = r.unit_uscc AND k.year = r.year
)
SELECT
  j.year,
  j.unit_uscc,
  COALESCE(u.unit_name, j.r_name, j.unit_uscc) AS unit_name,
  COALESCE(u.supervising_dept, '未登记') AS supervising_dept,
  j.ledger_contracts::INTEGER AS ledger_contracts,
  j.report_contracts::INTEGER AS report_contracts,
  (j.ledger_contracts - j.report_contracts)::INTEGER AS diff_contracts,
  j.ledger_wan,
  j.report_wan,
  j.ledger_wan - j.report_wan AS diff_wan,
  j.ledger_transfer::INTEGER AS ledger_transfer, j.report_transfer::INTEGER AS report_transfer,
  j.ledger_license::INTEGER AS ledger_license, j.report_license::INTEGER AS report_license,
  j.ledger_equity::INTEGER AS ledger_equity, j.report_equity::INTEGER AS report_equity,
  CASE
    WHEN NOT j.in_report THEN '仅合同明细'
    WHEN NOT j.in_ledger AND j.report_contracts > 0 THEN '仅年度报告'
    WHEN j.ledger_transfer = j.report_transfer AND j.ledger_license = j.report_license AND j.ledger_equity = j.report_equity
         AND abs(j.ledger_wan - j.report_wan) < 0.01 THEN '一致'
    ELSE '不一致'
  END AS status
FROM j LEFT JOIN units u USING (unit_uscc)
ORDER BY j.year, j.unit_uscc;

COMMENT ON TABLE mart_reconciliation IS '合同明细与年度报告核对（每单位每年一行，转让/许可/作价投资的份数与金额）';
COMMENT ON COLUMN mart_reconciliation.year IS '年度（合同按签订年度）';
COMMENT ON COLUMN mart_reconciliation.unit_uscc IS '单位统一社会信用代码';
COMMENT ON COLUMN mart_reconciliation.unit_name IS '单位名称';
COMMENT ON COLUMN mart_reconciliation.supervising_dept IS '主管部门';
COMMENT ON COLUMN mart_reconciliation.ledger_contracts IS '合同明细中的转让、许可、作价投资合同数';
COMMENT ON COLUMN mart_reconciliation.report_contracts IS '年度报告填报的转让、许可、作价投资合同数';
COMMENT ON COLUMN mart_reconciliation.diff_contracts IS '合同数差异（明细－年报）';
COMMENT ON COLUMN mart_reconciliation.ledger_wan IS '合同明细金额（万元）';
COMMENT ON COLUMN mart_reconciliation.report_wan IS '年度报告金额（万元）';
COMMENT ON COLUMN mart_reconciliation.diff_wan IS '金额差异（明细－年报，万元）';
COMMENT ON COLUMN mart_reconciliation.ledger_transfer IS '合同明细转让合同数';
COMMENT ON COLUMN mart_reconciliation.report_transfer IS '年度报告转让合同数';
COMMENT ON COLUMN mart_reconciliation.ledger_license IS '合同明细许可合同数';
COMMENT ON COLUMN mart_reconciliation.report_license IS '年度报告许可合同数';
COMMENT ON COLUMN mart_reconciliation.ledger_equity IS '合同明细作价投资合同数';
COMMENT ON COLUMN mart_reconciliation.report_equity IS '年度报告作价投资合同数';
COMMENT ON COLUMN mart_reconciliation.status IS '核对结果：一致/不一致/仅合同明细（未报年报）/仅年度报告（无明细）';
