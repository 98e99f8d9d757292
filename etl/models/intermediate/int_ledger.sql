-- int_ledger: ledger rows after the design's consistency rules, the duplicate-key check inside the
-- file, and the "newer ledger replaces older" rule. A row whose errors list is empty is accepted.
-- Policy-rule violations (e.g. 长期使用权 < 10 years) are NOT errors here: such rows are loaded and
-- the compliance rules report them.
-- A ledger has a million rows and few of them break these rules, so the model is a small table of
-- the rows that do (int_ledger_errors), written into stg_ledger, and a view: the rows are not
-- copied once more.
CREATE OR REPLACE TEMP TABLE int_ledger_errors AS
WITH newer AS (
  SELECT unit_uscc, max(source_version) AS version, arg_max(source_file, source_version) AS file
  FROM achievements GROUP BY unit_uscc
),
dup AS (
  -- keys that occur more than once in the file, with the row of their first occurrence
  SELECT file_no, unit_uscc, achievement_no, min(source_row) AS first_row
  FROM stg_ledger
  WHERE unit_uscc IS NOT NULL AND achievement_no IS NOT NULL
  GROUP BY file_no, unit_uscc, achievement_no
  HAVING count(*) > 1
),
checked AS (
  -- each rule as a flag, for the rows that passed staging's cell checks
  SELECT
    s.file_no, s.source_row, s.unit_uscc, s.achievement_no, s.conversion_amount_wan, s.acquired_date,
    dup.first_row,
    newer.file AS newer_file,
    coalesce(s.source_row > dup.first_row, FALSE) AS f_dup,
    coalesce(s.conversion_status = '已转化' AND s.conversion_method IS NULL, FALSE) AS f_no_method,
    coalesce(s.conversion_status = '未转化' AND coalesce(s.conversion_amount_wan, 0) > 0, FALSE) AS f_amount_unconverted,
    coalesce(s.empowerment_type = '长期使用权' AND s.empowerment_years IS NULL, FALSE) AS f_no_years,
    coalesce(s.acquired_date > ctx.as_of_date, FALSE) AS f_future,
    coalesce(newer.version > ctx.source_version, FALSE) AS f_older
  FROM stg_ledger AS s
  CROSS JOIN load_ctx AS ctx -- a ledger loads alone: one row (cheaper than a join on file_no)
  LEFT JOIN dup ON dup.file_no = s.file_no AND dup.unit_uscc = s.unit_uscc AND dup.achievement_no = s.achievement_no
  LEFT JOIN newer ON newer.unit_uscc = s.unit_uscc
  WHERE len(s.errors) = 0
)
SELECT
  c.file_no,
  c.source_row,
  list_filter([
    CASE WHEN c.f_dup THEN {'col': 'achievement_no', 'val': c.achievement_no,
      'reason': '成果编号在本文件中重复（同一单位），首次出现在第 ' || c.first_row || ' 行'} END,
    CASE WHEN c.f_no_method THEN {'col': 'conversion_method', 'val': NULL, 'reason': '转化状态为“已转化”时须填写转化方式'} END,
    CASE WHEN c.f_amount_unconverted THEN {'col': 'conversion_amount_wan', 'val': CAST(c.conversion_amount_wan AS VARCHAR), 'reason': '转化状态为“未转化”，却填写了转化金额'} END,
    CASE WHEN c.f_no_years THEN {'col': 'empowerment_years', 'val': NULL, 'reason': '赋权方式为“长期使用权”时须填写赋权期限（年）'} END,
    CASE WHEN c.f_future THEN {'col': 'acquired_date', 'val': CAST(c.acquired_date AS VARCHAR), 'reason': '取得时间晚于加载日期'} END,
    CASE WHEN c.f_older THEN {'col': 'unit_uscc', 'val': c.unit_uscc, 'reason': '该单位已有更新的台账（' || c.newer_file || '），本行所在的旧台账未采用'} END
  ], e -> e IS NOT NULL) AS errors
FROM checked AS c
WHERE c.f_dup OR c.f_no_method OR c.f_amount_unconverted OR c.f_no_years OR c.f_future OR c.f_older;

-- The few rule-breaking rows get their errors in stg_ledger itself (DuckDB moves an updated row to a
-- new rowid; source_row is a column and stays), so that int_ledger is stg_ledger with no join: an
-- INSERT that reads a join of a million rows costs a second more than one that reads a table.
UPDATE stg_ledger AS s SET errors = e.errors
FROM int_ledger_errors AS e
WHERE e.file_no = s.file_no AND e.source_row = s.source_row;

CREATE OR REPLACE TEMP VIEW int_ledger AS
SELECT
  s.* EXCLUDE (row_cells),
  granted_type(s.achievement_type) AS is_granted
FROM stg_ledger AS s;
