/**
 * 2025 目标进度预测：基线、最新值、直线路径、按当前速度的线性预测与达标判断。
 *
 * Given a target {baseline_year, baseline_value, target_year, target_value, direction}
 * and observed points [{year, value}]:
 *   - Observations at or before baseline_year are ignored (the baseline is the official
 *     starting point); for a repeated year the last observation given wins.
 *   - latest: the observation with the largest year (null if none).
 *   - path: the straight line from (baseline_year, baseline_value) to
 *     (target_year, target_value), one value per whole year, both ends included.
 *   - forecast: least-squares line through the baseline point and all observations,
 *     evaluated at target_year. With a single observation that is the pace from the baseline
 *     to it (two points). With no observation there is no forecast (status null, 数据不足).
 *     If an observation exists for target_year itself, it is the outcome and is used
 *     instead of the line (method 'observed').
 *   - ratio = (forecast − baseline) / (target − baseline): the share of the required
 *     change the current pace delivers by target_year (direction is taken care of by the
 *     sign of the required change).
 *   - status, with thresholds from the profile (defaults):
 *       on_track  (达标在望) when ratio ≥ on_track_ratio (1.0: the forecast reaches the target);
 *       at_risk   (存在风险) when ratio ≥ at_risk_ratio (0.9: at least 90% of the required change);
 *       off_track (偏离目标) otherwise.
 *     When target = baseline (hold the level), ratio is undefined: on_track when the forecast
 *     is not worse than the target in the stated direction, off_track otherwise.
 * Invalid targets (target_year ≤ baseline_year, non-finite numbers, a target value on the
 * wrong side of the baseline for the direction) throw a RangeError: a profile error.
 */

export type TargetDirection = 'increase' | 'decrease';

export interface TargetSpec {
  baseline_year: number;
  baseline_value: number;
  target_year: number;
  target_value: number;
  direction: TargetDirection;
}

export interface Observation {
  year: number;
  value: number;
}

export interface ForecastThresholds {
  on_track_ratio?: number;
  at_risk_ratio?: number;
}

export type ForecastStatus = 'on_track' | 'at_risk' | 'off_track';

export const FORECAST_STATUS_LABELS: Readonly<Record<ForecastStatus, string>> = {
  on_track: '达标在望',
  at_risk: '存在风险',
  off_track: '偏离目标'
};

export const NO_DATA_LABEL = '数据不足';

export const DEFAULT_FORECAST_THRESHOLDS: Readonly<Required<ForecastThresholds>> = {
  on_track_ratio: 1,
  at_risk_ratio: 0.9
};

export interface PathPoint {
  year: number;
  expected: number;
}

export interface ForecastResult {
  latest: Observation | null;
  /** Straight path baseline → target, one point per year. */
  path: PathPoint[];
  /** Path value at the latest observation's year (null if no observation). */
  expectedAtLatest: number | null;
  /** latest − expectedAtLatest, oriented so that positive = ahead of the path. */
  aheadOfPath: number | null;
  /** Fitted pace, value per year (null when no forecast). */
  slope: number | null;
  /** Forecast value for target_year (null when no observations). */
  forecast: number | null;
  method: 'least_squares' | 'two_point' | 'observed' | 'none';
  /** target − baseline. */
  requiredChange: number;
  /** (forecast − baseline)/(target − baseline); null when undefined. */
  ratio: number | null;
  status: ForecastStatus | null;
  statusLabel: string;
  /** Whether the latest observation already meets the target. */
  achieved: boolean;
}

/** Expected value on the straight path at a given year (not clamped). */
export function pathValue(target: TargetSpec, year: number): number {
  const { baseline_year: by, baseline_value: bv, target_year: ty, target_value: tv } = target;
  return bv + ((tv - bv) * (year - by)) / (ty - by);
}

