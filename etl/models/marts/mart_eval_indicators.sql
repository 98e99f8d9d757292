-- 考核评价指标（辽宁（十三））：每个单位每个年度一行，列名即 etl/policy/profile.ts EVALUATION_METRICS 的指标标识，
-- 页面按配置 evaluation.indicators[].metric 取列，再用 src/lib/analytics（归一化、AHP/熵权、加权得分、灵敏度）计算。
-- 范围：报送过年度报告的全部单位 × 年度报告中出现的全部年度；某年未报送的单位该年也有一行（has_report 为假，
-- 年报类指标为空，由评价库按“缺失取最差值”处理），使未报单位不会从排名中消失。
-- 口径：
--   conversion_wan / contract_count：年报 转让+许可+作价投资 的金额与合同数（三项都未填时为空，否则未填项按 0 计）；
--   reward_individual_wan：年报 奖励个人现金+股权（同上）；has_tto：年报“是否设立技术转移机构”是=1、否=0；
--   tto_staff / empowered_count / pay_later_count：年报对应字段；
--   conversion_rate_pct：台账 截至该年末已取得的已授权成果中，截至该年已转化的比例（%）。“截至该年已转化”=
--     台账转化状态为已转化，且对应合同（同单位同成果编号）最早签订年度 ≤ 该年；台账中无对应合同的已转化成果按
--     取得年度起算。单位台账中没有已授权成果时为空。台账为最新快照，历史年度的比例据合同签订年度回推。
-- 本模型只依赖基础表与 units（etl/load/schedule.ts 据此在这些表写完后运行它）。
CREATE OR REPLACE TABLE mart_eval_indicators AS
WITH yrs AS (
  SELECT DISTINCT year FROM annual_reports WHERE year IS NOT NULL
), pop AS (
  SELECT DISTINCT unit_uscc FROM annual_reports
), grid AS (
  SELECT pop.unit_uscc, yrs.year FROM pop CROSS JOIN yrs
), first_contract AS (
  SELECT unit_uscc, achievement_no, min(signed_year) AS first_signed_year
  FROM contracts WHERE achievement_no IS NOT NULL GROUP BY ALL
), granted AS (
  -- each granted result once: the year it was acquired, and the year it counts as converted (the
  -- later of that year and its first contract's year), NULL when it is not converted
  SELECT a.unit_uscc, year(a.acquired_date) AS acquired_year,
    CASE WHEN a.conversion_status = '已转化' AND a.acquired_date IS NOT NULL
      THEN greatest(year(a.acquired_date), coalesce(fc.first_signed_year, year(a.acquired_date))) END AS converted_year
  FROM achievements AS a
  LEFT JOIN first_contract AS fc ON fc.unit_uscc = a.unit_uscc AND fc.achievement_no = a.achievement_no
  WHERE a.is_granted
), granted_by_year AS (
  SELECT unit_uscc, acquired_year, converted_year, count(*) AS n FROM granted GROUP BY ALL
), ledger AS (
  -- summed per unit and grid year from the few (acquired, converted) year pairs, not per result
  SELECT g.unit_uscc, g.year,
    coalesce(sum(b.n) FILTER (WHERE b.acquired_year <= g.year), 0)::INTEGER AS granted_results,
    coalesce(sum(b.n) FILTER (WHERE b.converted_year <= g.year), 0)::INTEGER AS granted_converted
  FROM grid AS g
  JOIN granted_by_year AS b ON b.unit_uscc = g.unit_uscc
  GROUP BY g.unit_uscc, g.year
)
SELECT
  g.unit_uscc,
  coalesce(u.unit_name, r.unit_name, g.unit_uscc) AS unit_name,
  coalesce(u.unit_type, r.unit_type, '未分类') AS unit_type,
  coalesce(u.supervising_dept, '未登记') AS supervising_dept,
  g.year,
  r.unit_uscc IS NOT NULL AS has_report,
  r.submitted_date,
  CASE WHEN r.transfer_wan IS NULL AND r.license_wan IS NULL AND r.equity_wan IS NULL THEN NULL
       ELSE coalesce(r.transfer_wan, 0) + coalesce(r.license_wan, 0) + coalesce(r.equity_wan, 0) END AS conversion_wan,
  CASE WHEN r.transfer_count IS NULL AND r.license_count IS NULL AND r.equity_count IS NULL THEN NULL
       ELSE coalesce(r.transfer_count, 0) + coalesce(r.license_count, 0) + coalesce(r.equity_count, 0) END::INTEGER AS contract_count,
  CASE WHEN coalesce(l.granted_results, 0) > 0 THEN 100.0 * l.granted_converted / l.granted_results END AS conversion_rate_pct,
  CASE WHEN r.reward_cash_wan IS NULL AND r.reward_equity_wan IS NULL THEN NULL
       ELSE coalesce(r.reward_cash_wan, 0) + coalesce(r.reward_equity_wan, 0) END AS reward_individual_wan,
  CASE WHEN r.has_tto THEN 1 WHEN NOT r.has_tto THEN 0 END::INTEGER AS has_tto,
  r.tto_staff,
  r.empowered_count,
  r.pay_later_count,
  coalesce(l.granted_results, 0) AS granted_results,
  coalesce(l.granted_converted, 0) AS granted_converted
FROM grid AS g
LEFT JOIN annual_reports AS r ON r.unit_uscc = g.unit_uscc AND r.year = g.year
LEFT JOIN ledger AS l ON l.unit_uscc = g.unit_uscc AND l.year = g.year
LEFT JOIN units AS u ON u.unit_uscc = g.unit_uscc
ORDER BY g.year, g.unit_uscc;

COMMENT ON TABLE mart_eval_indicators IS '考核评价指标（辽宁（十三））：每单位每年度一行，列名为 EVALUATION_METRICS 的指标标识；未报年报的年度年报类指标为空';
COMMENT ON COLUMN mart_eval_indicators.unit_uscc IS '单位统一社会信用代码';
COMMENT ON COLUMN mart_eval_indicators.unit_name IS '单位名称';
COMMENT ON COLUMN mart_eval_indicators.unit_type IS '单位类型（高校/科研院所/医疗卫生机构）';
COMMENT ON COLUMN mart_eval_indicators.supervising_dept IS '主管部门（departments.name，未登记为“未登记”）';
COMMENT ON COLUMN mart_eval_indicators.year IS '评价年度（年度报告的年度）';
COMMENT ON COLUMN mart_eval_indicators.has_report IS '该年度是否有年度报告（否时年报类指标为空）';
COMMENT ON COLUMN mart_eval_indicators.submitted_date IS '年度报告提交日期';
COMMENT ON COLUMN mart_eval_indicators.conversion_wan IS '转化金额（转让+许可+作价投资，万元，年度报告）';
COMMENT ON COLUMN mart_eval_indicators.contract_count IS '转化合同数（转让+许可+作价投资，年度报告）';
COMMENT ON COLUMN mart_eval_indicators.conversion_rate_pct IS '已授权成果转化率（%）：截至该年末取得的已授权成果中截至该年已转化的比例（台账，合同签订年度回推）';
COMMENT ON COLUMN mart_eval_indicators.reward_individual_wan IS '奖励个人金额（现金+股权，万元，年度报告）';
COMMENT ON COLUMN mart_eval_indicators.has_tto IS '是否设立技术转移机构（是=1，否=0，年度报告）';
COMMENT ON COLUMN mart_eval_indicators.tto_staff IS '技术转移专职人员数（年度报告）';
COMMENT ON COLUMN mart_eval_indicators.empowered_count IS '赋权成果数（年度报告）';
COMMENT ON COLUMN mart_eval_indicators.pay_later_count IS '先用后付许可数（年度报告）';
COMMENT ON COLUMN mart_eval_indicators.granted_results IS '截至该年末取得的已授权成果数（转化率的分母，台账）';
COMMENT ON COLUMN mart_eval_indicators.granted_converted IS '其中截至该年已转化的成果数（转化率的分子）';
