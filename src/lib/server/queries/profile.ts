/**
 * The policy profile (data/policy/<id>.yaml) the warehouse was built with, for thresholds such as the
 * 三色督办 `traffic_light`. Read from the working directory's data/policy (the bundled server cannot use
 * the ETL module's import.meta.url-based default), cached per id.
 */
import { resolve } from 'node:path';
import { loadProfile, listProfiles, type LoadedProfile } from '../../../../etl/policy/profile';
import { DEFAULT_PROGRESS_THRESHOLDS, type ProgressThresholds } from '$lib/analytics/progress';

const dir = () => resolve(process.env.POLICY_DIR || 'data/policy');
const cache = new Map<string, LoadedProfile | null>();

export function profile(id: string | null): LoadedProfile | null {
  const key = id || 'liaoning';
  if (!cache.has(key)) {
    try {
      cache.set(key, loadProfile(key, { dir: dir() }));
    } catch (e) {
      console.error(`读取策略配置 ${key} 失败：${(e as Error).message}`);
      cache.set(key, null);
    }
  }
  return cache.get(key) ?? null;
}

export interface Thresholds extends ProgressThresholds {
  source: string;
}

export function trafficLight(id: string | null): Thresholds {
  const p = profile(id);
  if (p?.traffic_light) {
    const t = p.traffic_light;
    return {
      yellow_behind_points: t.yellow_behind_points,
      red_behind_points: t.red_behind_points,
      blue_days_before_due: t.blue_days_before_due,
      source: `${p.source_file} traffic_light（${t.basis}）`
    };
  }
  return { ...DEFAULT_PROGRESS_THRESHOLDS, source: '默认值（未能读取策略配置）' };
}

let profileList: { id: string; name: string }[] | null = null;
export function profiles(): { id: string; name: string }[] {
  if (!profileList) {
    try {
      profileList = listProfiles({ dir: dir() }).map((p) => ({ id: p.id, name: p.name }));
    } catch (e) {
      console.error(`列出策略配置失败：${(e as Error).message}`);
      profileList = [];
    }
  }
  return profileList;
}
