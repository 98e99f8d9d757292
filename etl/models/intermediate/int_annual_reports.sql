-- int_annual_reports: annual reports after the consistency rules and the duplicate-key check.
-- A late report is loaded (timeliness is measured on the 数据质量 page), not refused.
CREATE OR REPLACE TEMP TABLE int_annual_reports AS
SELECT
  s.* EXCLUDE (errors, row_cells),
  CASE WHEN len(s.errors) > 0 THEN s.errors ELSE list_filter([
    CASE WHEN s.year IS NOT NULL AND s.unit_uscc IS NOT NULL
          AND row_number() OVER (PARTITION BY s.file_no, s.year, s.unit_uscc ORDER BY s.source_row) > 1
      THEN {'col': 'unit_uscc', 'val': s.unit_uscc,
            'reason': '同一单位同一年度的报告在本文件中重复，首次出现在第 ' || min(s.source_row) OVER (PARTITION BY s.file_no, s.year, s.unit_uscc) || ' 行'} END,
    CASE WHEN s.year NOT BETWEEN 2000 AND year(ctx.as_of_date)
      THEN {'col': 'year', 'val': CAST(s.year AS VARCHAR), 'reason': '年度不在合理范围（2000年至今）'} END,
    CASE WHEN s.submitted_date < make_date(s.year, 1, 1)
      THEN {'col': 'submitted_date', 'val': CAST(s.submitted_date AS VARCHAR), 'reason': '提交日期早于报告年度'} END,
    CASE WHEN s.submitted_date > ctx.as_of_date
      THEN {'col': 'submitted_date', 'val': CAST(s.submitted_date AS VARCHAR), 'reason': '提交日期晚于加载日期'} END
  ], e -> e IS NOT NULL) END AS errors
FROM stg_annual_reports AS s
JOIN load_ctx AS ctx ON ctx.file_no = s.file_no;
