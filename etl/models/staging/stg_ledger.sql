-- stg_ledger: 单列管理台账, as read. Generated from etl/contract/contract.yaml by
-- etl/models/generate-staging.ts; do not edit by hand. Input: raw_ledger (all text, one row per
-- record, in file order; file_no tells the files of a batch apart, 0 for a file loaded alone).
-- Output: each column typed, plus `errors`, the list of failed checks ({col, val, reason}),
-- `row_cells` (for a row with any: all its cells as JSON, for etl/models/load/classify_rows.sql)
-- and source_row. A row with no errors may still fail the int_ model's rules.
CREATE OR REPLACE TEMP TABLE stg_ledger AS
WITH cleaned AS (
  -- each cell trimmed (c_); a row without any white space (raw.padded false) needs no trimming
  SELECT
    raw.file_no,
    raw.source_row,
    raw.extra_cells,
    raw.cells,
    CASE WHEN raw.padded THEN trim_text(raw.unit_uscc) ELSE nullif(raw.unit_uscc, '') END AS c_unit_uscc,
    CASE WHEN raw.padded THEN trim_text(raw.unit_name) ELSE nullif(raw.unit_name, '') END AS c_unit_name,
    CASE WHEN raw.padded THEN trim_text(raw.achievement_no) ELSE nullif(raw.achievement_no, '') END AS c_achievement_no,
    CASE WHEN raw.padded THEN trim_text(raw.title) ELSE nullif(raw.title, '') END AS c_title,
    CASE WHEN raw.padded THEN trim_text(raw.achievement_type) ELSE nullif(raw.achievement_type, '') END AS c_achievement_type,
    CASE WHEN raw.padded THEN trim_text(raw.inventors) ELSE nullif(raw.inventors, '') END AS c_inventors,
    CASE WHEN raw.padded THEN trim_text(raw.acquired_date) ELSE nullif(raw.acquired_date, '') END AS c_acquired_date,
    CASE WHEN raw.padded THEN trim_text(raw.conversion_status) ELSE nullif(raw.conversion_status, '') END AS c_conversion_status,
    CASE WHEN raw.padded THEN trim_text(raw.conversion_count) ELSE nullif(raw.conversion_count, '') END AS c_conversion_count,
    CASE WHEN raw.padded THEN trim_text(raw.conversion_method) ELSE nullif(raw.conversion_method, '') END AS c_conversion_method,
    CASE WHEN raw.padded THEN trim_text(raw.conversion_amount_wan) ELSE nullif(raw.conversion_amount_wan, '') END AS c_conversion_amount_wan,
    CASE WHEN raw.padded THEN trim_text(raw.appraised_value_wan) ELSE nullif(raw.appraised_value_wan, '') END AS c_appraised_value_wan,
    CASE WHEN raw.padded THEN trim_text(raw.empowerment_type) ELSE nullif(raw.empowerment_type, '') END AS c_empowerment_type,
    CASE WHEN raw.padded THEN trim_text(raw.empowerment_years) ELSE nullif(raw.empowerment_years, '') END AS c_empowerment_years,
    CASE WHEN raw.padded THEN trim_text(raw.inventor_share_pct) ELSE nullif(raw.inventor_share_pct, '') END AS c_inventor_share_pct,
    CASE WHEN raw.padded THEN trim_text(raw.in_pay_later_pool) ELSE nullif(raw.in_pay_later_pool, '') END AS c_in_pay_later_pool,
    CASE WHEN raw.padded THEN trim_text(raw.is_classified) ELSE nullif(raw.is_classified, '') END AS c_is_classified
  FROM raw_ledger AS raw
),
typed AS (
  SELECT
    cl.*,
    CASE WHEN regexp_full_match(cl.c_unit_uscc, '[0-9A-HJ-NPQRTUWXY]{18}') THEN cl.c_unit_uscc ELSE norm_uscc(cl.c_unit_uscc) END AS unit_uscc,
    cl.c_unit_name AS unit_name,
    cl.c_achievement_no AS achievement_no,
    cl.c_title AS title,
    cl.c_achievement_type AS achievement_type,
    cl.c_inventors AS inventors,
    to_date(cl.c_acquired_date) AS acquired_date,
    cl.c_conversion_status AS conversion_status,
    to_int(cl.c_conversion_count) AS conversion_count,
    cl.c_conversion_method AS conversion_method,
    to_amount(cl.c_conversion_amount_wan) AS conversion_amount_wan,
    to_amount(cl.c_appraised_value_wan) AS appraised_value_wan,
    cl.c_empowerment_type AS empowerment_type,
    to_int(cl.c_empowerment_years) AS empowerment_years,
    to_pct(cl.c_inventor_share_pct) AS inventor_share_pct,
    to_bool(cl.c_in_pay_later_pool) AS in_pay_later_pool,
    to_bool(cl.c_is_classified) AS is_classified,
    regexp_full_match(cl.c_unit_uscc, '[0-9A-HJ-NPQRTUWXY]{18}') AS sh_unit_uscc
  FROM cleaned AS cl
),
checked AS (
  -- each column's first failed check as its number (f_), NULL when the cell is fine
  SELECT
    t.*,
    CASE WHEN t.extra_cells IS NOT NULL THEN 1 END AS f_extra,
    CASE WHEN t.c_unit_uscc IS NULL THEN 1 WHEN NOT (t.sh_unit_uscc OR regexp_full_match(t.unit_uscc, '[0-9A-HJ-NPQRTUWXY]{18}')) THEN 2 END AS f_unit_uscc,
    CASE WHEN t.c_unit_name IS NULL THEN 1 END AS f_unit_name,
    CASE WHEN t.c_achievement_no IS NULL THEN 1 END AS f_achievement_no,
    CASE WHEN t.c_title IS NULL THEN 1 END AS f_title,
    CASE WHEN t.c_achievement_type IS NULL THEN 1 WHEN t.c_achievement_type IS NOT NULL AND NOT list_contains(['专利权', '计算机软件著作权', '集成电路布图设计专有权', '植物新品种权', '生物医药新品种', '技术秘密', '专利申请权', '专有技术', '配方', '其他'], t.achievement_type) THEN 2 END AS f_achievement_type,
    CASE WHEN t.c_acquired_date IS NULL THEN 1 WHEN t.c_acquired_date IS NOT NULL AND t.acquired_date IS NULL THEN 2 WHEN year(t.acquired_date) NOT BETWEEN 1950 AND 2100 THEN 3 END AS f_acquired_date,
    CASE WHEN t.c_conversion_status IS NULL THEN 1 WHEN t.c_conversion_status IS NOT NULL AND NOT list_contains(['未转化', '意向转化', '已转化'], t.conversion_status) THEN 2 END AS f_conversion_status,
    CASE WHEN t.c_conversion_count IS NOT NULL AND t.conversion_count IS NULL THEN 1 WHEN t.conversion_count < 0 THEN 2 END AS f_conversion_count,
    CASE WHEN t.c_conversion_method IS NOT NULL AND NOT list_contains(['转让', '许可', '作价投资', '其他'], t.conversion_method) THEN 1 END AS f_conversion_method,
    CASE WHEN t.c_conversion_amount_wan IS NOT NULL AND t.conversion_amount_wan IS NULL THEN 1 WHEN t.conversion_amount_wan < 0 THEN 2 END AS f_conversion_amount_wan,
    CASE WHEN t.c_appraised_value_wan IS NOT NULL AND t.appraised_value_wan IS NULL THEN 1 WHEN t.appraised_value_wan < 0 THEN 2 END AS f_appraised_value_wan,
    CASE WHEN t.c_empowerment_type IS NOT NULL AND NOT list_contains(['无', '所有权', '长期使用权'], t.empowerment_type) THEN 1 END AS f_empowerment_type,
    CASE WHEN t.c_empowerment_years IS NOT NULL AND t.empowerment_years IS NULL THEN 1 WHEN t.empowerment_years < 0 THEN 2 END AS f_empowerment_years,
    CASE WHEN t.c_inventor_share_pct IS NOT NULL AND t.inventor_share_pct IS NULL THEN 1 WHEN t.inventor_share_pct < 0 OR t.inventor_share_pct > 100 THEN 2 END AS f_inventor_share_pct,
    CASE WHEN t.c_in_pay_later_pool IS NOT NULL AND t.in_pay_later_pool IS NULL THEN 1 END AS f_in_pay_later_pool,
    CASE WHEN t.c_is_classified IS NOT NULL AND t.is_classified IS NULL THEN 1 END AS f_is_classified
  FROM typed AS t
)
SELECT
  k.file_no,
  k.source_row,
  k.unit_uscc,
  k.unit_name,
  k.achievement_no,
  k.title,
  k.achievement_type,
  k.inventors,
  k.acquired_date,
  k.conversion_status,
  k.conversion_count,
  k.conversion_method,
  k.conversion_amount_wan,
  k.appraised_value_wan,
  k.empowerment_type,
  k.empowerment_years,
  k.inventor_share_pct,
  k.in_pay_later_pool,
  k.is_classified,
  -- most rows pass every check: the failures ({col, val, reason}, each column's first failed check)
  -- and the row's cells are built only for the rows that have one (blank, 合计 and note rows fail
  -- here and are told apart by classify_rows.sql); a CASE evaluates its ELSE for those rows alone
  CASE WHEN coalesce(k.f_extra, k.f_unit_uscc, k.f_unit_name, k.f_achievement_no, k.f_title, k.f_achievement_type, k.f_acquired_date, k.f_conversion_status, k.f_conversion_count, k.f_conversion_method, k.f_conversion_amount_wan, k.f_appraised_value_wan, k.f_empowerment_type, k.f_empowerment_years, k.f_inventor_share_pct, k.f_in_pay_later_pool, k.f_is_classified) IS NULL THEN CAST([] AS STRUCT(col VARCHAR, val VARCHAR, reason VARCHAR)[])
    ELSE list_filter([
      CASE k.f_extra WHEN 1 THEN {'col': NULL, 'val': k.extra_cells, 'reason': '表头之外的列有内容（列数多于表头）'} END,
      CASE k.f_unit_uscc WHEN 1 THEN {'col': 'unit_uscc', 'val': k.c_unit_uscc, 'reason': '必填项为空'}
        WHEN 2 THEN {'col': 'unit_uscc', 'val': k.c_unit_uscc, 'reason': CASE WHEN length(k.unit_uscc) <> 18 THEN '统一社会信用代码应为18位，实为' || length(k.unit_uscc) || '位' ELSE '统一社会信用代码校验位错误（GB 32100）' END} END,
      CASE k.f_unit_name WHEN 1 THEN {'col': 'unit_name', 'val': k.c_unit_name, 'reason': '必填项为空'} END,
      CASE k.f_achievement_no WHEN 1 THEN {'col': 'achievement_no', 'val': k.c_achievement_no, 'reason': '必填项为空'} END,
      CASE k.f_title WHEN 1 THEN {'col': 'title', 'val': k.c_title, 'reason': '必填项为空'} END,
      CASE k.f_achievement_type WHEN 1 THEN {'col': 'achievement_type', 'val': k.c_achievement_type, 'reason': '必填项为空'}
        WHEN 2 THEN {'col': 'achievement_type', 'val': k.c_achievement_type, 'reason': '不是可选值之一（专利权、计算机软件著作权、集成电路布图设计专有权、植物新品种权、生物医药新品种、技术秘密、专利申请权、专有技术、配方、其他）'} END,
      CASE k.f_acquired_date WHEN 1 THEN {'col': 'acquired_date', 'val': k.c_acquired_date, 'reason': '必填项为空'}
        WHEN 2 THEN {'col': 'acquired_date', 'val': k.c_acquired_date, 'reason': '不是有效日期或日期不存在（如 2024-03-05、2024/3/5、2024年3月5日）'}
        WHEN 3 THEN {'col': 'acquired_date', 'val': k.c_acquired_date, 'reason': '日期超出合理范围（1950–2100年）'} END,
      CASE k.f_conversion_status WHEN 1 THEN {'col': 'conversion_status', 'val': k.c_conversion_status, 'reason': '必填项为空'}
        WHEN 2 THEN {'col': 'conversion_status', 'val': k.c_conversion_status, 'reason': '不是可选值之一（未转化、意向转化、已转化）'} END,
      CASE k.f_conversion_count WHEN 1 THEN {'col': 'conversion_count', 'val': k.c_conversion_count, 'reason': '不是整数'}
        WHEN 2 THEN {'col': 'conversion_count', 'val': k.c_conversion_count, 'reason': '不能为负数'} END,
      CASE k.f_conversion_method WHEN 1 THEN {'col': 'conversion_method', 'val': k.c_conversion_method, 'reason': '不是可选值之一（转让、许可、作价投资、其他）'} END,
      CASE k.f_conversion_amount_wan WHEN 1 THEN {'col': 'conversion_amount_wan', 'val': k.c_conversion_amount_wan, 'reason': '不是有效的金额（万元），如 1,234.5 或 12.3万元'}
        WHEN 2 THEN {'col': 'conversion_amount_wan', 'val': k.c_conversion_amount_wan, 'reason': '金额不能为负数'} END,
      CASE k.f_appraised_value_wan WHEN 1 THEN {'col': 'appraised_value_wan', 'val': k.c_appraised_value_wan, 'reason': '不是有效的金额（万元），如 1,234.5 或 12.3万元'}
        WHEN 2 THEN {'col': 'appraised_value_wan', 'val': k.c_appraised_value_wan, 'reason': '金额不能为负数'} END,
      CASE k.f_empowerment_type WHEN 1 THEN {'col': 'empowerment_type', 'val': k.c_empowerment_type, 'reason': '不是可选值之一（无、所有权、长期使用权）'} END,
      CASE k.f_empowerment_years WHEN 1 THEN {'col': 'empowerment_years', 'val': k.c_empowerment_years, 'reason': '不是整数'}
        WHEN 2 THEN {'col': 'empowerment_years', 'val': k.c_empowerment_years, 'reason': '不能为负数'} END,
      CASE k.f_inventor_share_pct WHEN 1 THEN {'col': 'inventor_share_pct', 'val': k.c_inventor_share_pct, 'reason': '不是有效的百分比'}
        WHEN 2 THEN {'col': 'inventor_share_pct', 'val': k.c_inventor_share_pct, 'reason': '比例应在 0–100 之间'} END,
      CASE k.f_in_pay_later_pool WHEN 1 THEN {'col': 'in_pay_later_pool', 'val': k.c_in_pay_later_pool, 'reason': '应填“是”或“否”'} END,
      CASE k.f_is_classified WHEN 1 THEN {'col': 'is_classified', 'val': k.c_is_classified, 'reason': '应填“是”或“否”'} END
    ], e -> e IS NOT NULL)
  END AS errors,
  CASE WHEN coalesce(k.f_extra, k.f_unit_uscc, k.f_unit_name, k.f_achievement_no, k.f_title, k.f_achievement_type, k.f_acquired_date, k.f_conversion_status, k.f_conversion_count, k.f_conversion_method, k.f_conversion_amount_wan, k.f_appraised_value_wan, k.f_empowerment_type, k.f_empowerment_years, k.f_inventor_share_pct, k.f_in_pay_later_pool, k.f_is_classified) IS NOT NULL THEN CAST(to_json(k.cells) AS VARCHAR) END AS row_cells
