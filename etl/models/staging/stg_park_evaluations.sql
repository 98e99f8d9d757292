-- stg_park_evaluations: 科技园与孵化器年度评估, as read. Generated from etl/contract/contract.yaml by
-- etl/models/generate-staging.ts; do not edit by hand. Input: raw_park_evaluations (all text, one row per
-- data row of one file, with source_row). Output: each column typed, plus `errors`, the list of
-- failed checks ({col, val, reason}); a row with no errors may still fail the int_ model's rules.
CREATE OR REPLACE TEMP TABLE stg_park_evaluations AS
WITH cleaned AS MATERIALIZED (
  -- each cell trimmed once (c_); numbers are then normalised once (n_: full-width digits, separators)
  SELECT
    raw.source_row,
    raw.extra_cells,
    raw.row_class,
    raw.row_text,
    clean_text(raw.year) AS c_year,
    clean_text(raw.name) AS c_name,
    clean_text(raw.category) AS c_category,
    clean_text(raw.level) AS c_level,
    clean_text(raw.host_unit) AS c_host_unit,
    clean_text(raw.score) AS c_score,
    clean_text(raw.grade) AS c_grade,
    clean_text(raw.incubating_count) AS c_incubating_count,
    clean_text(raw.graduated_count) AS c_graduated_count,
    clean_text(raw.requested_award_wan) AS c_requested_award_wan
  FROM raw_park_evaluations AS raw
),
numbers AS MATERIALIZED (
  SELECT *,
    num_text(c_year) AS n_year,
    num_text(c_score) AS n_score,
    num_text(c_incubating_count) AS n_incubating_count,
    num_text(c_graduated_count) AS n_graduated_count,
    num_text(c_requested_award_wan) AS n_requested_award_wan
  FROM cleaned
),
typed AS (
  SELECT
    cl.*,
    int_of(cl.n_year) AS year,
    cl.c_name AS name,
    cl.c_category AS category,
    cl.c_level AS level,
    cl.c_host_unit AS host_unit,
    number_of(cl.n_score) AS score,
    cl.c_grade AS grade,
    int_of(cl.n_incubating_count) AS incubating_count,
    int_of(cl.n_graduated_count) AS graduated_count,
    amount_of(cl.n_requested_award_wan) AS requested_award_wan
  FROM numbers AS cl

)
SELECT
  t.source_row,
  t.year,
  t.name,
  t.category,
  t.level,
  t.host_unit,
  t.score,
  t.grade,
  t.incubating_count,
  t.graduated_count,
  t.requested_award_wan,
  CASE
    -- a 合计/小计 row below the data: a summary, not a record (row_class: etl/load/raw-load.ts)
    WHEN t.row_class = 'total' THEN [{'col': NULL, 'val': t.row_text, 'reason': '合计/小计行，不作为数据导入'}]
    -- a note under the table (注：…, 填表人：…): one filled cell of prose
    WHEN t.row_class = 'note' THEN [{'col': NULL, 'val': t.row_text, 'reason': '表格下方的说明或备注行，不作为数据导入'}]
    -- most rows pass every check: build the list of failures only for the rows that have one
    WHEN NOT (t.extra_cells IS NOT NULL
      OR coalesce(t.c_year IS NULL, FALSE) OR coalesce(t.c_year IS NOT NULL AND t.year IS NULL, FALSE) OR coalesce(t.year < 0, FALSE)
      OR coalesce(t.c_name IS NULL, FALSE)
      OR coalesce(t.c_category IS NULL, FALSE) OR coalesce(t.c_category IS NOT NULL AND t.category NOT IN ('大学科技园', '孵化器'), FALSE)
      OR coalesce(t.c_level IS NULL, FALSE) OR coalesce(t.c_level IS NOT NULL AND t.level NOT IN ('国家级', '省级', '市级'), FALSE)
      OR coalesce(t.c_score IS NULL, FALSE) OR coalesce(t.c_score IS NOT NULL AND t.score IS NULL, FALSE) OR coalesce(t.score < 0, FALSE)
      OR coalesce(t.c_grade IS NULL, FALSE) OR coalesce(t.c_grade IS NOT NULL AND t.grade NOT IN ('优秀', '良好', '合格', '不合格'), FALSE)
      OR coalesce(t.c_incubating_count IS NOT NULL AND t.incubating_count IS NULL, FALSE) OR coalesce(t.incubating_count < 0, FALSE)
      OR coalesce(t.c_graduated_count IS NOT NULL AND t.graduated_count IS NULL, FALSE) OR coalesce(t.graduated_count < 0, FALSE)
      OR coalesce(t.c_requested_award_wan IS NOT NULL AND t.requested_award_wan IS NULL, FALSE) OR coalesce(t.requested_award_wan < 0, FALSE))
      THEN CAST([] AS STRUCT(col VARCHAR, val VARCHAR, reason VARCHAR)[])
    ELSE list_filter([
      CASE WHEN t.extra_cells IS NOT NULL THEN {'col': NULL, 'val': t.extra_cells, 'reason': '表头之外的列有内容（列数多于表头）'} END,
      CASE WHEN t.c_year IS NULL THEN {'col': 'year', 'val': t.c_year, 'reason': '必填项为空'}
      WHEN t.c_year IS NOT NULL AND t.year IS NULL THEN {'col': 'year', 'val': t.c_year, 'reason': '不是整数'}
      WHEN t.year < 0 THEN {'col': 'year', 'val': t.c_year, 'reason': '不能为负数'} END,
      CASE WHEN t.c_name IS NULL THEN {'col': 'name', 'val': t.c_name, 'reason': '必填项为空'} END,
      CASE WHEN t.c_category IS NULL THEN {'col': 'category', 'val': t.c_category, 'reason': '必填项为空'}
      WHEN t.c_category IS NOT NULL AND t.category NOT IN ('大学科技园', '孵化器') THEN {'col': 'category', 'val': t.c_category, 'reason': '不是可选值之一（大学科技园、孵化器）'} END,
      CASE WHEN t.c_level IS NULL THEN {'col': 'level', 'val': t.c_level, 'reason': '必填项为空'}
      WHEN t.c_level IS NOT NULL AND t.level NOT IN ('国家级', '省级', '市级') THEN {'col': 'level', 'val': t.c_level, 'reason': '不是可选值之一（国家级、省级、市级）'} END,
      NULL,
      CASE WHEN t.c_score IS NULL THEN {'col': 'score', 'val': t.c_score, 'reason': '必填项为空'}
      WHEN t.c_score IS NOT NULL AND t.score IS NULL THEN {'col': 'score', 'val': t.c_score, 'reason': '不是有效的数值'}
      WHEN t.score < 0 THEN {'col': 'score', 'val': t.c_score, 'reason': '不能为负数'} END,
      CASE WHEN t.c_grade IS NULL THEN {'col': 'grade', 'val': t.c_grade, 'reason': '必填项为空'}
      WHEN t.c_grade IS NOT NULL AND t.grade NOT IN ('优秀', '良好', '合格', '不合格') THEN {'col': 'grade', 'val': t.c_grade, 'reason': '不是可选值之一（优秀、良好、合格、不合格）'} END,
      CASE WHEN t.c_incubating_count IS NOT NULL AND t.incubating_count IS NULL THEN {'col': 'incubating_count', 'val': t.c_incubating_count, 'reason': '不是整数'}
      WHEN t.incubating_count < 0 THEN {'col': 'incubating_count', 'val': t.c_incubating_count, 'reason': '不能为负数'} END,
      CASE WHEN t.c_graduated_count IS NOT NULL AND t.graduated_count IS NULL THEN {'col': 'graduated_count', 'val': t.c_graduated_count, 'reason': '不是整数'}
      WHEN t.graduated_count < 0 THEN {'col': 'graduated_count', 'val': t.c_graduated_count, 'reason': '不能为负数'} END,
      CASE WHEN t.c_requested_award_wan IS NOT NULL AND t.requested_award_wan IS NULL THEN {'col': 'requested_award_wan', 'val': t.c_requested_award_wan, 'reason': '不是有效的金额（万元），如 1,234.5 或 12.3万元'}
      WHEN t.requested_award_wan < 0 THEN {'col': 'requested_award_wan', 'val': t.c_requested_award_wan, 'reason': '金额不能为负数'} END
    ], e -> e IS NOT NULL)
  END AS errors
FROM typed AS t;
