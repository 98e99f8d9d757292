-- stg_ledger: 单列管理台账, as read. Generated from etl/contract/contract.yaml by
-- etl/models/generate-staging.ts; do not edit by hand. Input: raw_ledger (all text, one row per
-- data row of one file, with source_row). Output: each column typed, plus `errors`, the list of
-- failed checks ({col, val, reason}); a row with no errors may still fail the int_ model's rules.
CREATE OR REPLACE TEMP TABLE stg_ledger AS
WITH typed AS (
  SELECT
    raw.source_row,
    raw.extra_cells,
    raw.row_class,
    raw.row_text,
    norm_uscc(raw.unit_uscc) AS unit_uscc,
    clean_text(raw.unit_name) AS unit_name,
    clean_text(raw.achievement_no) AS achievement_no,
    clean_text(raw.title) AS title,
    clean_text(raw.achievement_type) AS achievement_type,
    clean_text(raw.inventors) AS inventors,
    parse_date(raw.acquired_date) AS acquired_date,
    clean_text(raw.conversion_status) AS conversion_status,
    parse_int(raw.conversion_count) AS conversion_count,
    clean_text(raw.conversion_method) AS conversion_method,
    parse_amount(raw.conversion_amount_wan) AS conversion_amount_wan,
    parse_amount(raw.appraised_value_wan) AS appraised_value_wan,
    clean_text(raw.empowerment_type) AS empowerment_type,
    parse_int(raw.empowerment_years) AS empowerment_years,
    parse_pct(raw.inventor_share_pct) AS inventor_share_pct,
    parse_bool(raw.in_pay_later_pool) AS in_pay_later_pool,
    parse_bool(raw.is_classified) AS is_classified,
    raw.unit_uscc AS r_unit_uscc,
    raw.unit_name AS r_unit_name,
    raw.achievement_no AS r_achievement_no,
    raw.title AS r_title,
    raw.achievement_type AS r_achievement_type,
    raw.inventors AS r_inventors,
    raw.acquired_date AS r_acquired_date,
    raw.conversion_status AS r_conversion_status,
    raw.conversion_count AS r_conversion_count,
    raw.conversion_method AS r_conversion_method,
    raw.conversion_amount_wan AS r_conversion_amount_wan,
    raw.appraised_value_wan AS r_appraised_value_wan,
    raw.empowerment_type AS r_empowerment_type,
    raw.empowerment_years AS r_empowerment_years,
    raw.inventor_share_pct AS r_inventor_share_pct,
    raw.in_pay_later_pool AS r_in_pay_later_pool,
    raw.is_classified AS r_is_classified
  FROM raw_ledger AS raw
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
    ELSE list_filter([
      CASE WHEN t.extra_cells IS NOT NULL THEN {'col': NULL, 'val': t.extra_cells, 'reason': '表头之外的列有内容（列数多于表头）'} END,
      CASE WHEN clean_text(t.r_unit_uscc) IS NULL THEN {'col': 'unit_uscc', 'val': clean_text(t.r_unit_uscc), 'reason': '必填项为空'}
      WHEN clean_text(t.r_unit_uscc) IS NOT NULL AND NOT coalesce(uscc_ok(t.unit_uscc), FALSE) THEN {'col': 'unit_uscc', 'val': clean_text(t.r_unit_uscc), 'reason': CASE WHEN length(t.unit_uscc) <> 18 THEN '统一社会信用代码应为18位，实为' || length(t.unit_uscc) || '位' ELSE '统一社会信用代码校验位错误（GB 32100）' END} END,
      CASE WHEN clean_text(t.r_unit_name) IS NULL THEN {'col': 'unit_name', 'val': clean_text(t.r_unit_name), 'reason': '必填项为空'} END,
      CASE WHEN clean_text(t.r_achievement_no) IS NULL THEN {'col': 'achievement_no', 'val': clean_text(t.r_achievement_no), 'reason': '必填项为空'} END,
      CASE WHEN clean_text(t.r_title) IS NULL THEN {'col': 'title', 'val': clean_text(t.r_title), 'reason': '必填项为空'} END,
      CASE WHEN clean_text(t.r_achievement_type) IS NULL THEN {'col': 'achievement_type', 'val': clean_text(t.r_achievement_type), 'reason': '必填项为空'}
      WHEN clean_text(t.r_achievement_type) IS NOT NULL AND t.achievement_type NOT IN ('专利权', '计算机软件著作权', '集成电路布图设计专有权', '植物新品种权', '生物医药新品种', '技术秘密', '专利申请权', '专有技术', '配方', '其他') THEN {'col': 'achievement_type', 'val': clean_text(t.r_achievement_type), 'reason': '不是可选值之一（专利权、计算机软件著作权、集成电路布图设计专有权、植物新品种权、生物医药新品种、技术秘密、专利申请权、专有技术、配方、其他）'} END,
      NULL,
      CASE WHEN clean_text(t.r_acquired_date) IS NULL THEN {'col': 'acquired_date', 'val': clean_text(t.r_acquired_date), 'reason': '必填项为空'}
      WHEN clean_text(t.r_acquired_date) IS NOT NULL AND t.acquired_date IS NULL THEN {'col': 'acquired_date', 'val': clean_text(t.r_acquired_date), 'reason': '不是有效日期或日期不存在（如 2024-03-05、2024/3/5、2024年3月5日）'}
      WHEN year(t.acquired_date) NOT BETWEEN 1950 AND 2100 THEN {'col': 'acquired_date', 'val': clean_text(t.r_acquired_date), 'reason': '日期超出合理范围（1950–2100年）'} END,
      CASE WHEN clean_text(t.r_conversion_status) IS NULL THEN {'col': 'conversion_status', 'val': clean_text(t.r_conversion_status), 'reason': '必填项为空'}
      WHEN clean_text(t.r_conversion_status) IS NOT NULL AND t.conversion_status NOT IN ('未转化', '意向转化', '已转化') THEN {'col': 'conversion_status', 'val': clean_text(t.r_conversion_status), 'reason': '不是可选值之一（未转化、意向转化、已转化）'} END,
      CASE WHEN clean_text(t.r_conversion_count) IS NOT NULL AND t.conversion_count IS NULL THEN {'col': 'conversion_count', 'val': clean_text(t.r_conversion_count), 'reason': '不是整数'}
      WHEN t.conversion_count < 0 THEN {'col': 'conversion_count', 'val': clean_text(t.r_conversion_count), 'reason': '不能为负数'} END,
      CASE WHEN clean_text(t.r_conversion_method) IS NOT NULL AND t.conversion_method NOT IN ('转让', '许可', '作价投资', '其他') THEN {'col': 'conversion_method', 'val': clean_text(t.r_conversion_method), 'reason': '不是可选值之一（转让、许可、作价投资、其他）'} END,
      CASE WHEN clean_text(t.r_conversion_amount_wan) IS NOT NULL AND t.conversion_amount_wan IS NULL THEN {'col': 'conversion_amount_wan', 'val': clean_text(t.r_conversion_amount_wan), 'reason': '不是有效的金额（万元），如 1,234.5 或 12.3万元'}
      WHEN t.conversion_amount_wan < 0 THEN {'col': 'conversion_amount_wan', 'val': clean_text(t.r_conversion_amount_wan), 'reason': '金额不能为负数'} END,
      CASE WHEN clean_text(t.r_appraised_value_wan) IS NOT NULL AND t.appraised_value_wan IS NULL THEN {'col': 'appraised_value_wan', 'val': clean_text(t.r_appraised_value_wan), 'reason': '不是有效的金额（万元），如 1,234.5 或 12.3万元'}
      WHEN t.appraised_value_wan < 0 THEN {'col': 'appraised_value_wan', 'val': clean_text(t.r_appraised_value_wan), 'reason': '金额不能为负数'} END,
      CASE WHEN clean_text(t.r_empowerment_type) IS NOT NULL AND t.empowerment_type NOT IN ('无', '所有权', '长期使用权') THEN {'col': 'empowerment_type', 'val': clean_text(t.r_empowerment_type), 'reason': '不是可选值之一（无、所有权、长期使用权）'} END,
      CASE WHEN clean_text(t.r_empowerment_years) IS NOT NULL AND t.empowerment_years IS NULL THEN {'col': 'empowerment_years', 'val': clean_text(t.r_empowerment_years), 'reason': '不是整数'}
      WHEN t.empowerment_years < 0 THEN {'col': 'empowerment_years', 'val': clean_text(t.r_empowerment_years), 'reason': '不能为负数'} END,
      CASE WHEN clean_text(t.r_inventor_share_pct) IS NOT NULL AND t.inventor_share_pct IS NULL THEN {'col': 'inventor_share_pct', 'val': clean_text(t.r_inventor_share_pct), 'reason': '不是有效的百分比'}
      WHEN t.inventor_share_pct < 0 OR t.inventor_share_pct > 100 THEN {'col': 'inventor_share_pct', 'val': clean_text(t.r_inventor_share_pct), 'reason': '比例应在 0–100 之间'} END,
      CASE WHEN clean_text(t.r_in_pay_later_pool) IS NOT NULL AND t.in_pay_later_pool IS NULL THEN {'col': 'in_pay_later_pool', 'val': clean_text(t.r_in_pay_later_pool), 'reason': '应填“是”或“否”'} END,
      CASE WHEN clean_text(t.r_is_classified) IS NOT NULL AND t.is_classified IS NULL THEN {'col': 'is_classified', 'val': clean_text(t.r_is_classified), 'reason': '应填“是”或“否”'} END
    ], e -> e IS NOT NULL)
  END AS errors
FROM typed AS t;
