/**
 * SQL 沙箱逃逸尝试：每条都必须被拒绝（中文说明），且没有任何副作用——
 * 数仓文件的字节与修改时间不变、应用库不变、探针文件没有被创建、秘密内容没有出现在返回里。
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import path from 'node:path';
import { SqlSandbox, type SandboxOutcome } from '../../src/lib/server/sql-sandbox';
import { createFixture, HAS_CHINESE, listFiles, sandboxConfig, snapshot, type Fixture, type FileSnapshot } from './fixtures';

let f: Fixture;
let sandbox: SqlSandbox;
let before: { warehouse: FileSnapshot; app: FileSnapshot; files: string[] };

beforeAll(async () => {
  f = await createFixture();
  sandbox = new SqlSandbox(sandboxConfig(f));
  before = { warehouse: snapshot(f.warehousePath), app: snapshot(f.appDbPath), files: listFiles(f.dir) };
});

afterAll(() => {
  sandbox?.close();
  f?.cleanup();
});

interface Attempt {
  name: string;
  sql: () => string;
  /** 中文说明应匹配（默认只要求含汉字） */
  message?: RegExp;
}

const q = (p: string) => `'${p.replace(/'/g, "''")}'`;
const probe = (name: string) => q(path.join(f.probeDir, name));

const REFUSED_TYPE = /只允许只读查询/;
const NO_EXTERNAL = /沙箱禁止此操作/;
const MULTI = /一次只能执行一条语句/;

