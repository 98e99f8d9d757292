-- stg_contracts: 转化合同明细, as read. Generated from etl/contract/contract.yaml by
-- etl/models/generate-staging.ts; do not edit by hand. Input: raw_contracts (all text, one row per
-- record, in file order; file_no tells the files of a batch apart, 0 for a file loaded alone).
-- Output: each column typed, plus `errors`, the list of failed checks ({col, val, reason}),
-- `row_cells` (for a row with any: all its cells as JSON, for etl/models/load/classify_rows.sql)
-- and source_row. A row with no errors may still fail the int_ model's rules.
CREATE OR REPLACE TEMP TABLE stg_contracts AS
WITH cleaned AS (
  -- each cell trimmed (c_); a row without any white space (raw.padded false) needs no trimming
  SELECT
    raw.file_no,
    raw.source_row,
    raw.extra_cells,
    raw.cells,
    CASE WHEN raw.padded THEN trim_text(raw.contract_no) ELSE nullif(raw.contract_no, '') END AS c_contract_no,
    CASE WHEN raw.padded THEN trim_text(raw.unit_uscc) ELSE nullif(raw.unit_uscc, '') END AS c_unit_uscc,
    CASE WHEN raw.padded THEN trim_text(raw.achievement_no) ELSE nullif(raw.achievement_no, '') END AS c_achievement_no,
    CASE WHEN raw.padded THEN trim_text(raw.conversion_method) ELSE nullif(raw.conversion_method, '') END AS c_conversion_method,
    CASE WHEN raw.padded THEN trim_text(raw.assignee_name) ELSE nullif(raw.assignee_name, '') END AS c_assignee_name,
    CASE WHEN raw.padded THEN trim_text(raw.assignee_type) ELSE nullif(raw.assignee_type, '') END AS c_assignee_type,
    CASE WHEN raw.padded THEN trim_text(raw.amount_wan) ELSE nullif(raw.amount_wan, '') END AS c_amount_wan,
    CASE WHEN raw.padded THEN trim_text(raw.signed_date) ELSE nullif(raw.signed_date, '') END AS c_signed_date,
    CASE WHEN raw.padded THEN trim_text(raw.pricing_method) ELSE nullif(raw.pricing_method, '') END AS c_pricing_method,
    CASE WHEN raw.padded THEN trim_text(raw.notice_days) ELSE nullif(raw.notice_days, '') END AS c_notice_days,
    CASE WHEN raw.padded THEN trim_text(raw.is_appraised) ELSE nullif(raw.is_appraised, '') END AS c_is_appraised,
    CASE WHEN raw.padded THEN trim_text(raw.net_income_wan) ELSE nullif(raw.net_income_wan, '') END AS c_net_income_wan,
    CASE WHEN raw.padded THEN trim_text(raw.inventor_reward_pct) ELSE nullif(raw.inventor_reward_pct, '') END AS c_inventor_reward_pct,
    CASE WHEN raw.padded THEN trim_text(raw.tto_share_pct) ELSE nullif(raw.tto_share_pct, '') END AS c_tto_share_pct,
    CASE WHEN raw.padded THEN trim_text(raw.fund_share_pct) ELSE nullif(raw.fund_share_pct, '') END AS c_fund_share_pct,
    CASE WHEN raw.padded THEN trim_text(raw.uses_horizontal_surplus) ELSE nullif(raw.uses_horizontal_surplus, '') END AS c_uses_horizontal_surplus,
    CASE WHEN raw.padded THEN trim_text(raw.is_pay_later) ELSE nullif(raw.is_pay_later, '') END AS c_is_pay_later
  FROM raw_contracts AS raw
),
typed AS (
  SELECT
    cl.*,
    cl.c_contract_no AS contract_no,
    CASE WHEN regexp_full_match(cl.c_unit_uscc, '[0-9A-HJ-NPQRTUWXY]{18}') THEN cl.c_unit_uscc ELSE norm_uscc(cl.c_unit_uscc) END AS unit_uscc,
    cl.c_achievement_no AS achievement_no,
    cl.c_conversion_method AS conversion_method,
    cl.c_assignee_name AS assignee_name,
    cl.c_assignee_type AS assignee_type,
    to_amount(cl.c_amount_wan) AS amount_wan,
    to_date(cl.c_signed_date) AS signed_date,
    cl.c_pricing_method AS pricing_method,
    to_int(cl.c_notice_days) AS notice_days,
    to_bool(cl.c_is_appraised) AS is_appraised,
    to_amount(cl.c_net_income_wan) AS net_income_wan,
    to_pct(cl.c_inventor_reward_pct) AS inventor_reward_pct,
    to_pct(cl.c_tto_share_pct) AS tto_share_pct,
    to_pct(cl.c_fund_share_pct) AS fund_share_pct,
    to_bool(cl.c_uses_horizontal_surplus) AS uses_horizontal_surplus,
    to_bool(cl.c_is_pay_later) AS is_pay_later,
    regexp_full_match(cl.c_unit_uscc, '[0-9A-HJ-NPQRTUWXY]{18}') AS sh_unit_uscc
  FROM cleaned AS cl
),
checked AS (
  -- each column's first failed check as its number (f_), NULL when the cell is fine
  SELECT
    t.*,
    CASE WHEN t.extra_cells IS NOT NULL THEN 1 END AS f_extra,
    CASE WHEN t.c_contract_no IS NULL THEN 1 END AS f_contract_no,
    CASE WHEN t.c_unit_uscc IS NULL THEN 1 WHEN NOT (t.sh_unit_uscc OR regexp_full_match(t.unit_uscc, '[0-9A-HJ-NPQRTUWXY]{18}')) THEN 2 END AS f_unit_uscc,
    CASE WHEN t.c_conversion_method IS NULL THEN 1 WHEN t.c_conversion_method IS NOT NULL AND NOT list_contains(['转让', '许可', '作价投资', '其他'], t.conversion_method) THEN 2 END AS f_conversion_method,
    CASE WHEN t.c_assignee_name IS NULL THEN 1 END AS f_assignee_name,
    CASE WHEN t.c_assignee_type IS NOT NULL AND NOT list_contains(['国有全资企业', '非国有企业', '中小微企业', '其他'], t.assignee_type) THEN 1 END AS f_assignee_type,
    CASE WHEN t.c_amount_wan IS NULL THEN 1 WHEN t.c_amount_wan IS NOT NULL AND t.amount_wan IS NULL THEN 2 WHEN t.amount_wan < 0 THEN 3 END AS f_amount_wan,
    CASE WHEN t.c_signed_date IS NULL THEN 1 WHEN t.c_signed_date IS NOT NULL AND t.signed_date IS NULL THEN 2 WHEN year(t.signed_date) NOT BETWEEN 1950 AND 2100 THEN 3 END AS f_signed_date,
    CASE WHEN t.c_pricing_method IS NOT NULL AND NOT list_contains(['协议定价', '挂牌交易', '拍卖', '评估定价'], t.pricing_method) THEN 1 END AS f_pricing_method,
    CASE WHEN t.c_notice_days IS NOT NULL AND t.notice_days IS NULL THEN 1 WHEN t.notice_days < 0 THEN 2 END AS f_notice_days,
    CASE WHEN t.c_is_appraised IS NOT NULL AND t.is_appraised IS NULL THEN 1 END AS f_is_appraised,
    CASE WHEN t.c_net_income_wan IS NOT NULL AND t.net_income_wan IS NULL THEN 1 WHEN t.net_income_wan < 0 THEN 2 END AS f_net_income_wan,
    CASE WHEN t.c_inventor_reward_pct IS NOT NULL AND t.inventor_reward_pct IS NULL THEN 1 WHEN t.inventor_reward_pct < 0 OR t.inventor_reward_pct > 100 THEN 2 END AS f_inventor_reward_pct,
    CASE WHEN t.c_tto_share_pct IS NOT NULL AND t.tto_share_pct IS NULL THEN 1 WHEN t.tto_share_pct < 0 OR t.tto_share_pct > 100 THEN 2 END AS f_tto_share_pct,
    CASE WHEN t.c_fund_share_pct IS NOT NULL AND t.fund_share_pct IS NULL THEN 1 WHEN t.fund_share_pct < 0 OR t.fund_share_pct > 100 THEN 2 END AS f_fund_share_pct,
    CASE WHEN t.c_uses_horizontal_surplus IS NOT NULL AND t.uses_horizontal_surplus IS NULL THEN 1 END AS f_uses_horizontal_surplus,
    CASE WHEN t.c_is_pay_later IS NOT NULL AND t.is_pay_later IS NULL THEN 1 END AS f_is_pay_later
  FROM typed AS t
)
SELECT
  k.file_no,
  k.source_row,
  k.contract_no,
  k.unit_uscc,
  k.achievement_no,
  k.conversion_method,
  k.assignee_name,
  k.assignee_type,
  k.amount_wan,
  k.signed_date,
  k.pricing_method,
  k.notice_days,
  k.is_appraised,
  k.net_income_wan,
  k.inventor_reward_pct,
  k.tto_share_pct,
  k.fund_share_pct,
  k.uses_horizontal_surplus,
  k.is_pay_later,
  -- most rows pass every check: the failures ({col, val, reason}, each column's first failed check)
  -- and the row's cells are built only for the rows that have one (blank, 合计 and note rows fail
  -- here and are told apart by classify_rows.sql); a CASE evaluates its ELSE for those rows alone
  CASE WHEN coalesce(k.f_extra, k.f_contract_no, k.f_unit_uscc, k.f_conversion_method, k.f_assignee_name, k.f_assignee_type, k.f_amount_wan, k.f_signed_date, k.f_pricing_method, k.f_notice_days, k.f_is_appraised, k.f_net_income_wan, k.f_inventor_reward_pct, k.f_tto_share_pct, k.f_fund_share_pct, k.f_uses_horizontal_surplus, k.f_is_pay_later) IS NULL THEN CAST([] AS STRUCT(col VARCHAR, val VARCHAR, reason VARCHAR)[])
    ELSE list_filter([
      CASE k.f_extra WHEN 1 THEN {'col': NULL, 'val': k.extra_cells, 'reason': '表头之外的列有内容（列数多于表头）'} END,
      CASE k.f_contract_no WHEN 1 THEN {'col': 'contract_no', 'val': k.c_contract_no, 'reason': '必填项为空'} END,
      CASE k.f_unit_uscc WHEN 1 THEN {'col': 'unit_uscc', 'val': k.c_unit_uscc, 'reason': '必填项为空'}
        WHEN 2 THEN {'col': 'unit_uscc', 'val': k.c_unit_uscc, 'reason': CASE WHEN length(k.unit_uscc) <> 18 THEN '统一社会信用代码应为18位，实为' || length(k.unit_uscc) || '位' ELSE '统一社会信用代码校验位错误（GB 32100）' END} END,
      CASE k.f_conversion_method WHEN 1 THEN {'col': 'conversion_method', 'val': k.c_conversion_method, 'reason': '必填项为空'}
        WHEN 2 THEN {'col': 'conversion_method', 'val': k.c_conversion_method, 'reason': '不是可选值之一（转让、许可、作价投资、其他）'} END,
      CASE k.f_assignee_name WHEN 1 THEN {'col': 'assignee_name', 'val': k.c_assignee_name, 'reason': '必填项为空'} END,
      CASE k.f_assignee_type WHEN 1 THEN {'col': 'assignee_type', 'val': k.c_assignee_type, 'reason': '不是可选值之一（国有全资企业、非国有企业、中小微企业、其他）'} END,
      CASE k.f_amount_wan WHEN 1 THEN {'col': 'amount_wan', 'val': k.c_amount_wan, 'reason': '必填项为空'}
        WHEN 2 THEN {'col': 'amount_wan', 'val': k.c_amount_wan, 'reason': '不是有效的金额（万元），如 1,234.5 或 12.3万元'}
        WHEN 3 THEN {'col': 'amount_wan', 'val': k.c_amount_wan, 'reason': '金额不能为负数'} END,
      CASE k.f_signed_date WHEN 1 THEN {'col': 'signed_date', 'val': k.c_signed_date, 'reason': '必填项为空'}
        WHEN 2 THEN {'col': 'signed_date', 'val': k.c_signed_date, 'reason': '不是有效日期或日期不存在（如 2024-03-05、2024/3/5、2024年3月5日）'}
        WHEN 3 THEN {'col': 'signed_date', 'val': k.c_signed_date, 'reason': '日期超出合理范围（1950–2100年）'} END,
      CASE k.f_pricing_method WHEN 1 THEN {'col': 'pricing_method', 'val': k.c_pricing_method, 'reason': '不是可选值之一（协议定价、挂牌交易、拍卖、评估定价）'} END,
      CASE k.f_notice_days WHEN 1 THEN {'col': 'notice_days', 'val': k.c_notice_days, 'reason': '不是整数'}
        WHEN 2 THEN {'col': 'notice_days', 'val': k.c_notice_days, 'reason': '不能为负数'} END,
      CASE k.f_is_appraised WHEN 1 THEN {'col': 'is_appraised', 'val': k.c_is_appraised, 'reason': '应填“是”或“否”'} END,
      CASE k.f_net_income_wan WHEN 1 THEN {'col': 'net_income_wan', 'val': k.c_net_income_wan, 'reason': '不是有效的金额（万元），如 1,234.5 或 12.3万元'}
        WHEN 2 THEN {'col': 'net_income_wan', 'val': k.c_net_income_wan, 'reason': '金额不能为负数'} END,
      CASE k.f_inventor_reward_pct WHEN 1 THEN {'col': 'inventor_reward_pct', 'val': k.c_inventor_reward_pct, 'reason': '不是有效的百分比'}
        WHEN 2 THEN {'col': 'inventor_reward_pct', 'val': k.c_inventor_reward_pct, 'reason': '比例应在 0–100 之间'} END,
      CASE k.f_tto_share_pct WHEN 1 THEN {'col': 'tto_share_pct', 'val': k.c_tto_share_pct, 'reason': '不是有效的百分比'}
        WHEN 2 THEN {'col': 'tto_share_pct', 'val': k.c_tto_share_pct, 'reason': '比例应在 0–100 之间'} END,
      CASE k.f_fund_share_pct WHEN 1 THEN {'col': 'fund_share_pct', 'val': k.c_fund_share_pct, 'reason': '不是有效的百分比'}
        WHEN 2 THEN {'col': 'fund_share_pct', 'val': k.c_fund_share_pct, 'reason': '比例应在 0–100 之间'} END,
      CASE k.f_uses_horizontal_surplus WHEN 1 THEN {'col': 'uses_horizontal_surplus', 'val': k.c_uses_horizontal_surplus, 'reason': '应填“是”或“否”'} END,
      CASE k.f_is_pay_later WHEN 1 THEN {'col': 'is_pay_later', 'val': k.c_is_pay_later, 'reason': '应填“是”或“否”'} END
    ], e -> e IS NOT NULL)
  END AS errors,
  CASE WHEN coalesce(k.f_extra, k.f_contract_no, k.f_unit_uscc, k.f_conversion_method, k.f_assignee_name, k.f_assignee_type, k.f_amount_wan, k.f_signed_date, k.f_pricing_method, k.f_notice_days, k.f_is_appraised, k.f_net_income_wan, k.f_inventor_reward_pct, k.f_tto_share_pct, k.f_fund_share_pct, k.f_uses_horizontal_surplus, k.f_is_pay_later) IS NOT NULL THEN CAST(to_json(k.cells) AS VARCHAR) END AS row_cells
