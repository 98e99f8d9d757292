-- 布局（顶栏与页脚）：仓库元信息（是否示例数据、辖区 profile、构建时间、基准日）；built_at_cn 为构建时间的北京时间文本。
SELECT key, value FROM meta
UNION ALL
SELECT 'built_at_cn', strftime(make_timestamp(epoch_us(TRY_CAST(value AS TIMESTAMPTZ)) + 28800000000), '%Y-%m-%d %H:%M')
FROM meta WHERE key = 'built_at' AND TRY_CAST(value AS TIMESTAMPTZ) IS NOT NULL
