-- 任务最新进展：43 项任务 × 责任部门 一行，取该部门最近一次周报及其上一次周报，标出本周变化与延期次数。
-- 用途：任务清单页（按方向/措施分组、周例会视图、部门视图、导出与打印）、总览的任务完成/滞后数与部门进度条。
-- 延期次数 = 计划完成日期被推后的次数（相邻两次周报比较；首次周报与任务清单的计划日期比较）。
CREATE OR REPLACE TABLE mart_task_latest AS
WITH pairs AS (
  SELECT task_no, dept_name FROM task_departments
  UNION
  SELECT DISTINCT task_no, dept_name FROM task_progress
), p AS (
  SELECT tp.*,
    ROW_NUMBER() OVER (PARTITION BY task_no, dept_name ORDER BY week_start DESC, report_date DESC NULLS LAST) AS rn,
    LAG(planned_date) OVER (PARTITION BY task_no, dept_name ORDER BY week_start, report_date NULLS FIRST) AS before_planned
  FROM task_progress tp
), post AS (
  SELECT p.task_no, p.dept_name,
    COUNT(*) FILTER (WHERE p.planned_date > COALESCE(p.before_planned, t.planned_date))::INTEGER AS postponements,
    COUNT(*)::INTEGER AS weeks_reported,
    MIN(p.week_start) AS first_week_start
  FROM p JOIN tasks t USING (task_no)
  GROUP BY ALL
), cur AS (SELECT * FROM p WHERE rn = 1),
prev AS (SELECT * FROM p WHERE rn = 2),
wk AS (
  SELECT MAX(week_start) AS as_of_week_start,
    arg_max(report_week, week_start) AS as_of_week
  FROM task_progress
)
SELECT
  pairs.task_no,
  t.direction_no,
  t.direction,
  t.measure_no,
  t.measure,
  t.text AS task_text,
  t.start_date AS task_start_date,
  t.planned_date AS task_planned_date,
  pairs.dept_name,
  d.short_name AS dept_short,
  COALESCE(d.sort_order, 999) AS dept_sort,
  COALESCE(td.role, '报送') AS role,
  COALESCE(td.position, 99) AS position,
  cur.report_week AS latest_week,
  cur.week_start AS latest_week_start,
  cur.report_date AS latest_report_date,
  COALESCE(cur.status, '未报送') AS status,
  cur.percent,
  cur.note,
  cur.evidence,
  COALESCE(cur.planned_date, t.planned_date) AS planned_date,
  prev.report_week AS prev_week,
  prev.status AS prev_status,
  prev.percent AS prev_percent,
  prev.planned_date AS prev_planned_date,
  cur.percent - prev.percent AS percent_delta,
  (prev.status IS NOT NULL AND cur.status IS DISTINCT FROM prev.status) AS status_changed,
  (prev.planned_date IS NOT NULL AND cur.planned_date IS DISTINCT FROM prev.planned_date) AS planned_changed,
  (prev.note IS DISTINCT FROM cur.note AND cur.note IS NOT NULL) AS note_changed,
  (cur.report_week IS NOT NULL AND prev.report_week IS NULL) AS first_report,
  COALESCE(post.postponements, 0) AS postponements,
  COALESCE(post.weeks_reported, 0) AS weeks_reported,
  (cur.week_start IS NOT NULL AND cur.week_start = wk.as_of_week_start) AS reported_this_week,
  wk.as_of_week,
  wk.as_of_week_start,
  CAST(wk.as_of_week_start + INTERVAL 6 DAY AS DATE) AS as_of_date
FROM pairs
JOIN tasks t USING (task_no)
LEFT JOIN task_departments td ON td.task_no = pairs.task_no AND td.dept_name = pairs.dept_name
LEFT JOIN departments d ON d.name = pairs.dept_name
LEFT JOIN cur ON cur.task_no = pairs.task_no AND cur.dept_name = pairs.dept_name
LEFT JOIN prev ON prev.task_no = pairs.task_no AND prev.dept_name = pairs.dept_name
LEFT JOIN post ON post.task_no = pairs.task_no AND post.dept_name = pairs.dept_name
CROSS JOIN wk
ORDER BY pairs.task_no, COALESCE(td.position, 99), pairs.dept_name;

