import { describe, expect, test } from 'vitest';
import { loadContract } from '../../../etl/read/contract';
import { columnLetter, headerKey, normalizeHeader } from '../../../etl/read/normalize-header';
import { detectKind, matchHeader } from '../../../etl/read/match-header';

const contract = loadContract();
const ledger = contract.kinds.ledger;
const contracts = contract.kinds.contracts;
const LEDGER_REQUIRED = ['单位统一社会信用代码', '单位名称', '成果编号', '成果名称', '成果类型', '取得时间', '转化状态'];

describe('normalizeHeader', () => {
  test.each([
    ['转化金额(万元)'],
    ['转化金额 （万元）'],
    ['转化金额（万元）'],
    ['转化金额\u3000（万元）'],
    ['\uFEFF转化金额（万元）'],
    ['<b>转化金额</b>（万元）'],
    ['转化金额\n(万元)'],
    ['转化金额［万元］'],
    ['转化金额【万元】'],
    ['*转化金额（万元）'],
    ['转化金额（万元）★'],
    ['转化金额（万元）（必填）'],
    ['转化金额(单位：万元)'],
    ['转化金额（万）']
  ])('%j → 转化金额(万元)', (raw) => {
    expect(normalizeHeader(raw)).toBe('转化金额(万元)');
  });

  test('percent signs: full-width, bare trailing, bracketed', () => {
    for (const raw of ['完成人份额（%）', '完成人份额(％)', '完成人份额％', '完成人份额%', '完成人份额（百分比）']) {
      expect(normalizeHeader(raw)).toBe('完成人份额(%)');
    }
  });

  test('full-width letters and digits fold to half width and lower case', () => {
    expect(normalizeHeader('ＡＢＣ１２３')).toBe('abc123');
    expect(normalizeHeader('&nbsp;单位&amp;名称')).toBe('单位&名称');
  });

  test('headerKey splits the trailing unit', () => {
    expect(headerKey('转化金额 （万元）')).toEqual({ full: '转化金额(万元)', base: '转化金额', unit: '万元' });
    expect(headerKey('成果编号')).toEqual({ full: '成果编号', base: '成果编号', unit: '' });
  });

  test('columnLetter', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
});

describe('matchHeader', () => {
  test('canonical headers, synonyms, width, spaces and a missing unit all map', () => {
    const cells = ['统一社会信用代码', '单位', ' 成果编号 ', '科技成果名称', '成果类型', '取得日期', '转化状态', '转化金额', '完成人份额％', '赋权期限'];
    const m = matchHeader(ledger, cells, 'a.csv');
    expect(m.columns.map((c) => c?.name ?? null)).toEqual([
      'unit_uscc', 'unit_name', 'achievement_no', 'title', 'achievement_type', 'acquired_date', 'conversion_status',
      'conversion_amount_wan', 'inventor_share_pct', 'empowerment_years'
    ]);
    expect(m.errors).toEqual([]);
    expect(m.warnings).toEqual([]);
    expect(m.indexOf.conversion_amount_wan).toBe(7);
    expect(m.matched).toBe(10);
    expect(m.requiredMatched).toBe(7);
  });

  test('a count unit added to a unit-less header still maps (公示天数（天）)', () => {
    const m = matchHeader(contracts, ['合同编号', '公示天数（天）'], 'a.csv');
    expect(m.columns[1]?.name).toBe('notice_days');
  });

  test('an unknown column is a warning naming file, column letter and header', () => {
    const m = matchHeader(ledger, [...LEDGER_REQUIRED, '联系电话'], '台账.xlsx');
    expect(m.errors).toEqual([]);
    expect(m.unknown).toEqual([{ index: 7, header: '联系电话' }]);
    expect(m.warnings).toEqual(['文件 台账.xlsx：第 H 列「联系电话」不是「单列管理台账」的规范列，未读取']);
  });

  test('a missing required column is an error naming the file and the column', () => {
    const m = matchHeader(ledger, LEDGER_REQUIRED.filter((h) => h !== '成果编号'), 'X.csv');
    expect(m.errors).toEqual(['文件 X.csv：缺少必填列「成果编号」']);
    expect(m.missingRequired.map((c) => c.name)).toEqual(['achievement_no']);
  });

  test('a column given twice (canonical and synonym) is an error', () => {
    const m = matchHeader(ledger, [...LEDGER_REQUIRED, '成果代码'], 'X.csv');
    expect(m.errors).toEqual(['文件 X.csv：列「成果编号」出现多次（第 C 列「成果编号」、第 H 列「成果代码」）']);
    expect(m.duplicates[0]?.indexes).toEqual([2, 7]);
  });

  test('a different unit is not silently taken: warning, and the missing-column error says why', () => {
    const m = matchHeader(contracts, ['合同编号', '单位统一社会信用代码', '转化方式', '受让方名称', '合同金额（元）', '签订日期'], 'H.csv');
    expect(m.columns[4]).toBeNull();
    expect(m.warnings).toEqual(['文件 H.csv：第 E 列「合同金额（元）」的单位与规范列「合同金额（万元）」不一致，未读取']);
    expect(m.errors).toEqual(['文件 H.csv：缺少必填列「合同金额（万元）」（第 E 列「合同金额（元）」的单位不同，未作为该列读取）']);
  });

  test('empty header cells are neither columns nor unknown; trailing ones are trimmed', () => {
    const m = matchHeader(ledger, ['', ...LEDGER_REQUIRED, '', ' ', ''], 'X.csv');
    expect(m.header).toHaveLength(LEDGER_REQUIRED.length + 1);
    expect(m.firstColumn).toBe(1);
    expect(m.unknown).toEqual([]);
  });
});

describe('detectKind', () => {
  test.each([
    ['ledger', LEDGER_REQUIRED],
    ['contracts', ['合同编号', '单位统一社会信用代码', '转化方式', '受让方名称', '合同金额（万元）', '签订日期']],
    ['annual_reports', ['年度', '单位统一社会信用代码', '单位名称', '单位类型', '主管部门', '提交日期', '转让合同数']],
    ['park_evaluations', ['年份', '载体名称', '类别', '级别', '评估得分', '评估等级']],
    ['task_progress', ['周次', '序号', '责任部门', '进展状态', '完成比例']]
  ])('%s', (kind, cells) => {
    const d = detectKind(cells, 'f.csv');
    expect(d.ok && d.match.kind.id).toBe(kind);
  });

  test('a kind with most required columns present is taken, so its error names the missing one', () => {
    const d = detectKind(['年度', '单位统一社会信用代码', '单位名称', '单位类型', '主管部门', '转让合同数'], 'r.csv');
    expect(d.ok && d.match.kind.id).toBe('annual_reports');
    expect(d.ok && d.match.errors).toEqual(['文件 r.csv：缺少必填列「提交日期」']);
  });

  test('no kind → clear error naming the file', () => {
    const d = detectKind(['姓名', '性别', '单位名称'], 'p.csv');
    expect(d.ok).toBe(false);
    expect(!d.ok && d.error).toMatch(/^文件 p\.csv：无法识别文件类型/);
  });

  test('two complete kinds with as many matched columns → ambiguous', () => {
    const cells = [...LEDGER_REQUIRED, '合同编号', '转化方式', '受让方名称', '受让方类型', '合同金额（万元）', '签订日期'];
    const d = detectKind(cells, 'a.csv');
    expect(!d.ok && d.error).toBe('文件 a.csv：无法确定文件类型，表头同时符合「单列管理台账」和「转化合同明细」');
  });
});
