/**
 * 考核评价的权重方案（辽宁（十三））：保存在应用数据库（$lib/server/appdb 的 getAppDb()），表 eval_weight_schemes
 * 由本目录的 schema.sql 建立（CREATE TABLE IF NOT EXISTS，第一次使用时执行）。
 *
 * - 每次保存都是新版本：同一政策配置下同名方案的版本号从 1 起递增；已保存的版本不修改、不删除。
 * - 每次保存写一条审计日志（appendAudit，动作 evaluation.weights.save）。
 * - 语句在 queries.sql 中按名称取用，参数绑定。
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

import { appendAudit } from '../appdb/audit';
import { namedStatements, readRowObjects } from '../appdb/sqlfile';
import { appDbWithSchema } from '../appdb/schema-ready';
import schemaSql from './schema.sql?raw';
import queriesSql from './queries.sql?raw';

export type Weighting = 'manual' | 'ahp' | 'entropy';
export type Normalization = 'min_max' | 'z_score' | 'vector' | 'percentile';

export interface WeightScheme {
  id: number;
  profile_id: string;
  name: string;
  version: number;
  weighting: Weighting;
  normalization: Normalization;
  /** indicator id → weight (sum 1) */
  weights: Record<string, number>;
  /** AHP upper triangle tokens ("3", "1/2", …), when weighting = ahp */
  ahp: string[] | null;
  consistency_ratio: number | null;
  data_year: number | null;
  scope: { type: string | null; dept: string | null };
  note: string | null;
  created_by: string;
  /** ISO time, UTC */
  created_at: string;
}

export interface NewScheme {
  profileId: string;
  name: string;
  weighting: Weighting;
  normalization: Normalization;
  weights: Record<string, number>;
  ahp: string[] | null;
  consistencyRatio: number | null;
  dataYear: number | null;
  scope: { type: string | null; dept: string | null };
  note: string | null;
}

export class SchemeError extends Error {}

const sql = namedStatements(queriesSql, 'src/lib/server/weights/queries.sql');

async function rowsOf(c: DuckDBConnection, name: string, params: Record<string, DuckDBValue>): Promise<Record<string, unknown>[]> {
  return readRowObjects(c, sql(name), params);
}

const db = appDbWithSchema(schemaSql);

function parseJson<T>(v: unknown, fallback: T): T {
  if (typeof v !== 'string') return fallback;
  try {
    return JSON.parse(v) as T;
  } catch {
    return fallback;
  }
}

function toScheme(r: Record<string, unknown>): WeightScheme {
  const scope = parseJson<{ type?: string | null; dept?: string | null }>(r.scope_json, {});
  return {
    id: Number(r.id),
    profile_id: String(r.profile_id),
    name: String(r.name),
    version: Number(r.version),
    weighting: String(r.weighting) as Weighting,
    normalization: String(r.normalization) as Normalization,
    weights: parseJson<Record<string, number>>(r.weights_json, {}),
    ahp: parseJson<string[] | null>(r.ahp_json, null),
    consistency_ratio: typeof r.consistency_ratio === 'number' ? r.consistency_ratio : null,
    data_year: typeof r.data_year === 'number' ? r.data_year : null,
    scope: { type: scope.type ?? null, dept: scope.dept ?? null },
    note: typeof r.note === 'string' ? r.note : null,
    created_by: String(r.created_by),
    created_at: String(r.created_at)
  };
}

/** Every saved version for a profile, by name, newest version first. */
export async function listSchemes(profileId: string): Promise<WeightScheme[]> {
  const d = await db();
  return d.withConnection(async (c) => (await rowsOf(c, 'list_schemes', { profile_id: profileId })).map(toScheme));
}

export async function getScheme(id: number): Promise<WeightScheme | null> {
  const d = await db();
  const rows = await d.withConnection((c) => rowsOf(c, 'get_scheme', { id }));
  return rows[0] ? toScheme(rows[0]) : null;
}

/** A scheme name: trimmed, 1–40 characters, no control characters. */
export function cleanName(raw: unknown): string {
  const name = String(raw ?? '').trim();
  if (!name) throw new SchemeError('请填写方案名称。');
  if (name.length > 40) throw new SchemeError('方案名称不超过 40 个字。');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new SchemeError('方案名称含有控制字符。');
  return name;
}

/** Saves a new version (version = last version of that name + 1) and records it in the audit log. */
export async function saveScheme(s: NewScheme, actor: { name: string; ip: string | null }): Promise<WeightScheme> {
  const name = cleanName(s.name);
  const note = s.note ? String(s.note).trim().slice(0, 200) || null : null;
  const sum = Object.values(s.weights).reduce((a, b) => a + b, 0);
  if (!Object.values(s.weights).every((w) => Number.isFinite(w) && w >= 0) || !(Math.abs(sum - 1) < 1e-6)) {
    throw new SchemeError('权重须为非负数且合计为 1。');
  }
  const d = await db();
  const now = new Date().toISOString();
  let saved: WeightScheme | null = null;
  // Two saves of the same name at once: the second hits the UNIQUE constraint and retries with the next version.
  for (let attempt = 0; attempt < 3 && !saved; attempt++) {
    try {
      saved = await d.withConnection(async (c) => {
        await c.run('BEGIN TRANSACTION');
        try {
          const [v] = await rowsOf(c, 'next_version', { profile_id: s.profileId, name });
          const version = Number(v?.version ?? 1);
          const [ins] = await rowsOf(c, 'insert_scheme', {
            profile_id: s.profileId,
            name,
            version,
            weighting: s.weighting,
            normalization: s.normalization,
            weights_json: JSON.stringify(s.weights),
            ahp_json: s.ahp ? JSON.stringify(s.ahp) : null,
            consistency_ratio: s.consistencyRatio,
            data_year: s.dataYear,
            scope_json: JSON.stringify(s.scope),
            note,
            created_by: actor.name,
            now
          });
          await c.run('COMMIT');
          const [row] = await rowsOf(c, 'get_scheme', { id: Number(ins?.id) });
          return toScheme(row!);
        } catch (e) {
          try {
            await c.run('ROLLBACK');
          } catch {
            /* already rolled back */
          }
          throw e;
        }
      });
    } catch (e) {
      if (attempt < 2 && /constraint|conflict/i.test((e as Error).message)) continue;
      throw e;
    }
  }
  await appendAudit(d, {
    actor: actor.name,
    ip: actor.ip,
    action: 'evaluation.weights.save',
    entity: `weight_scheme:${saved!.profile_id}/${saved!.name}#v${saved!.version}`,
    after: {
      id: saved!.id,
      name: saved!.name,
      version: saved!.version,
      weighting: saved!.weighting,
      normalization: saved!.normalization,
      weights: saved!.weights,
      ahp: saved!.ahp,
      consistency_ratio: saved!.consistency_ratio,
      data_year: saved!.data_year,
      scope: saved!.scope,
      note: saved!.note
    }
  });
  return saved!;
}