COMMENT ON TABLE mart_task_latest IS '任务最新进展（每任务每责任部门一行：最近一次与上一次周报、变化标记、延期次数）';
COMMENT ON COLUMN mart_task_latest.task_no IS '任务序号（1–43）';
COMMENT ON COLUMN mart_task_latest.direction_no IS '重点方向序号';
COMMENT ON COLUMN mart_task_latest.direction IS '重点方向';
COMMENT ON COLUMN mart_task_latest.measure_no IS '工作措施序号';
COMMENT ON COLUMN mart_task_latest.measure IS '工作措施';
COMMENT ON COLUMN mart_task_latest.task_text IS '重点工作任务内容';
COMMENT ON COLUMN mart_task_latest.task_start_date IS '任务起始日期（序时进度的起点）';
COMMENT ON COLUMN mart_task_latest.task_planned_date IS '任务清单中的计划完成日期';
COMMENT ON COLUMN mart_task_latest.dept_name IS '责任部门（departments.name）';
COMMENT ON COLUMN mart_task_latest.dept_short IS '部门简称';
COMMENT ON COLUMN mart_task_latest.dept_sort IS '部门排序号';
COMMENT ON COLUMN mart_task_latest.role IS '角色：牵头（首列部门）/配合/报送（未列入责任部门但报送了周报）';
COMMENT ON COLUMN mart_task_latest.position IS '在责任部门列表中的位置（1 为牵头）';
COMMENT ON COLUMN mart_task_latest.latest_week IS '最近一次周报的报告周（ISO 周）';
COMMENT ON COLUMN mart_task_latest.latest_week_start IS '最近一次周报所在周的周一';
COMMENT ON COLUMN mart_task_latest.latest_report_date IS '最近一次周报的报告日期';
COMMENT ON COLUMN mart_task_latest.status IS '最新进展状态（未启动/推进中/已完成/滞后；从未报送为“未报送”）';
COMMENT ON COLUMN mart_task_latest.percent IS '最新完成比例（%）';
COMMENT ON COLUMN mart_task_latest.note IS '最新进展说明';
COMMENT ON COLUMN mart_task_latest.evidence IS '最新佐证材料';
COMMENT ON COLUMN mart_task_latest.planned_date IS '最新计划完成日期（未报送时取任务清单日期）';
COMMENT ON COLUMN mart_task_latest.prev_week IS '上一次周报的报告周';
COMMENT ON COLUMN mart_task_latest.prev_status IS '上一次周报的进展状态';
COMMENT ON COLUMN mart_task_latest.prev_percent IS '上一次周报的完成比例（%）';
COMMENT ON COLUMN mart_task_latest.prev_planned_date IS '上一次周报的计划完成日期';
COMMENT ON COLUMN mart_task_latest.percent_delta IS '完成比例较上一次周报的变化（百分点）';
COMMENT ON COLUMN mart_task_latest.status_changed IS '进展状态是否较上一次周报变化';
COMMENT ON COLUMN mart_task_latest.planned_changed IS '计划完成日期是否较上一次周报变化';
COMMENT ON COLUMN mart_task_latest.note_changed IS '进展说明是否较上一次周报变化';
COMMENT ON COLUMN mart_task_latest.first_report IS '是否为首次报送';
COMMENT ON COLUMN mart_task_latest.postponements IS '计划完成日期被推后的次数';
COMMENT ON COLUMN mart_task_latest.weeks_reported IS '累计报送周数';
COMMENT ON COLUMN mart_task_latest.reported_this_week IS '是否报送了最新一周（全体周报中最近的一周）';
COMMENT ON COLUMN mart_task_latest.as_of_week IS '全体周报中最近的报告周（本期）';
COMMENT ON COLUMN mart_task_latest.as_of_week_start IS '本期报告周的周一';
COMMENT ON COLUMN mart_task_latest.as_of_date IS '本期截止日期（报告周的周日，序时进度按此日计算）';
