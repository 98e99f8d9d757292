-- 合规页：违规行背后的原始记录（单列管理台账），按来源文件与行号定位。
SELECT * EXCLUDE (load_id, source_version) FROM achievements WHERE source_file = $file AND source_row = $row
