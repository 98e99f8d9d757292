-- int_contracts: contract rows after the consistency rules and the duplicate-key check inside the
-- file. Policy-rule violations (notice < 15 days, shares below the thresholds) are loaded and left
-- to the compliance rules; only impossible or contradictory rows are refused here.
CREATE OR REPLACE TEMP TABLE int_contracts AS
SELECT
  s.* EXCLUDE (errors),
  year(s.signed_date) AS signed_year,
  CASE WHEN len(s.errors) > 0 THEN s.errors ELSE list_filter([
    CASE WHEN s.unit_uscc IS NOT NULL AND s.contract_no IS NOT NULL
          AND row_number() OVER (PARTITION BY s.unit_uscc, s.contract_no ORDER BY s.source_row) > 1
      THEN {'col': 'contract_no', 'val': s.contract_no,
            'reason': '合同编号在本文件中重复（同一单位），首次出现在第 ' || min(s.source_row) OVER (PARTITION BY s.unit_uscc, s.contract_no) || ' 行'} END,
    CASE WHEN s.signed_date > ctx.as_of_date
      THEN {'col': 'signed_date', 'val': CAST(s.signed_date AS VARCHAR), 'reason': '签订日期晚于加载日期'} END,
    CASE WHEN s.net_income_wan > s.amount_wan
      THEN {'col': 'net_income_wan', 'val': CAST(s.net_income_wan AS VARCHAR), 'reason': '净收入大于合同金额'} END,
    CASE WHEN coalesce(s.inventor_reward_pct, 0) + coalesce(s.tto_share_pct, 0) + coalesce(s.fund_share_pct, 0) > 100
      THEN {'col': 'inventor_reward_pct', 'val': CAST(s.inventor_reward_pct AS VARCHAR), 'reason': '奖励完成人、技术转移机构与转化基金的比例之和超过100%'} END
  ], e -> e IS NOT NULL) END AS errors
FROM stg_contracts AS s
CROSS JOIN load_ctx AS ctx;
