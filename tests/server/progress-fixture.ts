/**
 * 周报填报测试的环境：用 ETL（runLoad）把示例数据最后两周的周报装进一个临时数仓（WAREHOUSE_PATH 指向它），
 * 再开一个临时应用库（setAppDbForTesting）。每个测试文件在自己的进程里运行（vitest pool: forks），互不干扰。
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { runLoad } from '../../etl/load/run.ts';
import { AppDb, setAppDbForTesting } from '../../src/lib/server/appdb';
import type { SessionUser } from '../../src/lib/types/user';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const WEEKS = ['2026-W46', '2026-W47'];
/** 仓库的加载基准日（北京时间），晚于样例最后一周。 */
export const AS_OF = '2026-11-22';

export interface Fixture {
  dir: string;
  warehouse: string;
  app: AppDb;
  close: () => void;
}

export async function setupFixture(prefix: string): Promise<Fixture> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `progress-${prefix}-`));
  const input = path.join(dir, 'input');
  mkdirSync(input);
  for (const w of WEEKS) copyFileSync(path.join(ROOT, 'data/sample/周报', `任务进展周报_${w}.csv`), path.join(input, `任务进展周报_${w}.csv`));
  const warehouse = path.join(dir, 'warehouse', 'warehouse.duckdb');
  mkdirSync(path.dirname(warehouse));
  await runLoad({ db: warehouse, inputs: [input], asOf: AS_OF });
  process.env.WAREHOUSE_PATH = warehouse;
  const app = await AppDb.open(path.join(dir, 'app.duckdb'));
  setAppDbForTesting(app);
  return {
    dir,
    warehouse,
    app,
    close: () => {
      setAppDbForTesting(null);
      app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

/** Read-only SQL on a warehouse file. */
export async function whSql<T = Record<string, unknown>>(db: string, sql: string): Promise<T[]> {
  const inst = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const c = await inst.connect();
  try {
    const r = await c.runAndReadAll(sql);
    return r.getRowObjectsJS().map((o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]))) as T[];
  } finally {
    c.closeSync();
    inst.closeSync();
  }
}

export const EDU = '省教育厅';
export const eduHead: SessionUser = { username: 'edu_head', role: 'dept', dept: EDU };
export const office: SessionUser = { username: 'office1', role: 'office', dept: null };
export const viewer: SessionUser = { username: 'viewer1', role: 'viewer', dept: null };

/** 北京时间 → UTC 时刻：'2026-11-20 17:59' → Date */
export function cn(local: string): Date {
  return new Date(`${local.replace(' ', 'T')}:00+08:00`);
}

/** 部门负责（牵头或配合）的任务与不负责的任务。 */
export async function deptTasks(db: string, dept: string): Promise<{ own: number[]; other: number[] }> {
  const own = (await whSql<{ t: number }>(db, `SELECT task_no t FROM task_departments WHERE dept_name = '${dept}' ORDER BY 1`)).map((r) => r.t);
  const all = (await whSql<{ t: number }>(db, 'SELECT task_no t FROM tasks ORDER BY 1')).map((r) => r.t);
  return { own, other: all.filter((t) => !own.includes(t)) };
}
