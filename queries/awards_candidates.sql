-- 奖补资格页：某评估年度的全部候选（资格与分配由 src/lib/analytics 按政策配置 awards 计算，本查询不做判定）。
SELECT year, name, category, level, grade, score, requested_award_wan, host_unit, host_unit_uscc,
  incubating_count, graduated_count, source_file, source_row
FROM mart_award_candidates
WHERE year = $year
ORDER BY category, score DESC NULLS LAST, name, source_file, source_row
