import { describe, expect, it } from 'vitest';
import { forecastTarget, linearFit, pathValue, type TargetSpec } from '../../src/lib/analytics/forecast';

const T: TargetSpec = { baseline_year: 2020, baseline_value: 100, target_year: 2025, target_value: 200, direction: 'increase' };

describe('forecastTarget — hand-computed cases', () => {
  it('least squares, off track', () => {
    /*
     * points (2020,100) baseline, (2021,115), (2022,140), (2023,150)
     * x̄ = 2021.5, ȳ = 126.25; dx = −1.5, −0.5, 0.5, 1.5; dy = −26.25, −11.25, 13.75, 23.75
     * Sxy = 39.375 + 5.625 + 6.875 + 35.625 = 87.5; Sxx = 5 → slope 17.5
     * forecast 2025 = 126.25 + 17.5 · 3.5 = 187.5; ratio = 87.5/100 = 0.875 < 0.9 → off_track
     * path 100, 120, 140, 160, 180, 200; path at 2023 = 160, latest 150 → 10 behind
     */
    const r = forecastTarget(T, [
      { year: 2021, value: 115 },
      { year: 2022, value: 140 },
      { year: 2023, value: 150 }
    ]);
    expect(r.latest).toEqual({ year: 2023, value: 150 });
    expect(r.path).toEqual([
      { year: 2020, expected: 100 },
      { year: 2021, expected: 120 },
      { year: 2022, expected: 140 },
      { year: 2023, expected: 160 },
      { year: 2024, expected: 180 },
      { year: 2025, expected: 200 }
    ]);
    expect(r.slope).toBeCloseTo(17.5, 10);
    expect(r.forecast).toBeCloseTo(187.5, 9);
    expect(r.ratio).toBeCloseTo(0.875, 10);
    expect(r.method).toBe('least_squares');
    expect(r.expectedAtLatest).toBe(160);
    expect(r.aheadOfPath).toBe(-10);
    expect(r.status).toBe('off_track');
    expect(r.statusLabel).toBe('偏离目标');
    expect(r.achieved).toBe(false);
    expect(r.requiredChange).toBe(100);
  });

  it('the same data is at risk with a looser threshold from the profile', () => {
    const r = forecastTarget(T, [
      { year: 2021, value: 115 },
      { year: 2022, value: 140 },
      { year: 2023, value: 150 }
    ], { at_risk_ratio: 0.85 });
    expect(r.status).toBe('at_risk');
    expect(r.statusLabel).toBe('存在风险');
  });

  it('one observation: pace from baseline to latest, at risk', () => {
    // (2020,100) → (2022,138): 19 per year → 2025: 100 + 19·5 = 195; ratio 0.95 → at_risk
    const r = forecastTarget(T, [{ year: 2022, value: 138 }]);
    expect(r.method).toBe('two_point');
    expect(r.slope).toBeCloseTo(19, 10);
    expect(r.forecast).toBeCloseTo(195, 9);
    expect(r.ratio).toBeCloseTo(0.95, 10);
    expect(r.status).toBe('at_risk');
  });

  it('least squares, on track', () => {
    // (2020,100), (2021,125), (2022,140): x̄ 2021, ȳ 121.667, Sxy = 21.667 + 18.333 = 40, Sxx = 2
    // slope 20; forecast = 121.667 + 20·4 = 201.667; ratio 1.01667 → on_track
    const r = forecastTarget(T, [
      { year: 2021, value: 125 },
      { year: 2022, value: 140 }
    ]);
    expect(r.slope).toBeCloseTo(20, 10);
    expect(r.forecast).toBeCloseTo(201.6667, 3);
    expect(r.status).toBe('on_track');
    expect(r.statusLabel).toBe('达标在望');
  });

  it('decrease target (e.g. 平均转化周期, days)', () => {
    /*
     * baseline 2020: 30, target 2025: 20 (decrease); observed 2021 28, 2022 27, 2023 25
     * x̄ 2021.5, ȳ 27.5; dy = 2.5, 0.5, −0.5, −2.5 → Sxy = −3.75 − 0.25 − 0.25 − 3.75 = −8; slope −1.6
     * forecast = 27.5 − 1.6·3.5 = 21.9; ratio = (21.9 − 30)/(20 − 30) = 0.81 → off_track
     * path at 2023: 30 − 2·3 = 24; latest 25 → 1 behind (aheadOfPath −1)
     */
    const r = forecastTarget(
      { baseline_year: 2020, baseline_value: 30, target_year: 2025, target_value: 20, direction: 'decrease' },
      [
        { year: 2021, value: 28 },
        { year: 2022, value: 27 },
        { year: 2023, value: 25 }
      ]
    );
    expect(r.slope).toBeCloseTo(-1.6, 10);
    expect(r.forecast).toBeCloseTo(21.9, 9);
    expect(r.ratio).toBeCloseTo(0.81, 10);
    expect(r.status).toBe('off_track');
    expect(r.expectedAtLatest).toBe(24);
    expect(r.aheadOfPath).toBe(-1);
    // 19 in 2023 would already meet the target
    const met = forecastTarget(
      { baseline_year: 2020, baseline_value: 30, target_year: 2025, target_value: 20, direction: 'decrease' },
      [{ year: 2023, value: 19 }]
    );
    expect(met.achieved).toBe(true);
    expect(met.status).toBe('on_track');
  });

  it('ratio exactly at the thresholds', () => {
    // (2020,100) → (2021,118): 18/yr → 190 → ratio 0.9 → at_risk; (2021,120) → 200 → on_track
    expect(forecastTarget(T, [{ year: 2021, value: 118 }]).status).toBe('at_risk');
    expect(forecastTarget(T, [{ year: 2021, value: 120 }]).status).toBe('on_track');
    expect(forecastTarget(T, [{ year: 2021, value: 117.9 }]).status).toBe('off_track');
  });

  it('no observation: path only, status null, 数据不足', () => {
    const r = forecastTarget(T, []);
    expect(r.latest).toBeNull();
    expect(r.forecast).toBeNull();
    expect(r.status).toBeNull();
    expect(r.statusLabel).toBe('数据不足');
    expect(r.method).toBe('none');
    expect(r.path).toHaveLength(6);
  });

  it('ignores observations at or before the baseline year; last value wins for a repeated year', () => {
    const r = forecastTarget(T, [
      { year: 2019, value: 500 },
      { year: 2020, value: 900 },
      { year: 2022, value: 100 },
      { year: 2022, value: 138 }
    ]);
    expect(r.method).toBe('two_point');
    expect(r.forecast).toBeCloseTo(195, 9);
  });

  it('an observation for the target year is the outcome', () => {
    const r = forecastTarget(T, [
      { year: 2022, value: 170 },
      { year: 2025, value: 199 }
    ]);
    expect(r.method).toBe('observed');
    expect(r.forecast).toBe(199);
    expect(r.ratio).toBeCloseTo(0.99, 10);
    expect(r.status).toBe('at_risk');
  });

  it('hold-the-level target (target = baseline)', () => {
    const hold: TargetSpec = { baseline_year: 2022, baseline_value: 100, target_year: 2025, target_value: 100, direction: 'increase' };
    expect(forecastTarget(hold, [{ year: 2023, value: 101 }]).status).toBe('on_track');
    const down = forecastTarget(hold, [{ year: 2023, value: 99 }]);
    expect(down.status).toBe('off_track');
    expect(down.ratio).toBeNull();
  });

  it('rejects inconsistent targets', () => {
    expect(() => forecastTarget({ ...T, target_year: 2020 }, [])).toThrow(RangeError);
    expect(() => forecastTarget({ ...T, target_value: 50 }, [])).toThrow('矛盾');
    expect(() => forecastTarget({ ...T, baseline_value: Number.NaN }, [])).toThrow(RangeError);
  });
});

describe('helpers', () => {
  it('pathValue interpolates linearly', () => {
    expect(pathValue(T, 2022.5)).toBe(150);
    expect(pathValue(T, 2026)).toBe(220);
  });
  it('linearFit on exact line and degenerate input', () => {
    const f = linearFit([
      { year: 2000, value: 3 },
      { year: 2002, value: 7 },
      { year: 2004, value: 11 }
    ]);
    expect(f.slope).toBeCloseTo(2, 12);
    expect(f.intercept + f.slope * 2001).toBeCloseTo(5, 9);
    expect(() => linearFit([{ year: 2000, value: 1 }])).toThrow(RangeError);
  });
});
