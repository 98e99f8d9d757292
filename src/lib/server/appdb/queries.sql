-- 应用库的全部语句。每段以 “-- name: 名称” 开头，由 sqlfile.ts 读入；参数用 $名称 绑定。
-- 时间参数一律以 ISO 字符串传入（UTC），在语句里 CAST 成 TIMESTAMP。
-- 审计日志只有 INSERT 与 SELECT，没有 UPDATE/DELETE（只追加）。

-- name: count_users
SELECT count(*)::INTEGER AS n FROM users;

-- name: list_users
SELECT username, role, dept, disabled, must_change_password, created_at, updated_at
FROM users
ORDER BY username;

-- name: get_user
SELECT username, password_hash, role, dept, disabled, must_change_password, created_at, updated_at
FROM users
WHERE username = $username;

-- name: insert_user
INSERT INTO users (username, password_hash, role, dept, disabled, must_change_password, created_at, updated_at)
VALUES ($username, $password_hash, $role, $dept, false, $must_change_password, CAST($now AS TIMESTAMP), CAST($now AS TIMESTAMP));

-- name: set_user_disabled
UPDATE users SET disabled = $disabled, updated_at = CAST($now AS TIMESTAMP)
WHERE username = $username;

-- name: set_user_password
UPDATE users SET password_hash = $password_hash, must_change_password = $must_change_password, updated_at = CAST($now AS TIMESTAMP)
WHERE username = $username;

-- name: set_user_role
UPDATE users SET role = $role, dept = $dept, updated_at = CAST($now AS TIMESTAMP)
WHERE username = $username;

-- name: insert_session
INSERT INTO sessions (token_hash, username, created_at, expires_at, ip, user_agent)
VALUES ($token_hash, $username, CAST($now AS TIMESTAMP), CAST($expires_at AS TIMESTAMP), $ip, $user_agent);

-- name: find_session
-- 会话有效：令牌哈希存在、未过期、用户存在且未停用。角色与部门每次都从 users 读，改角色立即生效。
SELECT u.username, u.role, u.dept, u.must_change_password, s.expires_at
FROM sessions AS s
JOIN users AS u ON u.username = s.username
WHERE s.token_hash = $token_hash
  AND s.expires_at > CAST($now AS TIMESTAMP)
  AND NOT u.disabled;

-- name: delete_session
DELETE FROM sessions WHERE token_hash = $token_hash;

-- name: delete_user_sessions
DELETE FROM sessions WHERE username = $username;

-- name: delete_user_sessions_except
DELETE FROM sessions WHERE username = $username AND token_hash <> $token_hash;

-- name: purge_expired_sessions
DELETE FROM sessions WHERE expires_at <= CAST($now AS TIMESTAMP);

-- name: count_user_sessions
SELECT count(*)::INTEGER AS n FROM sessions WHERE username = $username AND expires_at > CAST($now AS TIMESTAMP);

-- name: insert_query_history
INSERT INTO query_history (username, sql, ran_at, rows, ms, error)
VALUES ($username, $sql, CAST($now AS TIMESTAMP), $rows, $ms, $error);

-- name: list_query_history
SELECT id, sql, ran_at, rows, ms, error
FROM query_history
WHERE username = $username
ORDER BY id DESC
LIMIT $limit;

-- name: last_audit_hash
SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1;

-- name: insert_audit
INSERT INTO audit_log (occurred_at, actor, action, entity, before_json, after_json, ip, prev_hash, hash)
VALUES (CAST($occurred_at AS TIMESTAMP), $actor, $action, $entity, CAST($before_json AS JSON), CAST($after_json AS JSON), $ip, $prev_hash, $hash);

-- name: list_audit
-- 筛选条件为空字符串时不过滤
SELECT id, occurred_at, actor, action, entity, CAST(before_json AS VARCHAR) AS before_json,
       CAST(after_json AS VARCHAR) AS after_json, ip
FROM audit_log
WHERE ($actor = '' OR actor = $actor)
  AND ($action = '' OR action LIKE $action || '%')
  AND ($entity = '' OR entity LIKE '%' || $entity || '%')
ORDER BY id DESC
LIMIT $limit OFFSET $offset;

-- name: count_audit
SELECT count(*)::INTEGER AS n
FROM audit_log
WHERE ($actor = '' OR actor = $actor)
  AND ($action = '' OR action LIKE $action || '%')
  AND ($entity = '' OR entity LIKE '%' || $entity || '%');

-- name: audit_chain
SELECT id, occurred_at, actor, action, entity, CAST(before_json AS VARCHAR) AS before_json,
       CAST(after_json AS VARCHAR) AS after_json, ip, prev_hash, hash
FROM audit_log
ORDER BY id;
