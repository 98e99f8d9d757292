-- 规则 conversion_fund_min（鼓励性，配置中为 advisory 提示）：从净收入中提取成果转化基金的比例不低于阈值。
-- 条款 吉林 二（一）2.：“鼓励科研单位从科技成果转化净收入中提取不低于10%的资金作为技术创新和成果转化基金”；
--   遂宁（五）：“鼓励科研单位从科技成果转化净收入中提取10%资金作为技术创新和成果转化基金”。
-- 口径：合同明细中净收入 > 0，且填报了“转化基金提取比例（%）”并低于阈值。未填报的合同视为未提取基金，
--   条款是“鼓励”，不列出。
-- 阈值：profile_params 'conversion_fund_min.min_pct'。
WITH p AS (
  SELECT CASE WHEN v IS NULL THEN error('政策配置参数缺失：profile_params 中没有 conversion_fund_min.min_pct') ELSE v END AS min_pct
  FROM (SELECT (SELECT TRY_CAST(value AS DOUBLE) FROM profile_params WHERE key = 'conversion_fund_min.min_pct') AS v)
)
SELECT
  'conversion_fund_min' AS rule_id,
  c.unit_uscc,
  coalesce(u.unit_name, c.unit_uscc) AS unit_name,
  'contracts' AS source_table,
  c.source_file,
  c.source_row,
  c.contract_no AS record_key,
  '转化基金提取 ' || printf('%g', c.fund_share_pct) || '%' AS observed,
  '≥ ' || printf('%g', p.min_pct) || '%（鼓励）' AS expected,
  '合同 ' || c.contract_no || '（净收入 ' || regexp_replace(printf('%.2f', c.net_income_wan), '\.?0+$', '')
    || ' 万元）提取成果转化基金 ' || printf('%g', c.fund_share_pct) || '%，低于鼓励的 ' || printf('%g', p.min_pct) || '%。' AS detail
FROM contracts AS c
CROSS JOIN p
LEFT JOIN units AS u USING (unit_uscc)
WHERE c.net_income_wan > 0
  AND c.fund_share_pct IS NOT NULL
  AND c.fund_share_pct < p.min_pct
