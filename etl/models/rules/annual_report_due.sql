-- 规则 annual_report_due：年度报告在次年规定日期前报送。
-- 条款 吉林 资产单列管理操作指引 第十七条：“科研单位要建立科技成果转化年度报告制度，每年1月底前向主管部门和
--   省科技厅、省财政厅提交年度职务科技成果转化情况报告”。
-- 口径（两种情形，均按年度报告的“年度”Y，截止日 = Y+1 年 month 月 day 日）：
--   1. 迟报：年度报告的提交日期晚于截止日（source 指向该报告行）。
--   2. 未报：截止日已过（截止日 < 判定日）而单位没有该年度报告。应报单位 = 单位维表中的全部单位（报过年报，
--      或有台账、合同数据的科研单位）；应报年度从仓库中最早的报告年度（尚无任何年报时为最近一个已到期年度）起，
--      且不早于该单位首次出现的年度，到最近一个已到期年度止。判定日当天及之前截止的年度才算到期，
--      例如判定日 2026-01-15 时 2025 年度尚未到期、2024 年度已到期。未报行没有来源文件和行号。
-- 参数：profile_params 'annual_report_due.month'、'annual_report_due.day'；判定日：meta.as_of_date。
WITH p AS (
  SELECT CASE WHEN m IS NULL THEN error('政策配置参数缺失：profile_params 中没有 annual_report_due.month') ELSE m END AS due_month,
         CASE WHEN d IS NULL THEN error('政策配置参数缺失：profile_params 中没有 annual_report_due.day') ELSE d END AS due_day,
         CASE WHEN t IS NULL THEN error('仓库缺少判定日：meta.as_of_date') ELSE t END AS as_of_date
  FROM (SELECT (SELECT TRY_CAST(value AS INTEGER) FROM profile_params WHERE key = 'annual_report_due.month') AS m,
               (SELECT TRY_CAST(value AS INTEGER) FROM profile_params WHERE key = 'annual_report_due.day') AS d,
               (SELECT TRY_CAST(value AS DATE) FROM meta WHERE key = 'as_of_date') AS t)
),
-- 最近一个已到期的年度：截止日（次年 month 月 day 日）早于判定日的最大年度
span AS (
  SELECT CASE WHEN make_date(year(p.as_of_date), p.due_month, p.due_day) < p.as_of_date
              THEN year(p.as_of_date) - 1 ELSE year(p.as_of_date) - 2 END AS last_due_year
  FROM p
),
bounds AS (
  SELECT span.last_due_year,
         coalesce((SELECT min(year) FROM annual_reports), span.last_due_year) AS first_year
  FROM span
),
late AS (
  SELECT r.*, make_date(r.year + 1, p.due_month, p.due_day) AS due_date
  FROM annual_reports AS r CROSS JOIN p
  WHERE r.submitted_date > make_date(r.year + 1, p.due_month, p.due_day)
),
expected AS (
  SELECT u.unit_uscc, u.unit_name, CAST(y.range AS INTEGER) AS year
  FROM units AS u
  CROSS JOIN bounds AS b
  CROSS JOIN range(b.first_year, b.last_due_year + 1) AS y
  WHERE y.range >= coalesce(u.first_year, b.first_year)
),
missing AS (
  SELECT e.*, make_date(e.year + 1, p.due_month, p.due_day) AS due_date, p.as_of_date
  FROM expected AS e CROSS JOIN p
  WHERE NOT EXISTS (SELECT 1 FROM annual_reports AS r WHERE r.unit_uscc = e.unit_uscc AND r.year = e.year)
)
SELECT
  'annual_report_due' AS rule_id,
  l.unit_uscc,
  coalesce(u.unit_name, l.unit_name, l.unit_uscc) AS unit_name,
  'annual_reports' AS source_table,
  l.source_file,
  l.source_row,
  CAST(l.year AS VARCHAR) AS record_key,
  '提交日期 ' || strftime(l.submitted_date, '%Y-%m-%d') || '（逾期 ' || CAST(l.submitted_date - l.due_date AS INTEGER) || ' 天）' AS observed,
  '≤ ' || strftime(l.due_date, '%Y-%m-%d') AS expected,
  l.year || ' 年度报告于 ' || strftime(l.submitted_date, '%Y-%m-%d') || ' 提交，晚于截止日 '
    || strftime(l.due_date, '%Y-%m-%d') || '（逾期 ' || CAST(l.submitted_date - l.due_date AS INTEGER) || ' 天）。' AS detail
FROM late AS l
LEFT JOIN units AS u USING (unit_uscc)
UNION ALL
SELECT
  'annual_report_due' AS rule_id,
  m.unit_uscc,
  coalesce(m.unit_name, m.unit_uscc) AS unit_name,
  'annual_reports' AS source_table,
  NULL AS source_file,
  NULL AS source_row,
  CAST(m.year AS VARCHAR) AS record_key,
  '未报送（截至 ' || strftime(m.as_of_date, '%Y-%m-%d') || '）' AS observed,
  '≤ ' || strftime(m.due_date, '%Y-%m-%d') AS expected,
  '截至 ' || strftime(m.as_of_date, '%Y-%m-%d') || ' 未报送 ' || m.year || ' 年度报告（截止日 '
    || strftime(m.due_date, '%Y-%m-%d') || '，已过 ' || CAST(m.as_of_date - m.due_date AS INTEGER) || ' 天）；'
    || '如已报送但未能入库，见数据质量页的拒收明细。' AS detail
FROM missing AS m
