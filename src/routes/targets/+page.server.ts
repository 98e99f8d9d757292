/**
 * 2025 目标：每个目标取自政策配置 targets（基期、目标值、条款），观测值取自 mart_target_series；
 * 直线路径、按当前速度的线性预测与达标判断用 $lib/analytics/forecast.ts。
 * 判断阈值 on_track_ratio / at_risk_ratio：配置里有就用配置的，没有就用库的默认值，并在页面上写明来源。
 */
import type { PageServerLoad } from './$types';
import { query } from '$lib/server/queries';
import { guard } from '$lib/server/queries/guard';
import { profile } from '$lib/server/queries/profile';
import { DEFAULT_FORECAST_THRESHOLDS, forecastTarget, type ForecastResult, type ForecastThresholds } from '$lib/analytics';
import { TARGET_METRICS, type TargetMetric } from '../../../etl/policy/profile';

export interface SeriesPoint {
  year: number;
  value: number;
  numerator: number | null;
  denominator: number | null;
  records: number | null;
  complete: boolean;
}

export interface TargetView {
  metric: string;
  title: string;
  unit: '%' | '项' | '万元';
  source: string;
  clause: string;
  statedInText: boolean;
  baselineYear: number;
  baselineValue: number;
  targetYear: number;
  targetValue: number;
  direction: 'increase' | 'decrease';
  series: SeriesPoint[];
  /** Years left out of the forecast because their data are not complete yet. */
  incompleteYears: number[];
  result: ForecastResult | null;
  error: string | null;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Thresholds from the profile when it has them (per target or at the top level), else the library defaults. */
function thresholdsOf(p: unknown, t: unknown): { values: Required<ForecastThresholds>; source: string } {
  const pick = (o: unknown) => {
    if (!o || typeof o !== 'object') return null;
    const r = o as Record<string, unknown>;
    const on = num(r.on_track_ratio);
    const at = num(r.at_risk_ratio);
    return on !== null || at !== null ? { on, at } : null;
  };
  const own = pick(t) ?? pick((p as Record<string, unknown> | null)?.forecast) ?? pick(p);
  if (own) {
    return {
      values: { on_track_ratio: own.on ?? DEFAULT_FORECAST_THRESHOLDS.on_track_ratio, at_risk_ratio: own.at ?? DEFAULT_FORECAST_THRESHOLDS.at_risk_ratio },
      source: 'policy'
    };
  }
  return { values: { ...DEFAULT_FORECAST_THRESHOLDS }, source: 'default' };
}

export const load: PageServerLoad = async ({ parent }) => {
  const { profileId } = await parent();
  const p = profile(profileId);
  return guard(async () => {
    const rows = await query('targets_series');
    const asOf = rows.find((r) => r.as_of_date)?.as_of_date ?? null;
    let thresholdSource = 'default';
    let thresholds = { ...DEFAULT_FORECAST_THRESHOLDS };
    const targets: TargetView[] = (p?.targets ?? []).map((t) => {
      const th = thresholdsOf(p, t);
      thresholdSource = th.source === 'policy' ? 'policy' : thresholdSource;
      thresholds = th.values;
      const series: SeriesPoint[] = rows
        .filter((r) => r.metric === t.metric && num(r.value) !== null)
        .map((r) => ({
          year: Number(r.year),
          value: r.value as number,
          numerator: num(r.numerator),
          denominator: num(r.denominator),
          records: num(r.records),
          complete: r.is_complete === true
        }));
      const usable = series.filter((s) => s.complete);
      let result: ForecastResult | null = null;
      let error: string | null = null;
      try {
        result = forecastTarget(
          { baseline_year: t.baseline_year, baseline_value: t.baseline_value, target_year: t.target_year, target_value: t.target_value, direction: t.direction },
          usable.map((s) => ({ year: s.year, value: s.value })),
          th.values
        );
      } catch (e) {
        error = `目标配置有误：${(e as Error).message}`;
      }
      const meta = TARGET_METRICS[t.metric as TargetMetric];
      return {
        metric: t.metric,
        title: t.title,
        unit: t.unit,
        source: meta?.source ?? '',
        clause: t.clause,
        statedInText: t.stated_in_text,
        baselineYear: t.baseline_year,
        baselineValue: t.baseline_value,
        targetYear: t.target_year,
        targetValue: t.target_value,
        direction: t.direction,
        series,
        incompleteYears: series.filter((s) => !s.complete && s.year > t.baseline_year).map((s) => s.year),
        result,
        error
      };
    });
    return {
      targets,
      profileName: p?.name ?? profileId ?? '—',
      profileFile: p?.source_file ?? '',
      profileError: p ? null : `未能读取政策配置 ${profileId ?? 'liaoning'}，没有目标可显示。`,
      thresholds,
      thresholdSource,
      asOf: asOf === null ? null : String(asOf)
    };
  });
};
