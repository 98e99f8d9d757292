-- stg_annual_reports: 年度报告, as read. Generated from etl/contract/contract.yaml by
-- etl/models/generate-staging.ts; do not edit by hand. Input: raw_annual_reports (all text, one row per
-- data row of one file, with source_row). Output: each column typed, plus `errors`, the list of
-- failed checks ({col, val, reason}); a row with no errors may still fail the int_ model's rules.
CREATE OR REPLACE TEMP TABLE stg_annual_reports AS
WITH cleaned AS MATERIALIZED (
  -- each cell trimmed once (c_); numbers are then normalised once (n_: full-width digits, separators)
  SELECT
    raw.source_row,
    raw.extra_cells,
    raw.row_class,
    raw.row_text,
    clean_text(raw.year) AS c_year,
    clean_text(raw.unit_uscc) AS c_unit_uscc,
    clean_text(raw.unit_name) AS c_unit_name,
    clean_text(raw.unit_type) AS c_unit_type,
    clean_text(raw.supervising_dept) AS c_supervising_dept,
    clean_text(raw.submitted_date) AS c_submitted_date,
    clean_text(raw.transfer_count) AS c_transfer_count,
    clean_text(raw.transfer_wan) AS c_transfer_wan,
    clean_text(raw.license_count) AS c_license_count,
    clean_text(raw.license_wan) AS c_license_wan,
    clean_text(raw.equity_count) AS c_equity_count,
    clean_text(raw.equity_wan) AS c_equity_wan,
    clean_text(raw.dev_count) AS c_dev_count,
    clean_text(raw.dev_wan) AS c_dev_wan,
    clean_text(raw.consult_count) AS c_consult_count,
    clean_text(raw.consult_wan) AS c_consult_wan,
    clean_text(raw.service_count) AS c_service_count,
    clean_text(raw.service_wan) AS c_service_wan,
    clean_text(raw.reward_cash_wan) AS c_reward_cash_wan,
    clean_text(raw.reward_equity_wan) AS c_reward_equity_wan,
    clean_text(raw.empowered_count) AS c_empowered_count,
    clean_text(raw.pay_later_count) AS c_pay_later_count,
    clean_text(raw.tto_staff) AS c_tto_staff,
    clean_text(raw.has_tto) AS c_has_tto,
    clean_text(raw.has_separate_mgmt) AS c_has_separate_mgmt,
    clean_text(raw.has_empowerment_rules) AS c_has_empowerment_rules,
    clean_text(raw.has_exemption_rules) AS c_has_exemption_rules,
    clean_text(raw.problems) AS c_problems,
    clean_text(raw.suggestions) AS c_suggestions
  FROM raw_annual_reports AS raw
),
numbers AS MATERIALIZED (
  SELECT *,
    num_text(c_year) AS n_year,
    num_text(c_transfer_count) AS n_transfer_count,
    num_text(c_transfer_wan) AS n_transfer_wan,
    num_text(c_license_count) AS n_license_count,
    num_text(c_license_wan) AS n_license_wan,
    num_text(c_equity_count) AS n_equity_count,
    num_text(c_equity_wan) AS n_equity_wan,
    num_text(c_dev_count) AS n_dev_count,
    num_text(c_dev_wan) AS n_dev_wan,
    num_text(c_consult_count) AS n_consult_count,
    num_text(c_consult_wan) AS n_consult_wan,
    num_text(c_service_count) AS n_service_count,
    num_text(c_service_wan) AS n_service_wan,
    num_text(c_reward_cash_wan) AS n_reward_cash_wan,
    num_text(c_reward_equity_wan) AS n_reward_equity_wan,
    num_text(c_empowered_count) AS n_empowered_count,
    num_text(c_pay_later_count) AS n_pay_later_count,
    num_text(c_tto_staff) AS n_tto_staff
  FROM cleaned
),
m_unit_uscc AS (
  -- parsed once per distinct value: a ledger repeats its unit code and dates on many rows
  SELECT v, norm_uscc(v) AS typed, uscc_ok(norm_uscc(v)) AS ok
  FROM (SELECT DISTINCT c_unit_uscc AS v FROM cleaned)
),
m_submitted_date AS (
  -- parsed once per distinct value: a ledger repeats its unit code and dates on many rows
  SELECT v, date_of(v) AS typed
  FROM (SELECT DISTINCT c_submitted_date AS v FROM cleaned)
),
typed AS (
  SELECT
    cl.*,
    int_of(cl.n_year) AS year,
    m_unit_uscc.typed AS unit_uscc,
    cl.c_unit_name AS unit_name,
    cl.c_unit_type AS unit_type,
    cl.c_supervising_dept AS supervising_dept,
    m_submitted_date.typed AS submitted_date,
    int_of(cl.n_transfer_count) AS transfer_count,
    amount_of(cl.n_transfer_wan) AS transfer_wan,
    int_of(cl.n_license_count) AS license_count,
    amount_of(cl.n_license_wan) AS license_wan,
    int_of(cl.n_equity_count) AS equity_count,
    amount_of(cl.n_equity_wan) AS equity_wan,
    int_of(cl.n_dev_count) AS dev_count,
    amount_of(cl.n_dev_wan) AS dev_wan,
    int_of(cl.n_consult_count) AS consult_count,
    amount_of(cl.n_consult_wan) AS consult_wan,
    int_of(cl.n_service_count) AS service_count,
    amount_of(cl.n_service_wan) AS service_wan,
    amount_of(cl.n_reward_cash_wan) AS reward_cash_wan,
    amount_of(cl.n_reward_equity_wan) AS reward_equity_wan,
    int_of(cl.n_empowered_count) AS empowered_count,
    int_of(cl.n_pay_later_count) AS pay_later_count,
    int_of(cl.n_tto_staff) AS tto_staff,
    bool_of(cl.c_has_tto) AS has_tto,
    bool_of(cl.c_has_separate_mgmt) AS has_separate_mgmt,
    bool_of(cl.c_has_empowerment_rules) AS has_empowerment_rules,
    bool_of(cl.c_has_exemption_rules) AS has_exemption_rules,
    cl.c_problems AS problems,
    cl.c_suggestions AS suggestions,
    m_unit_uscc.ok AS ok_unit_uscc
  FROM numbers AS cl
  LEFT JOIN m_unit_uscc ON m_unit_uscc.v = cl.c_unit_uscc
  LEFT JOIN m_submitted_date ON m_submitted_date.v = cl.c_submitted_date
)
SELECT
  t.source_row,
  t.year,
  t.unit_uscc,
  t.unit_name,
  t.unit_type,
  t.supervising_dept,
  t.submitted_date,
  t.transfer_count,
  t.transfer_wan,
  t.license_count,
  t.license_wan,
  t.equity_count,
  t.equity_wan,
  t.dev_count,
  t.dev_wan,
  t.consult_count,
  t.consult_wan,
  t.service_count,
  t.service_wan,
  t.reward_cash_wan,
  t.reward_equity_wan,
  t.empowered_count,
  t.pay_later_count,
  t.tto_staff,
  t.has_tto,
  t.has_separate_mgmt,
  t.has_empowerment_rules,
  t.has_exemption_rules,
  t.problems,
  t.suggestions,
  CASE
    -- a 合计/小计 row below the data: a summary, not a record (row_class: etl/load/raw-load.ts)
    WHEN t.row_class = 'total' THEN [{'col': NULL, 'val': t.row_text, 'reason': '合计/小计行，不作为数据导入'}]
    -- a note under the table (注：…, 填表人：…): one filled cell of prose
    WHEN t.row_class = 'note' THEN [{'col': NULL, 'val': t.row_text, 'reason': '表格下方的说明或备注行，不作为数据导入'}]
    -- most rows pass every check: build the list of failures only for the rows that have one
    WHEN NOT (t.extra_cells IS NOT NULL
      OR coalesce(t.c_year IS NULL, FALSE) OR coalesce(t.c_year IS NOT NULL AND t.year IS NULL, FALSE) OR coalesce(t.year < 0, FALSE)
      OR coalesce(t.c_unit_uscc IS NULL, FALSE) OR coalesce(t.c_unit_uscc IS NOT NULL AND NOT coalesce(t.ok_unit_uscc, FALSE), FALSE)
      OR coalesce(t.c_unit_name IS NULL, FALSE)
      OR coalesce(t.c_unit_type IS NULL, FALSE) OR coalesce(t.c_unit_type IS NOT NULL AND t.unit_type NOT IN ('高校', '科研院所', '医疗卫生机构'), FALSE)
      OR coalesce(t.c_supervising_dept IS NULL, FALSE)
      OR coalesce(t.c_submitted_date IS NULL, FALSE) OR coalesce(t.c_submitted_date IS NOT NULL AND t.submitted_date IS NULL, FALSE) OR coalesce(year(t.submitted_date) NOT BETWEEN 1950 AND 2100, FALSE)
      OR coalesce(t.c_transfer_count IS NOT NULL AND t.transfer_count IS NULL, FALSE) OR coalesce(t.transfer_count < 0, FALSE)
      OR coalesce(t.c_transfer_wan IS NOT NULL AND t.transfer_wan IS NULL, FALSE) OR coalesce(t.transfer_wan < 0, FALSE)
      OR coalesce(t.c_license_count IS NOT NULL AND t.license_count IS NULL, FALSE) OR coalesce(t.license_count < 0, FALSE)
      OR coalesce(t.c_license_wan IS NOT NULL AND t.license_wan IS NULL, FALSE) OR coalesce(t.license_wan < 0, FALSE)
      OR coalesce(t.c_equity_count IS NOT NULL AND t.equity_count IS NULL, FALSE) OR coalesce(t.equity_count < 0, FALSE)
      OR coalesce(t.c_equity_wan IS NOT NULL AND t.equity_wan IS NULL, FALSE) OR coalesce(t.equity_wan < 0, FALSE)
      OR coalesce(t.c_dev_count IS NOT NULL AND t.dev_count IS NULL, FALSE) OR coalesce(t.dev_count < 0, FALSE)
      OR coalesce(t.c_dev_wan IS NOT NULL AND t.dev_wan IS NULL, FALSE) OR coalesce(t.dev_wan < 0, FALSE)
      OR coalesce(t.c_consult_count IS NOT NULL AND t.consult_count IS NULL, FALSE) OR coalesce(t.consult_count < 0, FALSE)
      OR coalesce(t.c_consult_wan IS NOT NULL AND t.consult_wan IS NULL, FALSE) OR coalesce(t.consult_wan < 0, FALSE)
      OR coalesce(t.c_service_count IS NOT NULL AND t.service_count IS NULL, FALSE) OR coalesce(t.service_count < 0, FALSE)
      OR coalesce(t.c_service_wan IS NOT NULL AND t.service_wan IS NULL, FALSE) OR coalesce(t.service_wan < 0, FALSE)
      OR coalesce(t.c_reward_cash_wan IS NOT NULL AND t.reward_cash_wan IS NULL, FALSE) OR coalesce(t.reward_cash_wan < 0, FALSE)
      OR coalesce(t.c_reward_equity_wan IS NOT NULL AND t.reward_equity_wan IS NULL, FALSE) OR coalesce(t.reward_equity_wan < 0, FALSE)
      OR coalesce(t.c_empowered_count IS NOT NULL AND t.empowered_count IS NULL, FALSE) OR coalesce(t.empowered_count < 0, FALSE)
      OR coalesce(t.c_pay_later_count IS NOT NULL AND t.pay_later_count IS NULL, FALSE) OR coalesce(t.pay_later_count < 0, FALSE)
      OR coalesce(t.c_tto_staff IS NOT NULL AND t.tto_staff IS NULL, FALSE) OR coalesce(t.tto_staff < 0, FALSE)
      OR coalesce(t.c_has_tto IS NOT NULL AND t.has_tto IS NULL, FALSE)
      OR coalesce(t.c_has_separate_mgmt IS NOT NULL AND t.has_separate_mgmt IS NULL, FALSE)
      OR coalesce(t.c_has_empowerment_rules IS NOT NULL AND t.has_empowerment_rules IS NULL, FALSE)
      OR coalesce(t.c_has_exemption_rules IS NOT NULL AND t.has_exemption_rules IS NULL, FALSE))
      THEN CAST([] AS STRUCT(col VARCHAR, val VARCHAR, reason VARCHAR)[])
    ELSE list_filter([
      CASE WHEN t.extra_cells IS NOT NULL THEN {'col': NULL, 'val': t.extra_cells, 'reason': '表头之外的列有内容（列数多于表头）'} END,
      CASE WHEN t.c_year IS NULL THEN {'col': 'year', 'val': t.c_year, 'reason': '必填项为空'}
      WHEN t.c_year IS NOT NULL AND t.year IS NULL THEN {'col': 'year', 'val': t.c_year, 'reason': '不是整数'}
      WHEN t.year < 0 THEN {'col': 'year', 'val': t.c_year, 'reason': '不能为负数'} END,
      CASE WHEN t.c_unit_uscc IS NULL THEN {'col': 'unit_uscc', 'val': t.c_unit_uscc, 'reason': '必填项为空'}
      WHEN t.c_unit_uscc IS NOT NULL AND NOT coalesce(t.ok_unit_uscc, FALSE) THEN {'col': 'unit_uscc', 'val': t.c_unit_uscc, 'reason': CASE WHEN length(t.unit_uscc) <> 18 THEN '统一社会信用代码应为18位，实为' || length(t.unit_uscc) || '位' ELSE '统一社会信用代码校验位错误（GB 32100）' END} END,
      CASE WHEN t.c_unit_name IS NULL THEN {'col': 'unit_name', 'val': t.c_unit_name, 'reason': '必填项为空'} END,
      CASE WHEN t.c_unit_type IS NULL THEN {'col': 'unit_type', 'val': t.c_unit_type, 'reason': '必填项为空'}
      WHEN t.c_unit_type IS NOT NULL AND t.unit_type NOT IN ('高校', '科研院所', '医疗卫生机构') THEN {'col': 'unit_type', 'val': t.c_unit_type, 'reason': '不是可选值之一（高校、科研院所、医疗卫生机构）'} END,
      CASE WHEN t.c_supervising_dept IS NULL THEN {'col': 'supervising_dept', 'val': t.c_supervising_dept, 'reason': '必填项为空'} END,
      CASE WHEN t.c_submitted_date IS NULL THEN {'col': 'submitted_date', 'val': t.c_submitted_date, 'reason': '必填项为空'}
      WHEN t.c_submitted_date IS NOT NULL AND t.submitted_date IS NULL THEN {'col': 'submitted_date', 'val': t.c_submitted_date, 'reason': '不是有效日期或日期不存在（如 2024-03-05、2024/3/5、2024年3月5日）'}
      WHEN year(t.submitted_date) NOT BETWEEN 1950 AND 2100 THEN {'col': 'submitted_date', 'val': t.c_submitted_date, 'reason': '日期超出合理范围（1950–2100年）'} END,
      CASE WHEN t.c_transfer_count IS NOT NULL AND t.transfer_count IS NULL THEN {'col': 'transfer_count', 'val': t.c_transfer_count, 'reason': '不是整数'}
      WHEN t.transfer_count < 0 THEN {'col': 'transfer_count', 'val': t.c_transfer_count, 'reason': '不能为负数'} END,
      CASE WHEN t.c_transfer_wan IS NOT NULL AND t.transfer_wan IS NULL THEN {'col': 'transfer_wan', 'val': t.c_transfer_wan, 'reason': '不是有效的金额（万元），如 1,234.5 或 12.3万元'}
      WHEN t.transfer_wan < 0 THEN {'col': 'transfer_wan', 'val': t.c_transfer_wan, 'reason': '金额不能为负数'} END,
      CASE WHEN t.c_license_count IS NOT NULL AND t.license_count IS NULL THEN {'col': 'license_count', 'val': t.c_license_count, 'reason': '不是整数'}
      WHEN t.license_count < 0 THEN {'col': 'license_count', 'val': t.c_license_count, 'reason': '不能为负数'} END,
      CASE WHEN t.c_license_wan IS NOT NULL AND t.license_wan IS NULL THEN {'col': 'license_wan', 'val': t.c_license_wan, 'reason': '不是有效的金额（万元），如 1,234.5 或 12.3万元'}
      WHEN t.license_wan < 0 THEN {'col': 'license_wan', 'val': t.c_license_wan, 'reason': '金额不能为负数'} END,
      CASE WHEN t.c_equity_count IS NOT NULL AND t.equity_count IS NULL THEN {'col': 'equity_count', 'val': t.c_equity_count, 'reason': '不是整数'}
      WHEN t.equity_count < 0 THEN {'col': 'equity_count', 'val': t.c_equity_count, 'reason': '不能为负数'} END,
      CASE WHEN t.c_equity_wan IS NOT NULL AND t.equity_wan IS NULL THEN {'col': 'equity_wan', 'val': t.c_equity_wan, 'reason': '不是有效的金额（万元），如 1,234.5 或 12.3万元'}
      WHEN t.equity_wan < 0 THEN {'col': 'equity_wan', 'val': t.c_equity_wan, 'reason': '金额不能为负数'} END,
      CASE WHEN t.c_dev_count IS NOT NULL AND t.dev_count IS NULL THEN {'col': 'dev_count', 'val': t.c_dev_count, 'reason': '不是整数'}
      WHEN t.dev_count < 0 THEN {'col': 'dev_count', 'val': t.c_dev_count, 'reason': '不能为负数'} END,
      CASE WHEN t.c_dev_wan IS NOT NULL AND t.dev_wan IS NULL THEN {'col': 'dev_wan', 'val': t.c_dev_wan, 'reason': '不是有效的金额（万元），如 1,234.5 或 12.3万元'}
      WHEN t.dev_wan < 0 THEN {'col': 'dev_wan', 'val': t.c_dev_wan, 'reason': '金额不能为负数'} END,
      CASE WHEN t.c_consult_count IS NOT NULL AND t.consult_count IS NULL THEN {'col': 'consult_count', 'val': t.c_consult_count, 'reason': '不是整数'}
      WHEN t.consult_count < 0 THEN {'col': 'consult_count', 'val': t.c_consult_count, 'reason': '不能为负数'} END,
      CASE WHEN t.c_consult_wan IS NOT NULL AND t.consult_wan IS NULL THEN {'col': 'consult_wan', 'val': t.c_consult_wan, 'reason': '不是有效的金额（万元），如 1,234.5 或 12.3万元'}
      WHEN t.consult_wan < 0 THEN {'col': 'consult_wan', 'val': t.c_consult_wan, 'reason': '金额不能为负数'} END,
      CASE WHEN t.c_service_count IS NOT NULL AND t.service_count IS NULL THEN {'col': 'service_count', 'val': t.c_service_count, 'reason': '不是整数'}
      WHEN t.service_count < 0 THEN {'col': 'service_count', 'val': t.c_service_count, 'reason': '不能为负数'} END,
      CASE WHEN t.c_service_wan IS NOT NULL AND t.service_wan IS NULL THEN {'col': 'service_wan', 'val': t.c_service_wan, 'reason': '不是有效的金额（万元），如 1,234.5 或 12.3万元'}
      WHEN t.service_wan < 0 THEN {'col': 'service_wan', 'val': t.c_service_wan, 'reason': '金额不能为负数'} END,
      CASE WHEN t.c_reward_cash_wan IS NOT NULL AND t.reward_cash_wan IS NULL THEN {'col': 'reward_cash_wan', 'val': t.c_reward_cash_wan, 'reason': '不是有效的金额（万元），如 1,234.5 或 12.3万元'}
      WHEN t.reward_cash_wan < 0 THEN {'col': 'reward_cash_wan', 'val': t.c_reward_cash_wan, 'reason': '金额不能为负数'} END,
      CASE WHEN t.c_reward_equity_wan IS NOT NULL AND t.reward_equity_wan IS NULL THEN {'col': 'reward_equity_wan', 'val': t.c_reward_equity_wan, 'reason': '不是有效的金额（万元），如 1,234.5 或 12.3万元'}
      WHEN t.reward_equity_wan < 0 THEN {'col': 'reward_equity_wan', 'val': t.c_reward_equity_wan, 'reason': '金额不能为负数'} END,
      CASE WHEN t.c_empowered_count IS NOT NULL AND t.empowered_count IS NULL THEN {'col': 'empowered_count', 'val': t.c_empowered_count, 'reason': '不是整数'}
      WHEN t.empowered_count < 0 THEN {'col': 'empowered_count', 'val': t.c_empowered_count, 'reason': '不能为负数'} END,
      CASE WHEN t.c_pay_later_count IS NOT NULL AND t.pay_later_count IS NULL THEN {'col': 'pay_later_count', 'val': t.c_pay_later_count, 'reason': '不是整数'}
      WHEN t.pay_later_count < 0 THEN {'col': 'pay_later_count', 'val': t.c_pay_later_count, 'reason': '不能为负数'} END,
      CASE WHEN t.c_tto_staff IS NOT NULL AND t.tto_staff IS NULL THEN {'col': 'tto_staff', 'val': t.c_tto_staff, 'reason': '不是整数'}
      WHEN t.tto_staff < 0 THEN {'col': 'tto_staff', 'val': t.c_tto_staff, 'reason': '不能为负数'} END,
      CASE WHEN t.c_has_tto IS NOT NULL AND t.has_tto IS NULL THEN {'col': 'has_tto', 'val': t.c_has_tto, 'reason': '应填“是”或“否”'} END,
      CASE WHEN t.c_has_separate_mgmt IS NOT NULL AND t.has_separate_mgmt IS NULL THEN {'col': 'has_separate_mgmt', 'val': t.c_has_separate_mgmt, 'reason': '应填“是”或“否”'} END,
      CASE WHEN t.c_has_empowerment_rules IS NOT NULL AND t.has_empowerment_rules IS NULL THEN {'col': 'has_empowerment_rules', 'val': t.c_has_empowerment_rules, 'reason': '应填“是”或“否”'} END,
      CASE WHEN t.c_has_exemption_rules IS NOT NULL AND t.has_exemption_rules IS NULL THEN {'col': 'has_exemption_rules', 'val': t.c_has_exemption_rules, 'reason': '应填“是”或“否”'} END,
      NULL,
      NULL
    ], e -> e IS NOT NULL)
  END AS errors
FROM typed AS t;
