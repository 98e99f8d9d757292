-- int_task_progress: weekly task reports with the department name normalised (dept_aliases, from
-- data/policy/departments.yaml), the week derived from the report date when only the date is given,
-- and the rules: the task exists, the department is one of the task's responsible departments,
-- 已完成 means 100%, one report per task, department and week in the file.
CREATE OR REPLACE TEMP TABLE int_task_progress AS
WITH s AS (
  SELECT
    s.* EXCLUDE (report_week, dept_name, row_cells),
    coalesce(iso_week_label(s.report_week), iso_week_label(s.report_date)) AS report_week,
    coalesce(s.report_week, CAST(date_trunc('week', s.report_date) AS DATE)) AS week_start,
    coalesce(a.name, s.dept_name) AS dept_name,
    s.dept_name AS dept_name_raw
  FROM stg_task_progress AS s
  LEFT JOIN dept_aliases AS a ON a.alias = s.dept_name
)
SELECT
  s.* EXCLUDE (errors, dept_name_raw),
  CASE WHEN len(s.errors) > 0 THEN s.errors ELSE list_filter([
    CASE WHEN s.report_week IS NULL
      THEN {'col': 'report_week', 'val': NULL, 'reason': '报告周与报告日期至少填写一项'} END,
    CASE WHEN s.task_no IS NOT NULL AND t.task_no IS NULL
      THEN {'col': 'task_no', 'val': CAST(s.task_no AS VARCHAR), 'reason': '任务序号不在任务清单中（1–43）'} END,
    CASE WHEN t.task_no IS NOT NULL AND td.dept_name IS NULL
      THEN {'col': 'dept_name', 'val': s.dept_name_raw, 'reason': '该部门不是任务 ' || s.task_no || ' 的责任部门'} END,
    CASE WHEN s.status = '已完成' AND s.percent < 100
      THEN {'col': 'percent', 'val': CAST(s.percent AS VARCHAR), 'reason': '进展状态为“已完成”，完成比例却不是100%'} END,
    CASE WHEN s.report_week IS NOT NULL AND s.task_no IS NOT NULL
          AND row_number() OVER (PARTITION BY s.file_no, s.report_week, s.task_no, s.dept_name ORDER BY s.source_row) > 1
      THEN {'col': 'task_no', 'val': CAST(s.task_no AS VARCHAR),
            'reason': '同一任务、同一部门、同一周的周报在本文件中重复，首次出现在第 ' || min(s.source_row) OVER (PARTITION BY s.file_no, s.report_week, s.task_no, s.dept_name) || ' 行'} END,
    CASE WHEN s.week_start > ctx.as_of_date
      THEN {'col': 'report_week', 'val': s.report_week, 'reason': '报告周晚于加载日期'} END
  ], e -> e IS NOT NULL) END AS errors
FROM s
JOIN load_ctx AS ctx ON ctx.file_no = s.file_no
LEFT JOIN tasks AS t ON t.task_no = s.task_no
LEFT JOIN task_departments AS td ON td.task_no = s.task_no AND td.dept_name = s.dept_name;
