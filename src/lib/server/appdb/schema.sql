-- 应用数据库结构（DuckDB 文件，默认 data/app/app.duckdb，环境变量 APP_DB_PATH）。
-- 与数仓（data/warehouse/warehouse.duckdb）分开存放：数仓每次 ETL 重建，应用库保存用户、会话、查询历史与审计日志。
-- 只有服务进程（$lib/server/appdb 中的唯一连接池）写入；从不挂载到数仓，SQL 沙箱也看不到它。
-- 所有时间列都是 UTC 的 TIMESTAMP。本文件可重复执行（IF NOT EXISTS）。

-- 结构版本等元数据
CREATE TABLE IF NOT EXISTS app_meta (
  key   VARCHAR PRIMARY KEY,   -- 键
  value VARCHAR NOT NULL       -- 值
);
COMMENT ON TABLE app_meta IS '应用库元数据（结构版本等）';
COMMENT ON COLUMN app_meta.key IS '键';
COMMENT ON COLUMN app_meta.value IS '值';

-- 用户：登录名、密码哈希、角色、所属部门、是否停用
CREATE TABLE IF NOT EXISTS users (
  username             VARCHAR PRIMARY KEY,             -- 登录名（区分大小写）
  password_hash        VARCHAR NOT NULL,                -- scrypt$N$r$p$盐$哈希（base64），参数随哈希保存
  role                 VARCHAR NOT NULL
                       CHECK (role IN ('admin', 'office', 'dept', 'analyst', 'viewer')),  -- 角色
  dept                 VARCHAR,                         -- 部门负责人（dept）绑定的部门名称（departments.name）；其他角色为空
  disabled             BOOLEAN NOT NULL DEFAULT false,  -- 是否停用（停用后已有会话立即失效）
  must_change_password BOOLEAN NOT NULL DEFAULT false,  -- 是否须在下次登录后修改密码（初始密码、管理员重置的密码）
  created_at           TIMESTAMP NOT NULL,              -- 创建时间（UTC）
  updated_at           TIMESTAMP NOT NULL,              -- 最后修改时间（UTC）
  CHECK ((role = 'dept') = (dept IS NOT NULL))          -- 部门负责人必须且只有部门负责人才绑定部门
);
COMMENT ON TABLE users IS '用户';
COMMENT ON COLUMN users.username IS '登录名';
COMMENT ON COLUMN users.password_hash IS 'scrypt 密码哈希，格式 scrypt$N$r$p$盐$哈希（base64）';
COMMENT ON COLUMN users.role IS '角色：admin 系统管理员 / office 协调办 / dept 部门负责人 / analyst 分析员 / viewer 只读用户';
COMMENT ON COLUMN users.dept IS '部门负责人绑定的部门（departments.name）';
COMMENT ON COLUMN users.disabled IS '是否停用';
COMMENT ON COLUMN users.must_change_password IS '是否须在下次登录后修改密码';
COMMENT ON COLUMN users.created_at IS '创建时间（UTC）';
COMMENT ON COLUMN users.updated_at IS '最后修改时间（UTC）';

-- 会话：只保存令牌的 SHA-256，令牌本身只在浏览器的 httpOnly Cookie 里
CREATE TABLE IF NOT EXISTS sessions (
  token_hash  VARCHAR PRIMARY KEY,   -- SHA-256(会话令牌)，十六进制
  username    VARCHAR NOT NULL,      -- 用户（users.username）
  created_at  TIMESTAMP NOT NULL,    -- 登录时间（UTC）
  expires_at  TIMESTAMP NOT NULL,    -- 过期时间（UTC），过期后不再有效
  ip          VARCHAR,               -- 登录来源地址
  user_agent  VARCHAR                -- 浏览器标识（截断到 200 字符）
);
COMMENT ON TABLE sessions IS '登录会话（只存令牌哈希）';
COMMENT ON COLUMN sessions.token_hash IS '会话令牌的 SHA-256（十六进制）';
COMMENT ON COLUMN sessions.username IS '用户';
COMMENT ON COLUMN sessions.created_at IS '登录时间（UTC）';
COMMENT ON COLUMN sessions.expires_at IS '过期时间（UTC）';
COMMENT ON COLUMN sessions.ip IS '登录来源地址';
COMMENT ON COLUMN sessions.user_agent IS '浏览器标识';

