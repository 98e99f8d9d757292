-- 规则 amount_not_below_appraisal：委托第三方评估的，转化金额不低于评估价值。
-- 条款 吉林 资产单列管理操作指引 第十三条：“科研单位可委托第三方评估机构对科技成果进行资产价值评估，且转化金额
--   不低于第三方科技成果资产价值评估结果。”
-- 口径：合同明细中“是否资产评估”为是，合同对应的台账成果（同单位同成果编号）登记了“评估价值（万元）”，
--   且合同金额低于评估价值。台账中找不到成果或未登记评估价值的合同无法判断，不列出（对账见数据质量页）。
-- 本规则无阈值参数。
SELECT
  'amount_not_below_appraisal' AS rule_id,
  c.unit_uscc,
  coalesce(u.unit_name, a.unit_name, c.unit_uscc) AS unit_name,
  'contracts' AS source_table,
  c.source_file,
  c.source_row,
  c.contract_no AS record_key,
  '合同金额 ' || regexp_replace(printf('%.2f', c.amount_wan), '\.?0+$', '') || ' 万元' AS observed,
  '≥ 评估价值 ' || regexp_replace(printf('%.2f', a.appraised_value_wan), '\.?0+$', '') || ' 万元' AS expected,
  '合同 ' || c.contract_no || ' 经资产评估，成交金额 ' || regexp_replace(printf('%.2f', c.amount_wan), '\.?0+$', '')
    || ' 万元，低于成果 ' || a.achievement_no || '“' || coalesce(a.title, '') || '”的评估价值 '
    || regexp_replace(printf('%.2f', a.appraised_value_wan), '\.?0+$', '') || ' 万元。' AS detail
FROM contracts AS c
JOIN achievements AS a ON a.unit_uscc = c.unit_uscc AND a.achievement_no = c.achievement_no
LEFT JOIN units AS u ON u.unit_uscc = c.unit_uscc
WHERE c.is_appraised
  AND a.appraised_value_wan IS NOT NULL
  AND c.amount_wan < a.appraised_value_wan
