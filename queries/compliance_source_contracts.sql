-- 合规页：违规行背后的原始记录（转化合同明细），按来源文件与行号定位。
SELECT * EXCLUDE (load_id, source_version) FROM contracts WHERE source_file = $file AND source_row = $row
