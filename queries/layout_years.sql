-- 布局（顶栏年度切换）：有数据的年度，最近的在前。
SELECT year FROM mart_overview
WHERE NOT is_all_year AND (contracts > 0 OR reports_received > 0)
ORDER BY year DESC
