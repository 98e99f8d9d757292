-- 由暂存的违规行生成 rule_violations（补上配置中的规则标题、严重程度、条款，以及单位类型与主管部门）
-- 和 mart_rule_summary（规则 × 主管部门 × 单位的违规计数）。由 etl/load/rules.ts 在各条规则运行后调用。
CREATE OR REPLACE TABLE rule_violations (
  violation_id INTEGER, rule_id VARCHAR, rule_title VARCHAR, severity VARCHAR, severity_label VARCHAR, clause VARCHAR,
  unit_uscc VARCHAR, unit_name VARCHAR, unit_type VARCHAR, supervising_dept VARCHAR,
  source_table VARCHAR, source_file VARCHAR, source_row INTEGER, record_key VARCHAR,
  observed VARCHAR, expected VARCHAR, detail VARCHAR, profile_id VARCHAR, as_of_date DATE);

INSERT INTO rule_violations
SELECT
  CAST(row_number() OVER (ORDER BY ra.sort_order, coalesce(u.supervising_dept, '未登记'), v.unit_uscc,
                          v.source_file NULLS LAST, v.source_row NULLS LAST, v.record_key) AS INTEGER) AS violation_id,
  v.rule_id,
  ra.rule_title,
  ra.severity,
  CASE ra.severity WHEN 'violation' THEN '违规' WHEN 'advisory' THEN '提示' ELSE ra.severity END AS severity_label,
  ra.clause,
  v.unit_uscc,
  coalesce(v.unit_name, u.unit_name, v.unit_uscc) AS unit_name,
  coalesce(u.unit_type, '未分类') AS unit_type,
  coalesce(u.supervising_dept, '未登记') AS supervising_dept,
  v.source_table,
  v.source_file,
  v.source_row,
  v.record_key,
  v.observed,
  v.expected,
  v.detail,
  ra.profile_id,
  (SELECT TRY_CAST(value AS DATE) FROM meta WHERE key = 'as_of_date') AS as_of_date
FROM rule_violations_stage AS v
JOIN rule_active AS ra USING (rule_id)
LEFT JOIN units AS u USING (unit_uscc)
ORDER BY violation_id;

COMMENT ON TABLE rule_violations IS '合规规则违规明细（每次加载后按当前政策配置的 rules 重算；每行一条违规或提示，指向来源文件与行）';
COMMENT ON COLUMN rule_violations.violation_id IS '序号（按规则在配置中的顺序、主管部门、单位、来源行排列）';
COMMENT ON COLUMN rule_violations.rule_id IS '规则标识（政策配置 rules[].id，见 etl/models/rules/<rule_id>.sql）';
COMMENT ON COLUMN rule_violations.rule_title IS '规则标题（政策配置 rules[].title）';
COMMENT ON COLUMN rule_violations.severity IS '严重程度：violation 违规（条款为“应当”“不低于”等硬性要求）；advisory 提示（“原则上”“鼓励”）';
COMMENT ON COLUMN rule_violations.severity_label IS '严重程度中文：违规／提示';
COMMENT ON COLUMN rule_violations.clause IS '出处条款（政策配置 rules[].clause，引用原文）';
COMMENT ON COLUMN rule_violations.unit_uscc IS '单位统一社会信用代码';
COMMENT ON COLUMN rule_violations.unit_name IS '单位名称';
COMMENT ON COLUMN rule_violations.unit_type IS '单位类型（高校/科研院所/医疗卫生机构；未报年度报告的单位为“未分类”）';
COMMENT ON COLUMN rule_violations.supervising_dept IS '主管部门（departments.name；未登记的单位为“未登记”）';
COMMENT ON COLUMN rule_violations.source_table IS '违规行所在的表（contracts 合同明细／achievements 单列管理台账／annual_reports 年度报告）';
COMMENT ON COLUMN rule_violations.source_file IS '来源文件（相对路径；“未报送年度报告”没有来源行，为空）';
COMMENT ON COLUMN rule_violations.source_row IS '来源文件中的行号（与 Excel/WPS 打开时看到的行号一致；未报送时为空）';
COMMENT ON COLUMN rule_violations.record_key IS '记录标识：合同编号、成果编号或年度报告的年度';
COMMENT ON COLUMN rule_violations.observed IS '实际情况（如“完成人份额 60%”）';
COMMENT ON COLUMN rule_violations.expected IS '规则要求（如“≥ 70%”，阈值取自政策配置）';
COMMENT ON COLUMN rule_violations.detail IS '违规说明（中文句子）';
COMMENT ON COLUMN rule_violations.profile_id IS '判定所用的政策配置（data/policy/<id>.yaml）';
COMMENT ON COLUMN rule_violations.as_of_date IS '判定日（meta.as_of_date：本次加载的基准日，用于“满三年”“已过截止日”等判断）';