FROM checked AS k;

-- A file read by the fast path comes without row numbers, but its rows kept the file's order (a plain
-- scan and projections; the files of a batch one after the other), so a row's rowid less its file's
-- first rowid is its record number. It is written down before any UPDATE of a list column (DuckDB
-- moves such a row to a new rowid). The first row under the header is filled in per file_no.
SELECT error('stg_ledger: the rows of file ' || file_no || ' are not in one run')
FROM (SELECT file_no, count(*) AS n, max(rowid) - min(rowid) + 1 AS span FROM stg_ledger WHERE source_row IS NULL GROUP BY file_no)
WHERE n <> span;
UPDATE stg_ledger AS s SET source_row = CAST(s.rowid - f.first_rowid + {{first_row}} AS INTEGER)
FROM (SELECT file_no, min(rowid) AS first_rowid FROM stg_ledger WHERE source_row IS NULL GROUP BY file_no) AS f
WHERE s.file_no = f.file_no AND s.source_row IS NULL;

-- unit_uscc: the check digit (GB 32100), once per distinct well-formed code; a row with a wrong one
-- gets the error in its place among the row's other errors
UPDATE stg_ledger AS s
SET errors = list_concat(
    list_filter(s.errors, e -> e.col IS NULL OR list_contains([]::VARCHAR[], e.col)),
    [{'col': 'unit_uscc', 'val': s.unit_uscc, 'reason': '统一社会信用代码校验位错误（GB 32100）'}],
    list_filter(s.errors, e -> NOT (e.col IS NULL OR list_contains([]::VARCHAR[], e.col))))
FROM (
  SELECT code FROM (SELECT DISTINCT unit_uscc AS code FROM stg_ledger)
  WHERE regexp_full_match(code, '[0-9A-HJ-NPQRTUWXY]{18}') AND NOT uscc_ok(code)
) AS bad
WHERE s.unit_uscc = bad.code;
