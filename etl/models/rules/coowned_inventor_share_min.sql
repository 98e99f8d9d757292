-- 规则 coowned_inventor_share_min：赋予所有权、按份共有时完成人（团队）份额不低于阈值。
-- 条款 深圳 三（一）1.：“试点单位与成果完成人（团队）可以约定共同共有或者按份共有。其中，约定按份共有的，
--   成果完成人（团队）持有的份额不低于百分之七十。”
-- 口径：台账中“赋权方式”为所有权，且填报了“完成人份额（%）”（按份共有）并低于阈值。未填份额的视为共同共有，
--   不适用本规则，不列出。
-- 阈值：profile_params 'coowned_inventor_share_min.min_pct'。
WITH p AS (
  SELECT CASE WHEN v IS NULL THEN error('政策配置参数缺失：profile_params 中没有 coowned_inventor_share_min.min_pct') ELSE v END AS min_pct
  FROM (SELECT (SELECT TRY_CAST(value AS DOUBLE) FROM profile_params WHERE key = 'coowned_inventor_share_min.min_pct') AS v)
)
SELECT
  'coowned_inventor_share_min' AS rule_id,
  a.unit_uscc,
  coalesce(u.unit_name, a.unit_name, a.unit_uscc) AS unit_name,
  'achievements' AS source_table,
  a.source_file,
  a.source_row,
  a.achievement_no AS record_key,
  '完成人份额 ' || printf('%g', a.inventor_share_pct) || '%' AS observed,
  '≥ ' || printf('%g', p.min_pct) || '%' AS expected,
  '成果 ' || a.achievement_no || '“' || coalesce(a.title, '') || '”赋予所有权（按份共有），完成人（团队）份额 '
    || printf('%g', a.inventor_share_pct) || '%，低于 ' || printf('%g', p.min_pct) || '%。' AS detail
FROM achievements AS a
CROSS JOIN p
LEFT JOIN units AS u USING (unit_uscc)
WHERE a.empowerment_type = '所有权'
  AND a.inventor_share_pct IS NOT NULL
  AND a.inventor_share_pct < p.min_pct
