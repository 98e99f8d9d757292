-- 规则 pay_later_pool_after_years：取得知识产权满若干年仍未转化的成果，原则上纳入“先用后付成果池”。
-- 条款 辽宁《若干措施》（五）：“对取得知识产权三年以上未实现转化的职务科技成果，原则上纳入‘先用后付成果池’，
--   加速推动成果转化。”（“原则上”：配置中为 advisory 提示）
-- 口径：台账中已授权成果（is_granted：专利权、软件著作权等已取得知识产权的类型），转化状态为“未转化”，
--   取得时间至判定日已满 N 年（“三年以上”含三年：取得日 + N 年 ≤ 判定日），且未纳入先用后付成果池。
--   涉密或涉及国家安全的成果不列入（辽宁（十五）：不纳入“先使用后付费”范围）。
-- 阈值：profile_params 'pay_later_pool_after_years.after_years'；判定日：meta.as_of_date（本次加载的基准日）。
WITH p AS (
  SELECT CASE WHEN v IS NULL THEN error('政策配置参数缺失：profile_params 中没有 pay_later_pool_after_years.after_years') ELSE v END AS after_years,
         CASE WHEN d IS NULL THEN error('仓库缺少判定日：meta.as_of_date') ELSE d END AS as_of_date
  FROM (SELECT (SELECT TRY_CAST(value AS INTEGER) FROM profile_params WHERE key = 'pay_later_pool_after_years.after_years') AS v,
               (SELECT TRY_CAST(value AS DATE) FROM meta WHERE key = 'as_of_date') AS d)
)
SELECT
  'pay_later_pool_after_years' AS rule_id,
  a.unit_uscc,
  coalesce(u.unit_name, a.unit_name, a.unit_uscc) AS unit_name,
  'achievements' AS source_table,
  a.source_file,
  a.source_row,
  a.achievement_no AS record_key,
  '取得于 ' || strftime(a.acquired_date, '%Y-%m-%d') || '，已持有 '
    || date_sub('year', a.acquired_date, p.as_of_date) || ' 年，未转化，未入池' AS observed,
  '满 ' || p.after_years || ' 年未转化的成果纳入先用后付成果池' AS expected,
  '已授权成果 ' || a.achievement_no || '“' || coalesce(a.title, '') || '”（' || a.achievement_type || '）于 '
    || strftime(a.acquired_date, '%Y-%m-%d') || ' 取得，至 ' || strftime(p.as_of_date, '%Y-%m-%d')
    || ' 已满 ' || p.after_years || ' 年仍未转化，尚未纳入“先用后付成果池”。' AS detail
FROM achievements AS a
CROSS JOIN p
LEFT JOIN units AS u USING (unit_uscc)
WHERE a.is_granted
  AND a.conversion_status = '未转化'
  AND a.acquired_date IS NOT NULL
  AND CAST(a.acquired_date + to_years(p.after_years) AS DATE) <= p.as_of_date
  AND NOT coalesce(a.in_pay_later_pool, false)
  AND NOT coalesce(a.is_classified, false)
