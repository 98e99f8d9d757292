-- stg_contracts: 转化合同明细, as read. Generated from etl/contract/contract.yaml by
-- etl/models/generate-staging.ts; do not edit by hand. Input: raw_contracts (all text, one row per
-- data row of one file, with source_row). Output: each column typed, plus `errors`, the list of
-- failed checks ({col, val, reason}); a row with no errors may still fail the int_ model's rules.
CREATE OR REPLACE TEMP TABLE stg_contracts AS
WITH cleaned AS MATERIALIZED (
  -- each cell trimmed once (c_); numbers are then normalised once (n_: full-width digits, separators)
  SELECT
    raw.source_row,
    raw.extra_cells,
    raw.row_class,
    raw.row_text,
    clean_text(raw.contract_no) AS c_contract_no,
    clean_text(raw.unit_uscc) AS c_unit_uscc,
    clean_text(raw.achievement_no) AS c_achievement_no,
    clean_text(raw.conversion_method) AS c_conversion_method,
    clean_text(raw.assignee_name) AS c_assignee_name,
    clean_text(raw.assignee_type) AS c_assignee_type,
    clean_text(raw.amount_wan) AS c_amount_wan,
    clean_text(raw.signed_date) AS c_signed_date,
    clean_text(raw.pricing_method) AS c_pricing_method,
    clean_text(raw.notice_days) AS c_notice_days,
    clean_text(raw.is_appraised) AS c_is_appraised,
    clean_text(raw.net_income_wan) AS c_net_income_wan,
    clean_text(raw.inventor_reward_pct) AS c_inventor_reward_pct,
    clean_text(raw.tto_share_pct) AS c_tto_share_pct,
    clean_text(raw.fund_share_pct) AS c_fund_share_pct,
    clean_text(raw.uses_horizontal_surplus) AS c_uses_horizontal_surplus,
    clean_text(raw.is_pay_later) AS c_is_pay_later
  FROM raw_contracts AS raw
),
numbers AS MATERIALIZED (
  SELECT *,
    num_text(c_amount_wan) AS n_amount_wan,
    num_text(c_notice_days) AS n_notice_days,
    num_text(c_net_income_wan) AS n_net_income_wan,
    num_text(c_inventor_reward_pct) AS n_inventor_reward_pct,
    num_text(c_tto_share_pct) AS n_tto_share_pct,
    num_text(c_fund_share_pct) AS n_fund_share_pct
  FROM cleaned
),
m_unit_uscc AS (
  -- parsed once per distinct value: a ledger repeats its unit code and dates on many rows
  SELECT v, norm_uscc(v) AS typed, uscc_ok(norm_uscc(v)) AS ok
  FROM (SELECT DISTINCT c_unit_uscc AS v FROM cleaned)
),
m_signed_date AS (
  -- parsed once per distinct value: a ledger repeats its unit code and dates on many rows
  SELECT v, date_of(v) AS typed
  FROM (SELECT DISTINCT c_signed_date AS v FROM cleaned)
),
typed AS (
  SELECT
    cl.*,
    cl.c_contract_no AS contract_no,
    m_unit_uscc.typed AS unit_uscc,
    cl.c_achievement_no AS achievement_no,
    cl.c_conversion_method AS conversion_method,
    cl.c_assignee_name AS assignee_name,
    cl.c_assignee_type AS assignee_type,
    amount_of(cl.n_amount_wan) AS amount_wan,
    m_signed_date.typed AS signed_date,
    cl.c_pricing_method AS pricing_method,
    int_of(cl.n_notice_days) AS notice_days,
    bool_of(cl.c_is_appraised) AS is_appraised,
    amount_of(cl.n_net_income_wan) AS net_income_wan,
    pct_of(cl.n_inventor_reward_pct) AS inventor_reward_pct,
    pct_of(cl.n_tto_share_pct) AS tto_share_pct,
    pct_of(cl.n_fund_share_pct) AS fund_share_pct,
    bool_of(cl.c_uses_horizontal_surplus) AS uses_horizontal_surplus,
    bool_of(cl.c_is_pay_later) AS is_pay_later,
    m_unit_uscc.ok AS ok_unit_uscc
  FROM numbers AS cl
  LEFT JOIN m_unit_uscc ON m_unit_uscc.v = cl.c_unit_uscc
  LEFT JOIN m_signed_date ON m_signed_date.v = cl.c_signed_date
)
SELECT
  t.source_row,
  t.contract_no,
  t.unit_uscc,
  t.achievement_no,
  t.conversion_method,
  t.assignee_name,
  t.assignee_type,
  t.amount_wan,
  t.signed_date,
  t.pricing_method,
  t.notice_days,
  t.is_appraised,
  t.net_income_wan,
  t.inventor_reward_pct,
  t.tto_share_pct,
  t.fund_share_pct,
  t.uses_horizontal_surplus,
  t.is_pay_later,
  CASE
    -- a 合计/小计 row below the data: a summary, not a record (row_class: etl/load/raw-load.ts)
    WHEN t.row_class = 'total' THEN [{'col': NULL, 'val': t.row_text, 'reason': '合计/小计行，不作为数据导入'}]
    -- a note under the table (注：…, 填表人：…): one filled cell of prose
    WHEN t.row_class = 'note' THEN [{'col': NULL, 'val': t.row_text, 'reason': '表格下方的说明或备注行，不作为数据导入'}]
    -- most rows pass every check: build the list of failures only for the rows that have one
    WHEN NOT (t.extra_cells IS NOT NULL
      OR coalesce(t.c_contract_no IS NULL, FALSE)
      OR coalesce(t.c_unit_uscc IS NULL, FALSE) OR coalesce(t.c_unit_uscc IS NOT NULL AND NOT coalesce(t.ok_unit_uscc, FALSE), FALSE)
      OR coalesce(t.c_conversion_method IS NULL, FALSE) OR coalesce(t.c_conversion_method IS NOT NULL AND t.conversion_method NOT IN ('转让', '许可', '作价投资', '其他'), FALSE)
      OR coalesce(t.c_assignee_name IS NULL, FALSE)
      OR coalesce(t.c_assignee_type IS NOT NULL AND t.assignee_type NOT IN ('国有全资企业', '非国有企业', '中小微企业', '其他'), FALSE)
      OR coalesce(t.c_amount_wan IS NULL, FALSE) OR coalesce(t.c_amount_wan IS NOT NULL AND t.amount_wan IS NULL, FALSE) OR coalesce(t.amount_wan < 0, FALSE)
      OR coalesce(t.c_signed_date IS NULL, FALSE) OR coalesce(t.c_signed_date IS NOT NULL AND t.signed_date IS NULL, FALSE) OR coalesce(year(t.signed_date) NOT BETWEEN 1950 AND 2100, FALSE)
      OR coalesce(t.c_pricing_method IS NOT NULL AND t.pricing_method NOT IN ('协议定价', '挂牌交易', '拍卖', '评估定价'), FALSE)
      OR coalesce(t.c_notice_days IS NOT NULL AND t.notice_days IS NULL, FALSE) OR coalesce(t.notice_days < 0, FALSE)
      OR coalesce(t.c_is_appraised IS NOT NULL AND t.is_appraised IS NULL, FALSE)
      OR coalesce(t.c_net_income_wan IS NOT NULL AND t.net_income_wan IS NULL, FALSE) OR coalesce(t.net_income_wan < 0, FALSE)
      OR coalesce(t.c_inventor_reward_pct IS NOT NULL AND t.inventor_reward_pct IS NULL, FALSE) OR coalesce(t.inventor_reward_pct < 0 OR t.inventor_reward_pct > 100, FALSE)
      OR coalesce(t.c_tto_share_pct IS NOT NULL AND t.tto_share_pct IS NULL, FALSE) OR coalesce(t.tto_share_pct < 0 OR t.tto_share_pct > 100, FALSE)
      OR coalesce(t.c_fund_share_pct IS NOT NULL AND t.fund_share_pct IS NULL, FALSE) OR coalesce(t.fund_share_pct < 0 OR t.fund_share_pct > 100, FALSE)
      OR coalesce(t.c_uses_horizontal_surplus IS NOT NULL AND t.uses_horizontal_surplus IS NULL, FALSE)
      OR coalesce(t.c_is_pay_later IS NOT NULL AND t.is_pay_later IS NULL, FALSE))
      THEN CAST([] AS STRUCT(col VARCHAR, val VARCHAR, reason VARCHAR)[])
    ELSE list_filter([
      CASE WHEN t.extra_cells IS NOT NULL THEN {'col': NULL, 'val': t.extra_cells, 'reason': '表头之外的列有内容（列数多于表头）'} END,
      CASE WHEN t.c_contract_no IS NULL THEN {'col': 'contract_no', 'val': t.c_contract_no, 'reason': '必填项为空'} END,
      CASE WHEN t.c_unit_uscc IS NULL THEN {'col': 'unit_uscc', 'val': t.c_unit_uscc, 'reason': '必填项为空'}
      WHEN t.c_unit_uscc IS NOT NULL AND NOT coalesce(t.ok_unit_uscc, FALSE) THEN {'col': 'unit_uscc', 'val': t.c_unit_uscc, 'reason': CASE WHEN length(t.unit_uscc) <> 18 THEN '统一社会信用代码应为18位，实为' || length(t.unit_uscc) || '位' ELSE '统一社会信用代码校验位错误（GB 32100）' END} END,
      NULL,
      CASE WHEN t.c_conversion_method IS NULL THEN {'col': 'conversion_method', 'val': t.c_conversion_method, 'reason': '必填项为空'}
      WHEN t.c_conversion_method IS NOT NULL AND t.conversion_method NOT IN ('转让', '许可', '作价投资', '其他') THEN {'col': 'conversion_method', 'val': t.c_conversion_method, 'reason': '不是可选值之一（转让、许可、作价投资、其他）'} END,
      CASE WHEN t.c_assignee_name IS NULL THEN {'col': 'assignee_name', 'val': t.c_assignee_name, 'reason': '必填项为空'} END,
      CASE WHEN t.c_assignee_type IS NOT NULL AND t.assignee_type NOT IN ('国有全资企业', '非国有企业', '中小微企业', '其他') THEN {'col': 'assignee_type', 'val': t.c_assignee_type, 'reason': '不是可选值之一（国有全资企业、非国有企业、中小微企业、其他）'} END,
      CASE WHEN t.c_amount_wan IS NULL THEN {'col': 'amount_wan', 'val': t.c_amount_wan, 'reason': '必填项为空'}
      WHEN t.c_amount_wan IS NOT NULL AND t.amount_wan IS NULL THEN {'col': 'amount_wan', 'val': t.c_amount_wan, 'reason': '不是有效的金额（万元），如 1,234.5 或 12.3万元'}
      WHEN t.amount_wan < 0 THEN {'col': 'amount_wan', 'val': t.c_amount_wan, 'reason': '金额不能为负数'} END,
      CASE WHEN t.c_signed_date IS NULL THEN {'col': 'signed_date', 'val': t.c_signed_date, 'reason': '必填项为空'}
      WHEN t.c_signed_date IS NOT NULL AND t.signed_date IS NULL THEN {'col': 'signed_date', 'val': t.c_signed_date, 'reason': '不是有效日期或日期不存在（如 2024-03-05、2024/3/5、2024年3月5日）'}
      WHEN year(t.signed_date) NOT BETWEEN 1950 AND 2100 THEN {'col': 'signed_date', 'val': t.c_signed_date, 'reason': '日期超出合理范围（1950–2100年）'} END,
      CASE WHEN t.c_pricing_method IS NOT NULL AND t.pricing_method NOT IN ('协议定价', '挂牌交易', '拍卖', '评估定价') THEN {'col': 'pricing_method', 'val': t.c_pricing_method, 'reason': '不是可选值之一（协议定价、挂牌交易、拍卖、评估定价）'} END,
      CASE WHEN t.c_notice_days IS NOT NULL AND t.notice_days IS NULL THEN {'col': 'notice_days', 'val': t.c_notice_days, 'reason': '不是整数'}
      WHEN t.notice_days < 0 THEN {'col': 'notice_days', 'val': t.c_notice_days, 'reason': '不能为负数'} END,
      CASE WHEN t.c_is_appraised IS NOT NULL AND t.is_appraised IS NULL THEN {'col': 'is_appraised', 'val': t.c_is_appraised, 'reason': '应填“是”或“否”'} END,
      CASE WHEN t.c_net_income_wan IS NOT NULL AND t.net_income_wan IS NULL THEN {'col': 'net_income_wan', 'val': t.c_net_income_wan, 'reason': '不是有效的金额（万元），如 1,234.5 或 12.3万元'}
      WHEN t.net_income_wan < 0 THEN {'col': 'net_income_wan', 'val': t.c_net_income_wan, 'reason': '金额不能为负数'} END,
      CASE WHEN t.c_inventor_reward_pct IS NOT NULL AND t.inventor_reward_pct IS NULL THEN {'col': 'inventor_reward_pct', 'val': t.c_inventor_reward_pct, 'reason': '不是有效的百分比'}
      WHEN t.inventor_reward_pct < 0 OR t.inventor_reward_pct > 100 THEN {'col': 'inventor_reward_pct', 'val': t.c_inventor_reward_pct, 'reason': '比例应在 0–100 之间'} END,
      CASE WHEN t.c_tto_share_pct IS NOT NULL AND t.tto_share_pct IS NULL THEN {'col': 'tto_share_pct', 'val': t.c_tto_share_pct, 'reason': '不是有效的百分比'}
      WHEN t.tto_share_pct < 0 OR t.tto_share_pct > 100 THEN {'col': 'tto_share_pct', 'val': t.c_tto_share_pct, 'reason': '比例应在 0–100 之间'} END,
      CASE WHEN t.c_fund_share_pct IS NOT NULL AND t.fund_share_pct IS NULL THEN {'col': 'fund_share_pct', 'val': t.c_fund_share_pct, 'reason': '不是有效的百分比'}
      WHEN t.fund_share_pct < 0 OR t.fund_share_pct > 100 THEN {'col': 'fund_share_pct', 'val': t.c_fund_share_pct, 'reason': '比例应在 0–100 之间'} END,
      CASE WHEN t.c_uses_horizontal_surplus IS NOT NULL AND t.uses_horizontal_surplus IS NULL THEN {'col': 'uses_horizontal_surplus', 'val': t.c_uses_horizontal_surplus, 'reason': '应填“是”或“否”'} END,
      CASE WHEN t.c_is_pay_later IS NOT NULL AND t.is_pay_later IS NULL THEN {'col': 'is_pay_later', 'val': t.c_is_pay_later, 'reason': '应填“是”或“否”'} END
    ], e -> e IS NOT NULL)
  END AS errors
FROM typed AS t;
