-- 分析员查询三：窗口函数——每个单位转化金额前 10 的成果，及其在单位内的排名、占比与累计金额
SELECT unit_uscc, achievement_no, title, conversion_amount_wan,
       rank() OVER w AS rank_in_unit,
       round(100 * conversion_amount_wan / sum(conversion_amount_wan) OVER (PARTITION BY unit_uscc), 2) AS share_pct,
       sum(conversion_amount_wan) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running_wan
FROM achievements
WHERE conversion_amount_wan > 0
WINDOW w AS (PARTITION BY unit_uscc ORDER BY conversion_amount_wan DESC, achievement_no)
QUALIFY rank_in_unit <= 10
ORDER BY unit_uscc, rank_in_unit