/** Ordinary least squares y = a + b·x. Needs ≥ 2 distinct x. */
export function linearFit(points: readonly Observation[]): { intercept: number; slope: number } {
  const n = points.length;
  let sx = 0;
  let sy = 0;
  for (const p of points) {
    sx += p.year;
    sy += p.value;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.year - mx) * (p.year - mx);
    sxy += (p.year - mx) * (p.value - my);
  }
  if (!(sxx > 0)) throw new RangeError('线性拟合至少需要两个不同年份的数据点');
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

function meets(value: number, target: TargetSpec): boolean {
  return target.direction === 'increase' ? value >= target.target_value : value <= target.target_value;
}

export function forecastTarget(
  target: TargetSpec,
  observations: readonly Observation[],
  thresholds: ForecastThresholds = {}
): ForecastResult {
  const { baseline_year: by, baseline_value: bv, target_year: ty, target_value: tv } = target;
  for (const [k, v] of Object.entries({ by, bv, ty, tv })) {
    if (!Number.isFinite(v)) throw new RangeError(`目标参数 ${k} 须为有限数`);
  }
  if (!(ty > by)) throw new RangeError(`目标年份（${ty}）须晚于基线年份（${by}）`);
  if ((target.direction === 'increase' && tv < bv) || (target.direction === 'decrease' && tv > bv)) {
    throw new RangeError(
      `目标方向为“${target.direction === 'increase' ? '提高' : '降低'}”，但目标值 ${tv} 与基线值 ${bv} 的关系与之矛盾`
    );
  }
  const onTrack = thresholds.on_track_ratio ?? DEFAULT_FORECAST_THRESHOLDS.on_track_ratio;
  const atRisk = thresholds.at_risk_ratio ?? DEFAULT_FORECAST_THRESHOLDS.at_risk_ratio;

  const byYear = new Map<number, number>();
  for (const o of observations) {
    if (Number.isFinite(o.year) && Number.isFinite(o.value) && o.year > by) byYear.set(o.year, o.value);
  }
  const obs: Observation[] = [...byYear.entries()].map(([year, value]) => ({ year, value })).sort((a, b) => a.year - b.year);

  const path: PathPoint[] = [];
  for (let y = Math.ceil(by); y <= ty; y++) path.push({ year: y, expected: pathValue(target, y) });

  const latest = obs.length > 0 ? (obs[obs.length - 1] as Observation) : null;
  const requiredChange = tv - bv;
  const sign = target.direction === 'increase' ? 1 : -1;
  const expectedAtLatest = latest ? pathValue(target, latest.year) : null;
  const aheadOfPath = latest && expectedAtLatest !== null ? sign * (latest.value - expectedAtLatest) : null;
  const achieved = latest ? meets(latest.value, target) : false;

  if (!latest) {
    return {
      latest,
      path,
      expectedAtLatest,
      aheadOfPath,
      slope: null,
      forecast: null,
      method: 'none',
      requiredChange,
      ratio: null,
      status: null,
      statusLabel: NO_DATA_LABEL,
      achieved
    };
  }

  const fit = linearFit([{ year: by, value: bv }, ...obs]);
  const atTarget = byYear.get(ty);
  const forecast = atTarget !== undefined ? atTarget : fit.intercept + fit.slope * ty;
  const method = atTarget !== undefined ? 'observed' : obs.length === 1 ? 'two_point' : 'least_squares';

  let ratio: number | null = null;
  let status: ForecastStatus;
  if (Math.abs(requiredChange) <= 1e-12 * Math.max(1, Math.abs(bv))) {
    status = meets(forecast, target) ? 'on_track' : 'off_track';
  } else {
    ratio = (forecast - bv) / requiredChange;
    status = ratio >= onTrack - 1e-12 ? 'on_track' : ratio >= atRisk - 1e-12 ? 'at_risk' : 'off_track';
  }
  return {
    latest,
    path,
    expectedAtLatest,
    aheadOfPath,
    slope: fit.slope,
    forecast,
    method,
    requiredChange,
    ratio,
    status,
    statusLabel: FORECAST_STATUS_LABELS[status],
    achieved
  };
}
