-- 规则 long_term_use_min_years：赋予长期使用权的期限不低于阈值。
-- 条款 辽宁《若干措施》（一）：“科研单位也可以赋予成果完成人（团队）不低于 10 年的职务科技成果长期使用权”；
--   吉林 二（一）1.、深圳 三（二）1. 同为“不低于10年”。
-- 口径：台账中“赋权方式”为长期使用权，且“赋权期限（年）”低于阈值或未填报。
-- 阈值：profile_params 'long_term_use_min_years.min_years'。
WITH p AS (
  SELECT CASE WHEN v IS NULL THEN error('政策配置参数缺失：profile_params 中没有 long_term_use_min_years.min_years') ELSE v END AS min_years
  FROM (SELECT (SELECT TRY_CAST(value AS INTEGER) FROM profile_params WHERE key = 'long_term_use_min_years.min_years') AS v)
)
SELECT
  'long_term_use_min_years' AS rule_id,
  a.unit_uscc,
  coalesce(u.unit_name, a.unit_name, a.unit_uscc) AS unit_name,
  'achievements' AS source_table,
  a.source_file,
  a.source_row,
  a.achievement_no AS record_key,
  CASE WHEN a.empowerment_years IS NULL THEN '长期使用权期限 未填报'
       ELSE '长期使用权期限 ' || a.empowerment_years || ' 年' END AS observed,
  '≥ ' || p.min_years || ' 年' AS expected,
  '成果 ' || a.achievement_no || '“' || coalesce(a.title, '') || '”赋予长期使用权'
    || CASE WHEN a.empowerment_years IS NULL THEN '，未填报赋权期限'
            ELSE ' ' || a.empowerment_years || ' 年，少于 ' || p.min_years || ' 年' END
    || '。' AS detail
FROM achievements AS a
CROSS JOIN p
LEFT JOIN units AS u USING (unit_uscc)
WHERE a.empowerment_type = '长期使用权'
  AND (a.empowerment_years IS NULL OR a.empowerment_years < p.min_years)
