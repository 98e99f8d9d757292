import { describe, expect, test } from 'vitest';
import { buildContract, KIND_IDS, loadContract } from '../../../etl/read/contract';

describe('loadContract', () => {
  test('loads the five kinds with their columns, keys and types', () => {
    const c = loadContract();
    expect(c.kindList.map((k) => k.id)).toEqual([...KIND_IDS]);
    expect(c.kinds.ledger.table).toBe('achievements');
    expect(c.kinds.ledger.key).toEqual(['unit_uscc', 'achievement_no']);
    const uscc = c.kinds.ledger.columns.find((col) => col.name === 'unit_uscc');
    expect(uscc).toMatchObject({ header: '单位统一社会信用代码', type: 'uscc', required: true });
    const status = c.kinds.task_progress.columns.find((col) => col.name === 'status');
    expect(status?.values).toEqual(['未启动', '推进中', '已完成', '滞后']);
    expect(c.synonyms.get('成果名称')).toContain('科技成果名称');
  });

  test('is cached', () => {
    expect(loadContract()).toBe(loadContract());
  });
});

describe('buildContract validation', () => {
  const good = () => ({
    kinds: Object.fromEntries(
      KIND_IDS.map((id) => [
        id,
        {
          table: id,
          title: id,
          comment: id,
          key: ['a'],
          columns: [
            { name: 'a', header: `甲${id}`, type: 'text', required: true, comment: 'c' },
            { name: 'b', header: `乙${id}`, type: 'enum', required: false, values: ['x'], comment: 'c' }
          ]
        }
      ])
    )
  });

  test('accepts a valid contract', () => {
    expect(() => buildContract(good(), {})).not.toThrow();
  });

  test('rejects an enum without values and a key that is not a column', () => {
    const doc = good();
    (doc.kinds.ledger as { columns: { values?: string[] }[] }).columns[1]!.values = undefined;
    expect(() => buildContract(doc, {})).toThrow(/enum/);
    const doc2 = good();
    (doc2.kinds.contracts as { key: string[] }).key = ['zzz'];
    expect(() => buildContract(doc2, {})).toThrow(/key 中的 zzz/);
  });

  test('rejects a synonym of an unknown header and a spelling shared by two columns of a kind', () => {
    expect(() => buildContract(good(), { 不存在: ['x'] })).toThrow(/「不存在」不是任何一类的规范表头/);
    expect(() => buildContract(good(), { 甲ledger: ['乙ledger'] })).toThrow(/同时对应 a 和 b/);
  });
});
