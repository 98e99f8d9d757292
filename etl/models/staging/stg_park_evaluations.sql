-- stg_park_evaluations: 科技园与孵化器年度评估, as read. Generated from etl/contract/contract.yaml by
-- etl/models/generate-staging.ts; do not edit by hand. Input: raw_park_evaluations (all text, one row per
-- record, in file order; file_no tells the files of a batch apart, 0 for a file loaded alone).
-- Output: each column typed, plus `errors`, the list of failed checks ({col, val, reason}),
-- `row_cells` (for a row with any: all its cells as JSON, for etl/models/load/classify_rows.sql)
-- and source_row. A row with no errors may still fail the int_ model's rules.
CREATE OR REPLACE TEMP TABLE stg_park_evaluations AS
WITH cleaned AS (
  -- each cell trimmed (c_); a row without any white space (raw.padded false) needs no trimming
  SELECT
    raw.file_no,
    raw.source_row,
    raw.extra_cells,
    raw.cells,
    CASE WHEN raw.padded THEN trim_text(raw.year) ELSE nullif(raw.year, '') END AS c_year,
    CASE WHEN raw.padded THEN trim_text(raw.name) ELSE nullif(raw.name, '') END AS c_name,
    CASE WHEN raw.padded THEN trim_text(raw.category) ELSE nullif(raw.category, '') END AS c_category,
    CASE WHEN raw.padded THEN trim_text(raw.level) ELSE nullif(raw.level, '') END AS c_level,
    CASE WHEN raw.padded THEN trim_text(raw.host_unit) ELSE nullif(raw.host_unit, '') END AS c_host_unit,
    CASE WHEN raw.padded THEN trim_text(raw.score) ELSE nullif(raw.score, '') END AS c_score,
    CASE WHEN raw.padded THEN trim_text(raw.grade) ELSE nullif(raw.grade, '') END AS c_grade,
    CASE WHEN raw.padded THEN trim_text(raw.incubating_count) ELSE nullif(raw.incubating_count, '') END AS c_incubating_count,
    CASE WHEN raw.padded THEN trim_text(raw.graduated_count) ELSE nullif(raw.graduated_count, '') END AS c_graduated_count,
    CASE WHEN raw.padded THEN trim_text(raw.requested_award_wan) ELSE nullif(raw.requested_award_wan, '') END AS c_requested_award_wan
  FROM raw_park_evaluations AS raw
),
typed AS (
  SELECT
    cl.*,
    to_int(cl.c_year) AS year,
    cl.c_name AS name,
    cl.c_category AS category,
    cl.c_level AS level,
    cl.c_host_unit AS host_unit,
    to_number(cl.c_score) AS score,
    cl.c_grade AS grade,
    to_int(cl.c_incubating_count) AS incubating_count,
    to_int(cl.c_graduated_count) AS graduated_count,
    to_amount(cl.c_requested_award_wan) AS requested_award_wan
  FROM cleaned AS cl
),
checked AS (
  -- each column's first failed check as its number (f_), NULL when the cell is fine
  SELECT
    t.*,
    CASE WHEN t.extra_cells IS NOT NULL THEN 1 END AS f_extra,
    CASE WHEN t.c_year IS NULL THEN 1 WHEN t.c_year IS NOT NULL AND t.year IS NULL THEN 2 WHEN t.year < 0 THEN 3 END AS f_year,
    CASE WHEN t.c_name IS NULL THEN 1 END AS f_name,
    CASE WHEN t.c_category IS NULL THEN 1 WHEN t.c_category IS NOT NULL AND NOT list_contains(['大学科技园', '孵化器'], t.category) THEN 2 END AS f_category,
    CASE WHEN t.c_level IS NULL THEN 1 WHEN t.c_level IS NOT NULL AND NOT list_contains(['国家级', '省级', '市级'], t.level) THEN 2 END AS f_level,
    CASE WHEN t.c_score IS NULL THEN 1 WHEN t.c_score IS NOT NULL AND t.score IS NULL THEN 2 WHEN t.score < 0 THEN 3 END AS f_score,
    CASE WHEN t.c_grade IS NULL THEN 1 WHEN t.c_grade IS NOT NULL AND NOT list_contains(['优秀', '良好', '合格', '不合格'], t.grade) THEN 2 END AS f_grade,
    CASE WHEN t.c_incubating_count IS NOT NULL AND t.incubating_count IS NULL THEN 1 WHEN t.incubating_count < 0 THEN 2 END AS f_incubating_count,
    CASE WHEN t.c_graduated_count IS NOT NULL AND t.graduated_count IS NULL THEN 1 WHEN t.graduated_count < 0 THEN 2 END AS f_graduated_count,
    CASE WHEN t.c_requested_award_wan IS NOT NULL AND t.requested_award_wan IS NULL THEN 1 WHEN t.requested_award_wan < 0 THEN 2 END AS f_requested_award_wan
  FROM typed AS t
)
SELECT
  k.file_no,
  k.source_row,
  k.year,
  k.name,
  k.category,
  k.level,
  k.host_unit,
  k.score,
  k.grade,
  k.incubating_count,
  k.graduated_count,
  k.requested_award_wan,
  -- most rows pass every check: the failures ({col, val, reason}, each column's first failed check)
  -- and the row's cells are built only for the rows that have one (blank, 合计 and note rows fail
  -- here and are told apart by classify_rows.sql); a CASE evaluates its ELSE for those rows alone
  CASE WHEN coalesce(k.f_extra, k.f_year, k.f_name, k.f_category, k.f_level, k.f_score, k.f_grade, k.f_incubating_count, k.f_graduated_count, k.f_requested_award_wan) IS NULL THEN CAST([] AS STRUCT(col VARCHAR, val VARCHAR, reason VARCHAR)[])
    ELSE list_filter([
      CASE k.f_extra WHEN 1 THEN {'col': NULL, 'val': k.extra_cells, 'reason': '表头之外的列有内容（列数多于表头）'} END,
      CASE k.f_year WHEN 1 THEN {'col': 'year', 'val': k.c_year, 'reason': '必填项为空'}
        WHEN 2 THEN {'col': 'year', 'val': k.c_year, 'reason': '不是整数'}
        WHEN 3 THEN {'col': 'year', 'val': k.c_year, 'reason': '不能为负数'} END,
      CASE k.f_name WHEN 1 THEN {'col': 'name', 'val': k.c_name, 'reason': '必填项为空'} END,
      CASE k.f_category WHEN 1 THEN {'col': 'category', 'val': k.c_category, 'reason': '必填项为空'}
        WHEN 2 THEN {'col': 'category', 'val': k.c_category, 'reason': '不是可选值之一（大学科技园、孵化器）'} END,
      CASE k.f_level WHEN 1 THEN {'col': 'level', 'val': k.c_level, 'reason': '必填项为空'}
        WHEN 2 THEN {'col': 'level', 'val': k.c_level, 'reason': '不是可选值之一（国家级、省级、市级）'} END,
      CASE k.f_score WHEN 1 THEN {'col': 'score', 'val': k.c_score, 'reason': '必填项为空'}
        WHEN 2 THEN {'col': 'score', 'val': k.c_score, 'reason': '不是有效的数值'}
        WHEN 3 THEN {'col': 'score', 'val': k.c_score, 'reason': '不能为负数'} END,
      CASE k.f_grade WHEN 1 THEN {'col': 'grade', 'val': k.c_grade, 'reason': '必填项为空'}
        WHEN 2 THEN {'col': 'grade', 'val': k.c_grade, 'reason': '不是可选值之一（优秀、良好、合格、不合格）'} END,
      CASE k.f_incubating_count WHEN 1 THEN {'col': 'incubating_count', 'val': k.c_incubating_count, 'reason': '不是整数'}
        WHEN 2 THEN {'col': 'incubating_count', 'val': k.c_incubating_count, 'reason': '不能为负数'} END,
      CASE k.f_graduated_count WHEN 1 THEN {'col': 'graduated_count', 'val': k.c_graduated_count, 'reason': '不是整数'}
        WHEN 2 THEN {'col': 'graduated_count', 'val': k.c_graduated_count, 'reason': '不能为负数'} END,
      CASE k.f_requested_award_wan WHEN 1 THEN {'col': 'requested_award_wan', 'val': k.c_requested_award_wan, 'reason': '不是有效的金额（万元），如 1,234.5 或 12.3万元'}
        WHEN 2 THEN {'col': 'requested_award_wan', 'val': k.c_requested_award_wan, 'reason': '金额不能为负数'} END
    ], e -> e IS NOT NULL)
  END AS errors,
  CASE WHEN coalesce(k.f_extra, k.f_year, k.f_name, k.f_category, k.f_level, k.f_score, k.f_grade, k.f_incubating_count, k.f_graduated_count, k.f_requested_award_wan) IS NOT NULL THEN CAST(to_json(k.cells) AS VARCHAR) END AS row_cells
FROM checked AS k;

-- A file read by the fast path comes without row numbers, but its rows kept the file's order (a plain
-- scan and projections; the files of a batch one after the other), so a row's rowid less its file's
-- first rowid is its record number. It is written down before any UPDATE of a list column (DuckDB
-- moves such a row to a new rowid). The first row under the header is filled in per file_no.
SELECT error('stg_park_evaluations: the rows of file ' || file_no || ' are not in one run')
FROM (SELECT file_no, count(*) AS n, max(rowid) - min(rowid) + 1 AS span FROM stg_park_evaluations WHERE source_row IS NULL GROUP BY file_no)
WHERE n <> span;
UPDATE stg_park_evaluations AS s SET source_row = CAST(s.rowid - f.first_rowid + {{first_row}} AS INTEGER)
FROM (SELECT file_no, min(rowid) AS first_rowid FROM stg_park_evaluations WHERE source_row IS NULL GROUP BY file_no) AS f
WHERE s.file_no = f.file_no AND s.source_row IS NULL;
