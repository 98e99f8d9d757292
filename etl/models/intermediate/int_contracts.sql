-- int_contracts: contract rows after the consistency rules and the duplicate-key check inside the
-- file. Policy-rule violations (notice < 15 days, shares below the thresholds) are loaded and left
-- to the compliance rules; only impossible or contradictory rows are refused here.
-- As in int_ledger: a small table of the rows that break a rule (int_contracts_errors), written
-- into stg_contracts, and a view, so the rows are not copied once more.
CREATE OR REPLACE TEMP TABLE int_contracts_errors AS
WITH dup AS (
  -- keys that occur more than once in the file, with the row of their first occurrence
  SELECT file_no, unit_uscc, contract_no, min(source_row) AS first_row
  FROM stg_contracts
  WHERE unit_uscc IS NOT NULL AND contract_no IS NOT NULL
  GROUP BY file_no, unit_uscc, contract_no
  HAVING count(*) > 1
),
checked AS (
  -- each rule as a flag, for the rows that passed staging's cell checks
  SELECT
    s.file_no, s.source_row, s.contract_no, s.signed_date, s.net_income_wan, s.inventor_reward_pct,
    dup.first_row,
    coalesce(s.source_row > dup.first_row, FALSE) AS f_dup,
    coalesce(s.signed_date > ctx.as_of_date, FALSE) AS f_future,
    coalesce(s.net_income_wan > s.amount_wan, FALSE) AS f_net_income,
    coalesce(coalesce(s.inventor_reward_pct, 0) + coalesce(s.tto_share_pct, 0) + coalesce(s.fund_share_pct, 0) > 100, FALSE) AS f_shares
  FROM stg_contracts AS s
  JOIN load_ctx AS ctx ON ctx.file_no = s.file_no
  LEFT JOIN dup ON dup.file_no = s.file_no AND dup.unit_uscc = s.unit_uscc AND dup.contract_no = s.contract_no
  WHERE len(s.errors) = 0
)
SELECT
  c.file_no,
  c.source_row,
  list_filter([
    CASE WHEN c.f_dup THEN {'col': 'contract_no', 'val': c.contract_no,
      'reason': '合同编号在本文件中重复（同一单位），首次出现在第 ' || c.first_row || ' 行'} END,
    CASE WHEN c.f_future THEN {'col': 'signed_date', 'val': CAST(c.signed_date AS VARCHAR), 'reason': '签订日期晚于加载日期'} END,
    CASE WHEN c.f_net_income THEN {'col': 'net_income_wan', 'val': CAST(c.net_income_wan AS VARCHAR), 'reason': '净收入大于合同金额'} END,
    CASE WHEN c.f_shares THEN {'col': 'inventor_reward_pct', 'val': CAST(c.inventor_reward_pct AS VARCHAR), 'reason': '奖励完成人、技术转移机构与转化基金的比例之和超过100%'} END
  ], e -> e IS NOT NULL) AS errors
FROM checked AS c
WHERE c.f_dup OR c.f_future OR c.f_net_income OR c.f_shares;

-- The few rule-breaking rows get their errors in stg_contracts itself (DuckDB moves an updated row to a
-- new rowid; source_row is a column and stays), so that int_contracts is stg_contracts with no join: an
-- INSERT that reads a join of a million rows costs a second more than one that reads a table.
UPDATE stg_contracts AS s SET errors = e.errors
FROM int_contracts_errors AS e
WHERE e.file_no = s.file_no AND e.source_row = s.source_row;

CREATE OR REPLACE TEMP VIEW int_contracts AS
SELECT
  s.* EXCLUDE (row_cells),
  year(s.signed_date) AS signed_year
FROM stg_contracts AS s;
