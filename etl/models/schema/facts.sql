-- Fact tables, one per input kind. Generated from etl/contract/contract.yaml by
-- etl/models/generate-staging.ts; do not edit by hand. Types: int → INTEGER, amount/pct → DOUBLE,
-- date → DATE, bool → BOOLEAN, text/enum/uscc/week → VARCHAR. Every row keeps its source file and row.
CREATE TABLE IF NOT EXISTS achievements (
  unit_uscc VARCHAR,
  unit_name VARCHAR,
  achievement_no VARCHAR,
  title VARCHAR,
  achievement_type VARCHAR,
  inventors VARCHAR,
  acquired_date DATE,
  conversion_status VARCHAR,
  conversion_count INTEGER,
  conversion_method VARCHAR,
  conversion_amount_wan DOUBLE,
  appraised_value_wan DOUBLE,
  empowerment_type VARCHAR,
  empowerment_years INTEGER,
  inventor_share_pct DOUBLE,
  in_pay_later_pool BOOLEAN,
  is_classified BOOLEAN,
  is_granted BOOLEAN,
  source_file VARCHAR,
  source_row INTEGER,
  source_version TIMESTAMP,
  load_id INTEGER
);
COMMENT ON TABLE achievements IS '职务科技成果单列管理台账（每行一项成果，吉林 资产单列管理操作指引 第八条）';
COMMENT ON COLUMN achievements.unit_uscc IS '单位统一社会信用代码：成果所属单位的统一社会信用代码（18位，GB 32100 校验）';
COMMENT ON COLUMN achievements.unit_name IS '单位名称：单位名称';
COMMENT ON COLUMN achievements.achievement_no IS '成果编号：成果编号（单位内唯一）';
COMMENT ON COLUMN achievements.title IS '成果名称：成果名称';
COMMENT ON COLUMN achievements.achievement_type IS '成果类型：成果类型';
COMMENT ON COLUMN achievements.inventors IS '完成人：成果完成人（团队）';
COMMENT ON COLUMN achievements.acquired_date IS '取得时间：取得知识产权的日期';
COMMENT ON COLUMN achievements.conversion_status IS '转化状态：转化状态';
COMMENT ON COLUMN achievements.conversion_count IS '转化频次：已转化的次数';
COMMENT ON COLUMN achievements.conversion_method IS '转化方式：主要转化方式（未转化时为空）';
COMMENT ON COLUMN achievements.conversion_amount_wan IS '转化金额（万元）：累计转化金额（万元）';
COMMENT ON COLUMN achievements.appraised_value_wan IS '评估价值（万元）：资产评估价值（万元）';
COMMENT ON COLUMN achievements.empowerment_type IS '赋权方式：赋权方式（空视为无）';
COMMENT ON COLUMN achievements.empowerment_years IS '赋权期限（年）：长期使用权的期限（年）';
COMMENT ON COLUMN achievements.inventor_share_pct IS '完成人份额（%）：赋权后完成人（团队）所占份额（%）';
COMMENT ON COLUMN achievements.in_pay_later_pool IS '是否纳入先用后付成果池：是否纳入“先用后付成果池”';
COMMENT ON COLUMN achievements.is_classified IS '是否涉密或涉及国家安全：是否涉密或涉及国家安全';
COMMENT ON COLUMN achievements.is_granted IS '是否已授权成果（专利权、软件著作权等已获授权的类型）';
COMMENT ON COLUMN achievements.source_file IS '来源文件（相对路径）';
COMMENT ON COLUMN achievements.source_row IS '来源文件中的行号（与 Excel/WPS 打开时看到的行号一致）';
COMMENT ON COLUMN achievements.source_version IS '来源文件的修改时间（同一单位的新台账替换旧台账时据此判断新旧）';
COMMENT ON COLUMN achievements.load_id IS '加载批次（etl_loads.load_id）';
CREATE TABLE IF NOT EXISTS contracts (
  contract_no VARCHAR,
  unit_uscc VARCHAR,
  achievement_no VARCHAR,
  conversion_method VARCHAR,
  assignee_name VARCHAR,
  assignee_type VARCHAR,
  amount_wan DOUBLE,
  signed_date DATE,
  pricing_method VARCHAR,
  notice_days INTEGER,
  is_appraised BOOLEAN,
  net_income_wan DOUBLE,
  inventor_reward_pct DOUBLE,
  tto_share_pct DOUBLE,
  fund_share_pct DOUBLE,
  uses_horizontal_surplus BOOLEAN,
  is_pay_later BOOLEAN,
  signed_year INTEGER,
  source_file VARCHAR,
  source_row INTEGER,
  source_version TIMESTAMP,
  load_id INTEGER
);
COMMENT ON TABLE contracts IS '职务科技成果转化合同明细（每行一份合同）';
COMMENT ON COLUMN contracts.contract_no IS '合同编号：合同编号（单位内唯一）';
COMMENT ON COLUMN contracts.unit_uscc IS '单位统一社会信用代码：转化单位的统一社会信用代码';
COMMENT ON COLUMN contracts.achievement_no IS '成果编号：对应台账中的成果编号';
COMMENT ON COLUMN contracts.conversion_method IS '转化方式：转化方式';
COMMENT ON COLUMN contracts.assignee_name IS '受让方名称：受让方（被许可方、被投资企业）名称';
COMMENT ON COLUMN contracts.assignee_type IS '受让方类型：受让方类型';
COMMENT ON COLUMN contracts.amount_wan IS '合同金额（万元）：合同金额（万元）';
COMMENT ON COLUMN contracts.signed_date IS '签订日期：合同签订日期';
COMMENT ON COLUMN contracts.pricing_method IS '定价方式：定价方式';
COMMENT ON COLUMN contracts.notice_days IS '公示天数：协议定价的公示天数';
COMMENT ON COLUMN contracts.is_appraised IS '是否资产评估：是否进行了资产评估';
COMMENT ON COLUMN contracts.net_income_wan IS '净收入（万元）：转化净收入（万元）';
COMMENT ON COLUMN contracts.inventor_reward_pct IS '奖励完成人比例（%）：净收入中奖励完成人和重要贡献人员的比例（%）';
COMMENT ON COLUMN contracts.tto_share_pct IS '技术转移机构提取比例（%）：技术转移机构提取的比例（%）';
COMMENT ON COLUMN contracts.fund_share_pct IS '转化基金提取比例（%）：提取作为成果转化基金的比例（%）';
COMMENT ON COLUMN contracts.uses_horizontal_surplus IS '是否使用横向结余经费：是否以横向科研项目结余经费出资转化';
COMMENT ON COLUMN contracts.is_pay_later IS '是否先用后付：是否以“先使用后付费”方式许可';
COMMENT ON COLUMN contracts.signed_year IS '签订年度（由签订日期得出）';
COMMENT ON COLUMN contracts.source_file IS '来源文件（相对路径）';
COMMENT ON COLUMN contracts.source_row IS '来源文件中的行号（与 Excel/WPS 打开时看到的行号一致）';
COMMENT ON COLUMN contracts.source_version IS '来源文件的修改时间（同一单位的新台账替换旧台账时据此判断新旧）';
COMMENT ON COLUMN contracts.load_id IS '加载批次（etl_loads.load_id）';
CREATE TABLE IF NOT EXISTS annual_reports (
  year INTEGER,
  unit_uscc VARCHAR,
  unit_name VARCHAR,
  unit_type VARCHAR,
  supervising_dept VARCHAR,
  submitted_date DATE,
  transfer_count INTEGER,
  transfer_wan DOUBLE,
  license_count INTEGER,
  license_wan DOUBLE,
  equity_count INTEGER,
  equity_wan DOUBLE,
  dev_count INTEGER,
  dev_wan DOUBLE,
  consult_count INTEGER,
  consult_wan DOUBLE,
  service_count INTEGER,
  service_wan DOUBLE,
  reward_cash_wan DOUBLE,
  reward_equity_wan DOUBLE,
  empowered_count INTEGER,
  pay_later_count INTEGER,
  tto_staff INTEGER,
  has_tto BOOLEAN,
  has_separate_mgmt BOOLEAN,
  has_empowerment_rules BOOLEAN,
  has_exemption_rules BOOLEAN,
  problems VARCHAR,
  suggestions VARCHAR,
  source_file VARCHAR,
  source_row INTEGER,
  source_version TIMESTAMP,
  load_id INTEGER
);
COMMENT ON TABLE annual_reports IS '科研单位职务科技成果转化年度报告（每单位每年一行，次年1月31日前报送）';
COMMENT ON COLUMN annual_reports.year IS '年度：报告年度';
COMMENT ON COLUMN annual_reports.unit_uscc IS '单位统一社会信用代码：单位统一社会信用代码';
COMMENT ON COLUMN annual_reports.unit_name IS '单位名称：单位名称';
COMMENT ON COLUMN annual_reports.unit_type IS '单位类型：单位类型';
COMMENT ON COLUMN annual_reports.supervising_dept IS '主管部门：主管部门（规范化为 departments.name）';
COMMENT ON COLUMN annual_reports.submitted_date IS '提交日期：报告提交日期';
COMMENT ON COLUMN annual_reports.transfer_count IS '转让合同数：转让合同数（项）';
COMMENT ON COLUMN annual_reports.transfer_wan IS '转让金额（万元）：转让合同金额（万元）';
COMMENT ON COLUMN annual_reports.license_count IS '许可合同数：许可合同数（项）';
COMMENT ON COLUMN annual_reports.license_wan IS '许可金额（万元）：许可合同金额（万元）';
COMMENT ON COLUMN annual_reports.equity_count IS '作价投资合同数：作价投资合同数（项）';
COMMENT ON COLUMN annual_reports.equity_wan IS '作价投资金额（万元）：作价投资金额（万元）';
COMMENT ON COLUMN annual_reports.dev_count IS '技术开发合同数：技术开发合同数（项）';
COMMENT ON COLUMN annual_reports.dev_wan IS '技术开发金额（万元）：技术开发合同金额（万元）';
COMMENT ON COLUMN annual_reports.consult_count IS '技术咨询合同数：技术咨询合同数（项）';
COMMENT ON COLUMN annual_reports.consult_wan IS '技术咨询金额（万元）：技术咨询合同金额（万元）';
COMMENT ON COLUMN annual_reports.service_count IS '技术服务合同数：技术服务合同数（项）';
COMMENT ON COLUMN annual_reports.service_wan IS '技术服务金额（万元）：技术服务合同金额（万元）';
COMMENT ON COLUMN annual_reports.reward_cash_wan IS '奖励个人现金（万元）：奖励个人现金（万元）';
COMMENT ON COLUMN annual_reports.reward_equity_wan IS '奖励个人股权（万元）：奖励个人股权（万元）';
COMMENT ON COLUMN annual_reports.empowered_count IS '赋权成果数：当年赋权的成果数';
COMMENT ON COLUMN annual_reports.pay_later_count IS '先用后付许可数：以先用后付方式许可的成果数';
COMMENT ON COLUMN annual_reports.tto_staff IS '技术转移专职人员数：技术转移专职人员数';
COMMENT ON COLUMN annual_reports.has_tto IS '是否设立技术转移机构：是否设立技术转移机构';
COMMENT ON COLUMN annual_reports.has_separate_mgmt IS '是否建立单列管理制度：是否建立资产单列管理制度';
COMMENT ON COLUMN annual_reports.has_empowerment_rules IS '是否建立赋权管理制度：是否建立赋权管理制度';
COMMENT ON COLUMN annual_reports.has_exemption_rules IS '是否建立尽职免责制度：是否建立尽职免责制度';
COMMENT ON COLUMN annual_reports.problems IS '存在问题：存在的突出问题';
COMMENT ON COLUMN annual_reports.suggestions IS '有关建议：有关建议';
COMMENT ON COLUMN annual_reports.source_file IS '来源文件（相对路径）';
COMMENT ON COLUMN annual_reports.source_row IS '来源文件中的行号（与 Excel/WPS 打开时看到的行号一致）';
COMMENT ON COLUMN annual_reports.source_version IS '来源文件的修改时间（同一单位的新台账替换旧台账时据此判断新旧）';
COMMENT ON COLUMN annual_reports.load_id IS '加载批次（etl_loads.load_id）';
CREATE TABLE IF NOT EXISTS park_evaluations (
  year INTEGER,
  name VARCHAR,
  category VARCHAR,
  level VARCHAR,
  host_unit VARCHAR,
  score DOUBLE,
  grade VARCHAR,
  incubating_count INTEGER,
  graduated_count INTEGER,
  requested_award_wan DOUBLE,
  source_file VARCHAR,
  source_row INTEGER,
  source_version TIMESTAMP,
  load_id INTEGER
);
COMMENT ON TABLE park_evaluations IS '大学科技园与孵化器年度评估结果';
COMMENT ON COLUMN park_evaluations.year IS '年度：评估年度';
COMMENT ON COLUMN park_evaluations.name IS '名称：科技园或孵化器名称';
COMMENT ON COLUMN park_evaluations.category IS '类别：类别';
COMMENT ON COLUMN park_evaluations.level IS '级别：级别';
COMMENT ON COLUMN park_evaluations.host_unit IS '依托单位：依托单位';
COMMENT ON COLUMN park_evaluations.score IS '评估得分：评估得分（0–100）';
COMMENT ON COLUMN park_evaluations.grade IS '评估等级：评估等级';
COMMENT ON COLUMN park_evaluations.incubating_count IS '在孵企业数：在孵企业数';
COMMENT ON COLUMN park_evaluations.graduated_count IS '毕业企业数：毕业企业数';
COMMENT ON COLUMN park_evaluations.requested_award_wan IS '申请奖励（万元）：申请的奖励性后补助（万元）';
COMMENT ON COLUMN park_evaluations.source_file IS '来源文件（相对路径）';
COMMENT ON COLUMN park_evaluations.source_row IS '来源文件中的行号（与 Excel/WPS 打开时看到的行号一致）';
COMMENT ON COLUMN park_evaluations.source_version IS '来源文件的修改时间（同一单位的新台账替换旧台账时据此判断新旧）';
COMMENT ON COLUMN park_evaluations.load_id IS '加载批次（etl_loads.load_id）';
CREATE TABLE IF NOT EXISTS task_progress (
  report_week VARCHAR,
  report_date DATE,
  task_no INTEGER,
  dept_name VARCHAR,
  status VARCHAR,
  percent DOUBLE,
  note VARCHAR,
  evidence VARCHAR,
  planned_date DATE,
  week_start DATE,
  source_file VARCHAR,
  source_row INTEGER,
  source_version TIMESTAMP,
  load_id INTEGER
);
COMMENT ON TABLE task_progress IS '43项工作任务的进展周报（每任务、每责任部门、每周一行）';
COMMENT ON COLUMN task_progress.report_week IS '报告周：报告周（ISO 周，如 2026-W46；可由报告日期推出）';
COMMENT ON COLUMN task_progress.report_date IS '报告日期：报告日期';
COMMENT ON COLUMN task_progress.task_no IS '任务序号：任务序号（1–43）';
COMMENT ON COLUMN task_progress.dept_name IS '责任部门：报告的责任部门（规范化为 departments.name）';
COMMENT ON COLUMN task_progress.status IS '进展状态：进展状态';
COMMENT ON COLUMN task_progress.percent IS '完成比例（%）：完成比例（%）';
COMMENT ON COLUMN task_progress.note IS '进展说明：进展说明';
COMMENT ON COLUMN task_progress.evidence IS '佐证材料：佐证材料';
COMMENT ON COLUMN task_progress.planned_date IS '计划完成日期：计划完成日期';
COMMENT ON COLUMN task_progress.week_start IS '报告周的周一（UTC+8 日历日）';
COMMENT ON COLUMN task_progress.source_file IS '来源文件（相对路径）';
COMMENT ON COLUMN task_progress.source_row IS '来源文件中的行号（与 Excel/WPS 打开时看到的行号一致）';
COMMENT ON COLUMN task_progress.source_version IS '来源文件的修改时间（同一单位的新台账替换旧台账时据此判断新旧）';
COMMENT ON COLUMN task_progress.load_id IS '加载批次（etl_loads.load_id）';
