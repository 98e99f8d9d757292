-- int_ledger: ledger rows after the design's consistency rules, the duplicate-key check inside the
-- file, and the "newer ledger replaces older" rule. A row whose errors list is empty is accepted.
-- Policy-rule violations (e.g. 长期使用权 < 10 years) are NOT errors here: such rows are loaded and
-- the compliance rules report them.
CREATE OR REPLACE TEMP TABLE int_ledger AS
WITH newer AS (
  SELECT unit_uscc, max(source_version) AS version, arg_max(source_file, source_version) AS file
  FROM achievements GROUP BY unit_uscc
)
SELECT
  s.* EXCLUDE (errors),
  -- 已授权 types (DESIGN.md data contract 1): the rest are 未授权
  s.achievement_type IN ('专利权', '计算机软件著作权', '集成电路布图设计专有权', '植物新品种权', '生物医药新品种', '技术秘密') AS is_granted,
  CASE WHEN len(s.errors) > 0 THEN s.errors ELSE list_filter([
    CASE WHEN s.unit_uscc IS NOT NULL AND s.achievement_no IS NOT NULL
          AND row_number() OVER (PARTITION BY s.unit_uscc, s.achievement_no ORDER BY s.source_row) > 1
      THEN {'col': 'achievement_no', 'val': s.achievement_no,
            'reason': '成果编号在本文件中重复（同一单位），首次出现在第 ' || min(s.source_row) OVER (PARTITION BY s.unit_uscc, s.achievement_no) || ' 行'} END,
    CASE WHEN s.conversion_status = '已转化' AND s.conversion_method IS NULL
      THEN {'col': 'conversion_method', 'val': NULL, 'reason': '转化状态为“已转化”时须填写转化方式'} END,
    CASE WHEN s.conversion_status = '未转化' AND coalesce(s.conversion_amount_wan, 0) > 0
      THEN {'col': 'conversion_amount_wan', 'val': CAST(s.conversion_amount_wan AS VARCHAR), 'reason': '转化状态为“未转化”，却填写了转化金额'} END,
    CASE WHEN s.empowerment_type = '长期使用权' AND s.empowerment_years IS NULL
      THEN {'col': 'empowerment_years', 'val': NULL, 'reason': '赋权方式为“长期使用权”时须填写赋权期限（年）'} END,
    CASE WHEN s.acquired_date > ctx.as_of_date
      THEN {'col': 'acquired_date', 'val': CAST(s.acquired_date AS VARCHAR), 'reason': '取得时间晚于加载日期'} END,
    CASE WHEN newer.version > ctx.source_version
      THEN {'col': 'unit_uscc', 'val': s.unit_uscc, 'reason': '该单位已有更新的台账（' || newer.file || '），本行所在的旧台账未采用'} END
  ], e -> e IS NOT NULL) END AS errors
FROM stg_ledger AS s
CROSS JOIN load_ctx AS ctx
LEFT JOIN newer ON newer.unit_uscc = s.unit_uscc;
