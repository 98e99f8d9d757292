import { afterEach, describe, expect, it } from 'vitest';
import {
  chinaDate,
  dateOfDayNumber,
  dayNumber,
  daysBetween,
  expectedPercent,
  taskLight
} from '../../src/lib/analytics/progress';

// start 2025-01-01, planned 2025-04-11: 100 days (Jan 31 + Feb 28 + Mar 31 + 10).
// 2025-03-02 is day 60 → 序时进度 60%.
const TASK = { start_date: '2025-01-01', planned_date: '2025-04-11' };

describe('dates', () => {
  it('day numbers are pure calendar arithmetic', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('2025-01-01')).toBe(20089);
    expect(daysBetween('2025-01-01', '2025-04-11')).toBe(100);
    expect(daysBetween('2024-02-01', '2024-03-02')).toBe(30); // leap year
    expect(dateOfDayNumber(20089)).toBe('2025-01-01');
  });

  it('invalid dates throw', () => {
    expect(() => dayNumber('2025-02-29')).toThrow('不存在');
    expect(() => dayNumber('2025/01/01')).toThrow('YYYY-MM-DD');
    expect(() => dayNumber('2025-1-1')).toThrow(RangeError);
  });

  it('chinaDate: the calendar day in UTC+8', () => {
    expect(chinaDate(Date.UTC(2025, 2, 1, 15, 59, 59))).toBe('2025-03-01'); // 23:59:59 in Beijing
    expect(chinaDate(Date.UTC(2025, 2, 1, 16, 0, 0))).toBe('2025-03-02'); // 00:00 next day
    expect(chinaDate(new Date('2024-12-31T16:00:00Z'))).toBe('2025-01-01');
  });
});

describe('序时进度', () => {
  it('elapsed share of the period, clamped', () => {
    expect(expectedPercent('2025-01-01', '2025-01-11', '2025-01-06')).toBe(50);
    expect(expectedPercent(TASK.start_date, TASK.planned_date, '2025-03-02')).toBe(60);
    expect(expectedPercent('2024-02-01', '2024-03-02', '2024-02-16')).toBe(50);
    expect(expectedPercent('2025-01-01', '2025-01-11', '2024-12-01')).toBe(0);
    expect(expectedPercent('2025-01-01', '2025-01-11', '2025-01-11')).toBe(100);
    expect(expectedPercent('2025-01-01', '2025-01-11', '2026-01-01')).toBe(100);
    // planned on or before start
    expect(expectedPercent('2025-01-11', '2025-01-11', '2025-01-10')).toBe(0);
    expect(expectedPercent('2025-01-11', '2025-01-01', '2025-01-05')).toBe(100);
  });
});

