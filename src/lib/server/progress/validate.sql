-- 周报校验用的内存 DuckDB：先建 ETL 模型需要的输入表，再原样执行 etl/models/macros.sql、
-- staging/stg_task_progress.sql、intermediate/int_task_progress.sql（与 ETL 加载文件时完全相同的规则）。
-- 每段以 “-- name: 名称” 开头；参数用 $名称 绑定（JSON 文本）。

-- name: context_tasks
-- 任务清单（来自数仓 tasks）
CREATE OR REPLACE TABLE tasks AS
SELECT unnest(from_json($tasks, '["INTEGER"]')) AS task_no;

-- name: context_task_departments
-- 任务的责任部门（来自数仓 task_departments）
CREATE OR REPLACE TABLE task_departments AS
SELECT unnest(from_json($rows, '[{"task_no":"INTEGER","dept_name":"VARCHAR","role":"VARCHAR","position":"INTEGER"}]'), recursive := true);

-- name: context_aliases
-- 部门名称的各种写法 → 规范名称（data/policy/departments.yaml，与 ETL 的 dept_aliases 相同）
CREATE OR REPLACE TEMP TABLE dept_aliases AS
SELECT unnest(from_json($rows, '[{"alias":"VARCHAR","name":"VARCHAR"}]'), recursive := true);

-- name: context_load
-- 加载上下文：int 模型用 as_of_date 判断“报告周晚于加载日期”
CREATE OR REPLACE TEMP TABLE load_ctx AS
SELECT 0 AS file_no, 0::INTEGER AS load_id, $file_name AS file_path, $file_name AS file_name,
  now()::TIMESTAMP AS source_version, CAST($as_of_date AS DATE) AS as_of_date;

-- name: raw_from_rows
-- 网页表单的行：与文件读出的 raw_task_progress 同形（全部为文本，逐行编号 1…n，与 stg 按 rowid 给的行号一致），不经过表格版式的识别
CREATE OR REPLACE TEMP TABLE raw_task_progress AS
SELECT 0 AS file_no, r.source_row, r.report_week, r.report_date, r.task_no, r.dept_name, r.status, r.percent, r.note, r.evidence, r.planned_date,
  CAST(NULL AS VARCHAR) AS extra_cells,
  TRUE AS padded, -- typed by hand: every cell is trimmed
  CAST(NULL AS STRUCT(c1 VARCHAR)) AS cells -- the form's rows are all data rows: never classified
FROM (SELECT unnest(from_json($rows, '[{"source_row":"INTEGER","report_week":"VARCHAR","report_date":"VARCHAR","task_no":"VARCHAR","dept_name":"VARCHAR","status":"VARCHAR","percent":"VARCHAR","note":"VARCHAR","evidence":"VARCHAR","planned_date":"VARCHAR"}]')) AS r);

-- name: no_row_classes
-- 网页表单的行都是数据行（没有合计行、说明行）：与文件的 classify_rows 结果同形的空表
CREATE OR REPLACE TEMP TABLE row_classes (file_no INTEGER, source_row INTEGER, row_class VARCHAR, row_text VARCHAR);

-- name: columns_from_contract
-- 网页表单没有文件表头：列的中文名取数据契约的规范表头
CREATE OR REPLACE TEMP TABLE file_columns AS
SELECT 0 AS file_no, unnest(from_json($rows, '[{"name":"VARCHAR","raw_header":"VARCHAR","letter":"VARCHAR"}]'), recursive := true);

-- name: result
-- 每个输入行：原文、int 模型的类型化结果与错误（{col, val, reason} 列表，JSON 文本）
SELECT r.source_row, coalesce(rc.row_class, 'data') AS row_class, rc.row_text,
  r.report_week AS raw_report_week, r.report_date AS raw_report_date, r.task_no AS raw_task_no, r.dept_name AS raw_dept_name,
  r.status AS raw_status, r.percent AS raw_percent, r.note AS raw_note, r.evidence AS raw_evidence, r.planned_date AS raw_planned_date,
  i.report_week, strftime(i.week_start, '%Y-%m-%d') AS week_start, strftime(i.report_date, '%Y-%m-%d') AS report_date,
  i.task_no, i.dept_name, i.status, i.percent, i.note, i.evidence, strftime(i.planned_date, '%Y-%m-%d') AS planned_date,
  CAST(to_json(i.errors) AS VARCHAR) AS errors
FROM raw_task_progress AS r
JOIN int_task_progress AS i ON i.source_row = r.source_row
LEFT JOIN row_classes AS rc ON rc.source_row = r.source_row
ORDER BY r.source_row;

-- name: columns
SELECT name, raw_header, letter FROM file_columns;
