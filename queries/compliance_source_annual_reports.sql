-- 合规页：违规行背后的原始记录（年度报告），按来源文件与行号定位。
SELECT * EXCLUDE (load_id, source_version) FROM annual_reports WHERE source_file = $file AND source_row = $row