-- SQL 控制台的查询历史（成功、被拒绝、失败都记录）
CREATE SEQUENCE IF NOT EXISTS query_history_id_seq START 1;
CREATE TABLE IF NOT EXISTS query_history (
  id        BIGINT PRIMARY KEY DEFAULT nextval('query_history_id_seq'),  -- 序号
  username  VARCHAR NOT NULL,    -- 执行人
  sql       VARCHAR NOT NULL,    -- SQL 原文
  ran_at    TIMESTAMP NOT NULL,  -- 执行时间（UTC）
  rows      BIGINT,              -- 返回行数（失败为空）
  ms        INTEGER,             -- 耗时（毫秒）
  error     VARCHAR              -- 拒绝或失败原因（中文）；成功为空
);
COMMENT ON TABLE query_history IS 'SQL 控制台查询历史';
COMMENT ON COLUMN query_history.id IS '序号';
COMMENT ON COLUMN query_history.username IS '执行人';
COMMENT ON COLUMN query_history.sql IS 'SQL 原文';
COMMENT ON COLUMN query_history.ran_at IS '执行时间（UTC）';
COMMENT ON COLUMN query_history.rows IS '返回行数';
COMMENT ON COLUMN query_history.ms IS '耗时（毫秒）';
COMMENT ON COLUMN query_history.error IS '拒绝或失败原因';

-- 审计日志：只追加。应用代码中没有任何 UPDATE/DELETE 审计日志的语句；
-- 每行的 hash = SHA-256(上一行 hash + 本行内容)，形成哈希链，篡改或删除中间的行可被 /admin/audit 检出。
CREATE SEQUENCE IF NOT EXISTS audit_log_id_seq START 1;
CREATE TABLE IF NOT EXISTS audit_log (
  id           BIGINT PRIMARY KEY DEFAULT nextval('audit_log_id_seq'),  -- 序号（递增）
  occurred_at  TIMESTAMP NOT NULL,  -- 发生时间（UTC）
  actor        VARCHAR NOT NULL,    -- 操作人（用户名；命令行为 cli:系统用户；系统为 system）
  action       VARCHAR NOT NULL,    -- 动作，如 login、login.fail、logout、user.create、user.disable、user.password、user.role
  entity       VARCHAR NOT NULL,    -- 对象，如 user:张三
  before_json  JSON,                -- 修改前（JSON；不含密码哈希）
  after_json   JSON,                -- 修改后（JSON；不含密码哈希）
  ip           VARCHAR,             -- 来源地址
  prev_hash    VARCHAR NOT NULL,    -- 上一行的 hash（第一行为 64 个 0）
  hash         VARCHAR NOT NULL     -- 本行哈希
);
COMMENT ON TABLE audit_log IS '审计日志（只追加，哈希链防篡改）';
COMMENT ON COLUMN audit_log.id IS '序号（递增）';
COMMENT ON COLUMN audit_log.occurred_at IS '发生时间（UTC）';
COMMENT ON COLUMN audit_log.actor IS '操作人';
COMMENT ON COLUMN audit_log.action IS '动作';
COMMENT ON COLUMN audit_log.entity IS '对象';
COMMENT ON COLUMN audit_log.before_json IS '修改前（JSON）';
COMMENT ON COLUMN audit_log.after_json IS '修改后（JSON）';
COMMENT ON COLUMN audit_log.ip IS '来源地址';
COMMENT ON COLUMN audit_log.prev_hash IS '上一行哈希';
COMMENT ON COLUMN audit_log.hash IS '本行哈希 = SHA-256(上一行哈希 + 本行内容)';

INSERT INTO app_meta VALUES ('schema_version', '1') ON CONFLICT (key) DO NOTHING;
