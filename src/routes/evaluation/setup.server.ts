/** Server side of the 考核评价 page: the profile's indicator system and the year's indicator rows. */
import { query } from '$lib/server/queries';
import { profile } from '$lib/server/queries/profile';
import { EVALUATION_METRICS, type EvaluationMetric } from '../../../etl/policy/profile';
import type { NormalizationMethod } from '$lib/analytics';
import type { EvalUnit, Indicator, Weighting } from './model';

export interface EvaluationSetup {
  profileId: string;
  profileName: string;
  profileFile: string;
  clause: string;
  indicators: Indicator[];
  defaults: { norm: NormalizationMethod; wm: Weighting };
  /** Chinese message when the profile could not be read. */
  profileError: string | null;
}

export function evaluationSetup(profileId: string | null): EvaluationSetup {
  const p = profile(profileId);
  if (!p) {
    return {
      profileId: profileId ?? 'liaoning',
      profileName: profileId ?? '—',
      profileFile: '',
      clause: '',
      indicators: [],
      defaults: { norm: 'min_max', wm: 'manual' },
      profileError: `未能读取政策配置 ${profileId ?? 'liaoning'}，无法确定评价指标体系。`
    };
  }
  return {
    profileId: p.id,
    profileName: p.name,
    profileFile: p.source_file,
    clause: p.evaluation.clause,
    indicators: p.evaluation.indicators.map((i) => ({
      id: i.id,
      title: i.title,
      metric: i.metric,
      direction: i.direction,
      weight: i.weight,
      source: `${EVALUATION_METRICS[i.metric as EvaluationMetric].title}；${EVALUATION_METRICS[i.metric as EvaluationMetric].source}`
    })),
    defaults: { norm: p.evaluation.normalization, wm: p.evaluation.weighting },
    profileError: null
  };
}

const METRICS = Object.keys(EVALUATION_METRICS) as EvaluationMetric[];

export async function loadUnits(year: number): Promise<EvalUnit[]> {
  const rows = await query('evaluation_indicators', { year });
  return rows.map((r) => ({
    id: String(r.unit_uscc),
    name: String(r.unit_name ?? r.unit_uscc),
    type: String(r.unit_type ?? '未分类'),
    dept: String(r.supervising_dept ?? '未登记'),
    hasReport: r.has_report === true,
    metrics: Object.fromEntries(METRICS.map((m) => [m, typeof r[m] === 'number' ? (r[m] as number) : null]))
  }));
}
