-- 奖补资格页：有评估结果的年度，最近的在前。
SELECT DISTINCT year FROM mart_award_candidates ORDER BY year DESC
