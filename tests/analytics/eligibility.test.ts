import { describe, expect, it } from 'vitest';
import { checkEligibility, type AwardRules } from '../../src/lib/analytics/eligibility';

// 辽宁（十）: 年度评估优秀的大学科技园; 年度评估优秀的省级以上孵化器.
const LIAONING: AwardRules = { eligible_grades: ['优秀'], incubator_min_level: '省级' };

// The same rules in the profile's own shape (copy of data/policy/liaoning.yaml `awards`).
const LIAONING_PROFILE_AWARDS = {
  clause: '辽宁（十）：对年度评估优秀的大学科技园给予不超过 50 万元奖励性后补助；对年度评估优秀的省级以上孵化器给予不超过 50 万元奖励性后补助',
  max_award_wan: 50,
  eligible_grades: ['优秀'],
  categories: [
    { category: '大学科技园', clause: '辽宁（十）：对年度评估优秀的大学科技园给予不超过 50 万元奖励性后补助' },
    { category: '孵化器', min_level: '省级' as const, clause: '辽宁（十）：对年度评估优秀的省级以上孵化器给予不超过 50 万元奖励性后补助' }
  ]
};

describe('checkEligibility — profile shape (awards.categories)', () => {
  it('gives the same answers as the flat rules and cites the category clause', () => {
    const rows = [
      { category: '大学科技园', level: '市级', grade: '优秀' },
      { category: '大学科技园', level: '国家级', grade: '良好' },
      { category: '孵化器', level: '市级', grade: '优秀' },
      { category: '孵化器', level: '省级', grade: '优秀' },
      { category: '孵化器', level: '国家级', grade: '合格' },
      { category: '众创空间', level: '省级', grade: '优秀' }
    ];
    for (const row of rows) {
      const a = checkEligibility(row, LIAONING_PROFILE_AWARDS);
      const b = checkEligibility(row, LIAONING);
      expect(a.eligible).toBe(b.eligible);
      expect(a.reasons).toEqual(b.reasons);
    }
    const inc = checkEligibility({ category: '孵化器', level: '市级', grade: '优秀' }, LIAONING_PROFILE_AWARDS);
    expect(inc.reasons).toEqual(['孵化器级别为市级，须省级及以上']);
    expect(inc.clause).toBe('辽宁（十）：对年度评估优秀的省级以上孵化器给予不超过 50 万元奖励性后补助');
    expect(checkEligibility({ category: '众创空间', grade: '优秀' }, LIAONING_PROFILE_AWARDS).clause).toMatch(/^辽宁（十）：对年度评估优秀的大学科技园/);
  });

  it('a profile listing only 孵化器 puts 大学科技园 out of scope', () => {
    const r = checkEligibility(
      { category: '大学科技园', level: '国家级', grade: '优秀' },
      { eligible_grades: ['优秀'], categories: [{ category: '孵化器', min_level: '国家级' }] }
    );
    expect(r.eligible).toBe(false);
    expect(r.reasons).toEqual(['类别为“大学科技园”，不在奖补范围（孵化器）内']);
  });
});

describe('checkEligibility — 辽宁（十）', () => {
  it('大学科技园 rated 优秀 is eligible whatever its level', () => {
    const r = checkEligibility({ category: '大学科技园', level: '市级', grade: '优秀' }, LIAONING);
    expect(r.eligible).toBe(true);
    expect(r.reasons).toEqual(['类别为大学科技园，属奖补范围', '评估等级为“优秀”']);
  });

  it('大学科技园 rated 良好 is not', () => {
    const r = checkEligibility({ category: '大学科技园', level: '国家级', grade: '良好' }, LIAONING);
    expect(r.eligible).toBe(false);
    expect(r.reasons).toEqual(['评估等级为“良好”，非“优秀”']);
  });

  it('孵化器 of 市级 rated 优秀 is not: level below 省级', () => {
    const r = checkEligibility({ category: '孵化器', level: '市级', grade: '优秀' }, LIAONING);
    expect(r.eligible).toBe(false);
    expect(r.reasons).toEqual(['孵化器级别为市级，须省级及以上']);
    expect(r.checks.map((c) => [c.code, c.passed])).toEqual([
      ['category', true],
      ['grade', true],
      ['level', false]
    ]);
  });

  it('孵化器 of 市级 rated 合格 fails twice, both reasons listed', () => {
    const r = checkEligibility({ category: '孵化器', level: '市级', grade: '合格' }, LIAONING);
    expect(r.reasons).toEqual(['评估等级为“合格”，非“优秀”', '孵化器级别为市级，须省级及以上']);
  });

  it('孵化器 of 省级 and 国家级 rated 优秀 are eligible', () => {
    expect(checkEligibility({ category: '孵化器', level: '省级', grade: '优秀' }, LIAONING).reasons).toEqual([
      '类别为孵化器，属奖补范围',
      '评估等级为“优秀”',
      '孵化器级别为省级，满足省级及以上'
    ]);
    expect(checkEligibility({ category: '孵化器', level: '国家级', grade: '优秀' }, LIAONING).eligible).toBe(true);
  });

  it('missing or unknown values fail with their own reason', () => {
    expect(checkEligibility({ category: '孵化器', level: null, grade: '优秀' }, LIAONING).reasons).toEqual(['缺少孵化器级别，须省级及以上']);
    expect(checkEligibility({ category: '孵化器', level: '区级', grade: '优秀' }, LIAONING).reasons).toEqual([
      '孵化器级别“区级”无法识别，须省级及以上'
    ]);
    expect(checkEligibility({ category: '孵化器', level: '省级', grade: ' ' }, LIAONING).reasons).toEqual(['缺少评估等级']);
    expect(checkEligibility({ category: '众创空间', level: '省级', grade: '优秀' }, LIAONING).reasons).toEqual([
      '类别为“众创空间”，不在奖补范围（大学科技园、孵化器）内'
    ]);
    expect(checkEligibility({ category: undefined, grade: '优秀' }, LIAONING).reasons).toEqual(['缺少类别（大学科技园或孵化器）']);
  });

  it('profile variations: several grades, park level, categories, minimum score', () => {
    const rules: AwardRules = {
      eligible_grades: ['优秀', '良好'],
      incubator_min_level: '国家级',
      park_min_level: '省级',
      park_categories: ['孵化器'],
      min_score: 85
    };
    expect(checkEligibility({ category: '孵化器', level: '国家级', grade: '合格', score: 90 }, rules).reasons).toEqual([
      '评估等级为“合格”，非“优秀”或“良好”'
    ]);
    expect(checkEligibility({ category: '孵化器', level: '省级', grade: '良好', score: 80 }, rules).reasons).toEqual([
      '孵化器级别为省级，须国家级及以上',
      '评估得分 80 分，低于 85 分'
    ]);
    expect(checkEligibility({ category: '孵化器', level: '国家级', grade: '良好', score: null }, rules).reasons).toEqual([
      '缺少评估得分，须不低于 85 分'
    ]);
    const park = checkEligibility({ category: '大学科技园', level: '市级', grade: '优秀', score: 95 }, rules);
    expect(park.reasons).toEqual(['类别为“大学科技园”，不在奖补范围（孵化器）内', '大学科技园级别为市级，须省级及以上']);
    const ok = checkEligibility({ category: '孵化器', level: '国家级', grade: '良好', score: 85 }, rules);
    expect(ok.eligible).toBe(true);
    expect(ok.reasons).toContain('评估得分 85 分，不低于 85 分');
  });
});
