-- 周报填报读取数仓（只读）的语句：任务与责任部门、各（任务、部门）在数仓中的最近一次周报及其入库时间。
-- 每段以 “-- name: 名称” 开头；参数用 $名称 绑定。

-- name: meta
-- 数仓元信息：构建时间（UTC）、政策配置、基准日
SELECT
  max(value) FILTER (WHERE key = 'built_at') AS built_at,
  max(value) FILTER (WHERE key = 'profile_id') AS profile_id,
  max(value) FILTER (WHERE key = 'as_of_date') AS as_of_date
FROM meta;

-- name: departments
-- 有周报任务的部门（任务清单的责任部门），按部门维度排序
SELECT d.name, d.short_name,
  count(*) FILTER (WHERE td.role = '牵头')::INTEGER AS lead_tasks,
  count(*) FILTER (WHERE td.role = '配合')::INTEGER AS support_tasks
FROM departments AS d
JOIN task_departments AS td ON td.dept_name = d.name
GROUP BY d.name, d.short_name, d.sort_order
ORDER BY d.sort_order, d.name;

-- name: tasks
-- 任务清单（校验“任务序号在清单中”）
SELECT task_no FROM tasks ORDER BY task_no;

-- name: task_departments
-- 任务的责任部门（校验“该部门是任务的责任部门”）
SELECT task_no, dept_name, role, position FROM task_departments ORDER BY task_no, position;

-- name: latest_reports
-- 每（任务、部门）在数仓中的最近一次周报（与 mart_task_latest 同一排序），附入库时间（该行所属加载批次的完成时间，UTC）。
-- $dept 为空字符串时全部部门。
SELECT p.task_no, p.dept_name, p.report_week, strftime(p.week_start, '%Y-%m-%d') AS week_start,
  p.status, p.percent, p.note, p.evidence, strftime(p.planned_date, '%Y-%m-%d') AS planned_date,
  strftime(l.finished_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS loaded_at
FROM task_progress AS p
LEFT JOIN etl_loads AS l ON l.load_id = p.load_id
WHERE $dept = '' OR p.dept_name = $dept
QUALIFY row_number() OVER (PARTITION BY p.task_no, p.dept_name ORDER BY p.week_start DESC, p.report_date DESC NULLS LAST) = 1
ORDER BY p.task_no, p.dept_name;

-- name: dept_tasks
-- 某部门负责（牵头或配合）的任务，附任务清单的计划完成日期
SELECT td.task_no, td.role, td.position, t.direction, t.measure, t.text AS task_text,
  strftime(t.planned_date, '%Y-%m-%d') AS task_planned_date,
  (SELECT string_agg(x.dept_name, '、' ORDER BY x.position) FROM task_departments AS x WHERE x.task_no = td.task_no AND x.dept_name <> td.dept_name) AS other_depts
FROM task_departments AS td
JOIN tasks AS t ON t.task_no = td.task_no
WHERE td.dept_name = $dept
ORDER BY CASE td.role WHEN '牵头' THEN 0 ELSE 1 END, td.task_no;

-- name: task_planned
-- 任务清单中的计划完成日期
SELECT task_no, strftime(planned_date, '%Y-%m-%d') AS planned_date FROM tasks ORDER BY task_no;