const ATTEMPTS: Attempt[] = [
  // —— 读本机文件 ——
  { name: 'read_csv /etc/passwd', sql: () => `SELECT * FROM read_csv('/etc/passwd')`, message: NO_EXTERNAL },
  { name: 'read_csv_auto 秘密文件', sql: () => `SELECT * FROM read_csv_auto(${q(f.secretPath)})`, message: NO_EXTERNAL },
  { name: 'read_text /etc/passwd', sql: () => `SELECT content FROM read_text('/etc/passwd')`, message: NO_EXTERNAL },
  { name: 'read_text /proc/self/environ（环境变量）', sql: () => `SELECT content FROM read_text('/proc/self/environ')`, message: NO_EXTERNAL },
  { name: 'read_blob /etc/passwd', sql: () => `SELECT content FROM read_blob('/etc/passwd')`, message: NO_EXTERNAL },
  { name: 'read_parquet /etc/passwd', sql: () => `SELECT * FROM read_parquet('/etc/passwd')`, message: NO_EXTERNAL },
  { name: 'read_json 秘密文件', sql: () => `SELECT * FROM read_json(${q(f.secretPath)})`, message: NO_EXTERNAL },
  { name: 'glob /etc/*', sql: () => `SELECT * FROM glob('/etc/*')`, message: NO_EXTERNAL },
  { name: 'glob 数仓所在目录', sql: () => `SELECT * FROM glob(${q(path.join(path.dirname(f.warehousePath), '*'))})`, message: NO_EXTERNAL },
  { name: "替换扫描 FROM '秘密文件.csv'", sql: () => `FROM ${q(f.secretPath)}` },
  { name: "替换扫描 FROM '/etc/passwd'", sql: () => `FROM '/etc/passwd'` },
  { name: 'file:// URL', sql: () => `SELECT content FROM read_text('file:///etc/passwd')`, message: NO_EXTERNAL },
  { name: 'sniff_csv 秘密文件', sql: () => `SELECT * FROM sniff_csv(${q(f.secretPath)})`, message: NO_EXTERNAL },
  { name: 'parquet_metadata /etc/passwd', sql: () => `SELECT * FROM parquet_metadata('/etc/passwd')`, message: NO_EXTERNAL },
  { name: 'current_setting 拼路径读家目录', sql: () => `SELECT content FROM read_text(current_setting('home_directory') || '/.profile')` },
  { name: 'getenv()', sql: () => `SELECT getenv('HOME')` },

  // —— 应用库（用户、会话） ——
  { name: 'read_blob 应用库', sql: () => `SELECT content FROM read_blob(${q(f.appDbPath)})`, message: NO_EXTERNAL },
  { name: 'read_duckdb 应用库', sql: () => `SELECT * FROM read_duckdb(${q(f.appDbPath)}, table_name='users')`, message: NO_EXTERNAL },
  { name: "替换扫描 FROM '应用库'", sql: () => `FROM ${q(f.appDbPath)}`, message: NO_EXTERNAL },
  { name: 'ATTACH 应用库', sql: () => `ATTACH ${q(f.appDbPath)} AS app`, message: REFUSED_TYPE },
  { name: 'ATTACH 应用库 READ_ONLY', sql: () => `ATTACH ${q(f.appDbPath)} AS app (READ_ONLY)`, message: REFUSED_TYPE },
  { name: "ATTACH ':memory:'", sql: () => `ATTACH ':memory:' AS m`, message: REFUSED_TYPE },
  { name: 'DETACH 数仓', sql: () => `DETACH warehouse`, message: REFUSED_TYPE },
  { name: 'USE', sql: () => `USE memory`, message: REFUSED_TYPE },

  // —— 写文件 ——
  { name: 'COPY … TO 探针文件', sql: () => `COPY (SELECT * FROM units) TO ${probe('out.csv')}` },
  { name: 'COPY … TO parquet', sql: () => `COPY units TO ${probe('out.parquet')} (FORMAT parquet)` },
  { name: 'COPY … FROM /etc/passwd', sql: () => `COPY units FROM '/etc/passwd'` },
  { name: 'EXPORT DATABASE', sql: () => `EXPORT DATABASE ${probe('export')}` },
  { name: 'IMPORT DATABASE', sql: () => `IMPORT DATABASE ${q(f.dir)}` },
  { name: 'COPY FROM DATABASE', sql: () => `COPY FROM DATABASE warehouse TO memory` },
  { name: 'PRAGMA profiling_output 写文件', sql: () => `PRAGMA profiling_output=${probe('profile.json')}` },

  // —— 网络、扩展 ——
  { name: "read_csv('https://…')", sql: () => `SELECT * FROM read_csv('https://example.com/data.csv')`, message: NO_EXTERNAL },
  { name: "FROM 'https://….parquet'", sql: () => `FROM 'https://example.com/data.parquet'`, message: NO_EXTERNAL },
  { name: "read_parquet('s3://…')", sql: () => `SELECT * FROM read_parquet('s3://bucket/x.parquet')` },
  { name: 'INSTALL httpfs', sql: () => `INSTALL httpfs`, message: REFUSED_TYPE },
  { name: 'LOAD httpfs', sql: () => `LOAD httpfs`, message: REFUSED_TYPE },
  { name: 'LOAD 本地扩展文件', sql: () => `LOAD ${probe('evil.duckdb_extension')}`, message: REFUSED_TYPE },
  { name: 'UPDATE EXTENSIONS', sql: () => `UPDATE EXTENSIONS`, message: REFUSED_TYPE },

  // —— 设置 ——
  { name: 'SET enable_external_access=true', sql: () => `SET enable_external_access = true`, message: REFUSED_TYPE },
  { name: 'SET lock_configuration=false', sql: () => `SET lock_configuration = false`, message: REFUSED_TYPE },
  { name: 'RESET memory_limit', sql: () => `RESET memory_limit`, message: REFUSED_TYPE },
  { name: 'SET memory_limit', sql: () => `SET memory_limit = '100GB'`, message: REFUSED_TYPE },
  { name: 'PRAGMA memory_limit', sql: () => `PRAGMA memory_limit = '100GB'`, message: REFUSED_TYPE },
  { name: 'PRAGMA enable_checkpoint_on_shutdown', sql: () => `PRAGMA enable_checkpoint_on_shutdown`, message: REFUSED_TYPE },
  { name: 'SET VARIABLE', sql: () => `SET VARIABLE x = 1`, message: REFUSED_TYPE },

  // —— 建、删、改 ——
  { name: 'CREATE TABLE', sql: () => `CREATE TABLE t AS SELECT 1 AS a`, message: REFUSED_TYPE },
  { name: 'CREATE TEMP TABLE', sql: () => `CREATE TEMP TABLE t AS SELECT 1 AS a`, message: REFUSED_TYPE },
  { name: 'CREATE VIEW', sql: () => `CREATE VIEW v AS SELECT 1`, message: REFUSED_TYPE },
  { name: 'CREATE MACRO', sql: () => `CREATE MACRO m(a) AS a + 1`, message: REFUSED_TYPE },
  { name: 'CREATE SECRET', sql: () => `CREATE SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')` },
  { name: 'DROP TABLE', sql: () => `DROP TABLE units`, message: REFUSED_TYPE },
  { name: 'INSERT', sql: () => `INSERT INTO units VALUES ('x', 'y', 'z')`, message: REFUSED_TYPE },
  { name: 'UPDATE', sql: () => `UPDATE units SET name = '改'`, message: REFUSED_TYPE },
  { name: 'DELETE', sql: () => `DELETE FROM units`, message: REFUSED_TYPE },
  { name: 'TRUNCATE', sql: () => `TRUNCATE units`, message: REFUSED_TYPE },
  { name: 'ALTER TABLE', sql: () => `ALTER TABLE units ADD COLUMN z INTEGER`, message: REFUSED_TYPE },
  { name: 'COMMENT ON', sql: () => `COMMENT ON TABLE units IS '改'`, message: REFUSED_TYPE },
  { name: 'MERGE INTO', sql: () => `MERGE INTO units USING units AS u2 ON units.uscc = u2.uscc WHEN MATCHED THEN DELETE`, message: REFUSED_TYPE },
  { name: 'CHECKPOINT', sql: () => `CHECKPOINT`, message: REFUSED_TYPE },
  { name: 'VACUUM', sql: () => `VACUUM`, message: REFUSED_TYPE },
  { name: 'ANALYZE', sql: () => `ANALYZE`, message: REFUSED_TYPE },
  { name: 'BEGIN TRANSACTION', sql: () => `BEGIN TRANSACTION`, message: REFUSED_TYPE },
  { name: 'CALL', sql: () => `CALL pragma_version()`, message: REFUSED_TYPE },
  { name: 'PREPARE', sql: () => `PREPARE p AS SELECT 1`, message: REFUSED_TYPE },
  { name: 'EXECUTE', sql: () => `EXECUTE p` },

  // —— 多语句与套娃 ——
  { name: "'SELECT 1; DROP TABLE units'", sql: () => `SELECT 1; DROP TABLE units`, message: MULTI },
  { name: "'SELECT 1; SELECT 2'", sql: () => `SELECT 1; SELECT 2`, message: MULTI },
  { name: '注释里藏第二条也照样按 DuckDB 拆分', sql: () => `SELECT 1 /* ; */ ; COPY units TO ${probe('c.csv')}`, message: MULTI },
  { name: 'query() 里执行 ATTACH', sql: () => `SELECT * FROM query('ATTACH ''${f.appDbPath}'' AS app')` },
  { name: 'query() 里执行 SET', sql: () => `SELECT * FROM query('SET enable_external_access = true')` },
  { name: 'json_execute_serialized_sql 包 COPY', sql: () => `SELECT * FROM json_execute_serialized_sql(json_serialize_sql('COPY units TO ''/tmp/x.csv'''))` },
  { name: '子查询里读文件', sql: () => `SELECT (SELECT count(*) FROM read_text('/etc/passwd')) AS n` },
  { name: 'CTE 里读文件', sql: () => `WITH x AS (SELECT * FROM read_csv(${q(f.secretPath)})) SELECT * FROM x`, message: NO_EXTERNAL },
  { name: 'EXPLAIN 读文件', sql: () => `EXPLAIN SELECT * FROM read_csv('/etc/passwd')`, message: NO_EXTERNAL },
  { name: 'DESCRIBE 读文件', sql: () => `DESCRIBE SELECT * FROM read_csv(${q(f.secretPath)})`, message: NO_EXTERNAL },
  { name: '空语句（只有注释）', sql: () => `-- nothing here`, message: /SQL 为空/ }
];

