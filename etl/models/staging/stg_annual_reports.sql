-- stg_annual_reports: 年度报告, as read. Generated from etl/contract/contract.yaml by
-- etl/models/generate-staging.ts; do not edit by hand. Input: raw_annual_reports (all text, one row per
-- record, in file order; file_no tells the files of a batch apart, 0 for a file loaded alone).
-- Output: each column typed, plus `errors`, the list of failed checks ({col, val, reason}),
-- `row_cells` (for a row with any: all its cells as JSON, for etl/models/load/classify_rows.sql)
-- and source_row. A row with no errors may still fail the int_ model's rules.
CREATE OR REPLACE TEMP TABLE stg_annual_reports AS
WITH cleaned AS (
  -- each cell trimmed (c_); a row without any white space (raw.padded false) needs no trimming
  SELECT
    raw.file_no,
    raw.source_row,
    raw.extra_cells,
    raw.cells,
    CASE WHEN raw.padded THEN trim_text(raw.year) ELSE nullif(raw.year, '') END AS c_year,
    CASE WHEN raw.padded THEN trim_text(raw.unit_uscc) ELSE nullif(raw.unit_uscc, '') END AS c_unit_uscc,
    CASE WHEN raw.padded THEN trim_text(raw.unit_name) ELSE nullif(raw.unit_name, '') END AS c_unit_name,
    CASE WHEN raw.padded THEN trim_text(raw.unit_type) ELSE nullif(raw.unit_type, '') END AS c_unit_type,
    CASE WHEN raw.padded THEN trim_text(raw.supervising_dept) ELSE nullif(raw.supervising_dept, '') END AS c_supervising_dept,
    CASE WHEN raw.padded THEN trim_text(raw.submitted_date) ELSE nullif(raw.submitted_date, '') END AS c_submitted_date,
    CASE WHEN raw.padded THEN trim_text(raw.transfer_count) ELSE nullif(raw.transfer_count, '') END AS c_transfer_count,
    CASE WHEN raw.padded THEN trim_text(raw.transfer_wan) ELSE nullif(raw.transfer_wan, '') END AS c_transfer_wan,
    CASE WHEN raw.padded THEN trim_text(raw.license_count) ELSE nullif(raw.license_count, '') END AS c_license_count,
    CASE WHEN raw.padded THEN trim_text(raw.license_wan) ELSE nullif(raw.license_wan, '') END AS c_license_wan,
    CASE WHEN raw.padded THEN trim_text(raw.equity_count) ELSE nullif(raw.equity_count, '') END AS c_equity_count,
    CASE WHEN raw.padded THEN trim_text(raw.equity_wan) ELSE nullif(raw.equity_wan, '') END AS c_equity_wan,
    CASE WHEN raw.padded THEN trim_text(raw.dev_count) ELSE nullif(raw.dev_count, '') END AS c_dev_count,
    CASE WHEN raw.padded THEN trim_text(raw.dev_wan) ELSE nullif(raw.dev_wan, '') END AS c_dev_wan,
    CASE WHEN raw.padded THEN trim_text(raw.consult_count) ELSE nullif(raw.consult_count, '') END AS c_consult_count,
    CASE WHEN raw.padded THEN trim_text(raw.consult_wan) ELSE nullif(raw.consult_wan, '') END AS c_consult_wan,
    CASE WHEN raw.padded THEN trim_text(raw.service_count) ELSE nullif(raw.service_count, '') END AS c_service_count,
    CASE WHEN raw.padded THEN trim_text(raw.service_wan) ELSE nullif(raw.service_wan, '') END AS c_service_wan,
    CASE WHEN raw.padded THEN trim_text(raw.reward_cash_wan) ELSE nullif(raw.reward_cash_wan, '') END AS c_reward_cash_wan,
    CASE WHEN raw.padded THEN trim_text(raw.reward_equity_wan) ELSE nullif(raw.reward_equity_wan, '') END AS c_reward_equity_wan,
    CASE WHEN raw.padded THEN trim_text(raw.empowered_count) ELSE nullif(raw.empowered_count, '') END AS c_empowered_count,
    CASE WHEN raw.padded THEN trim_text(raw.pay_later_count) ELSE nullif(raw.pay_later_count, '') END AS c_pay_later_count,
    CASE WHEN raw.padded THEN trim_text(raw.tto_staff) ELSE nullif(raw.tto_staff, '') END AS c_tto_staff,
    CASE WHEN raw.padded THEN trim_text(raw.has_tto) ELSE nullif(raw.has_tto, '') END AS c_has_tto,
    CASE WHEN raw.padded THEN trim_text(raw.has_separate_mgmt) ELSE nullif(raw.has_separate_mgmt, '') END AS c_has_separate_mgmt,
    CASE WHEN raw.padded THEN trim_text(raw.has_empowerment_rules) ELSE nullif(raw.has_empowerment_rules, '') END AS c_has_empowerment_rules,
    CASE WHEN raw.padded THEN trim_text(raw.has_exemption_rules) ELSE nullif(raw.has_exemption_rules, '') END AS c_has_exemption_rules,
    CASE WHEN raw.padded THEN trim_text(raw.problems) ELSE nullif(raw.problems, '') END AS c_problems,
    CASE WHEN raw.padded THEN trim_text(raw.suggestions) ELSE nullif(raw.suggestions, '') END AS c_suggestions
  FROM raw_annual_reports AS raw
),
typed AS (
  SELECT
    cl.*,
    to_int(cl.c_year) AS year,
    CASE WHEN regexp_full_match(cl.c_unit_uscc, '[0-9A-HJ-NPQRTUWXY]{18}') THEN cl.c_unit_uscc ELSE norm_uscc(cl.c_unit_uscc) END AS unit_uscc,
    cl.c_unit_name AS unit_name,
    cl.c_unit_type AS unit_type,
    cl.c_supervising_dept AS supervising_dept,
    to_date(cl.c_submitted_date) AS submitted_date,
    to_int(cl.c_transfer_count) AS transfer_count,
    to_amount(cl.c_transfer_wan) AS transfer_wan,
    to_int(cl.c_license_count) AS license_count,
    to_amount(cl.c_license_wan) AS license_wan,
    to_int(cl.c_equity_count) AS equity_count,
    to_amount(cl.c_equity_wan) AS equity_wan,
    to_int(cl.c_dev_count) AS dev_count,
    to_amount(cl.c_dev_wan) AS dev_wan,
    to_int(cl.c_consult_count) AS consult_count,
    to_amount(cl.c_consult_wan) AS consult_wan,
    to_int(cl.c_service_count) AS service_count,
    to_amount(cl.c_service_wan) AS service_wan,
    to_amount(cl.c_reward_cash_wan) AS reward_cash_wan,
    to_amount(cl.c_reward_equity_wan) AS reward_equity_wan,
    to_int(cl.c_empowered_count) AS empowered_count,
    to_int(cl.c_pay_later_count) AS pay_later_count,
    to_int(cl.c_tto_staff) AS tto_staff,
    to_bool(cl.c_has_tto) AS has_tto,
    to_bool(cl.c_has_separate_mgmt) AS has_separate_mgmt,
    to_bool(cl.c_has_empowerment_rules) AS has_empowerment_rules,
    to_bool(cl.c_has_exemption_rules) AS has_exemption_rules,
    cl.c_problems AS problems,
    cl.c_suggestions AS suggestions,
    regexp_full_match(cl.c_unit_uscc, '[0-9A-HJ-NPQRTUWXY]{18}') AS sh_unit_uscc
  FROM cleaned AS cl
),
checked AS (
  -- each column's first failed check as its number (f_), NULL when the cell is fine
  SELECT
    t.*,
    CASE WHEN t.extra_cells IS NOT NULL THEN 1 END AS f_extra,
    CASE WHEN t.c_year IS NULL THEN 1 WHEN t.c_year IS NOT NULL AND t.year IS NULL THEN 2 WHEN t.year < 0 THEN 3 END AS f_year,
    CASE WHEN t.c_unit_uscc IS NULL THEN 1 WHEN NOT (t.sh_unit_uscc OR regexp_full_match(t.unit_uscc, '[0-9A-HJ-NPQRTUWXY]{18}')) THEN 2 END AS f_unit_uscc,
    CASE WHEN t.c_unit_name IS NULL THEN 1 END AS f_unit_name,
    CASE WHEN t.c_unit_type IS NULL THEN 1 WHEN t.c_unit_type IS NOT NULL AND NOT list_contains(['高校', '科研院所', '医疗卫生机构'], t.unit_type) THEN 2 END AS f_unit_type,
    CASE WHEN t.c_supervising_dept IS NULL THEN 1 END AS f_supervising_dept,
    CASE WHEN t.c_submitted_date IS NULL THEN 1 WHEN t.c_submitted_date IS NOT NULL AND t.submitted_date IS NULL THEN 2 WHEN year(t.submitted_date) NOT BETWEEN 1950 AND 2100 THEN 3 END AS f_submitted_date,
    CASE WHEN t.c_transfer_count IS NOT NULL AND t.transfer_count IS NULL THEN 1 WHEN t.transfer_count < 0 THEN 2 END AS f_transfer_count,
    CASE WHEN t.c_transfer_wan IS NOT NULL AND t.transfer_wan IS NULL THEN 1 WHEN t.transfer_wan < 0 THEN 2 END AS f_transfer_wan,
    CASE WHEN t.c_license_count IS NOT NULL AND t.license_count IS NULL THEN 1 WHEN t.license_count < 0 THEN 2 END AS f_license_count,
    CASE WHEN t.c_license_wan IS NOT NULL AND t.license_wan IS NULL THEN 1 WHEN t.license_wan < 0 THEN 2 END AS f_license_wan,
    CASE WHEN t.c_equity_count IS NOT NULL AND t.equity_count IS NULL THEN 1 WHEN t.equity_count < 0 THEN 2 END AS f_equity_count,
    CASE WHEN t.c_equity_wan IS NOT NULL AND t.equity_wan IS NULL THEN 1 WHEN t.equity_wan < 0 THEN 2 END AS f_equity_wan,
    CASE WHEN t.c_dev_count IS NOT NULL AND t.dev_count IS NULL THEN 1 WHEN t.dev_count < 0 THEN 2 END AS f_dev_count,
    CASE WHEN t.c_dev_wan IS NOT NULL AND t.dev_wan IS NULL THEN 1 WHEN t.dev_wan < 0 THEN 2 END AS f_dev_wan,
    CASE WHEN t.c_consult_count IS NOT NULL AND t.consult_count IS NULL THEN 1 WHEN t.consult_count < 0 THEN 2 END AS f_consult_count,
    CASE WHEN t.c_consult_wan IS NOT NULL AND t.consult_wan IS NULL THEN 1 WHEN t.consult_wan < 0 THEN 2 END AS f_consult_wan,
    CASE WHEN t.c_service_count IS NOT NULL AND t.service_count IS NULL THEN 1 WHEN t.service_count < 0 THEN 2 END AS f_service_count,
    CASE WHEN t.c_service_wan IS NOT NULL AND t.service_wan IS NULL THEN 1 WHEN t.service_wan < 0 THEN 2 END AS f_service_wan,
    CASE WHEN t.c_reward_cash_wan IS NOT NULL AND t.reward_cash_wan IS NULL THEN 1 WHEN t.reward_cash_wan < 0 THEN 2 END AS f_reward_cash_wan,
    CASE WHEN t.c_reward_equity_wan IS NOT NULL AND t.reward_equity_wan IS NULL THEN 1 WHEN t.reward_equity_wan < 0 THEN 2 END AS f_reward_equity_wan,
    CASE WHEN t.c_empowered_count IS NOT NULL AND t.empowered_count IS NULL THEN 1 WHEN t.empowered_count < 0 THEN 2 END AS f_empowered_count,
    CASE WHEN t.c_pay_later_count IS NOT NULL AND t.pay_later_count IS NULL THEN 1 WHEN t.pay_later_count < 0 THEN 2 END AS f_pay_later_count,
    CASE WHEN t.c_tto_staff IS NOT NULL AND t.tto_staff IS NULL THEN 1 WHEN t.tto_staff < 0 THEN 2 END AS f_tto_staff,
    CASE WHEN t.c_has_tto IS NOT NULL AND t.has_tto IS NULL THEN 1 END AS f_has_tto,
    CASE WHEN t.c_has_separate_mgmt IS NOT NULL AND t.has_separate_mgmt IS NULL THEN 1 END AS f_has_separate_mgmt,
    CASE WHEN t.c_has_empowerment_rules IS NOT NULL AND t.has_empowerment_rules IS NULL THEN 1 END AS f_has_empowerment_rules,
    CASE WHEN t.c_has_exemption_rules IS NOT NULL AND t.has_exemption_rules IS NULL THEN 1 END AS f_has_exemption_rules
  FROM typed AS t
)
SELECT
  k.file_no,
  k.source_row,
  k.year,
  k.unit_uscc,
  k.unit_name,
  k.unit_type,
  k.supervising_dept,
  k.submitted_date,
  k.transfer_count,
  k.transfer_wan,
  k.license_count,
  k.license_wan,
  k.equity_count,
  k.equity_wan,
  k.dev_count,
  k.dev_wan,
  k.consult_count,
  k.consult_wan,
  k.service_count,
  k.service_wan,
  k.reward_cash_wan,
  k.reward_equity_wan,
  k.empowered_count,
  k.pay_later_count,
  k.tto_staff,
  k.has_tto,
  k.has_separate_mgmt,
  k.has_empowerment_rules,
  k.has_exemption_rules,
  k.problems,
  k.suggestions,
  -- most rows pass every check: the failures ({col, val, reason}, each column's first failed check)
  -- and the row's cells are built only for the rows that have one (blank, 合计 and note rows fail
  -- here and are told apart by classify_rows.sql); a CASE evaluates its ELSE for those rows alone
  CASE WHEN coalesce(k.f_extra, k.f_year, k.f_unit_uscc, k.f_unit_name, k.f_unit_type, k.f_supervising_dept, k.f_submitted_date, k.f_transfer_count, k.f_transfer_wan, k.f_license_count, k.f_license_wan, k.f_equity_count, k.f_equity_wan, k.f_dev_count, k.f_dev_wan, k.f_consult_count, k.f_consult_wan, k.f_service_count, k.f_service_wan, k.f_reward_cash_wan, k.f_reward_equity_wan, k.f_empowered_count, k.f_pay_later_count, k.f_tto_staff, k.f_has_tto, k.f_has_separate_mgmt, k.f_has_empowerment_rules, k.f_has_exemption_rules) IS NULL THEN CAST([] AS STRUCT(col VARCHAR, val VARCHAR, reason VARCHAR)[])
    ELSE list_filter([
      CASE k.f_extra WHEN 1 THEN {'col': NULL, 'val': k.extra_cells, 'reason': '表头之外的列有内容（列数多于表头）'} END,
      CASE k.f_year WHEN 1 THEN {'col': 'year', 'val': k.c_year, 'reason': '必填项为空'}
        WHEN 2 THEN {'col': 'year', 'val': k.c_year, 'reason': '不是整数'}
        WHEN 3 THEN {'col': 'year', 'val': k.c_year, 'reason': '不能为负数'} END,
      CASE k.f_unit_uscc WHEN 1 THEN {'col': 'unit_uscc', 'val': k.c_unit_uscc, 'reason': '必填项为空'}
        WHEN 2 THEN {'col': 'unit_uscc', 'val': k.c_unit_uscc, 'reason': CASE WHEN length(k.unit_uscc) <> 18 THEN '统一社会信用代码应为18位，实为' || length(k.unit_uscc) || '位' ELSE '统一社会信用代码校验位错误（GB 32100）' END} END,
      CASE k.f_unit_name WHEN 1 THEN {'col': 'unit_name', 'val': k.c_unit_name, 'reason': '必填项为空'} END,
      CASE k.f_unit_type WHEN 1 THEN {'col': 'unit_type', 'val': k.c_unit_type, 'reason': '必填项为空'}
        WHEN 2 THEN {'col': 'unit_type', 'val': k.c_unit_type, 'reason': '不是可选值之一（高校、科研院所、医疗卫生机构）'} END,
      CASE k.f_supervising_dept WHEN 1 THEN {'col': 'supervising_dept', 'val': k.c_supervising_dept, 'reason': '必填项为空'} END,
      CASE k.f_submitted_date WHEN 1 THEN {'col': 'submitted_date', 'val': k.c_submitted_date, 'reason': '必填项为空'}
        WHEN 2 THEN {'col': 'submitted_date', 'val': k.c_submitted_date, 'reason': '不是有效日期或日期不存在（如 2024-03-05、2024/3/5、2024年3月5日）'}
        WHEN 3 THEN {'col': 'submitted_date', 'val': k.c_submitted_date, 'reason': '日期超出合理范围（1950–2100年）'} END,
      CASE k.f_transfer_count WHEN 1 THEN {'col': 'transfer_count', 'val': k.c_transfer_count, 'reason': '不是整数'}
        WHEN 2 THEN {'col': 'transfer_count', 'val': k.c_transfer_count, 'reason': '不能为负数'} END,
      CASE k.f_transfer_wan WHEN 1 THEN {'col': 'transfer_wan', 'val': k.c_transfer_wan, 'reason': '不是有效的金额（万元），如 1,234.5 或 12.3万元'}
        WHEN 2 THEN {'col': 'transfer_wan', 'val': k.c_transfer_wan, 'reason': '金额不能为负数'} END,
      CASE k.f_license_count WHEN 1 THEN {'col': 'license_count', 'val': k.c_license_count, 'reason': '不是整数'}
        WHEN 2 THEN {'col': 'license_count', 'val': k.c_license_count, 'reason': '不能为负数'} END,
      CASE k.f_license_wan WHEN 1 THEN {'col': 'license_wan', 'val': k.c_license_wan, 'reason': '不是有效的金额（万元），如 1,234.5 或 12.3万元'}
        WHEN 2 THEN {'col': 'license_wan', 'val': k.c_license_wan, 'reason': '金额不能为负数'} END,
      CASE k.f_equity_count WHEN 1 THEN {'col': 'equity_count', 'val': k.c_equity_count, 'reason': '不是整数'}
        WHEN 2 THEN {'col': 'equity_count', 'val': k.c_equity_count, 'reason': '不能为负数'} END,
      CASE k.f_equity_wan WHEN 1 THEN {'col': 'equity_wan', 'val': k.c_equity_wan, 'reason': '不是有效的金额（万元），如 1,234.5 或 12.3万元'}
        WHEN 2 THEN {'col': 'equity_wan', 'val': k.c_equity_wan, 'reason': '金额不能为负数'} END,
      CASE k.f_dev_count WHEN 1 THEN {'col': 'dev_count', 'val': k.c_dev_count, 'reason': '不是整数'}
        WHEN 2 THEN {'col': 'dev_count', 'val': k.c_dev_count, 'reason': '不能为负数'} END,
      CASE k.f_dev_wan WHEN 1 THEN {'col': 'dev_wan', 'val': k.c_dev_wan, 'reason': '不是有效的金额（万元），如 1,234.5 或 12.3万元'}
        WHEN 2 THEN {'col': 'dev_wan', 'val': k.c_dev_wan, 'reason': '金额不能为负数'} END,
      CASE k.f_consult_count WHEN 1 THEN {'col': 'consult_count', 'val': k.c_consult_count, 'reason': '不是整数'}
        WHEN 2 THEN {'col': 'consult_count', 'val': k.c_consult_count, 'reason': '不能为负数'} END,
      CASE k.f_consult_wan WHEN 1 THEN {'col': 'consult_wan', 'val': k.c_consult_wan, 'reason': '不是有效的金额（万元），如 1,234.5 或 12.3万元'}
        WHEN 2 THEN {'col': 'consult_wan', 'val': k.c_consult_wan, 'reason': '金额不能为负数'} END,
      CASE k.f_service_count WHEN 1 THEN {'col': 'service_count', 'val': k.c_service_count, 'reason': '不是整数'}
        WHEN 2 THEN {'col': 'service_count', 'val': k.c_service_count, 'reason': '不能为负数'} END,
      CASE k.f_service_wan WHEN 1 THEN {'col': 'service_wan', 'val': k.c_service_wan, 'reason': '不是有效的金额（万元），如 1,234.5 或 12.3万元'}
        WHEN 2 THEN {'col': 'service_wan', 'val': k.c_service_wan, 'reason': '金额不能为负数'} END,
      CASE k.f_reward_cash_wan WHEN 1 THEN {'col': 'reward_cash_wan', 'val': k.c_reward_cash_wan, 'reason': '不是有效的金额（万元），如 1,234.5 或 12.3万元'}
        WHEN 2 THEN {'col': 'reward_cash_wan', 'val': k.c_reward_cash_wan, 'reason': '金额不能为负数'} END,
      CASE k.f_reward_equity_wan WHEN 1 THEN {'col': 'reward_equity_wan', 'val': k.c_reward_equity_wan, 'reason': '不是有效的金额（万元），如 1,234.5 或 12.3万元'}
        WHEN 2 THEN {'col': 'reward_equity_wan', 'val': k.c_reward_equity_wan, 'reason': '金额不能为负数'} END,
      CASE k.f_empowered_count WHEN 1 THEN {'col': 'empowered_count', 'val': k.c_empowered_count, 'reason': '不是整数'}
        WHEN 2 THEN {'col': 'empowered_count', 'val': k.c_empowered_count, 'reason': '不能为负数'} END,
      CASE k.f_pay_later_count WHEN 1 THEN {'col': 'pay_later_count', 'val': k.c_pay_later_count, 'reason': '不是整数'}
        WHEN 2 THEN {'col': 'pay_later_count', 'val': k.c_pay_later_count, 'reason': '不能为负数'} END,
      CASE k.f_tto_staff WHEN 1 THEN {'col': 'tto_staff', 'val': k.c_tto_staff, 'reason': '不是整数'}
        WHEN 2 THEN {'col': 'tto_staff', 'val': k.c_tto_staff, 'reason': '不能为负数'} END,
      CASE k.f_has_tto WHEN 1 THEN {'col': 'has_tto', 'val': k.c_has_tto, 'reason': '应填“是”或“否”'} END,
      CASE k.f_has_separate_mgmt WHEN 1 THEN {'col': 'has_separate_mgmt', 'val': k.c_has_separate_mgmt, 'reason': '应填“是”或“否”'} END,
      CASE k.f_has_empowerment_rules WHEN 1 THEN {'col': 'has_empowerment_rules', 'val': k.c_has_empowerment_rules, 'reason': '应填“是”或“否”'} END,
      CASE k.f_has_exemption_rules WHEN 1 THEN {'col': 'has_exemption_rules', 'val': k.c_has_exemption_rules, 'reason': '应填“是”或“否”'} END
    ], e -> e IS NOT NULL)
  END AS errors,
  CASE WHEN coalesce(k.f_extra, k.f_year, k.f_unit_uscc, k.f_unit_name, k.f_unit_type, k.f_supervising_dept, k.f_submitted_date, k.f_transfer_count, k.f_transfer_wan, k.f_license_count, k.f_license_wan, k.f_equity_count, k.f_equity_wan, k.f_dev_count, k.f_dev_wan, k.f_consult_count, k.f_consult_wan, k.f_service_count, k.f_service_wan, k.f_reward_cash_wan, k.f_reward_equity_wan, k.f_empowered_count, k.f_pay_later_count, k.f_tto_staff, k.f_has_tto, k.f_has_separate_mgmt, k.f_has_empowerment_rules, k.f_has_exemption_rules) IS NOT NULL THEN CAST(to_json(k.cells) AS VARCHAR) END AS row_cells
