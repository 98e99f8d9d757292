import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSample } from '../../etl/sample/generate';
import { tempDir } from './helpers';

const dir = tempDir('scale');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** 按字节数换行符，不把整个文件解析成对象。 */
function countLines(file: string): number {
  const buf = fs.readFileSync(file);
  let n = 0;
  for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

describe('放大（--formats csv）', () => {
  it('写出恰好 --ledger-rows 行台账（一个文件）以及相应的合同、年报，且不写 xlsx', async () => {
    const t0 = performance.now();
    const m = await generateSample({ units: 500, ledgerRows: 100_000, formats: 'csv', seed: 42, out: dir });
    const secs = (performance.now() - t0) / 1000;
    const ledger = path.join(dir, '台账/单列管理台账.csv');
    expect(countLines(ledger) - 1).toBe(100_000);
    expect(m.files.filter((f) => f.file.startsWith('台账/'))).toHaveLength(1);
    expect(m.files.some((f) => f.file.endsWith('.xlsx'))).toBe(false);
    const contracts = m.files.filter((f) => f.kind === 'contracts').reduce((s, f) => s + f.rows, 0);
    expect(contracts).toBeGreaterThan(100_000 * 0.1);
    expect(m.files.filter((f) => f.kind === 'annual_reports').reduce((s, f) => s + f.rows, 0)).toBeGreaterThan(500 * 3.5);
    // 百万行的目标是 30 秒内；十万行在共享的 2 核机器上也应远低于 30 秒
    expect(secs).toBeLessThan(30);
  }, 120_000);
});
