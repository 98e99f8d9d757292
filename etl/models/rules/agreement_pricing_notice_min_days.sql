-- 规则 agreement_pricing_notice_min_days：协议定价的公示期不少于阈值天数。
-- 条款 吉林 资产单列管理操作指引 第十三条：“通过协议定价的，应在本单位公示科技成果名称和拟交易价格等信息，
--   公示期不少于15日”；深圳 三（五）1.：“公示时间不少于15日”。
-- 口径：合同明细中“定价方式”为协议定价，且“公示天数”低于阈值；未填报或为 0 的（没有公示）同样列出。
-- 阈值：profile_params 'agreement_pricing_notice_min_days.min_days'。
WITH p AS (
  SELECT CASE WHEN v IS NULL THEN error('政策配置参数缺失：profile_params 中没有 agreement_pricing_notice_min_days.min_days') ELSE v END AS min_days
  FROM (SELECT (SELECT TRY_CAST(value AS INTEGER) FROM profile_params WHERE key = 'agreement_pricing_notice_min_days.min_days') AS v)
)
SELECT
  'agreement_pricing_notice_min_days' AS rule_id,
  c.unit_uscc,
  coalesce(u.unit_name, c.unit_uscc) AS unit_name,
  'contracts' AS source_table,
  c.source_file,
  c.source_row,
  c.contract_no AS record_key,
  CASE WHEN c.notice_days IS NULL THEN '公示天数 未填报' ELSE '公示 ' || c.notice_days || ' 天' END AS observed,
  '≥ ' || p.min_days || ' 天' AS expected,
  '合同 ' || c.contract_no || ' 采用协议定价，'
    || CASE WHEN c.notice_days IS NULL THEN '未填报公示天数'
            WHEN c.notice_days <= 0 THEN '未公示'
            ELSE '公示 ' || c.notice_days || ' 天' END
    || '，少于 ' || p.min_days || ' 天的公示期。' AS detail
FROM contracts AS c
CROSS JOIN p
LEFT JOIN units AS u USING (unit_uscc)
WHERE c.pricing_method = '协议定价'
  AND (c.notice_days IS NULL OR c.notice_days < p.min_days)
