-- stg_ledger: 单列管理台账, as read. Generated from etl/contract/contract.yaml by
-- etl/models/generate-staging.ts; do not edit by hand. Input: raw_ledger (all text, one row per
-- data row of one file, with source_row). Output: each column typed, plus `errors`, the list of
-- failed checks ({col, val, reason}); a row with no errors may still fail the int_ model's rules.
CREATE OR REPLACE TEMP TABLE stg_ledger AS
WITH cleaned AS MATERIALIZED (
  -- each cell trimmed once (c_); numbers are then normalised once (n_: full-width digits, separators)
  SELECT
    raw.source_row,
    raw.extra_cells,
    raw.row_class,
    raw.row_text,
    clean_text(raw.unit_uscc) AS c_unit_uscc,
    clean_text(raw.unit_name) AS c_unit_name,
    clean_text(raw.achievement_no) AS c_achievement_no,
    clean_text(raw.title) AS c_title,
    clean_text(raw.achievement_type) AS c_achievement_type,
    clean_text(raw.inventors) AS c_inventors,
    clean_text(raw.acquired_date) AS c_acquired_date,
    clean_text(raw.conversion_status) AS c_conversion_status,
    clean_text(raw.conversion_count) AS c_conversion_count,
    clean_text(raw.conversion_method) AS c_conversion_method,
    clean_text(raw.conversion_amount_wan) AS c_conversion_amount_wan,
    clean_text(raw.appraised_value_wan) AS c_appraised_value_wan,
    clean_text(raw.empowerment_type) AS c_empowerment_type,
    clean_text(raw.empowerment_years) AS c_empowerment_years,
    clean_text(raw.inventor_share_pct) AS c_inventor_share_pct,
    clean_text(raw.in_pay_later_pool) AS c_in_pay_later_pool,
    clean_text(raw.is_classified) AS c_is_classified
  FROM raw_ledger AS raw
),
numbers AS MATERIALIZED (
  SELECT *,
    num_text(c_conversion_count) AS n_conversion_count,
    num_text(c_conversion_amount_wan) AS n_conversion_amount_wan,
    num_text(c_appraised_value_wan) AS n_appraised_value_wan,
    num_text(c_empowerment_years) AS n_empowerment_years,
    num_text(c_inventor_share_pct) AS n_inventor_share_pct
  FROM cleaned
),
m_unit_uscc AS (
  -- parsed once per distinct value: a ledger repeats its unit code and dates on many rows
  SELECT v, norm_uscc(v) AS typed, uscc_ok(norm_uscc(v)) AS ok
  FROM (SELECT DISTINCT c_unit_uscc AS v FROM cleaned)
),
m_acquired_date AS (
  -- parsed once per distinct value: a ledger repeats its unit code and dates on many rows
  SELECT v, date_of(v) AS typed
  FROM (SELECT DISTINCT c_acquired_date AS v FROM cleaned)
),
typed AS (
  SELECT
    cl.*,
    m_unit_uscc.typed AS unit_uscc,
    cl.c_unit_name AS unit_name,
    cl.c_achievement_no AS achievement_no,
    cl.c_title AS title,
    cl.c_achievement_type AS achievement_type,
    cl.c_inventors AS inventors,
    m_acquired_date.typed AS acquired_date,
    cl.c_conversion_status AS conversion_status,
    int_of(cl.n_conversion_count) AS conversion_count,
    cl.c_conversion_method AS conversion_method,
    amount_of(cl.n_conversion_amount_wan) AS conversion_amount_wan,
    amount_of(cl.n_appraised_value_wan) AS appraised_value_wan,
    cl.c_empowerment_type AS empowerment_type,
    int_of(cl.n_empowerment_years) AS empowerment_years,
    pct_of(cl.n_inventor_share_pct) AS inventor_share_pct,
    bool_of(cl.c_in_pay_later_pool) AS in_pay_later_pool,
    bool_of(cl.c_is_classified) AS is_classified,
    m_unit_uscc.ok AS ok_unit_uscc
  FROM numbers AS cl
  LEFT JOIN m_unit_uscc ON m_unit_uscc.v = cl.c_unit_uscc
  LEFT JOIN m_acquired_date ON m_acquired_date.v = cl.c_acquired_date
)
SELECT
  t.source_row,
  t.unit_uscc,
  t.unit_name,
  t.achievement_no,
  t.title,
  t.achievement_type,
  t.inventors,
  t.acquired_date,
  t.conversion_status,
  t.conversion_count,
  t.conversion_method,
  t.conversion_amount_wan,
  t.appraised_value_wan,
  t.empowerment_type,
  t.empowerment_years,
  t.inventor_share_pct,
  t.in_pay_later_pool,
  t.is_classified,
  CASE
    -- a 合计/小计 row below the data: a summary, not a record (row_class: etl/load/raw-load.ts)
    WHEN t.row_class = 'total' THEN [{'col': NULL, 'val': t.row_text, 'reason': '合计/小计行，不作为数据导入'}]
    -- a note under the table (注：…, 填表人：…): one filled cell of prose
    WHEN t.row_class = 'note' THEN [{'col': NULL, 'val': t.row_text, 'reason': '表格下方的说明或备注行，不作为数据导入'}]
    -- most rows pass every check: build the list of failures only for the rows that have one
    WHEN NOT (t.extra_cells IS NOT NULL
      OR coalesce(t.c_unit_uscc IS NULL, FALSE) OR coalesce(t.c_unit_uscc IS NOT NULL AND NOT coalesce(t.ok_unit_uscc, FALSE), FALSE)
      OR coalesce(t.c_unit_name IS NULL, FALSE)
      OR coalesce(t.c_achievement_no IS NULL, FALSE)
      OR coalesce(t.c_title IS NULL, FALSE)
      OR coalesce(t.c_achievement_type IS NULL, FALSE) OR coalesce(t.c_achievement_type IS NOT NULL AND t.achievement_type NOT IN ('专利权', '计算机软件著作权', '集成电路布图设计专有权', '植物新品种权', '生物医药新品种', '技术秘密', '专利申请权', '专有技术', '配方', '其他'), FALSE)
      OR coalesce(t.c_acquired_date IS NULL, FALSE) OR coalesce(t.c_acquired_date IS NOT NULL AND t.acquired_date IS NULL, FALSE) OR coalesce(year(t.acquired_date) NOT BETWEEN 1950 AND 2100, FALSE)
      OR coalesce(t.c_conversion_status IS NULL, FALSE) OR coalesce(t.c_conversion_status IS NOT NULL AND t.conversion_status NOT IN ('未转化', '意向转化', '已转化'), FALSE)
      OR coalesce(t.c_conversion_count IS NOT NULL AND t.conversion_count IS NULL, FALSE) OR coalesce(t.conversion_count < 0, FALSE)
      OR coalesce(t.c_conversion_method IS NOT NULL AND t.conversion_method NOT IN ('转让', '许可', '作价投资', '其他'), FALSE)
      OR coalesce(t.c_conversion_amount_wan IS NOT NULL AND t.conversion_amount_wan IS NULL, FALSE) OR coalesce(t.conversion_amount_wan < 0, FALSE)
      OR coalesce(t.c_appraised_value_wan IS NOT NULL AND t.appraised_value_wan IS NULL, FALSE) OR coalesce(t.appraised_value_wan < 0, FALSE)
      OR coalesce(t.c_empowerment_type IS NOT NULL AND t.empowerment_type NOT IN ('无', '所有权', '长期使用权'), FALSE)
      OR coalesce(t.c_empowerment_years IS NOT NULL AND t.empowerment_years IS NULL, FALSE) OR coalesce(t.empowerment_years < 0, FALSE)
      OR coalesce(t.c_inventor_share_pct IS NOT NULL AND t.inventor_share_pct IS NULL, FALSE) OR coalesce(t.inventor_share_pct < 0 OR t.inventor_share_pct > 100, FALSE)
      OR coalesce(t.c_in_pay_later_pool IS NOT NULL AND t.in_pay_later_pool IS NULL, FALSE)
      OR coalesce(t.c_is_classified IS NOT NULL AND t.is_classified IS NULL, FALSE))
      THEN CAST([] AS STRUCT(col VARCHAR, val VARCHAR, reason VARCHAR)[])
    ELSE list_filter([
      CASE WHEN t.extra_cells IS NOT NULL THEN {'col': NULL, 'val': t.extra_cells, 'reason': '表头之外的列有内容（列数多于表头）'} END,
      CASE WHEN t.c_unit_uscc IS NULL THEN {'col': 'unit_uscc', 'val': t.c_unit_uscc, 'reason': '必填项为空'}
      WHEN t.c_unit_uscc IS NOT NULL AND NOT coalesce(t.ok_unit_uscc, FALSE) THEN {'col': 'unit_uscc', 'val': t.c_unit_uscc, 'reason': CASE WHEN length(t.unit_uscc) <> 18 THEN '统一社会信用代码应为18位，实为' || length(t.unit_uscc) || '位' ELSE '统一社会信用代码校验位错误（GB 32100）' END} END,
      CASE WHEN t.c_unit_name IS NULL THEN {'col': 'unit_name', 'val': t.c_unit_name, 'reason': '必填项为空'} END,
      CASE WHEN t.c_achievement_no IS NULL THEN {'col': 'achievement_no', 'val': t.c_achievement_no, 'reason': '必填项为空'} END,
      CASE WHEN t.c_title IS NULL THEN {'col': 'title', 'val': t.c_title, 'reason': '必填项为空'} END,
      CASE WHEN t.c_achievement_type IS NULL THEN {'col': 'achievement_type', 'val': t.c_achievement_type, 'reason': '必填项为空'}
      WHEN t.c_achievement_type IS NOT NULL AND t.achievement_type NOT IN ('专利权', '计算机软件著作权', '集成电路布图设计专有权', '植物新品种权', '生物医药新品种', '技术秘密', '专利申请权', '专有技术', '配方', '其他') THEN {'col': 'achievement_type', 'val': t.c_achievement_type, 'reason': '不是可选值之一（专利权、计算机软件著作权、集成电路布图设计专有权、植物新品种权、生物医药新品种、技术秘密、专利申请权、专有技术、配方、其他）'} END,
      NULL,
      CASE WHEN t.c_acquired_date IS NULL THEN {'col': 'acquired_date', 'val': t.c_acquired_date, 'reason': '必填项为空'}
      WHEN t.c_acquired_date IS NOT NULL AND t.acquired_date IS NULL THEN {'col': 'acquired_date', 'val': t.c_acquired_date, 'reason': '不是有效日期或日期不存在（如 2024-03-05、2024/3/5、2024年3月5日）'}
      WHEN year(t.acquired_date) NOT BETWEEN 1950 AND 2100 THEN {'col': 'acquired_date', 'val': t.c_acquired_date, 'reason': '日期超出合理范围（1950–2100年）'} END,
      CASE WHEN t.c_conversion_status IS NULL THEN {'col': 'conversion_status', 'val': t.c_conversion_status, 'reason': '必填项为空'}
      WHEN t.c_conversion_status IS NOT NULL AND t.conversion_status NOT IN ('未转化', '意向转化', '已转化') THEN {'col': 'conversion_status', 'val': t.c_conversion_status, 'reason': '不是可选值之一（未转化、意向转化、已转化）'} END,
      CASE WHEN t.c_conversion_count IS NOT NULL AND t.conversion_count IS NULL THEN {'col': 'conversion_count', 'val': t.c_conversion_count, 'reason': '不是整数'}
      WHEN t.conversion_count < 0 THEN {'col': 'conversion_count', 'val': t.c_conversion_count, 'reason': '不能为负数'} END,
      CASE WHEN t.c_conversion_method IS NOT NULL AND t.conversion_method NOT IN ('转让', '许可', '作价投资', '其他') THEN {'col': 'conversion_method', 'val': t.c_conversion_method, 'reason': '不是可选值之一（转让、许可、作价投资、其他）'} END,
      CASE WHEN t.c_conversion_amount_wan IS NOT NULL AND t.conversion_amount_wan IS NULL THEN {'col': 'conversion_amount_wan', 'val': t.c_conversion_amount_wan, 'reason': '不是有效的金额（万元），如 1,234.5 或 12.3万元'}
      WHEN t.conversion_amount_wan < 0 THEN {'col': 'conversion_amount_wan', 'val': t.c_conversion_amount_wan, 'reason': '金额不能为负数'} END,
      CASE WHEN t.c_appraised_value_wan IS NOT NULL AND t.appraised_value_wan IS NULL THEN {'col': 'appraised_value_wan', 'val': t.c_appraised_value_wan, 'reason': '不是有效的金额（万元），如 1,234.5 或 12.3万元'}
      WHEN t.appraised_value_wan < 0 THEN {'col': 'appraised_value_wan', 'val': t.c_appraised_value_wan, 'reason': '金额不能为负数'} END,
      CASE WHEN t.c_empowerment_type IS NOT NULL AND t.empowerment_type NOT IN ('无', '所有权', '长期使用权') THEN {'col': 'empowerment_type', 'val': t.c_empowerment_type, 'reason': '不是可选值之一（无、所有权、长期使用权）'} END,
      CASE WHEN t.c_empowerment_years IS NOT NULL AND t.empowerment_years IS NULL THEN {'col': 'empowerment_years', 'val': t.c_empowerment_years, 'reason': '不是整数'}
      WHEN t.empowerment_years < 0 THEN {'col': 'empowerment_years', 'val': t.c_empowerment_years, 'reason': '不能为负数'} END,
      CASE WHEN t.c_inventor_share_pct IS NOT NULL AND t.inventor_share_pct IS NULL THEN {'col': 'inventor_share_pct', 'val': t.c_inventor_share_pct, 'reason': '不是有效的百分比'}
      WHEN t.inventor_share_pct < 0 OR t.inventor_share_pct > 100 THEN {'col': 'inventor_share_pct', 'val': t.c_inventor_share_pct, 'reason': '比例应在 0–100 之间'} END,
      CASE WHEN t.c_in_pay_later_pool IS NOT NULL AND t.in_pay_later_pool IS NULL THEN {'col': 'in_pay_later_pool', 'val': t.c_in_pay_later_pool, 'reason': '应填“是”或“否”'} END,
      CASE WHEN t.c_is_classified IS NOT NULL AND t.is_classified IS NULL THEN {'col': 'is_classified', 'val': t.c_is_classified, 'reason': '应填“是”或“否”'} END
    ], e -> e IS NOT NULL)
  END AS errors
FROM typed AS t;