describe('沙箱拒绝逃逸尝试', () => {
  test(`共 ${ATTEMPTS.length} 条尝试（至少 30 条）`, () => {
    expect(ATTEMPTS.length).toBeGreaterThanOrEqual(30);
  });

  test.each(ATTEMPTS)('$name', async (a) => {
    const out: SandboxOutcome = await sandbox.run(a.sql(), { format: 'rows' });
    expect(out.ok, `本应被拒绝：${a.sql()}`).toBe(false);
    if (out.ok) return;
    expect(out.message).toMatch(HAS_CHINESE);
    if (a.message) expect(out.message).toMatch(a.message);
    // 被拒绝，而不是因为超时或进程崩溃
    expect(['timeout', 'crash', 'busy']).not.toContain(out.kind);
    // 秘密内容不出现在说明里
    expect(out.message).not.toContain('SECRET-7f3a9c');
    expect(out.message).not.toContain('root:x:0:0');
    expect(out.message).not.toContain('scrypt$');
  });

  test('之后：数仓字节与修改时间不变，应用库不变，没有新建任何文件', () => {
    expect(snapshot(f.warehousePath)).toEqual(before.warehouse);
    expect(snapshot(f.appDbPath)).toEqual(before.app);
    expect(listFiles(f.probeDir)).toEqual([]);
    expect(listFiles(f.dir)).toEqual(before.files);
    // /tmp itself is shared with other tests running at the same time: look only for the escape's own target
    expect(existsSync('/tmp/x.csv')).toBe(false);
  });

  test('对照：同一沙箱里的正常查询能得到结果，读得到设置但改不了', async () => {
    const ok = await sandbox.run(`SELECT current_setting('enable_external_access') AS ext, current_setting('lock_configuration') AS locked, current_setting('access_mode') AS mode`, { format: 'rows' });
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(ok.rows).toEqual([['false', 'true', 'read_only']]);
  });

  test('应用库从不挂载：数据库列表里只有数仓', async () => {
    const r = await sandbox.run(`SELECT database_name, path FROM duckdb_databases() WHERE NOT internal`, { format: 'rows' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rows!.map((x) => x[1])).toEqual([f.warehousePath]);
    expect(JSON.stringify(r.rows)).not.toContain(f.appDbPath);
  });
});
