import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSample } from '../../etl/sample/generate';
import { parseArgs } from '../../etl/sample/cli';
import { hashTree, SHIPPED, tempDir } from './helpers';

const dirs: string[] = [];
const fresh = (p: string) => {
  const d = tempDir(p);
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('确定性', () => {
  it('同样的选项生成逐字节相同的文件（mixed，含 xlsx 与 GBK）', async () => {
    const a = fresh('det-a'), b = fresh('det-b');
    await generateSample({ units: 12, seed: 42, ledgerRows: 400, out: a });
    await generateSample({ units: 12, seed: 42, ledgerRows: 400, out: b });
    const ha = hashTree(a), hb = hashTree(b);
    expect([...ha.keys()].some((f) => f.endsWith('.xlsx'))).toBe(true);
    expect(ha.size).toBeGreaterThan(20);
    expect([...ha.entries()]).toEqual([...hb.entries()]);
  });

  it('csv 模式同样确定，且不写 xlsx、台账为一个文件', async () => {
    const a = fresh('det-c'), b = fresh('det-d');
    await generateSample({ units: 9, seed: 3, ledgerRows: 200, formats: 'csv', out: a });
    await generateSample({ units: 9, seed: 3, ledgerRows: 200, formats: 'csv', out: b });
    const ha = hashTree(a);
    expect([...ha.entries()]).toEqual([...hashTree(b).entries()]);
    expect([...ha.keys()].filter((f) => f.endsWith('.xlsx'))).toEqual([]);
    expect([...ha.keys()].filter((f) => f.startsWith('台账/'))).toEqual(['台账/单列管理台账.csv']);
  });

  it('种子不同则数据不同', async () => {
    const a = fresh('seed-a'), b = fresh('seed-b');
    await generateSample({ units: 9, seed: 1, ledgerRows: 200, out: a });
    await generateSample({ units: 9, seed: 2, ledgerRows: 200, out: b });
    const ha = hashTree(a), hb = hashTree(b);
    expect(ha.get('合同/转化合同明细_2024.csv')).toBeDefined();
    expect(ha.get('合同/转化合同明细_2024.csv')).not.toBe(hb.get('合同/转化合同明细_2024.csv'));
    expect(ha.get('年报/年度报告_2025.csv')).not.toBe(hb.get('年报/年度报告_2025.csv'));
  });

  it('重新生成只替换生成器管理的目录，不动输出目录里的其他文件', async () => {
    const a = fresh('keep');
    fs.writeFileSync(`${a}/自己的笔记.txt`, '保留');
    fs.mkdirSync(`${a}/周报`, { recursive: true });
    fs.writeFileSync(`${a}/周报/任务进展周报_2020-W01.csv`, '旧文件');
    await generateSample({ units: 6, seed: 5, ledgerRows: 60, out: a });
    expect(fs.readFileSync(`${a}/自己的笔记.txt`, 'utf8')).toBe('保留');
    expect(fs.existsSync(`${a}/周报/任务进展周报_2020-W01.csv`)).toBe(false);
  });
});

describe('随产品发布的 data/sample', () => {
  it('与默认选项重新生成的结果逐字节相同（改了生成器请运行 npm run sample）', async () => {
    const d = fresh('shipped');
    const m = await generateSample({ out: d });
    expect(m.options).toEqual({ units: 150, seed: 2025, ledgerRows: 6000, asOf: '2026-11-20', formats: 'mixed' });
    const want = hashTree(d);
    const have = hashTree(SHIPPED);
    expect([...have.keys()]).toEqual([...want.keys()]);
    for (const [f, h] of want) expect(have.get(f), f).toBe(h);
  });

  it('整个目录不超过 3 MB', () => {
    let bytes = 0;
    for (const f of hashTree(SHIPPED).keys()) bytes += fs.statSync(`${SHIPPED}/${f}`).size;
    expect(bytes).toBeLessThan(3 * 1024 * 1024);
  });
});

describe('命令行参数', () => {
  it('解析各选项', () => {
    expect(parseArgs(['--units', '5000', '--seed=7', '--ledger-rows', '1000000', '--formats', 'csv', '--as-of', '2026-06-30'])).toEqual({
      units: 5000, seed: 7, ledgerRows: 1_000_000, formats: 'csv', asOf: '2026-06-30',
    });
    expect(parseArgs(['--help'])).toBe('help');
  });

  it('拒绝错误的取值', async () => {
    expect(() => parseArgs(['--units', 'abc'])).toThrow(/整数/);
    expect(() => parseArgs(['--formats', 'xlsx'])).toThrow(/mixed 或 csv/);
    expect(() => parseArgs(['--bogus', '1'])).toThrow(/未知参数/);
    await expect(generateSample({ units: 10, asOf: '2023-02-30', out: fresh('bad') })).rejects.toThrow(/不存在的日期/);
    await expect(generateSample({ units: 10, ledgerRows: 5, out: fresh('bad2') })).rejects.toThrow(/ledger-rows/);
  });
});
