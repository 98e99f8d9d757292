-- 规则 tto_min：转让、许可净收入中提取技术转移机构经费的比例不低于阈值。
-- 条款 深圳 三（六）1.：“……提取不低于3%的比例作为内部技术转移机构运行经费，主要用于机构运行、专职人员奖励和
--   人才培养。”
-- 口径：合同明细中转化方式属于配置的 methods、净收入 > 0，且填报的“技术转移机构提取比例（%）”低于阈值。
--   未填报提取比例的合同不列出（单位尚未设立技术转移机构时无从提取；是否设立机构见 2025 目标与考核评价）。
-- 参数：profile_params 'tto_min.min_pct'、'tto_min.methods'（逗号分隔）。
WITH p AS (
  SELECT CASE WHEN v IS NULL THEN error('政策配置参数缺失：profile_params 中没有 tto_min.min_pct') ELSE v END AS min_pct,
         CASE WHEN m IS NULL THEN error('政策配置参数缺失：profile_params 中没有 tto_min.methods') ELSE string_split(m, ',') END AS methods
  FROM (SELECT (SELECT TRY_CAST(value AS DOUBLE) FROM profile_params WHERE key = 'tto_min.min_pct') AS v,
               (SELECT value FROM profile_params WHERE key = 'tto_min.methods') AS m)
)
SELECT
  'tto_min' AS rule_id,
  c.unit_uscc,
  coalesce(u.unit_name, c.unit_uscc) AS unit_name,
  'contracts' AS source_table,
  c.source_file,
  c.source_row,
  c.contract_no AS record_key,
  '技术转移机构提取 ' || printf('%g', c.tto_share_pct) || '%' AS observed,
  '≥ ' || printf('%g', p.min_pct) || '%' AS expected,
  '合同 ' || c.contract_no || '（' || c.conversion_method || '，净收入 '
    || regexp_replace(printf('%.2f', c.net_income_wan), '\.?0+$', '') || ' 万元）技术转移机构提取比例 '
    || printf('%g', c.tto_share_pct) || '%，低于 ' || printf('%g', p.min_pct) || '%。' AS detail
FROM contracts AS c
CROSS JOIN p
LEFT JOIN units AS u USING (unit_uscc)
WHERE list_contains(p.methods, c.conversion_method)
  AND c.net_income_wan > 0
  AND c.tto_share_pct IS NOT NULL
  AND c.tto_share_pct < p.min_pct
