-- 规则 inventor_share_horizontal_min：横向结余经费出资转化，科研人员收益占比不低于阈值。
-- 条款 辽宁《若干措施》（三）：“对于科研人员用横向科研项目结余经费出资转化的，科研人员可与所在单位约定
--   收益分配比例，其中科研人员占比原则上不低于 90%，共享成果转化收益。”
-- 口径：合同明细中“是否使用横向结余经费”为是，且“奖励完成人比例（%）”低于阈值；以横向结余经费出资却未填
--   收益比例的，同样列出（无法证明满足比例要求）。
-- 阈值：profile_params 'inventor_share_horizontal_min.min_pct'（政策配置 rules[].params，不在此写死）。
-- 输出：规则统一形状（rule_id, unit_uscc, unit_name, source_table, source_file, source_row, record_key,
--   observed, expected, detail），每行一份违规合同；严重程度、条款与标题由 etl/load/rules.ts 按配置补上。
WITH p AS (
  SELECT CASE WHEN v IS NULL THEN error('政策配置参数缺失：profile_params 中没有 inventor_share_horizontal_min.min_pct') ELSE v END AS min_pct
  FROM (SELECT (SELECT TRY_CAST(value AS DOUBLE) FROM profile_params WHERE key = 'inventor_share_horizontal_min.min_pct') AS v)
)
SELECT
  'inventor_share_horizontal_min' AS rule_id,
  c.unit_uscc,
  coalesce(u.unit_name, c.unit_uscc) AS unit_name,
  'contracts' AS source_table,
  c.source_file,
  c.source_row,
  c.contract_no AS record_key,
  CASE WHEN c.inventor_reward_pct IS NULL THEN '科研人员占比 未填报'
       ELSE '科研人员占比 ' || printf('%g', c.inventor_reward_pct) || '%' END AS observed,
  '≥ ' || printf('%g', p.min_pct) || '%' AS expected,
  '合同 ' || c.contract_no || ' 以横向科研项目结余经费出资转化，'
    || CASE WHEN c.inventor_reward_pct IS NULL THEN '未填报科研人员收益占比'
            ELSE '科研人员收益占比 ' || printf('%g', c.inventor_reward_pct) || '%，低于 ' || printf('%g', p.min_pct) || '%' END
    || '。' AS detail
FROM contracts AS c
CROSS JOIN p
LEFT JOIN units AS u USING (unit_uscc)
WHERE c.uses_horizontal_surplus
  AND (c.inventor_reward_pct IS NULL OR c.inventor_reward_pct < p.min_pct)
