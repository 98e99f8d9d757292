// A load killed with SIGKILL before it publishes leaves the served warehouse as it was, readable,
// and the next load cleans up after it and succeeds.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { runLoad } from '../../../etl/load/run.ts';
import { CONTRACT_HEADER, factDigest, query, tempDir, uscc, writeFile } from './helpers.ts';

const ROOT = join(import.meta.dirname, '../../..');
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

describe('atomic publish', () => {
  it('kill -9 during a load leaves the previous warehouse intact', async () => {
    const dir = tempDir();
    const db = join(dir, 'w.duckdb');
    const u = uscc(7);
    const line = (no: string, amount: string) => `${no},${u},A1,许可,甲公司,中小微企业,${amount},2024-03-05,挂牌交易,,否,,,,,否,否`;
    await runLoad({ db, inputs: [writeFile(dir, 'c1.csv', [CONTRACT_HEADER, line('H1', '10')].join('\n'))], asOf: '2026-11-20' });
    const digest = await factDigest(db);
    const bytes = sha(db);

    const second = writeFile(dir, 'c2.csv', [CONTRACT_HEADER, line('H2', '20'), line('H3', '30')].join('\n'));
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'etl/cli.ts'), '--db', db, second], {
      cwd: ROOT, env: { ...process.env, ETL_PAUSE_BEFORE_PUBLISH_MS: '60000' }, stdio: ['ignore', 'pipe', 'pipe']
    });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`ETL did not reach the pause: ${stderr}`)), 60_000);
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes('ETL_PAUSED_BEFORE_PUBLISH')) { clearTimeout(timer); resolve(); }
      });
    });
    // the build copy exists and holds the new rows; the served file is untouched
    expect(readdirSync(dir).some((n) => n.startsWith('w.duckdb.build-'))).toBe(true);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    expect(sha(db)).toBe(bytes);
    expect(await factDigest(db)).toEqual(digest);
    expect(existsSync(`${db}.lock`)).toBe(true); // left by the dead process

    const s = await runLoad({ db, inputs: [second], asOf: '2026-11-20' });
    expect(s.files[0]!.rowsAccepted).toBe(2);
    expect(readdirSync(dir).filter((n) => n.startsWith('w.duckdb.'))).toEqual([]);
    const n = await query<{ n: number }>(db, 'SELECT count(*) AS n FROM contracts');
    expect(n[0]!.n).toBe(3);
  });

  it('a load that fails leaves the previous warehouse and no build file', async () => {
    const dir = tempDir();
    const db = join(dir, 'w.duckdb');
    const u = uscc(8);
    await runLoad({ db, inputs: [writeFile(dir, 'c1.csv', `${CONTRACT_HEADER}\nH1,${u},A1,许可,甲公司,中小微企业,10,2024-03-05,挂牌交易,,否,,,,,否,否`)], asOf: '2026-11-20' });
    const bytes = sha(db);
    await expect(runLoad({ db, inputs: [join(dir, 'missing.csv')], asOf: '2026-11-20' })).rejects.toThrow(/找不到输入/);
    await expect(runLoad({ db, inputs: [writeFile(dir, 'c2.csv', `${CONTRACT_HEADER}\n`)], asOf: '2026-11-20', beforePublish: () => { throw new Error('boom'); } })).rejects.toThrow('boom');
    expect(sha(db)).toBe(bytes);
    expect(readdirSync(dir).filter((n) => n.startsWith('w.duckdb.'))).toEqual([]);
  });
});