describe('三色督办 lights (10 / 30 points, 14 days)', () => {
  const at = (asOf: string, percent: number | null, status = '推进中', planned: string | null = TASK.planned_date) =>
    taskLight({ start_date: TASK.start_date, planned_date: planned, percent, status }, asOf);

  it('green when on pace (behind < 10)', () => {
    const r = at('2025-03-02', 50.5);
    expect(r.expected).toBe(60);
    expect(r.behind).toBe(9.5);
    expect(r.daysToDue).toBe(40);
    expect(r.light).toBe('green');
    expect(r.label).toBe('绿灯');
    expect(r.reason).toBe('进度正常');
  });

  it('yellow when behind by 10 to 30 points (both ends inclusive)', () => {
    const r = at('2025-03-02', 49);
    expect(r.light).toBe('yellow');
    expect(r.label).toBe('黄灯');
    expect(r.reason).toBe('落后序时进度 11.0 个百分点（应完成 60.0%，实际 49.0%）');
    const ten = at('2025-03-02', 50);
    expect(ten.behind).toBe(10);
    expect(ten.light).toBe('yellow'); // behind exactly 10
    expect(at('2025-03-02', 30).light).toBe('yellow'); // behind exactly 30
    // float noise: a 1000-day task, 701 days in → 序时进度 70.1%; 70.1 − 60.1 = 9.999999999999993
    // in binary floating point, but it is 10 points behind → yellow, not green.
    const s0 = dayNumber('2023-01-01');
    const long = { start_date: '2023-01-01', planned_date: dateOfDayNumber(s0 + 1000), status: '推进中' };
    const day701 = dateOfDayNumber(s0 + 701);
    expect(taskLight({ ...long, percent: 60.1 }, day701)).toMatchObject({ expected: 70.1, behind: 10, light: 'yellow' });
    // 600 days in → 60%: with 30.7 done, 60.7 − 30.7 would be 30.000000000000004 → still yellow, not red
    const day607 = dateOfDayNumber(s0 + 607);
    expect(taskLight({ ...long, percent: 30.7 }, day607)).toMatchObject({ expected: 60.7, behind: 30, light: 'yellow' });
  });

  it('red when behind by more than 30', () => {
    const r = at('2025-03-02', 29.9);
    expect(r.light).toBe('red');
    expect(r.label).toBe('红灯');
    expect(r.behind).toBeCloseTo(30.1, 10);
    expect(at('2025-03-02', null).light).toBe('red'); // missing percent = 0 → 60 behind
  });

  it('blue within 14 days of the planned date (inclusive), not before', () => {
    // 2025-03-28 is 14 days before 2025-04-11, expected 86%
    const r = at('2025-03-28', 80);
    expect(r.daysToDue).toBe(14);
    expect(r.light).toBe('blue');
    expect(r.label).toBe('蓝灯');
    expect(r.reason).toBe('距计划完成日期还有 14 天，尚未完成');
    expect(at('2025-03-27', 80).light).toBe('green'); // 15 days left, 5 behind
    const due = at('2025-04-11', 95); // planned day itself: 100% expected, 5 behind
    expect(due.light).toBe('blue');
    expect(due.overdue).toBe(false);
    expect(due.reason).toBe('今天为计划完成日期，尚未完成');
  });

  it('yellow wins over blue when behind', () => {
    expect(at('2025-04-05', 70).light).toBe('yellow'); // 6 days left, expected 94, 24 behind
  });

  it('red when overdue and not done', () => {
    const r = at('2025-04-12', 95);
    expect(r.overdue).toBe(true);
    expect(r.daysToDue).toBe(-1);
    expect(r.light).toBe('red');
    expect(r.reason).toBe('已超过计划完成日期 1 天仍未完成');
  });

  it('done when 已完成 or 100%, even after the planned date', () => {
    const r = at('2025-05-01', 80, '已完成');
    expect(r.light).toBe('done');
    expect(r.label).toBe('已完成');
    expect(r.overdue).toBe(false);
    expect(at('2025-05-01', 100).light).toBe('done');
  });

  it('a department reporting 滞后 gets at least yellow', () => {
    expect(at('2025-03-02', 60, '滞后').light).toBe('yellow');
    expect(at('2025-03-02', 0, '滞后').light).toBe('red');
  });

  it('without a planned date: green, yellow (滞后) or done', () => {
    expect(at('2025-03-02', 10, '推进中', null)).toMatchObject({ light: 'green', expected: null, behind: null, daysToDue: null });
    expect(at('2025-03-02', 10, '滞后', null).light).toBe('yellow');
    expect(at('2025-03-02', 10, '已完成', null).light).toBe('done');
  });

  it('thresholds come from the profile', () => {
    const th = { yellow_behind_points: 5, red_behind_points: 15, blue_days_before_due: 45 };
    const t = (p: number, d = '2025-03-02') => taskLight({ ...TASK, percent: p, status: '推进中' }, d, th).light;
    expect(t(55)).toBe('yellow');
    expect(t(45)).toBe('yellow');
    expect(t(44)).toBe('red');
    expect(t(56)).toBe('blue'); // 40 days left ≤ 45
    expect(taskLight({ ...TASK, percent: 56, status: '推进中' }, '2025-03-02').light).toBe('green'); // defaults: 14 days
  });
});

describe('no dependence on the process time zone', () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  const snapshot = () => ({
    d: dayNumber('2025-03-30'),
    e: expectedPercent('2025-03-01', '2025-04-01', '2025-03-30'), // spans the EU/US DST changes
    l: taskLight({ start_date: '2025-03-01', planned_date: '2025-11-02', percent: 40, status: '推进中' }, '2025-06-01'),
    c1: chinaDate(Date.UTC(2025, 2, 1, 15, 59, 59)),
    c2: chinaDate(Date.UTC(2025, 2, 1, 16, 0, 0))
  });

  it('same results under UTC, America/Los_Angeles, Pacific/Kiritimati (UTC+14) and Asia/Shanghai', () => {
    process.env.TZ = 'UTC';
    const base = snapshot();
    expect(base.e).toBeCloseTo((100 * 29) / 31, 12);
    expect(base.c1).toBe('2025-03-01');
    expect(base.c2).toBe('2025-03-02');
    for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Shanghai']) {
      process.env.TZ = tz;
      expect(new Date(Date.UTC(2025, 0, 1)).getTimezoneOffset()).not.toBeNaN();
      expect(snapshot()).toEqual(base);
    }
    // sanity: the TZ switch is effective in this process (local hours differ)
    process.env.TZ = 'America/Los_Angeles';
    const la = new Date(Date.UTC(2025, 0, 1, 12)).getHours();
    process.env.TZ = 'Asia/Shanghai';
    const sh = new Date(Date.UTC(2025, 0, 1, 12)).getHours();
    expect(la).toBe(4);
    expect(sh).toBe(20);
  });
});
