-- Dimension and bookkeeping tables of the warehouse (the fact tables are in facts.sql).
-- Dimensions are rebuilt from the policy profile and the facts at every load; etl_* tables
-- accumulate across loads and are the audit trail of what was read and what was refused.

CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
COMMENT ON TABLE meta IS '仓库元数据（是否示例数据、政策配置、构建时间）';
COMMENT ON COLUMN meta.key IS '键';
COMMENT ON COLUMN meta.value IS '值';

CREATE TABLE IF NOT EXISTS profile_params (key VARCHAR PRIMARY KEY, value VARCHAR, clause VARCHAR);
COMMENT ON TABLE profile_params IS '当前政策配置中的阈值参数（来自 data/policy/*.yaml）';
COMMENT ON COLUMN profile_params.key IS '参数名';
COMMENT ON COLUMN profile_params.value IS '参数值';
COMMENT ON COLUMN profile_params.clause IS '出处条款';

CREATE TABLE IF NOT EXISTS departments (
  name VARCHAR PRIMARY KEY, short_name VARCHAR, kind VARCHAR, sort_order INTEGER);
COMMENT ON TABLE departments IS '责任部门维表（规范化后的部门名称）';
COMMENT ON COLUMN departments.name IS '部门规范名称，如 省科技厅';
COMMENT ON COLUMN departments.short_name IS '简称';
COMMENT ON COLUMN departments.kind IS '类别：government 政府部门；research_units 科研单位自身（省属高校、科研院所、医疗卫生机构）';
COMMENT ON COLUMN departments.sort_order IS '排序';

CREATE TABLE IF NOT EXISTS tasks (
  task_no INTEGER PRIMARY KEY, direction_no INTEGER, direction VARCHAR, measure_no INTEGER,
  measure VARCHAR, text VARCHAR, start_date DATE, planned_date DATE, dept_source VARCHAR);
COMMENT ON TABLE tasks IS '《若干措施》工作任务清单（43项）';
COMMENT ON COLUMN tasks.task_no IS '任务序号（1–43）';
COMMENT ON COLUMN tasks.direction_no IS '重点方向序号（一…四）';
COMMENT ON COLUMN tasks.direction IS '重点方向';
COMMENT ON COLUMN tasks.measure_no IS '工作措施序号（（一）…（十五））';
COMMENT ON COLUMN tasks.measure IS '工作措施';
COMMENT ON COLUMN tasks.text IS '重点工作任务';
COMMENT ON COLUMN tasks.start_date IS '计划开始日期（序时进度的起点）';
COMMENT ON COLUMN tasks.planned_date IS '计划完成日期（配置中的初始计划）';
COMMENT ON COLUMN tasks.dept_source IS '责任部门来源：table 表格；inherited 沿用本措施；body 正文括注';

CREATE TABLE IF NOT EXISTS task_departments (
  task_no INTEGER, dept_name VARCHAR, role VARCHAR, position INTEGER, PRIMARY KEY (task_no, dept_name));
COMMENT ON TABLE task_departments IS '任务的责任部门（排第一位的为牵头，其余为配合）';
COMMENT ON COLUMN task_departments.task_no IS '任务序号';
COMMENT ON COLUMN task_departments.dept_name IS '部门（departments.name）';
COMMENT ON COLUMN task_departments.role IS '牵头 或 配合';
COMMENT ON COLUMN task_departments.position IS '在责任部门中的排序（1 = 牵头）';

CREATE TABLE IF NOT EXISTS unit_reports (
  unit_uscc VARCHAR PRIMARY KEY, unit_name VARCHAR, unit_type VARCHAR, supervising_dept VARCHAR, report_year INTEGER);
COMMENT ON TABLE unit_reports IS '报送过年度报告的单位，各取其最近一次年度报告中的名称、类型与主管部门（units 的来源之一）';
COMMENT ON COLUMN unit_reports.unit_uscc IS '统一社会信用代码';
COMMENT ON COLUMN unit_reports.unit_name IS '单位名称（最近一次年度报告中的写法）';
COMMENT ON COLUMN unit_reports.unit_type IS '单位类型：高校／科研院所／医疗卫生机构';
COMMENT ON COLUMN unit_reports.supervising_dept IS '主管部门（departments.name；部门简称已换成全称）';
COMMENT ON COLUMN unit_reports.report_year IS '最近一次年度报告的年度';

CREATE TABLE IF NOT EXISTS units (
  unit_uscc VARCHAR PRIMARY KEY, unit_name VARCHAR, unit_type VARCHAR, supervising_dept VARCHAR,
  first_year INTEGER, last_year INTEGER);
COMMENT ON TABLE units IS '科研单位维表（由年度报告、台账与合同归并）';
COMMENT ON COLUMN units.unit_uscc IS '统一社会信用代码';
COMMENT ON COLUMN units.unit_name IS '单位名称（最近一次年度报告或台账中的写法）';
COMMENT ON COLUMN units.unit_type IS '单位类型：高校／科研院所／医疗卫生机构（未报年度报告的单位为空）';
COMMENT ON COLUMN units.supervising_dept IS '主管部门（departments.name）';
COMMENT ON COLUMN units.first_year IS '最早出现的年度';
COMMENT ON COLUMN units.last_year IS '最近出现的年度';

CREATE SEQUENCE IF NOT EXISTS etl_load_seq START 1;
CREATE TABLE IF NOT EXISTS etl_loads (
  load_id INTEGER PRIMARY KEY, started_at TIMESTAMP, finished_at TIMESTAMP, status VARCHAR,
  profile_id VARCHAR, files INTEGER, rows_read BIGINT, rows_accepted BIGINT, rows_rejected BIGINT,
  tests_failed INTEGER, note VARCHAR);
