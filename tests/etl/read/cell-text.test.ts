import { describe, expect, test } from 'vitest';
import { classifyNumFmt, decodeOoxmlEscapes, formatNumber, isoDateText, isPlausibleDateSerial, serialToDateText } from '../../../etl/read/cell-text';

describe('formatNumber: shortest decimal as Excel shows it', () => {
  test.each([
    [0.1 + 0.2, '0.3'],
    [1234.5, '1234.5'],
    [2, '2'],
    [-0, '0'],
    [-12.25, '-12.25'],
    [1e21, '1000000000000000000000'],
    [12345678901234567890, '12345678901234600000'],
    [1e-7, '0.0000001'],
    [1.5e-10, '0.00000000015'],
    [0.07 * 100, '7'],
    [123456789012345, '123456789012345'],
    [20250001, '20250001']
  ])('%d → %s', (n, s) => {
    expect(formatNumber(n)).toBe(s);
  });
});

describe('serialToDateText', () => {
  test.each([
    [45292, '2024-01-01'],
    [45000, '2023-03-15'],
    [45473.979166666664, '2024-06-30 23:30:00'],
    [45473.99999999, '2024-07-01'],
    [0.5, '12:00:00'],
    [1, '1900-01-01'],
    [59, '1900-02-28'],
    [60, '1900-02-29'],
    [61, '1900-03-01'],
    [18264, '1950-01-01'],
    [73050, '2099-12-31']
  ])('%d → %s', (serial, text) => {
    expect(serialToDateText(serial)).toBe(text);
  });

  test('1904 date system', () => {
    expect(serialToDateText(0, true)).toBe('1904-01-01');
    expect(serialToDateText(43830, true)).toBe('2024-01-01');
  });

  test('plausible serial range for date-typed columns', () => {
    expect(isPlausibleDateSerial(45292)).toBe(true);
    expect(isPlausibleDateSerial(2025)).toBe(false);
    expect(isPlausibleDateSerial(20250101)).toBe(false);
  });

  test('t="d" ISO cells', () => {
    expect(isoDateText('2025-01-15T00:00:00Z')).toBe('2025-01-15');
    expect(isoDateText('2025-01-15T08:30:00')).toBe('2025-01-15 08:30:00');
  });
});

describe('classifyNumFmt', () => {
  test.each([
    [14, undefined, 'date'],
    [31, undefined, 'date'],
    [57, undefined, 'date'],
    [9, undefined, 'percent'],
    [0, undefined, 'number'],
    [164, 'yyyy-mm-dd', 'date'],
    [165, 'yyyy\\-mm\\-dd', 'date'],
    [166, 'yyyy"年"m"月"d"日"', 'date'],
    [167, '[$-F800]dddd, mmmm dd, yyyy', 'date'],
    [168, 'h"时"mm"分"', 'date'],
    [169, '0.00%', 'percent'],
    [170, '"TRUE";"TRUE";"FALSE"', 'boolean'],
    [171, 'General', 'number'],
    [172, '#,##0.00_);[Red](#,##0.00)', 'number'],
    [173, '[$¥-804]#,##0.00', 'number'],
    [174, '0.0"万元"', 'number'],
    [175, '@', 'number']
  ])('%i %j → %s', (id, code, cls) => {
    expect(classifyNumFmt(id, code)).toBe(cls);
  });
});

test('decodeOoxmlEscapes', () => {
  expect(decodeOoxmlEscapes('第一行_x000D_\n第二行')).toBe('第一行\r\n第二行');
  expect(decodeOoxmlEscapes('a_x005F_x0041_b')).toBe('a_x0041_b');
  expect(decodeOoxmlEscapes('plain_text')).toBe('plain_text');
});
