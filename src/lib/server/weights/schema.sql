-- 考核评价（辽宁（十三））的权重方案：保存在应用数据库（APP_DB_PATH），与数仓分开；每次保存是一个新版本，只追加不修改。
-- 本文件可重复执行（IF NOT EXISTS），由 src/lib/server/weights/index.ts 在第一次使用时执行。
CREATE SEQUENCE IF NOT EXISTS eval_weight_scheme_id_seq START 1;
CREATE TABLE IF NOT EXISTS eval_weight_schemes (
  id                BIGINT PRIMARY KEY DEFAULT nextval('eval_weight_scheme_id_seq'),  -- 序号
  profile_id        VARCHAR NOT NULL,     -- 政策配置（data/policy/<id>.yaml）
  name              VARCHAR NOT NULL,     -- 方案名称
  version           INTEGER NOT NULL,     -- 版本（同一配置下同名方案从 1 起递增）
  weighting         VARCHAR NOT NULL CHECK (weighting IN ('manual', 'ahp', 'entropy')),                          -- 赋权方法
  normalization     VARCHAR NOT NULL CHECK (normalization IN ('min_max', 'z_score', 'vector', 'percentile')),   -- 标准化方法
  weights_json      VARCHAR NOT NULL,     -- 权重（JSON：指标标识 → 权重，合计 1）
  ahp_json          VARCHAR,              -- 层次分析法判断矩阵上三角（JSON 数组，如 ["3","1/2",…]）；其他方法为空
  consistency_ratio DOUBLE,               -- 层次分析法的一致性比率 CR；其他方法为空
  data_year         INTEGER,              -- 保存时所用的评价年度（熵权法的权重取决于该年数据）
  scope_json        VARCHAR,              -- 保存时的评价范围（JSON：单位类型、主管部门）
  note              VARCHAR,              -- 说明
  created_by        VARCHAR NOT NULL,     -- 保存人（users.username）
  created_at        TIMESTAMP NOT NULL,   -- 保存时间（UTC）
  UNIQUE (profile_id, name, version)
);
COMMENT ON TABLE eval_weight_schemes IS '考核评价权重方案（辽宁（十三））：每次保存为新版本，只追加';
COMMENT ON COLUMN eval_weight_schemes.id IS '序号';
COMMENT ON COLUMN eval_weight_schemes.profile_id IS '政策配置标识';
COMMENT ON COLUMN eval_weight_schemes.name IS '方案名称';
COMMENT ON COLUMN eval_weight_schemes.version IS '版本（同名方案从 1 起递增）';
COMMENT ON COLUMN eval_weight_schemes.weighting IS '赋权方法：manual 人工 / ahp 层次分析法 / entropy 熵权法';
COMMENT ON COLUMN eval_weight_schemes.normalization IS '标准化方法：min_max / z_score / vector / percentile';
COMMENT ON COLUMN eval_weight_schemes.weights_json IS '权重（JSON，指标标识 → 权重，合计 1）';
COMMENT ON COLUMN eval_weight_schemes.ahp_json IS '层次分析法判断矩阵上三角（JSON 数组）';
COMMENT ON COLUMN eval_weight_schemes.consistency_ratio IS '层次分析法一致性比率 CR';
COMMENT ON COLUMN eval_weight_schemes.data_year IS '保存时的评价年度';
COMMENT ON COLUMN eval_weight_schemes.scope_json IS '保存时的评价范围（单位类型、主管部门）';
COMMENT ON COLUMN eval_weight_schemes.note IS '说明';
COMMENT ON COLUMN eval_weight_schemes.created_by IS '保存人';
COMMENT ON COLUMN eval_weight_schemes.created_at IS '保存时间（UTC）';