CREATE OR REPLACE TABLE mart_rule_summary AS
WITH g AS (
  SELECT
    rule_id, supervising_dept, unit_uscc,
    GROUPING(rule_id) = 1 AS is_all_rule,
    GROUPING(supervising_dept) = 1 AS is_all_dept,
    GROUPING(unit_uscc) = 1 AS is_all_unit,
    CASE WHEN GROUPING(unit_uscc) = 0 THEN any_value(unit_name) END AS unit_name,
    CASE WHEN GROUPING(unit_uscc) = 0 THEN any_value(unit_type) END AS unit_type,
    COUNT(*)::INTEGER AS total_count,
    COUNT(*) FILTER (WHERE severity = 'violation')::INTEGER AS violation_count,
    COUNT(*) FILTER (WHERE severity = 'advisory')::INTEGER AS advisory_count,
    COUNT(DISTINCT unit_uscc)::INTEGER AS unit_count,
    COUNT(DISTINCT rule_id)::INTEGER AS rule_count
  FROM rule_violations
  GROUP BY GROUPING SETS ((rule_id, supervising_dept, unit_uscc), (rule_id, supervising_dept), (rule_id),
                          (supervising_dept, unit_uscc), (supervising_dept), ())
), z AS (
  -- 启用但本次没有违规的规则也占一行（计数为 0），页面据此列出全部启用规则
  SELECT ra.rule_id, NULL::VARCHAR AS supervising_dept, NULL::VARCHAR AS unit_uscc, false AS is_all_rule, true AS is_all_dept,
         true AS is_all_unit, NULL::VARCHAR AS unit_name, NULL::VARCHAR AS unit_type, 0 AS total_count, 0 AS violation_count,
         0 AS advisory_count, 0 AS unit_count, 0 AS rule_count
  FROM rule_active AS ra
  WHERE ra.rule_id NOT IN (SELECT rule_id FROM rule_violations)
), a AS (
  SELECT * FROM g UNION ALL SELECT * FROM z
)
SELECT
  a.rule_id,
  ra.rule_title,
  ra.severity,
  ra.clause,
  ra.sort_order AS rule_order,
  a.supervising_dept,
  a.unit_uscc,
  a.unit_name,
  a.unit_type,
  a.is_all_rule,
  a.is_all_dept,
  a.is_all_unit,
  a.total_count,
  a.violation_count,
  a.advisory_count,
  a.unit_count,
  a.rule_count
FROM a
LEFT JOIN rule_active AS ra ON ra.rule_id = a.rule_id
ORDER BY a.is_all_rule DESC, ra.sort_order, a.is_all_dept DESC, a.supervising_dept, a.is_all_unit DESC, a.total_count DESC, a.unit_uscc;

COMMENT ON TABLE mart_rule_summary IS '合规规则违规汇总：规则 × 主管部门 × 单位的计数（GROUPING SETS，is_all_* 为真的维度表示“全部”；启用但无违规的规则也有一行，计数为 0）';
COMMENT ON COLUMN mart_rule_summary.rule_id IS '规则标识（is_all_rule 为真时为空，表示全部规则）';
COMMENT ON COLUMN mart_rule_summary.rule_title IS '规则标题（政策配置 rules[].title）';
COMMENT ON COLUMN mart_rule_summary.severity IS '严重程度：violation 违规／advisory 提示';
COMMENT ON COLUMN mart_rule_summary.clause IS '出处条款';
COMMENT ON COLUMN mart_rule_summary.rule_order IS '规则在政策配置中的顺序（页面按此排列）';
COMMENT ON COLUMN mart_rule_summary.supervising_dept IS '主管部门（is_all_dept 为真时为空，表示全部部门）';
COMMENT ON COLUMN mart_rule_summary.unit_uscc IS '单位统一社会信用代码（is_all_unit 为真时为空，表示全部单位）';
COMMENT ON COLUMN mart_rule_summary.unit_name IS '单位名称（单位级的行）';
COMMENT ON COLUMN mart_rule_summary.unit_type IS '单位类型（单位级的行）';
COMMENT ON COLUMN mart_rule_summary.is_all_rule IS '是否汇总全部规则';
COMMENT ON COLUMN mart_rule_summary.is_all_dept IS '是否汇总全部主管部门';
COMMENT ON COLUMN mart_rule_summary.is_all_unit IS '是否汇总全部单位';
COMMENT ON COLUMN mart_rule_summary.total_count IS '违规与提示合计条数';
COMMENT ON COLUMN mart_rule_summary.violation_count IS '违规条数（severity = violation）';
COMMENT ON COLUMN mart_rule_summary.advisory_count IS '提示条数（severity = advisory）';
COMMENT ON COLUMN mart_rule_summary.unit_count IS '涉及单位数';
COMMENT ON COLUMN mart_rule_summary.rule_count IS '涉及规则数';

DROP TABLE rule_violations_stage;
DROP TABLE rule_active;
