-- 奖补候选（辽宁（十））：科技园与孵化器年度评估每行一条候选，原样列出评估结果。
-- 是否符合资格（大学科技园评估优秀；孵化器省级以上且评估优秀）与不超过 50 万元的分配，由页面/服务器用
-- src/lib/analytics/eligibility.ts 与 allocate.ts 按政策配置 awards 计算，本表不做判定。
-- host_unit_uscc：依托单位名称与单位维表名称完全一致时的统一社会信用代码（否则为空）。
CREATE OR REPLACE TABLE mart_award_candidates AS
WITH names AS (
  SELECT unit_name, min(unit_uscc) AS unit_uscc, count(*) AS n FROM units WHERE unit_name IS NOT NULL GROUP BY unit_name
)
SELECT
  p.year,
  p.name,
  p.category,
  p.level,
  p.grade,
  p.score,
  p.requested_award_wan,
  p.host_unit,
  CASE WHEN n.n = 1 THEN n.unit_uscc END AS host_unit_uscc,
  p.incubating_count,
  p.graduated_count,
  p.year = (SELECT max(year) FROM park_evaluations) AS is_latest_year,
  p.source_file,
  p.source_row
FROM park_evaluations AS p
LEFT JOIN names AS n ON n.unit_name = p.host_unit
ORDER BY p.year DESC, p.category, p.score DESC NULLS LAST, p.name;

COMMENT ON TABLE mart_award_candidates IS '奖补候选（辽宁（十））：科技园与孵化器年度评估结果，每行一个候选；资格与分配在页面按政策配置计算';
COMMENT ON COLUMN mart_award_candidates.year IS '评估年度';
COMMENT ON COLUMN mart_award_candidates.name IS '科技园或孵化器名称';
COMMENT ON COLUMN mart_award_candidates.category IS '类别（大学科技园/孵化器）';
COMMENT ON COLUMN mart_award_candidates.level IS '级别（国家级/省级/市级）';
COMMENT ON COLUMN mart_award_candidates.grade IS '评估等级（优秀/良好/合格/不合格）';
COMMENT ON COLUMN mart_award_candidates.score IS '评估得分（0–100）';
COMMENT ON COLUMN mart_award_candidates.requested_award_wan IS '申请奖励（万元）';
COMMENT ON COLUMN mart_award_candidates.host_unit IS '依托单位（原文）';
COMMENT ON COLUMN mart_award_candidates.host_unit_uscc IS '依托单位的统一社会信用代码（名称与单位维表唯一匹配时）';
COMMENT ON COLUMN mart_award_candidates.incubating_count IS '在孵企业数';
COMMENT ON COLUMN mart_award_candidates.graduated_count IS '毕业企业数';
COMMENT ON COLUMN mart_award_candidates.is_latest_year IS '是否为最近的评估年度（页面默认显示）';
COMMENT ON COLUMN mart_award_candidates.source_file IS '来源文件（相对路径）';
COMMENT ON COLUMN mart_award_candidates.source_row IS '来源文件中的行号';
