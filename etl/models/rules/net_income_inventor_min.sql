-- 规则 net_income_inventor_min：转让、许可净收入中奖励完成人的比例不低于阈值。
-- 条款 深圳 三（六）1.：“试点单位应从科技成果转让或许可所取得的净收益中提取不低于70%的比例用于奖励科技成果
--   完成人和对科技成果转化作出重要贡献的人员”；同 三（六）2.：“对于同一职务科技成果，科技人员已获得职务科技
--   成果所有权或者长期使用权的，可以不再给予成果转化奖励。”
-- 口径：合同明细中转化方式属于配置的 methods、净收入 > 0，且“奖励完成人比例（%）”低于阈值或未填报；
--   合同对应的台账成果（同单位同成果编号）已赋予所有权或长期使用权的，按 三（六）2. 不列出。
-- 参数：profile_params 'net_income_inventor_min.min_pct'、'net_income_inventor_min.methods'（逗号分隔）。
WITH p AS (
  SELECT CASE WHEN v IS NULL THEN error('政策配置参数缺失：profile_params 中没有 net_income_inventor_min.min_pct') ELSE v END AS min_pct,
         CASE WHEN m IS NULL THEN error('政策配置参数缺失：profile_params 中没有 net_income_inventor_min.methods') ELSE string_split(m, ',') END AS methods
  FROM (SELECT (SELECT TRY_CAST(value AS DOUBLE) FROM profile_params WHERE key = 'net_income_inventor_min.min_pct') AS v,
               (SELECT value FROM profile_params WHERE key = 'net_income_inventor_min.methods') AS m)
),
empowered AS (
  SELECT DISTINCT unit_uscc, achievement_no FROM achievements WHERE empowerment_type IN ('所有权', '长期使用权')
)
SELECT
  'net_income_inventor_min' AS rule_id,
  c.unit_uscc,
  coalesce(u.unit_name, c.unit_uscc) AS unit_name,
  'contracts' AS source_table,
  c.source_file,
  c.source_row,
  c.contract_no AS record_key,
  CASE WHEN c.inventor_reward_pct IS NULL THEN '奖励完成人比例 未填报'
       ELSE '奖励完成人比例 ' || printf('%g', c.inventor_reward_pct) || '%' END AS observed,
  '≥ ' || printf('%g', p.min_pct) || '%' AS expected,
  '合同 ' || c.contract_no || '（' || c.conversion_method || '，净收入 '
    || regexp_replace(printf('%.2f', c.net_income_wan), '\.?0+$', '') || ' 万元）'
    || CASE WHEN c.inventor_reward_pct IS NULL THEN '未填报奖励完成人比例'
            ELSE '奖励完成人比例 ' || printf('%g', c.inventor_reward_pct) || '%，低于 ' || printf('%g', p.min_pct) || '%' END
    || '。' AS detail
FROM contracts AS c
CROSS JOIN p
LEFT JOIN units AS u USING (unit_uscc)
LEFT JOIN empowered AS e ON e.unit_uscc = c.unit_uscc AND e.achievement_no = c.achievement_no
WHERE list_contains(p.methods, c.conversion_method)
  AND c.net_income_wan > 0
  AND (c.inventor_reward_pct IS NULL OR c.inventor_reward_pct < p.min_pct)
  AND e.achievement_no IS NULL
