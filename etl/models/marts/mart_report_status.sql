-- 年度报告报送情况：每个应报单位每个年度一行，对照报送截止日（次年 1 月 31 日，取自 profile_params）判定 按时/逾期/未报/未到期。
-- 用途：数据质量页的报送完整性与及时性（谁按时、谁逾期、谁未报），总览的年报收到数。
-- 截止月日取 profile_params 的 annual_report_due_month / annual_report_due_day；缺失时按 1 月 31 日（吉林 第十七条），
-- 并在 due_rule 列写明“默认”。判定日 as_of_date 取 meta.as_of_date（ETL 的 --as-of），缺失时为构建日（UTC+8 日历日）。
-- profile_params 由 ETL 写入；若仓库中尚无此表，这里建一张空表，使本模型可运行。
CREATE TABLE IF NOT EXISTS profile_params (key VARCHAR, value VARCHAR);

CREATE OR REPLACE TABLE mart_report_status AS
WITH prm AS (
  SELECT
    TRY_CAST((SELECT max(value) FROM profile_params WHERE key = 'annual_report_due_month') AS INTEGER) AS m,
    TRY_CAST((SELECT max(value) FROM profile_params WHERE key = 'annual_report_due_day') AS INTEGER) AS d
), rule AS (
  SELECT COALESCE(m, 1) AS due_month, COALESCE(d, 31) AS due_day,
    CASE WHEN m IS NOT NULL AND d IS NOT NULL THEN '次年' || m || '月' || d || '日前（profile_params）'
         ELSE '次年1月31日前（默认：profile_params 未提供截止日期）' END AS due_rule,
    COALESCE(TRY_CAST((SELECT max(value) FROM meta WHERE key = 'as_of_date') AS DATE),
             CAST(make_timestamp(epoch_us(now()) + 28800000000) AS DATE)) AS as_of_date
  FROM prm
), expected_units AS (
  SELECT unit_uscc, unit_name, unit_type, supervising_dept FROM units
  WHERE unit_type IN ('高校', '科研院所', '医疗卫生机构')
  UNION
  SELECT unit_uscc, any_value(unit_name), any_value(unit_type), any_value(supervising_dept)
  FROM annual_reports WHERE unit_uscc NOT IN (SELECT unit_uscc FROM units WHERE unit_type IN ('高校', '科研院所', '医疗卫生机构'))
  GROUP BY unit_uscc
), years AS (
  SELECT CAST(range AS INTEGER) AS year
  FROM rule, range(
    (SELECT COALESCE(min(year), year(rule.as_of_date) - 1) FROM annual_reports),
    GREATEST((SELECT COALESCE(max(year), 0) FROM annual_reports), year(rule.as_of_date) - 1) + 1)
)
SELECT
  y.year,
  e.unit_uscc,
  COALESCE(u.unit_name, e.unit_name) AS unit_name,
  COALESCE(u.unit_type, e.unit_type, '未分类') AS unit_type,
  COALESCE(u.supervising_dept, e.supervising_dept, '未登记') AS supervising_dept,
  make_date(y.year + 1, rule.due_month, rule.due_day) AS due_date,
  ar.submitted_date,
  CASE
    WHEN ar.unit_uscc IS NOT NULL AND ar.submitted_date IS NULL THEN '逾期'
    WHEN ar.submitted_date IS NOT NULL AND ar.submitted_date <= make_date(y.year + 1, rule.due_month, rule.due_day) THEN '按时'
    WHEN ar.submitted_date IS NOT NULL THEN '逾期'
    WHEN rule.as_of_date <= make_date(y.year + 1, rule.due_month, rule.due_day) THEN '未到期'
    ELSE '未报'
  END AS status,
  CASE WHEN ar.submitted_date > make_date(y.year + 1, rule.due_month, rule.due_day)
       THEN CAST(ar.submitted_date - make_date(y.year + 1, rule.due_month, rule.due_day) AS INTEGER) END AS days_late,
  CASE WHEN ar.unit_uscc IS NULL AND rule.as_of_date > make_date(y.year + 1, rule.due_month, rule.due_day)
       THEN CAST(rule.as_of_date - make_date(y.year + 1, rule.due_month, rule.due_day) AS INTEGER) END AS days_overdue,
  rule.due_rule,
  rule.as_of_date
FROM years y
CROSS JOIN expected_units e
CROSS JOIN rule
LEFT JOIN units u ON u.unit_uscc = e.unit_uscc
LEFT JOIN annual_reports ar ON ar.unit_uscc = e.unit_uscc AND ar.year = y.year
ORDER BY y.year, e.unit_uscc;

COMMENT ON TABLE mart_report_status IS '年度报告报送情况（每应报单位每年一行：按时/逾期/未报/未到期）';
COMMENT ON COLUMN mart_report_status.year IS '报告年度';
COMMENT ON COLUMN mart_report_status.unit_uscc IS '单位统一社会信用代码';
COMMENT ON COLUMN mart_report_status.unit_name IS '单位名称';
COMMENT ON COLUMN mart_report_status.unit_type IS '单位类型';
COMMENT ON COLUMN mart_report_status.supervising_dept IS '主管部门';
COMMENT ON COLUMN mart_report_status.due_date IS '报送截止日期（次年1月31日或 profile 规定日期）';
COMMENT ON COLUMN mart_report_status.submitted_date IS '实际提交日期（未报为空）';
COMMENT ON COLUMN mart_report_status.status IS '报送状态：按时/逾期/未报/未到期';
COMMENT ON COLUMN mart_report_status.days_late IS '逾期提交的天数（按时或未报为空）';
COMMENT ON COLUMN mart_report_status.days_overdue IS '未报单位已超过截止日期的天数（至判定日）';
COMMENT ON COLUMN mart_report_status.due_rule IS '截止日期规则及其来源';
COMMENT ON COLUMN mart_report_status.as_of_date IS '判定日（meta.as_of_date，缺失时为数据构建日，UTC+8 日历日）';
