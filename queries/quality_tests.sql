-- 数据质量页：所选加载的数据测试结果（失败在前）。
SELECT test_name, model, column_name, test_type, status, failures, detail
FROM etl_tests
WHERE load_id = COALESCE($load, (SELECT max(load_id) FROM etl_loads))
ORDER BY CASE WHEN status IN ('fail', 'error') THEN 0 WHEN status = 'warn' THEN 1 ELSE 2 END, model, test_name
