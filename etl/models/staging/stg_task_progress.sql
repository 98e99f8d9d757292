-- stg_task_progress: 任务进展周报, as read. Generated from etl/contract/contract.yaml by
-- etl/models/generate-staging.ts; do not edit by hand. Input: raw_task_progress (all text, one row per
-- data row of one file, with source_row). Output: each column typed, plus `errors`, the list of
-- failed checks ({col, val, reason}); a row with no errors may still fail the int_ model's rules.
CREATE OR REPLACE TEMP TABLE stg_task_progress AS
WITH typed AS (
  SELECT
    raw.source_row,
    raw.extra_cells,
    raw.row_class,
    raw.row_text,
    parse_week(raw.report_week) AS report_week,
    parse_date(raw.report_date) AS report_date,
    parse_int(raw.task_no) AS task_no,
    clean_text(raw.dept_name) AS dept_name,
    clean_text(raw.status) AS status,
    parse_pct(raw.percent) AS percent,
    clean_text(raw.note) AS note,
    clean_text(raw.evidence) AS evidence,
    parse_date(raw.planned_date) AS planned_date,
    raw.report_week AS r_report_week,
    raw.report_date AS r_report_date,
    raw.task_no AS r_task_no,
    raw.dept_name AS r_dept_name,
    raw.status AS r_status,
    raw.percent AS r_percent,
    raw.note AS r_note,
    raw.evidence AS r_evidence,
    raw.planned_date AS r_planned_date
  FROM raw_task_progress AS raw
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
    ELSE list_filter([
      CASE WHEN t.extra_cells IS NOT NULL THEN {'col': NULL, 'val': t.extra_cells, 'reason': '表头之外的列有内容（列数多于表头）'} END,
      CASE WHEN clean_text(t.r_report_week) IS NOT NULL AND t.report_week IS NULL THEN {'col': 'report_week', 'val': clean_text(t.r_report_week), 'reason': '不是有效的ISO周（如 2026-W46）'} END,
      CASE WHEN clean_text(t.r_report_date) IS NOT NULL AND t.report_date IS NULL THEN {'col': 'report_date', 'val': clean_text(t.r_report_date), 'reason': '不是有效日期或日期不存在（如 2024-03-05、2024/3/5、2024年3月5日）'}
      WHEN year(t.report_date) NOT BETWEEN 1950 AND 2100 THEN {'col': 'report_date', 'val': clean_text(t.r_report_date), 'reason': '日期超出合理范围（1950–2100年）'} END,
      CASE WHEN clean_text(t.r_task_no) IS NULL THEN {'col': 'task_no', 'val': clean_text(t.r_task_no), 'reason': '必填项为空'}
      WHEN clean_text(t.r_task_no) IS NOT NULL AND t.task_no IS NULL THEN {'col': 'task_no', 'val': clean_text(t.r_task_no), 'reason': '不是整数'}
      WHEN t.task_no < 0 THEN {'col': 'task_no', 'val': clean_text(t.r_task_no), 'reason': '不能为负数'} END,
      CASE WHEN clean_text(t.r_dept_name) IS NULL THEN {'col': 'dept_name', 'val': clean_text(t.r_dept_name), 'reason': '必填项为空'} END,
      CASE WHEN clean_text(t.r_status) IS NULL THEN {'col': 'status', 'val': clean_text(t.r_status), 'reason': '必填项为空'}
      WHEN clean_text(t.r_status) IS NOT NULL AND t.status NOT IN ('未启动', '推进中', '已完成', '滞后') THEN {'col': 'status', 'val': clean_text(t.r_status), 'reason': '不是可选值之一（未启动、推进中、已完成、滞后）'} END,
      CASE WHEN clean_text(t.r_percent) IS NULL THEN {'col': 'percent', 'val': clean_text(t.r_percent), 'reason': '必填项为空'}
      WHEN clean_text(t.r_percent) IS NOT NULL AND t.percent IS NULL THEN {'col': 'percent', 'val': clean_text(t.r_percent), 'reason': '不是有效的百分比'}
      WHEN t.percent < 0 OR t.percent > 100 THEN {'col': 'percent', 'val': clean_text(t.r_percent), 'reason': '比例应在 0–100 之间'} END,
      NULL,
      NULL,
      CASE WHEN clean_text(t.r_planned_date) IS NOT NULL AND t.planned_date IS NULL THEN {'col': 'planned_date', 'val': clean_text(t.r_planned_date), 'reason': '不是有效日期或日期不存在（如 2024-03-05、2024/3/5、2024年3月5日）'}
      WHEN year(t.planned_date) NOT BETWEEN 1950 AND 2100 THEN {'col': 'planned_date', 'val': clean_text(t.r_planned_date), 'reason': '日期超出合理范围（1950–2100年）'} END
    ], e -> e IS NOT NULL)
  END AS errors
FROM typed AS t;
