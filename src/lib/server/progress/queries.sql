-- 周报填报在应用数据库上的语句。每段以 “-- name: 名称” 开头（appdb/sqlfile.ts 解析），参数用 $名称 绑定。
-- 时间参数以 ISO 字符串（UTC）传入；输出时间为 ISO 字符串（UTC，带 Z），日期为 YYYY-MM-DD。

-- name: entries
-- 条目（$dept、$week 为空字符串时不过滤），按周、部门、任务排序
SELECT report_week, strftime(week_start, '%Y-%m-%d') AS week_start, task_no, dept_name,
  strftime(report_date, '%Y-%m-%d') AS report_date, status, percent, note, evidence,
  strftime(planned_date, '%Y-%m-%d') AS planned_date, channel, source_file, source_row,
  strftime(first_submitted_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS first_submitted_at,
  strftime(submitted_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS submitted_at, submitted_by,
  strftime(deadline_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS deadline_at, is_late, revision
FROM progress_entries
WHERE ($dept = '' OR dept_name = $dept) AND ($week = '' OR report_week = $week)
ORDER BY week_start DESC, dept_name, task_no;

-- name: entries_by_keys
-- 给定（报告周、任务、部门）键的现有条目：保存前的快照（审计日志的 before）
SELECT e.report_week, e.task_no, e.dept_name, e.status, e.percent, e.note, e.evidence,
  strftime(e.planned_date, '%Y-%m-%d') AS planned_date, e.channel, e.source_file, e.source_row,
  strftime(e.submitted_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS submitted_at, e.submitted_by, e.is_late, e.revision
FROM progress_entries AS e
JOIN (SELECT unnest(from_json($keys, '[{"report_week":"VARCHAR","task_no":"INTEGER","dept_name":"VARCHAR"}]'), recursive := true)) AS k
  ON k.report_week = e.report_week AND k.task_no = e.task_no AND k.dept_name = e.dept_name
ORDER BY e.report_week, e.task_no;

-- name: latest_entries
-- 每（任务、部门）最近一周的条目（$dept 为空字符串时全部部门）：任务清单的叠加与表单的预填
SELECT report_week, strftime(week_start, '%Y-%m-%d') AS week_start, task_no, dept_name,
  status, percent, note, evidence, strftime(planned_date, '%Y-%m-%d') AS planned_date, channel,
  strftime(submitted_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS submitted_at, submitted_by, is_late
FROM progress_entries
WHERE $dept = '' OR dept_name = $dept
QUALIFY row_number() OVER (PARTITION BY task_no, dept_name ORDER BY week_start DESC, submitted_at DESC) = 1
ORDER BY task_no, dept_name;

-- name: upsert_entries
-- 保存一批条目（键相同则覆盖：首次提交时间与逾期标记保持首次的值，保存次数加 1）
INSERT INTO progress_entries
SELECT r.report_week, CAST(r.week_start AS DATE), r.task_no, r.dept_name, CAST(r.report_date AS DATE), r.status, r.percent,
  r.note, r.evidence, CAST(r.planned_date AS DATE), r.channel, r.source_file, r.source_row,
  CAST($now AS TIMESTAMP), CAST($now AS TIMESTAMP), $username, CAST(r.deadline_at AS TIMESTAMP),
  CAST($now AS TIMESTAMP) > CAST(r.deadline_at AS TIMESTAMP), 1
FROM (SELECT unnest(from_json($rows, '[{"report_week":"VARCHAR","week_start":"VARCHAR","task_no":"INTEGER","dept_name":"VARCHAR","report_date":"VARCHAR","status":"VARCHAR","percent":"DOUBLE","note":"VARCHAR","evidence":"VARCHAR","planned_date":"VARCHAR","channel":"VARCHAR","source_file":"VARCHAR","source_row":"INTEGER","deadline_at":"VARCHAR"}]')) AS r)
ON CONFLICT (report_week, task_no, dept_name) DO UPDATE SET
  report_date = excluded.report_date, status = excluded.status, percent = excluded.percent, note = excluded.note,
  evidence = excluded.evidence, planned_date = excluded.planned_date, channel = excluded.channel,
  source_file = excluded.source_file, source_row = excluded.source_row, submitted_at = excluded.submitted_at,
  submitted_by = excluded.submitted_by, revision = progress_entries.revision + 1;

-- name: approvals
-- 审核记录（$week、$dept 为空字符串时不过滤）
SELECT report_week, dept_name, approved_by, strftime(approved_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS approved_at
FROM progress_approvals
WHERE ($week = '' OR report_week = $week) AND ($dept = '' OR dept_name = $dept)
ORDER BY report_week DESC, dept_name;

-- name: locked_weeks
-- 某部门在给定各周中已审核（锁定）的周
SELECT report_week, approved_by, strftime(approved_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS approved_at
FROM progress_approvals
WHERE dept_name = $dept AND report_week IN (SELECT unnest(from_json($weeks, '["VARCHAR"]')))
ORDER BY report_week;

-- name: insert_approval
INSERT INTO progress_approvals (report_week, dept_name, approved_by, approved_at)
VALUES ($week, $dept, $username, CAST($now AS TIMESTAMP))
ON CONFLICT (report_week, dept_name) DO NOTHING;

-- name: delete_approval
DELETE FROM progress_approvals WHERE report_week = $week AND dept_name = $dept;

-- name: week_by_dept
-- 某周各部门的提交情况（审核页）
SELECT dept_name, count(*)::INTEGER AS entries, count(*) FILTER (WHERE is_late)::INTEGER AS late,
  strftime(min(first_submitted_at), '%Y-%m-%dT%H:%M:%S.%gZ') AS first_submitted_at,
  strftime(max(submitted_at), '%Y-%m-%dT%H:%M:%S.%gZ') AS last_submitted_at,
  string_agg(DISTINCT submitted_by, '、' ORDER BY submitted_by) AS submitters,
  count(*) FILTER (WHERE channel = 'upload')::INTEGER AS uploaded
FROM progress_entries
WHERE report_week = $week
GROUP BY dept_name
ORDER BY dept_name;

-- name: weeks
-- 有系统填报的周（最近的在前），附条目数、逾期数与已审核部门数
SELECT e.report_week, strftime(any_value(e.week_start), '%Y-%m-%d') AS week_start, count(*)::INTEGER AS entries,
  count(DISTINCT e.dept_name)::INTEGER AS depts, count(*) FILTER (WHERE e.is_late)::INTEGER AS late,
  (SELECT count(*) FROM progress_approvals a WHERE a.report_week = e.report_week)::INTEGER AS approved_depts
FROM progress_entries AS e
GROUP BY e.report_week
ORDER BY e.report_week DESC
LIMIT 104;

-- name: dept_weeks
-- 某部门各周的系统填报（最近的在前）
SELECT e.report_week, count(*)::INTEGER AS entries, count(*) FILTER (WHERE e.is_late)::INTEGER AS late,
  strftime(max(e.submitted_at), '%Y-%m-%dT%H:%M:%S.%gZ') AS last_submitted_at,
  any_value(a.approved_by) AS approved_by, strftime(any_value(a.approved_at), '%Y-%m-%dT%H:%M:%S.%gZ') AS approved_at
FROM progress_entries AS e
LEFT JOIN progress_approvals AS a ON a.report_week = e.report_week AND a.dept_name = e.dept_name
WHERE e.dept_name = $dept
GROUP BY e.report_week
ORDER BY e.report_week DESC
LIMIT 12;
