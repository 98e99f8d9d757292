import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatCount, formatNumber, formatPercent, formatRatio, formatWan, roundTo } from '../../src/lib/analytics/format';

describe('formatWan', () => {
  it('万元 with thousands separators, at most 2 decimals', () => {
    expect(formatWan(1234.5)).toBe('1,234.5万元');
    expect(formatWan(1234.56)).toBe('1,234.56万元');
    expect(formatWan(1234.567)).toBe('1,234.57万元');
    expect(formatWan(50)).toBe('50万元');
    expect(formatWan(0)).toBe('0万元');
    expect(formatWan(0.004)).toBe('0万元');
    expect(formatWan(1.005)).toBe('1.01万元');
    expect(formatWan(9999.994)).toBe('9,999.99万元');
    expect(formatWan(-2500)).toBe('-2,500万元');
  });
  it('亿元 from 10,000万 on, 2 decimals', () => {
    expect(formatWan(12345)).toBe('1.23亿元');
    expect(formatWan(10000)).toBe('1.00亿元');
    expect(formatWan(9999.996)).toBe('1.00亿元');
    expect(formatWan(123456789)).toBe('12,345.68亿元');
    expect(formatWan(-15000)).toBe('-1.50亿元');
  });
  it('options and empty values', () => {
    expect(formatWan(1234.56, { wanDigits: 1 })).toBe('1,234.6万元');
    expect(formatWan(12345, { yiDigits: 1 })).toBe('1.2亿元');
    expect(formatWan(null)).toBe('—');
    expect(formatWan(undefined)).toBe('—');
    expect(formatWan(Number.NaN)).toBe('—');
    expect(formatWan(Infinity)).toBe('—');
  });
});

describe('percent and counts', () => {
  it('formatPercent takes percent points', () => {
    expect(formatPercent(12.345)).toBe('12.3%');
    expect(formatPercent(12.35)).toBe('12.4%');
    expect(formatPercent(100)).toBe('100.0%');
    expect(formatPercent(70, 0)).toBe('70%');
    expect(formatPercent(null)).toBe('—');
  });
  it('formatRatio takes a fraction', () => {
    expect(formatRatio(0.1234)).toBe('12.3%');
    expect(formatRatio(0.7, 0)).toBe('70%');
    expect(formatRatio(1.5)).toBe('150.0%');
  });
  it('formatCount', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(1234, '项')).toBe('1,234项');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(-1000)).toBe('-1,000');
    expect(formatCount(2.5)).toBe('3');
    expect(formatCount(Number.NaN)).toBe('—');
  });
  it('roundTo: half away from zero on the decimal value, no -0', () => {
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(-1.005, 2)).toBe(-1.01);
    expect(roundTo(2.5, 0)).toBe(3);
    expect(roundTo(-2.5, 0)).toBe(-3);
    expect(Object.is(roundTo(-0.001, 2), 0)).toBe(true);
    expect(roundTo(1e-7, 2)).toBe(0);
    expect(formatNumber(-0.001, 2)).toBe('0.00');
  });
  it('property: formatCount round-trips to Math.round', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (n) => {
        const s = formatCount(n);
        expect(Number(s.replace(/,/g, ''))).toBe(n);
        expect(/^-?\d{1,3}(,\d{3})*$/.test(s)).toBe(true);
      }),
      { numRuns: 2000 }
    );
  });
  it('property: formatWan below 1亿 parses back within 0.005', () => {
    fc.assert(
      fc.property(fc.double({ min: -9999.99, max: 9999.99, noNaN: true }), (x) => {
        const s = formatWan(x);
        expect(s.endsWith('万元')).toBe(true);
        expect(Math.abs(Number(s.replace(/,/g, '').replace('万元', '')) - x)).toBeLessThanOrEqual(0.005 + 1e-9);
      }),
      { numRuns: 2000 }
    );
  });
});
