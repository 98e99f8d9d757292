-- 部门名称列表（用户管理页为部门负责人选择部门时提示用）。经 SQL 沙箱读取数仓。
SELECT DISTINCT name FROM departments WHERE name IS NOT NULL ORDER BY name