COMMENT ON TABLE etl_loads IS 'ETL 加载批次（每运行一次一行）';
COMMENT ON COLUMN etl_loads.load_id IS '批次号';
COMMENT ON COLUMN etl_loads.started_at IS '开始时间（UTC）';
COMMENT ON COLUMN etl_loads.finished_at IS '完成时间（UTC）';
COMMENT ON COLUMN etl_loads.status IS '状态：published 已发布';
COMMENT ON COLUMN etl_loads.profile_id IS '使用的政策配置';
COMMENT ON COLUMN etl_loads.files IS '本批次读取的文件数';
COMMENT ON COLUMN etl_loads.rows_read IS '读取的数据行数';
COMMENT ON COLUMN etl_loads.rows_accepted IS '入库行数';
COMMENT ON COLUMN etl_loads.rows_rejected IS '拒收行数';
COMMENT ON COLUMN etl_loads.tests_failed IS '未通过的数据测试数';
COMMENT ON COLUMN etl_loads.note IS '说明';

CREATE TABLE IF NOT EXISTS etl_files (
  load_id INTEGER, file_path VARCHAR, file_name VARCHAR, sha256 VARCHAR, kind VARCHAR, table_name VARCHAR,
  encoding VARCHAR, header_row INTEGER, rows_read INTEGER, rows_accepted INTEGER, rows_rejected INTEGER,
  blank_rows INTEGER, status VARCHAR, message VARCHAR, warnings VARCHAR[], columns_mapped VARCHAR[]);
COMMENT ON TABLE etl_files IS '每个输入文件的读取记录：读取行数 = 入库行数 + 拒收行数';
COMMENT ON COLUMN etl_files.load_id IS '批次号';
COMMENT ON COLUMN etl_files.file_path IS '文件路径（相对于加载目录）';
COMMENT ON COLUMN etl_files.file_name IS '文件名';
COMMENT ON COLUMN etl_files.sha256 IS '文件内容的 SHA-256（同一内容再次加载时跳过）';
COMMENT ON COLUMN etl_files.kind IS '识别出的文件类别（ledger/contracts/annual_reports/park_evaluations/task_progress）';
COMMENT ON COLUMN etl_files.table_name IS '写入的表';
COMMENT ON COLUMN etl_files.encoding IS '识别出的编码：utf-8、utf-8-bom、gb18030 或 xlsx';
COMMENT ON COLUMN etl_files.header_row IS '表头所在行';
COMMENT ON COLUMN etl_files.rows_read IS '读取的数据行数（不含表头、标题行和空行）';
COMMENT ON COLUMN etl_files.rows_accepted IS '入库行数';
COMMENT ON COLUMN etl_files.rows_rejected IS '拒收行数（原因见 etl_rejects）';
COMMENT ON COLUMN etl_files.blank_rows IS '空行数（不计为数据行）';
COMMENT ON COLUMN etl_files.status IS '状态：loaded 已加载；unchanged 内容已加载过；failed 整个文件被拒收';
COMMENT ON COLUMN etl_files.message IS '文件级说明或错误';
COMMENT ON COLUMN etl_files.warnings IS '警告（如无法识别的列）';
COMMENT ON COLUMN etl_files.columns_mapped IS '表头映射：原表头 → 规范列';

CREATE TABLE IF NOT EXISTS etl_rejects (
  load_id INTEGER, file_path VARCHAR, file_name VARCHAR, source_row INTEGER, column_name VARCHAR,
  column_letter VARCHAR, value VARCHAR, reason VARCHAR);
COMMENT ON TABLE etl_rejects IS '拒收明细：每个未入库的数据行至少一条，写明文件、行、列、值与原因';
COMMENT ON COLUMN etl_rejects.load_id IS '批次号';
COMMENT ON COLUMN etl_rejects.file_path IS '文件路径';
COMMENT ON COLUMN etl_rejects.file_name IS '文件名';
COMMENT ON COLUMN etl_rejects.source_row IS '文件中的行号（与 Excel/WPS 中看到的一致）';
COMMENT ON COLUMN etl_rejects.column_name IS '列（文件中的原表头）；整行问题为空';
COMMENT ON COLUMN etl_rejects.column_letter IS '列字母（A、B、…）';
COMMENT ON COLUMN etl_rejects.value IS '原始值';
COMMENT ON COLUMN etl_rejects.reason IS '拒收原因';

CREATE TABLE IF NOT EXISTS etl_tests (
  load_id INTEGER, test_name VARCHAR, model VARCHAR, column_name VARCHAR, test_type VARCHAR,
  status VARCHAR, failures BIGINT, detail VARCHAR);
COMMENT ON TABLE etl_tests IS '每次加载后的数据测试结果（unique、not_null、relationships、accepted_values）';
COMMENT ON COLUMN etl_tests.load_id IS '批次号';
COMMENT ON COLUMN etl_tests.test_name IS '测试名';
COMMENT ON COLUMN etl_tests.model IS '被测表';
COMMENT ON COLUMN etl_tests.column_name IS '被测列';
COMMENT ON COLUMN etl_tests.test_type IS '测试类型';
COMMENT ON COLUMN etl_tests.status IS 'pass 通过／fail 未通过';
COMMENT ON COLUMN etl_tests.failures IS '不满足的行数';
COMMENT ON COLUMN etl_tests.detail IS '说明';
