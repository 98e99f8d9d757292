-- 分析员查询一：全量台账按单位与转化状态分组汇总（扫描整个 achievements 表）
SELECT unit_uscc, conversion_status,
       count(*) AS achievements,
       count(*) FILTER (WHERE is_granted) AS granted,
       sum(conversion_count) AS conversions,
       round(sum(conversion_amount_wan), 2) AS amount_wan,
       round(avg(appraised_value_wan), 2) AS avg_appraised_wan,
       min(acquired_date) AS first_acquired,
       max(acquired_date) AS last_acquired
FROM achievements
GROUP BY unit_uscc, conversion_status
ORDER BY amount_wan DESC NULLS LAST, unit_uscc, conversion_status
