-- 任务汇总：43 项任务每项一行，由 mart_task_latest 的各责任部门最新周报合成任务级状态。
-- 用途：任务清单页的任务级状态、完成比例与延期，总览的任务完成/滞后数。
-- 规则：全部已报部门“已完成”为已完成；任一部门“滞后”为滞后；全部未启动或未报送为未启动；其余为推进中。
-- 完成比例取各部门最低值（最慢的部门决定任务进度）；计划完成日期取各部门最晚日期；逾期 = 截止日已过且未完成。
CREATE OR REPLACE TABLE mart_task_summary AS
WITH g AS (
  SELECT task_no,
    any_value(direction_no) AS direction_no, any_value(direction) AS direction,
    any_value(measure_no) AS measure_no, any_value(measure) AS measure,
    any_value(task_text) AS task_text, any_value(task_start_date) AS task_start_date,
    any_value(task_planned_date) AS task_planned_date,
    arg_min(dept_name, position) FILTER (WHERE role = '牵头') AS lead_dept,
    string_agg(dept_name, '、' ORDER BY position, dept_name) FILTER (WHERE role = '配合') AS support_depts,
    COUNT(*)::INTEGER AS depts,
    COUNT(*) FILTER (WHERE status <> '未报送')::INTEGER AS depts_reported,
    COUNT(*) FILTER (WHERE reported_this_week)::INTEGER AS depts_reported_this_week,
    bool_and(status = '已完成') FILTER (WHERE status <> '未报送') AS all_done,
    bool_or(status = '滞后') AS any_late,
    bool_and(status IN ('未启动', '未报送')) AS none_started,
    MIN(percent) AS percent,
    MIN(prev_percent) AS prev_percent,
    MAX(planned_date) AS planned_date,
    MAX(postponements)::INTEGER AS postponements,
    bool_or(status_changed OR planned_changed OR COALESCE(percent_delta, 0) <> 0 OR first_report) AS changed,
    bool_or(planned_changed) AS planned_changed,
    MAX(latest_week) AS latest_week,
    any_value(as_of_week) AS as_of_week,
    any_value(as_of_date) AS as_of_date
  FROM mart_task_latest
  GROUP BY task_no
)
SELECT
  task_no, direction_no, direction, measure_no, measure, task_text, task_start_date, task_planned_date,
  lead_dept, support_depts, depts, depts_reported, depts_reported_this_week,
  CASE WHEN depts_reported > 0 AND all_done THEN '已完成'
       WHEN any_late THEN '滞后'
       WHEN none_started AND depts_reported = 0 THEN '未报送'
       WHEN none_started THEN '未启动'
       ELSE '推进中' END AS status,
  percent, prev_percent, percent - prev_percent AS percent_delta,
  planned_date, postponements, COALESCE(changed, false) AS changed, COALESCE(planned_changed, false) AS planned_changed,
  (NOT COALESCE(depts_reported > 0 AND all_done, false) AND as_of_date IS NOT NULL AND planned_date < as_of_date) AS is_overdue,
  latest_week, as_of_week, as_of_date
FROM g
ORDER BY task_no;

COMMENT ON TABLE mart_task_summary IS '任务汇总（43 项任务每项一行，由各责任部门最新周报合成）';
COMMENT ON COLUMN mart_task_summary.task_no IS '任务序号（1–43）';
COMMENT ON COLUMN mart_task_summary.direction_no IS '重点方向序号';
COMMENT ON COLUMN mart_task_summary.direction IS '重点方向';
COMMENT ON COLUMN mart_task_summary.measure_no IS '工作措施序号';
COMMENT ON COLUMN mart_task_summary.measure IS '工作措施';
COMMENT ON COLUMN mart_task_summary.task_text IS '重点工作任务内容';
COMMENT ON COLUMN mart_task_summary.task_start_date IS '任务起始日期';
COMMENT ON COLUMN mart_task_summary.task_planned_date IS '任务清单中的计划完成日期';
COMMENT ON COLUMN mart_task_summary.lead_dept IS '牵头部门（责任部门列表的第一个）';
COMMENT ON COLUMN mart_task_summary.support_depts IS '配合部门（顿号分隔）';
COMMENT ON COLUMN mart_task_summary.depts IS '责任部门数';
COMMENT ON COLUMN mart_task_summary.depts_reported IS '已报送过周报的部门数';
COMMENT ON COLUMN mart_task_summary.depts_reported_this_week IS '本期已报送的部门数';
COMMENT ON COLUMN mart_task_summary.status IS '任务级状态（已完成/滞后/推进中/未启动/未报送）';
COMMENT ON COLUMN mart_task_summary.percent IS '任务完成比例（%，各部门最低值）';
COMMENT ON COLUMN mart_task_summary.prev_percent IS '上一次周报的任务完成比例（%）';
COMMENT ON COLUMN mart_task_summary.percent_delta IS '完成比例较上一次周报的变化（百分点）';
COMMENT ON COLUMN mart_task_summary.planned_date IS '计划完成日期（各部门最新计划的最晚日期）';
COMMENT ON COLUMN mart_task_summary.postponements IS '延期次数（各部门中的最多次数）';
COMMENT ON COLUMN mart_task_summary.changed IS '本期是否有变化（状态、比例、计划日期或首次报送）';
COMMENT ON COLUMN mart_task_summary.planned_changed IS '本期计划完成日期是否变化';
COMMENT ON COLUMN mart_task_summary.is_overdue IS '是否逾期（计划完成日期早于本期截止日且未完成）';
COMMENT ON COLUMN mart_task_summary.latest_week IS '各部门最新周报中最近的报告周';
COMMENT ON COLUMN mart_task_summary.as_of_week IS '本期报告周';
COMMENT ON COLUMN mart_task_summary.as_of_date IS '本期截止日期（报告周的周日）';
