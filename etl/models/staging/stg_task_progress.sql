-- stg_task_progress: 任务进展周报, as read. Generated from etl/contract/contract.yaml by
-- etl/models/generate-staging.ts; do not edit by hand. Input: raw_task_progress (all text, one row per
-- data row of one file, with source_row). Output: each column typed, plus `errors`, the list of
-- failed checks ({col, val, reason}); a row with no errors may still fail the int_ model's rules.
CREATE OR REPLACE TEMP TABLE stg_task_progress AS
WITH cleaned AS MATERIALIZED (
  -- each cell trimmed once (c_); numbers are then normalised once (n_: full-width digits, separators)
  SELECT
    raw.source_row,
    raw.extra_cells,
    raw.row_class,
    raw.row_text,
    clean_text(raw.report_week) AS c_report_week,
    clean_text(raw.report_date) AS c_report_date,
    clean_text(raw.task_no) AS c_task_no,
    clean_text(raw.dept_name) AS c_dept_name,
    clean_text(raw.status) AS c_status,
    clean_text(raw.percent) AS c_percent,
    clean_text(raw.note) AS c_note,
    clean_text(raw.evidence) AS c_evidence,
    clean_text(raw.planned_date) AS c_planned_date
  FROM raw_task_progress AS raw
),
numbers AS MATERIALIZED (
  SELECT *,
    num_text(c_task_no) AS n_task_no,
    num_text(c_percent) AS n_percent
  FROM cleaned
),
m_report_date AS (
  -- parsed once per distinct value: a ledger repeats its unit code and dates on many rows
  SELECT v, date_of(v) AS typed
  FROM (SELECT DISTINCT c_report_date AS v FROM cleaned)
),
m_planned_date AS (
  -- parsed once per distinct value: a ledger repeats its unit code and dates on many rows
  SELECT v, date_of(v) AS typed
  FROM (SELECT DISTINCT c_planned_date AS v FROM cleaned)
),
typed AS (
  SELECT
    cl.*,
    parse_week(cl.c_report_week) AS report_week,
    m_report_date.typed AS report_date,
    int_of(cl.n_task_no) AS task_no,
    cl.c_dept_name AS dept_name,
    cl.c_status AS status,
    pct_of(cl.n_percent) AS percent,
    cl.c_note AS note,
    cl.c_evidence AS evidence,
    m_planned_date.typed AS planned_date
  FROM numbers AS cl
  LEFT JOIN m_report_date ON m_report_date.v = cl.c_report_date
  LEFT JOIN m_planned_date ON m_planned_date.v = cl.c_planned_date
)
SELECT
  t.source_row,
  t.report_week,
  t.report_date,
  t.task_no,
  t.dept_name,
  t.status,
  t.percent,
  t.note,
  t.evidence,
  t.planned_date,
  CASE
    -- a 合计/小计 row below the data: a summary, not a record (row_class: etl/load/raw-load.ts)
    WHEN t.row_class = 'total' THEN [{'col': NULL, 'val': t.row_text, 'reason': '合计/小计行，不作为数据导入'}]
    -- a note under the table (注：…, 填表人：…): one filled cell of prose
    WHEN t.row_class = 'note' THEN [{'col': NULL, 'val': t.row_text, 'reason': '表格下方的说明或备注行，不作为数据导入'}]
    -- most rows pass every check: build the list of failures only for the rows that have one
    WHEN NOT (t.extra_cells IS NOT NULL
      OR coalesce(t.c_report_week IS NOT NULL AND t.report_week IS NULL, FALSE)
      OR coalesce(t.c_report_date IS NOT NULL AND t.report_date IS NULL, FALSE) OR coalesce(year(t.report_date) NOT BETWEEN 1950 AND 2100, FALSE)
      OR coalesce(t.c_task_no IS NULL, FALSE) OR coalesce(t.c_task_no IS NOT NULL AND t.task_no IS NULL, FALSE) OR coalesce(t.task_no < 0, FALSE)
      OR coalesce(t.c_dept_name IS NULL, FALSE)
      OR coalesce(t.c_status IS NULL, FALSE) OR coalesce(t.c_status IS NOT NULL AND t.status NOT IN ('未启动', '推进中', '已完成', '滞后'), FALSE)
      OR coalesce(t.c_percent IS NULL, FALSE) OR coalesce(t.c_percent IS NOT NULL AND t.percent IS NULL, FALSE) OR coalesce(t.percent < 0 OR t.percent > 100, FALSE)
      OR coalesce(t.c_planned_date IS NOT NULL AND t.planned_date IS NULL, FALSE) OR coalesce(year(t.planned_date) NOT BETWEEN 1950 AND 2100, FALSE))
      THEN CAST([] AS STRUCT(col VARCHAR, val VARCHAR, reason VARCHAR)[])
    ELSE list_filter([
      CASE WHEN t.extra_cells IS NOT NULL THEN {'col': NULL, 'val': t.extra_cells, 'reason': '表头之外的列有内容（列数多于表头）'} END,
      CASE WHEN t.c_report_week IS NOT NULL AND t.report_week IS NULL THEN {'col': 'report_week', 'val': t.c_report_week, 'reason': '不是有效的ISO周（如 2026-W46）'} END,
      CASE WHEN t.c_report_date IS NOT NULL AND t.report_date IS NULL THEN {'col': 'report_date', 'val': t.c_report_date, 'reason': '不是有效日期或日期不存在（如 2024-03-05、2024/3/5、2024年3月5日）'}
      WHEN year(t.report_date) NOT BETWEEN 1950 AND 2100 THEN {'col': 'report_date', 'val': t.c_report_date, 'reason': '日期超出合理范围（1950–2100年）'} END,
      CASE WHEN t.c_task_no IS NULL THEN {'col': 'task_no', 'val': t.c_task_no, 'reason': '必填项为空'}
      WHEN t.c_task_no IS NOT NULL AND t.task_no IS NULL THEN {'col': 'task_no', 'val': t.c_task_no, 'reason': '不是整数'}
      WHEN t.task_no < 0 THEN {'col': 'task_no', 'val': t.c_task_no, 'reason': '不能为负数'} END,
      CASE WHEN t.c_dept_name IS NULL THEN {'col': 'dept_name', 'val': t.c_dept_name, 'reason': '必填项为空'} END,
      CASE WHEN t.c_status IS NULL THEN {'col': 'status', 'val': t.c_status, 'reason': '必填项为空'}
      WHEN t.c_status IS NOT NULL AND t.status NOT IN ('未启动', '推进中', '已完成', '滞后') THEN {'col': 'status', 'val': t.c_status, 'reason': '不是可选值之一（未启动、推进中、已完成、滞后）'} END,
      CASE WHEN t.c_percent IS NULL THEN {'col': 'percent', 'val': t.c_percent, 'reason': '必填项为空'}
      WHEN t.c_percent IS NOT NULL AND t.percent IS NULL THEN {'col': 'percent', 'val': t.c_percent, 'reason': '不是有效的百分比'}
      WHEN t.percent < 0 OR t.percent > 100 THEN {'col': 'percent', 'val': t.c_percent, 'reason': '比例应在 0–100 之间'} END,
      NULL,
      NULL,
      CASE WHEN t.c_planned_date IS NOT NULL AND t.planned_date IS NULL THEN {'col': 'planned_date', 'val': t.c_planned_date, 'reason': '不是有效日期或日期不存在（如 2024-03-05、2024/3/5、2024年3月5日）'}
      WHEN year(t.planned_date) NOT BETWEEN 1950 AND 2100 THEN {'col': 'planned_date', 'val': t.c_planned_date, 'reason': '日期超出合理范围（1950–2100年）'} END
    ], e -> e IS NOT NULL)
  END AS errors
FROM typed AS t;
