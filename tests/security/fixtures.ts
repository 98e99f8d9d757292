/**
 * 安全测试的夹具：在临时目录里建一个小数仓、一个应用库、探针路径，并能对文件做快照（字节哈希 + 修改时间）。
 * 不依赖 ETL。
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppDb } from '../../src/lib/server/appdb';
import { createUser } from '../../src/lib/server/auth/users';
import type { SandboxConfig } from '../../src/lib/server/sql-sandbox';
import { findPrlimit } from '../../src/lib/server/sql-sandbox';

export interface Fixture {
  dir: string;
  warehousePath: string;
  appDbPath: string;
  /** 沙箱不应能读到的秘密文件 */
  secretPath: string;
  secretText: string;
  /** 沙箱不应能创建的探针文件 / 目录所在目录 */
  probeDir: string;
  cleanup: () => void;
}

/** 建数仓：几张表（含中文、DECIMAL、DATE、NULL）。 */
export async function createWarehouse(file: string): Promise<void> {
  const inst = await DuckDBInstance.create(file);
  const c = await inst.connect();
  await c.run(`
    CREATE TABLE departments (name VARCHAR, kind VARCHAR);
    INSERT INTO departments VALUES ('省教育厅', '主管部门'), ('省卫生健康委', '主管部门'), ('省科技厅', '主管部门');
    COMMENT ON TABLE departments IS '部门';
    COMMENT ON COLUMN departments.name IS '部门名称';
    CREATE TABLE units (uscc VARCHAR, name VARCHAR, dept VARCHAR);
    INSERT INTO units VALUES ('91210000000000001A', '东北大学', '省教育厅'), ('91210000000000002B', '省人民医院', '省卫生健康委'), ('91210000000000003C', '省科学院', NULL);
    CREATE TABLE contracts (contract_no VARCHAR, uscc VARCHAR, amount DECIMAL(18, 2), signed DATE, n BIGINT);
    INSERT INTO contracts VALUES ('HT-001', '91210000000000001A', 123.45, DATE '2024-03-01', 1), ('HT-002', '91210000000000002B', 50.5, DATE '2024-07-15', 2), ('HT-003', '91210000000000001A', NULL, NULL, NULL);
    CREATE VIEW v_contract_total AS SELECT uscc, sum(amount) AS total FROM contracts GROUP BY uscc;
    CHECKPOINT;
  `);
  c.closeSync();
  inst.closeSync();
}

export async function createFixture(): Promise<Fixture> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cgjc-sec-'));
  const warehousePath = path.join(dir, 'warehouse', 'warehouse.duckdb');
  const appDbPath = path.join(dir, 'app', 'app.duckdb');
  const probeDir = path.join(dir, 'probe');
  for (const d of [path.dirname(warehousePath), path.dirname(appDbPath), probeDir]) mkdirSync(d, { recursive: true });
  await createWarehouse(warehousePath);
  const db = await AppDb.open(appDbPath);
  await createUser(db, { username: 'secretadmin', password: 'Top-Secret-Passw0rd', role: 'admin', scrypt: { N: 1024, r: 8, p: 1 } }, { name: 'test' });
  await db.withConnection((c) => c.run('CHECKPOINT'));
  db.close();
  const secretPath = path.join(dir, 'secret.csv');
  const secretText = 'token,value\nSECRET-7f3a9c,机密\n';
  writeFileSync(secretPath, secretText);
  return {
    dir,
    warehousePath,
    appDbPath,
    secretPath,
    secretText,
    probeDir,
    cleanup: () => rmSync(dir, { recursive: true, force: true })
  };
}

export interface FileSnapshot {
  exists: boolean;
  size: number;
  mtimeMs: number;
  sha256: string;
}

export function snapshot(file: string): FileSnapshot {
  if (!existsSync(file)) return { exists: false, size: 0, mtimeMs: 0, sha256: '' };
  const st = statSync(file);
  return { exists: true, size: st.size, mtimeMs: st.mtimeMs, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') };
}

/** 目录里的全部文件名（递归）。 */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true }).map(String).sort();
}

export function sandboxConfig(f: Fixture, over: Partial<SandboxConfig> = {}): SandboxConfig {
  return {
    warehousePath: f.warehousePath,
    poolSize: 2,
    timeoutMs: 10_000,
    maxRows: 100_000,
    maxBytes: 64 * 1024 * 1024,
    memoryLimitMb: 256,
    threads: 1,
    heapMb: 256,
    addressSpaceMb: 2048 + 256 + 256,
    maxQueue: 8,
    maxSqlLength: 100_000,
    prlimitPath: findPrlimit(),
    killGraceMs: 3_000,
    ...over
  };
}

/** 含至少一个汉字 */
export const HAS_CHINESE = /[\u4e00-\u9fff]/;
