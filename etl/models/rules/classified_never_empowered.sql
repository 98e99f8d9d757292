-- 规则 classified_never_empowered：涉密或涉及国家安全的成果不赋权、不纳入“先用后付成果池”。
-- 条款 辽宁《若干措施》（十五）：“对可能影响国家安全、国防安全、公共安全、经济安全、社会稳定等事关国家利益和
--   重大社会公共利益的成果暂不纳入赋权、单列管理、‘先使用后付费’转化范围内”；吉林 二（一）1.、深圳 三（一）2.
--   只规定不纳入赋权范围。
-- 口径：台账中“是否涉密或涉及国家安全”为是，且（配置禁止赋权时）赋权方式为所有权或长期使用权，或（配置禁止
--   入池时）已纳入先用后付成果池。每项成果一行，两种情形同时存在时写在同一行。
-- 参数：profile_params 'classified_never_empowered.forbid_empowerment' / '.forbid_pay_later_pool'（true/false）。
WITH p AS (
  SELECT CASE WHEN e IS NULL THEN error('政策配置参数缺失：profile_params 中没有 classified_never_empowered.forbid_empowerment') ELSE e END AS forbid_emp,
         CASE WHEN l IS NULL THEN error('政策配置参数缺失：profile_params 中没有 classified_never_empowered.forbid_pay_later_pool') ELSE l END AS forbid_pool
  FROM (SELECT (SELECT TRY_CAST(value AS BOOLEAN) FROM profile_params WHERE key = 'classified_never_empowered.forbid_empowerment') AS e,
               (SELECT TRY_CAST(value AS BOOLEAN) FROM profile_params WHERE key = 'classified_never_empowered.forbid_pay_later_pool') AS l)
),
x AS (
  SELECT a.*, p.forbid_emp, p.forbid_pool,
    p.forbid_emp AND a.empowerment_type IN ('所有权', '长期使用权') AS bad_emp,
    p.forbid_pool AND coalesce(a.in_pay_later_pool, false) AS bad_pool
  FROM achievements AS a CROSS JOIN p
  WHERE coalesce(a.is_classified, false)
)
SELECT
  'classified_never_empowered' AS rule_id,
  x.unit_uscc,
  coalesce(u.unit_name, x.unit_name, x.unit_uscc) AS unit_name,
  'achievements' AS source_table,
  x.source_file,
  x.source_row,
  x.achievement_no AS record_key,
  concat_ws('；', CASE WHEN x.bad_emp THEN '赋权方式 ' || x.empowerment_type END,
                 CASE WHEN x.bad_pool THEN '已纳入先用后付成果池' END) AS observed,
  concat_ws('，', CASE WHEN x.forbid_emp THEN '不赋权' END, CASE WHEN x.forbid_pool THEN '不纳入先用后付成果池' END) AS expected,
  '涉密或涉及国家安全的成果 ' || x.achievement_no || '“' || coalesce(x.title, '') || '”'
    || concat_ws('，', CASE WHEN x.bad_emp THEN '被赋予' || x.empowerment_type END,
                      CASE WHEN x.bad_pool THEN '被纳入“先用后付成果池”' END)
    || '。' AS detail
FROM x
LEFT JOIN units AS u USING (unit_uscc)
WHERE x.bad_emp OR x.bad_pool
