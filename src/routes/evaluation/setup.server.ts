/** Server side of the 考核评价 page: the profile's indicator system and the year's indicator rows. */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { bindValues, getSql, query } from '$lib/server/queries';
import { perFileCache, withConnection } from '$lib/server/db/warehouse';
import { profile } from '$lib/server/queries/profile';
import { EVALUATION_METRICS, type EvaluationMetric } from '../../../etl/policy/profile';
import type { NormalizationMethod } from '$lib/analytics';
import { decodeMatrix, encodeMatrix, evalView, matrixOf, stateParams, type EvalMatrix, type EvalState, type EvalUnit, type EvalView, type Indicator, type Weighting } from './model';

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

/** The profile the served warehouse was built with (meta profile_id; the layout reads the same). */
export async function warehouseProfileId(): Promise<string | null> {
  const meta = await query('layout_meta');
  const v = meta.find((r) => r.key === 'profile_id')?.value;
  return v === null || v === undefined ? null : String(v);
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

/** The year's rows of queries/evaluation_indicators.sql as columns (no object per row), with the defaults applied once. */
interface UnitColumns {
  id: string[];
  name: string[];
  type: string[];
  dept: string[];
  hasReport: boolean[];
  /** By metric name; null = not reported. */
  metrics: Record<string, (number | null)[]>;
}

async function loadColumns(year: number): Promise<UnitColumns> {
  const name = 'evaluation_indicators';
  const reader = await withConnection((c) => c.runAndReadAll(getSql(name), bindValues(name, { year })));
  const at = new Map(reader.columnNames().map((n, j) => [n, j]));
  const cols = reader.getColumnsJS();
  const col = (n: string) => cols[at.get(n)!]!;
  const text = (n: string, dflt: (i: number) => string) => col(n).map((v, i) => (v === null || v === undefined ? dflt(i) : String(v)));
  const id = text('unit_uscc', () => '');
  const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null);
  return {
    id,
    name: text('unit_name', (i) => id[i]!),
    type: text('unit_type', () => '未分类'),
    dept: text('supervising_dept', () => '未登记'),
    hasReport: col('has_report').map((v) => v === true),
    metrics: Object.fromEntries(METRICS.map((m) => [m, col(m).map(num)]))
  };
}

/** One object per unit: for the server's own ranking (saving a weight scheme, the Excel export). */
export async function loadUnits(year: number): Promise<EvalUnit[]> {
  const c = await loadColumns(year);
  return c.id.map((id, i) => ({
    id,
    name: c.name[i]!,
    type: c.type[i]!,
    dept: c.dept[i]!,
    hasReport: c.hasReport[i]!,
    metrics: Object.fromEntries(METRICS.map((m) => [m, c.metrics[m]![i] ?? null]))
  }));
}

/** The compact matrix of the page (the same values as loadUnits, see packUnits). */
export async function loadMatrix(year: number, indicators: readonly Indicator[]): Promise<EvalMatrix> {
  const c = await loadColumns(year);
  return matrixOf(c.id, c.name, c.type, c.dept, c.hasReport, (metric) => c.metrics[metric] ?? c.id.map(() => null), indicators);
}

/**
 * The year's matrix while the warehouse file is served: decoded (the server's first paint) and as the JSON body
 * of GET /evaluation/matrix, plain and gzipped, with its ETag (a hash of the body).
 */
export interface ServedMatrix {
  matrix: EvalMatrix;
  /** The JSON body, UTF-8. */
  json: Uint8Array<ArrayBuffer>;
  gzip: Uint8Array<ArrayBuffer>;
  etag: string;
}

export function servedMatrix(setup: EvaluationSetup, year: number): Promise<ServedMatrix> {
  return perFileCache(`evaluation-matrix:${setup.profileId}:${year}`, async () => {
    const wire = encodeMatrix(await loadMatrix(year, setup.indicators));
    const json = new TextEncoder().encode(JSON.stringify(wire));
    const etag = `"${createHash('sha256').update(json).digest('base64url').slice(0, 22)}"`;
    // the server ranks the same values the browser gets (the wire form: a non-finite number is null there)
    return { matrix: decodeMatrix(wire), json, gzip: new Uint8Array(gzipSync(json)), etag };
  });
}

/** The URL the page fetches the matrix from: the ETag as `v`, so a new warehouse gives a new URL. */
export const matrixUrl = (year: number, m: ServedMatrix) => `/evaluation/matrix?year=${year}&v=${encodeURIComponent(m.etag.replaceAll('"', ''))}`;

/** First paints kept per warehouse file: the default state's first pages (what most visits ask for); others are computed. */
const KEPT_PAGES = 10;

/** The first paint of one state and page of the ranking. */
export function servedView(setup: EvaluationSetup, year: number, m: ServedMatrix, s: EvalState, askedPage: number, size: number): Promise<EvalView> {
  const compute = async () => evalView(m.matrix, s, setup.indicators, askedPage, size);
  const isDefault = Object.values(stateParams(s, setup.indicators, setup.defaults)).every((v) => v === null);
  if (!isDefault || askedPage > KEPT_PAGES) return compute();
  return perFileCache(`evaluation-view:${setup.profileId}:${year}:${askedPage}:${size}`, compute);
}
