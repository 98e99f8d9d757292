-- int_park_evaluations: science-park and incubator evaluations after the consistency rules and the
-- duplicate-key check (one evaluation per name and year).
CREATE OR REPLACE TEMP TABLE int_park_evaluations AS
SELECT
  s.* EXCLUDE (errors, row_cells),
  CASE WHEN len(s.errors) > 0 THEN s.errors ELSE list_filter([
    CASE WHEN s.year IS NOT NULL AND s.name IS NOT NULL
          AND row_number() OVER (PARTITION BY s.file_no, s.year, s.name ORDER BY s.source_row) > 1
      THEN {'col': 'name', 'val': s.name,
            'reason': '同一载体同一年度的评估在本文件中重复，首次出现在第 ' || min(s.source_row) OVER (PARTITION BY s.file_no, s.year, s.name) || ' 行'} END,
    CASE WHEN s.score NOT BETWEEN 0 AND 100
      THEN {'col': 'score', 'val': CAST(s.score AS VARCHAR), 'reason': '评估得分应在 0–100 之间'} END,
    CASE WHEN s.year NOT BETWEEN 2000 AND year(ctx.as_of_date)
      THEN {'col': 'year', 'val': CAST(s.year AS VARCHAR), 'reason': '年度不在合理范围（2000年至今）'} END
  ], e -> e IS NOT NULL) END AS errors
FROM stg_park_evaluations AS s
JOIN load_ctx AS ctx ON ctx.file_no = s.file_no;