FROM checked AS k;

-- A file read by the fast path comes without row numbers, but its rows kept the file's order (a plain
-- scan and projections; the files of a batch one after the other), so a row's rowid less its file's
-- first rowid is its record number. It is written down before any UPDATE of a list column (DuckDB
-- moves such a row to a new rowid). The first row under the header is filled in per file_no.
SELECT error('stg_annual_reports: the rows of file ' || file_no || ' are not in one run')
FROM (SELECT file_no, count(*) AS n, max(rowid) - min(rowid) + 1 AS span FROM stg_annual_reports WHERE source_row IS NULL GROUP BY file_no)
WHERE n <> span;
UPDATE stg_annual_reports AS s SET source_row = CAST(s.rowid - f.first_rowid + {{first_row}} AS INTEGER)
FROM (SELECT file_no, min(rowid) AS first_rowid FROM stg_annual_reports WHERE source_row IS NULL GROUP BY file_no) AS f
WHERE s.file_no = f.file_no AND s.source_row IS NULL;

-- unit_uscc: the check digit (GB 32100), once per distinct well-formed code; a row with a wrong one
-- gets the error in its place among the row's other errors
UPDATE stg_annual_reports AS s
SET errors = list_concat(
    list_filter(s.errors, e -> e.col IS NULL OR list_contains(['year']::VARCHAR[], e.col)),
    [{'col': 'unit_uscc', 'val': s.unit_uscc, 'reason': '统一社会信用代码校验位错误（GB 32100）'}],
    list_filter(s.errors, e -> NOT (e.col IS NULL OR list_contains(['year']::VARCHAR[], e.col))))
FROM (
  SELECT code FROM (SELECT DISTINCT unit_uscc AS code FROM stg_annual_reports)
  WHERE regexp_full_match(code, '[0-9A-HJ-NPQRTUWXY]{18}') AND NOT uscc_ok(code)
) AS bad
WHERE s.unit_uscc = bad.code;
