-- 规则 agreement_pricing_notice_required：协议定价须在本单位公示。
-- 条款 辽宁《若干措施》（四）：“通过协议定价的，应当在本单位公示科技成果名称和拟交易价格；存在异议的，
--   可在技术市场挂牌交易，半个月无人摘牌，按协议定价交易。”
-- 口径：合同明细中“定价方式”为协议定价，且“公示天数”未填报或为 0（没有公示）。本规则无阈值参数；
--   公示期长度由 agreement_pricing_notice_min_days（吉林、深圳）检查。
SELECT
  'agreement_pricing_notice_required' AS rule_id,
  c.unit_uscc,
  coalesce(u.unit_name, c.unit_uscc) AS unit_name,
  'contracts' AS source_table,
  c.source_file,
  c.source_row,
  c.contract_no AS record_key,
  CASE WHEN c.notice_days IS NULL THEN '公示天数 未填报' ELSE '公示天数 ' || c.notice_days END AS observed,
  '协议定价须在本单位公示（公示天数 > 0）' AS expected,
  '合同 ' || c.contract_no || ' 采用协议定价，'
    || CASE WHEN c.notice_days IS NULL THEN '未填报公示天数' ELSE '公示天数为 ' || c.notice_days END
    || '，没有在本单位公示科技成果名称和拟交易价格的记录。' AS detail
FROM contracts AS c
LEFT JOIN units AS u USING (unit_uscc)
WHERE c.pricing_method = '协议定价'
  AND coalesce(c.notice_days, 0) <= 0
