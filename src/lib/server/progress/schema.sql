-- 任务进展周报的系统填报（issue 5）：保存在应用数据库（APP_DB_PATH），与每次 ETL 重建的数仓分开。
-- 本文件可重复执行（IF NOT EXISTS），由 src/lib/server/progress/store.ts 在第一次使用时执行；不修改 appdb 自己的 schema.sql。
-- 时间列一律为 UTC 的 TIMESTAMP；周、日期按北京时间（UTC+8）日历。每次写入另有审计日志（audit_log，动作 progress.*）。

-- 周报条目：每（报告周、任务、责任部门）一行，即数据契约第 5 类“任务进展周报”的键；再次保存同一周覆盖本行（revision + 1），
-- 修改前后的内容见审计日志。
CREATE TABLE IF NOT EXISTS progress_entries (
  report_week        VARCHAR NOT NULL,    -- 报告周（ISO 周，如 2026-W47，北京时间周一至周日）
  week_start         DATE NOT NULL,       -- 报告周的周一
  task_no            INTEGER NOT NULL,    -- 任务序号（1–43）
  dept_name          VARCHAR NOT NULL,    -- 责任部门（departments.name）
  report_date        DATE,                -- 报告日期（表单填报为提交当天；上传文件取文件中的值）
  status             VARCHAR NOT NULL CHECK (status IN ('未启动', '推进中', '已完成', '滞后')),  -- 进展状态
  percent            DOUBLE NOT NULL CHECK (percent BETWEEN 0 AND 100),                        -- 完成比例（%）
  note               VARCHAR,             -- 进展说明
  evidence           VARCHAR,             -- 佐证材料
  planned_date       DATE,                -- 计划完成日期
  channel            VARCHAR NOT NULL CHECK (channel IN ('form', 'upload')),  -- 填报方式：form 网页表单 / upload 上传周报文件
  source_file        VARCHAR,             -- 上传的文件名（表单填报为空）
  source_row         INTEGER,             -- 上传文件中的行号（表单填报为空）
  first_submitted_at TIMESTAMP NOT NULL,  -- 首次提交时间（UTC），逾期按此判断
  submitted_at       TIMESTAMP NOT NULL,  -- 最后一次保存时间（UTC）
  submitted_by       VARCHAR NOT NULL,    -- 最后一次保存的用户（users.username）
  deadline_at        TIMESTAMP NOT NULL,  -- 该周的报送截止时间（UTC）
  is_late            BOOLEAN NOT NULL,    -- 是否逾期：首次提交晚于截止时间
  revision           INTEGER NOT NULL,    -- 保存次数（首次为 1）
  PRIMARY KEY (report_week, task_no, dept_name)
);
COMMENT ON TABLE progress_entries IS '任务进展周报的系统填报（每报告周、任务、责任部门一行；修改记录见审计日志）';
COMMENT ON COLUMN progress_entries.report_week IS '报告周（ISO 周，北京时间周一至周日）';
COMMENT ON COLUMN progress_entries.week_start IS '报告周的周一';
COMMENT ON COLUMN progress_entries.task_no IS '任务序号（1–43）';
COMMENT ON COLUMN progress_entries.dept_name IS '责任部门';
COMMENT ON COLUMN progress_entries.report_date IS '报告日期';
COMMENT ON COLUMN progress_entries.status IS '进展状态（未启动/推进中/已完成/滞后）';
COMMENT ON COLUMN progress_entries.percent IS '完成比例（%）';
COMMENT ON COLUMN progress_entries.note IS '进展说明';
COMMENT ON COLUMN progress_entries.evidence IS '佐证材料';
COMMENT ON COLUMN progress_entries.planned_date IS '计划完成日期';
COMMENT ON COLUMN progress_entries.channel IS '填报方式：form 网页表单 / upload 上传周报文件';
COMMENT ON COLUMN progress_entries.source_file IS '上传的文件名';
COMMENT ON COLUMN progress_entries.source_row IS '上传文件中的行号';
COMMENT ON COLUMN progress_entries.first_submitted_at IS '首次提交时间（UTC）';
COMMENT ON COLUMN progress_entries.submitted_at IS '最后一次保存时间（UTC）';
COMMENT ON COLUMN progress_entries.submitted_by IS '最后一次保存的用户';
COMMENT ON COLUMN progress_entries.deadline_at IS '该周报送截止时间（UTC）';
COMMENT ON COLUMN progress_entries.is_late IS '是否逾期（首次提交晚于截止时间）';
COMMENT ON COLUMN progress_entries.revision IS '保存次数';

-- 审核（DHIS2 式）：一行 = 某部门某周的周报已由协调办审核通过并锁定；取消审核删除该行（审核与取消都写审计日志）。
CREATE TABLE IF NOT EXISTS progress_approvals (
  report_week  VARCHAR NOT NULL,    -- 报告周
  dept_name    VARCHAR NOT NULL,    -- 责任部门
  approved_by  VARCHAR NOT NULL,    -- 审核人（协调办或管理员）
  approved_at  TIMESTAMP NOT NULL,  -- 审核时间（UTC）
  PRIMARY KEY (report_week, dept_name)
);
COMMENT ON TABLE progress_approvals IS '周报审核（存在即锁定：该部门该周的周报不能再修改，直到协调办取消审核）';
COMMENT ON COLUMN progress_approvals.report_week IS '报告周';
COMMENT ON COLUMN progress_approvals.dept_name IS '责任部门';
COMMENT ON COLUMN progress_approvals.approved_by IS '审核人';
COMMENT ON COLUMN progress_approvals.approved_at IS '审核时间（UTC）';