FROM checked AS k;

-- A file read by the fast path comes without row numbers, but its rows kept the file's order (a plain
-- scan and projections; the files of a batch one after the other), so a row's rowid less its file's
-- first rowid is its record number. It is written down before any UPDATE of a list column (DuckDB
-- moves such a row to a new rowid). The first row under the header is filled in per file_no.
SELECT error('stg_contracts: the rows of file ' || file_no || ' are not in one run')
FROM (SELECT file_no, count(*) AS n, max(rowid) - min(rowid) + 1 AS span FROM stg_contracts WHERE source_row IS NULL GROUP BY file_no)
WHERE n <> span;
UPDATE stg_contracts AS s SET source_row = CAST(s.rowid - f.first_rowid + {{first_row}} AS INTEGER)
FROM (SELECT file_no, min(rowid) AS first_rowid FROM stg_contracts WHERE source_row IS NULL GROUP BY file_no) AS f
WHERE s.file_no = f.file_no AND s.source_row IS NULL;

-- unit_uscc: the check digit (GB 32100), once per distinct well-formed code; a row with a wrong one
-- gets the error in its place among the row's other errors
UPDATE stg_contracts AS s
SET errors = list_concat(
    list_filter(s.errors, e -> e.col IS NULL OR list_contains(['contract_no']::VARCHAR[], e.col)),
    [{'col': 'unit_uscc', 'val': s.unit_uscc, 'reason': '统一社会信用代码校验位错误（GB 32100）'}],
    list_filter(s.errors, e -> NOT (e.col IS NULL OR list_contains(['contract_no']::VARCHAR[], e.col))))
FROM (
  SELECT code FROM (SELECT DISTINCT unit_uscc AS code FROM stg_contracts)
  WHERE regexp_full_match(code, '[0-9A-HJ-NPQRTUWXY]{18}') AND NOT uscc_ok(code)
) AS bad
WHERE s.unit_uscc = bad.code;
