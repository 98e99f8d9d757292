-- 任务清单页（部门视图选择）与转化成效页（主管部门筛选）：部门列表。
SELECT name, short_name, kind, sort_order FROM departments ORDER BY sort_order, name
