-- stg_task_progress: 任务进展周报, as read. Generated from etl/contract/contract.yaml by
-- etl/models/generate-staging.ts; do not edit by hand. Input: raw_task_progress (all text, one row per
-- record, in file order; file_no tells the files of a batch apart, 0 for a file loaded alone).
-- Output: each column typed, plus `errors`, the list of failed checks ({col, val, reason}),
-- `row_cells` (for a row with any: all its cells as JSON, for etl/models/load/classify_rows.sql)
-- and source_row. A row with no errors may still fail the int_ model's rules.
CREATE OR REPLACE TEMP TABLE stg_task_progress AS
WITH cleaned AS (
  -- each cell trimmed (c_); a row without any white space (raw.padded false) needs no trimming
  SELECT
    raw.file_no,
    raw.source_row,
    raw.extra_cells,
    raw.cells,
    CASE WHEN raw.padded THEN trim_text(raw.report_week) ELSE nullif(raw.report_week, '') END AS c_report_week,
    CASE WHEN raw.padded THEN trim_text(raw.report_date) ELSE nullif(raw.report_date, '') END AS c_report_date,
    CASE WHEN raw.padded THEN trim_text(raw.task_no) ELSE nullif(raw.task_no, '') END AS c_task_no,
    CASE WHEN raw.padded THEN trim_text(raw.dept_name) ELSE nullif(raw.dept_name, '') END AS c_dept_name,
    CASE WHEN raw.padded THEN trim_text(raw.status) ELSE nullif(raw.status, '') END AS c_status,
    CASE WHEN raw.padded THEN trim_text(raw.percent) ELSE nullif(raw.percent, '') END AS c_percent,
    CASE WHEN raw.padded THEN trim_text(raw.note) ELSE nullif(raw.note, '') END AS c_note,
    CASE WHEN raw.padded THEN trim_text(raw.evidence) ELSE nullif(raw.evidence, '') END AS c_evidence,
    CASE WHEN raw.padded THEN trim_text(raw.planned_date) ELSE nullif(raw.planned_date, '') END AS c_planned_date
  FROM raw_task_progress AS raw
),
typed AS (
  SELECT
    cl.*,
    parse_week(cl.c_report_week) AS report_week,
    to_date(cl.c_report_date) AS report_date,
    to_int(cl.c_task_no) AS task_no,
    cl.c_dept_name AS dept_name,
    cl.c_status AS status,
    to_pct(cl.c_percent) AS percent,
    cl.c_note AS note,
    cl.c_evidence AS evidence,
    to_date(cl.c_planned_date) AS planned_date
  FROM cleaned AS cl
),
checked AS (
  -- each column's first failed check as its number (f_), NULL when the cell is fine
  SELECT
    t.*,
    CASE WHEN t.extra_cells IS NOT NULL THEN 1 END AS f_extra,
    CASE WHEN t.c_report_week IS NOT NULL AND t.report_week IS NULL THEN 1 END AS f_report_week,
    CASE WHEN t.c_report_date IS NOT NULL AND t.report_date IS NULL THEN 1 WHEN year(t.report_date) NOT BETWEEN 1950 AND 2100 THEN 2 END AS f_report_date,
    CASE WHEN t.c_task_no IS NULL THEN 1 WHEN t.c_task_no IS NOT NULL AND t.task_no IS NULL THEN 2 WHEN t.task_no < 0 THEN 3 END AS f_task_no,
    CASE WHEN t.c_dept_name IS NULL THEN 1 END AS f_dept_name,
    CASE WHEN t.c_status IS NULL THEN 1 WHEN t.c_status IS NOT NULL AND NOT list_contains(['未启动', '推进中', '已完成', '滞后'], t.status) THEN 2 END AS f_status,
    CASE WHEN t.c_percent IS NULL THEN 1 WHEN t.c_percent IS NOT NULL AND t.percent IS NULL THEN 2 WHEN t.percent < 0 OR t.percent > 100 THEN 3 END AS f_percent,
    CASE WHEN t.c_planned_date IS NOT NULL AND t.planned_date IS NULL THEN 1 WHEN year(t.planned_date) NOT BETWEEN 1950 AND 2100 THEN 2 END AS f_planned_date
  FROM typed AS t
)
SELECT
  k.file_no,
  k.source_row,
  k.report_week,
  k.report_date,
  k.task_no,
  k.dept_name,
  k.status,
  k.percent,
  k.note,
  k.evidence,
  k.planned_date,
  -- most rows pass every check: the failures ({col, val, reason}, each column's first failed check)
  -- and the row's cells are built only for the rows that have one (blank, 合计 and note rows fail
  -- here and are told apart by classify_rows.sql); a CASE evaluates its ELSE for those rows alone
  CASE WHEN coalesce(k.f_extra, k.f_report_week, k.f_report_date, k.f_task_no, k.f_dept_name, k.f_status, k.f_percent, k.f_planned_date) IS NULL THEN CAST([] AS STRUCT(col VARCHAR, val VARCHAR, reason VARCHAR)[])
    ELSE list_filter([
      CASE k.f_extra WHEN 1 THEN {'col': NULL, 'val': k.extra_cells, 'reason': '表头之外的列有内容（列数多于表头）'} END,
      CASE k.f_report_week WHEN 1 THEN {'col': 'report_week', 'val': k.c_report_week, 'reason': '不是有效的ISO周（如 2026-W46）'} END,
      CASE k.f_report_date WHEN 1 THEN {'col': 'report_date', 'val': k.c_report_date, 'reason': '不是有效日期或日期不存在（如 2024-03-05、2024/3/5、2024年3月5日）'}
        WHEN 2 THEN {'col': 'report_date', 'val': k.c_report_date, 'reason': '日期超出合理范围（1950–2100年）'} END,
      CASE k.f_task_no WHEN 1 THEN {'col': 'task_no', 'val': k.c_task_no, 'reason': '必填项为空'}
        WHEN 2 THEN {'col': 'task_no', 'val': k.c_task_no, 'reason': '不是整数'}
        WHEN 3 THEN {'col': 'task_no', 'val': k.c_task_no, 'reason': '不能为负数'} END,
      CASE k.f_dept_name WHEN 1 THEN {'col': 'dept_name', 'val': k.c_dept_name, 'reason': '必填项为空'} END,
      CASE k.f_status WHEN 1 THEN {'col': 'status', 'val': k.c_status, 'reason': '必填项为空'}
        WHEN 2 THEN {'col': 'status', 'val': k.c_status, 'reason': '不是可选值之一（未启动、推进中、已完成、滞后）'} END,
      CASE k.f_percent WHEN 1 THEN {'col': 'percent', 'val': k.c_percent, 'reason': '必填项为空'}
        WHEN 2 THEN {'col': 'percent', 'val': k.c_percent, 'reason': '不是有效的百分比'}
        WHEN 3 THEN {'col': 'percent', 'val': k.c_percent, 'reason': '比例应在 0–100 之间'} END,
      CASE k.f_planned_date WHEN 1 THEN {'col': 'planned_date', 'val': k.c_planned_date, 'reason': '不是有效日期或日期不存在（如 2024-03-05、2024/3/5、2024年3月5日）'}
        WHEN 2 THEN {'col': 'planned_date', 'val': k.c_planned_date, 'reason': '日期超出合理范围（1950–2100年）'} END
    ], e -> e IS NOT NULL)
  END AS errors,
  CASE WHEN coalesce(k.f_extra, k.f_report_week, k.f_report_date, k.f_task_no, k.f_dept_name, k.f_status, k.f_percent, k.f_planned_date) IS NOT NULL THEN CAST(to_json(k.cells) AS VARCHAR) END AS row_cells
FROM checked AS k;

-- A file read by the fast path comes without row numbers, but its rows kept the file's order (a plain
-- scan and projections; the files of a batch one after the other), so a row's rowid less its file's
-- first rowid is its record number. It is written down before any UPDATE of a list column (DuckDB
-- moves such a row to a new rowid). The first row under the header is filled in per file_no.
SELECT error('stg_task_progress: the rows of file ' || file_no || ' are not in one run')
FROM (SELECT file_no, count(*) AS n, max(rowid) - min(rowid) + 1 AS span FROM stg_task_progress WHERE source_row IS NULL GROUP BY file_no)
WHERE n <> span;
UPDATE stg_task_progress AS s SET source_row = CAST(s.rowid - f.first_rowid + {{first_row}} AS INTEGER)
FROM (SELECT file_no, min(rowid) AS first_rowid FROM stg_task_progress WHERE source_row IS NULL GROUP BY file_no) AS f
WHERE s.file_no = f.file_no AND s.source_row IS NULL;
