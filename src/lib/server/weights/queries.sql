-- 权重方案的语句。每段以 “-- name: 名称” 开头（解析见 src/lib/server/appdb/sqlfile.ts）；参数用 $名称 绑定。
-- 只有 INSERT 与 SELECT：方案保存后不修改、不删除，改动即保存为新版本。

-- name: list_schemes
SELECT id, profile_id, name, version, weighting, normalization, weights_json, ahp_json, consistency_ratio,
  data_year, scope_json, note, created_by, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at
FROM eval_weight_schemes
WHERE profile_id = $profile_id
ORDER BY name, version DESC
LIMIT 500;

-- name: get_scheme
SELECT id, profile_id, name, version, weighting, normalization, weights_json, ahp_json, consistency_ratio,
  data_year, scope_json, note, created_by, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at
FROM eval_weight_schemes
WHERE id = $id;

-- name: next_version
SELECT (coalesce(max(version), 0) + 1)::INTEGER AS version
FROM eval_weight_schemes
WHERE profile_id = $profile_id AND name = $name;

-- name: insert_scheme
INSERT INTO eval_weight_schemes (profile_id, name, version, weighting, normalization, weights_json, ahp_json,
  consistency_ratio, data_year, scope_json, note, created_by, created_at)
VALUES ($profile_id, $name, $version, $weighting, $normalization, $weights_json, $ahp_json,
  $consistency_ratio, $data_year, $scope_json, $note, $created_by, CAST($now AS TIMESTAMP))
RETURNING id;
