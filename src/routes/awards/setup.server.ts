/** Server side of the 奖补资格 page: the profile's award rules and the year's candidates (mart_award_candidates). */
import { query } from '$lib/server/queries';
import { profile } from '$lib/server/queries/profile';
import { PARK_LEVELS } from '../../../etl/policy/profile';
import type { AwardRules } from '$lib/analytics';
import type { AwardSettings, CandidateRow } from './model';

export interface AwardsSetup {
  profileId: string;
  profileName: string;
  profileFile: string;
  settings: AwardSettings | null;
  /** Chinese message when the profile has no award rules or could not be read. */
  settingsError: string | null;
}

export function awardsSetup(profileId: string | null): AwardsSetup {
  const p = profile(profileId);
  const id = profileId ?? 'liaoning';
  if (!p) return { profileId: id, profileName: id, profileFile: '', settings: null, settingsError: `未能读取政策配置 ${id}。` };
  if (!p.awards) {
    return { profileId: p.id, profileName: p.name, profileFile: p.source_file, settings: null, settingsError: `${p.name}的政策配置（${p.source_file}）没有奖补规则（awards）。` };
  }
  const a = p.awards;
  const rules: AwardRules = { eligible_grades: a.eligible_grades, categories: a.categories, clause: a.clause };
  const grades = a.eligible_grades.map((g) => `“${g}”`).join('或');
  const summary =
    a.categories
      .map((c) => {
        const lv = c.min_level ? `，且级别为${c.min_level}及以上（${PARK_LEVELS.slice(PARK_LEVELS.indexOf(c.min_level)).join('、')}）` : '（不限级别）';
        return `${c.category}：年度评估${grades}${lv}`;
      })
      .join('；') + `；每家不超过 ${a.max_award_wan} 万元。`;
  return {
    profileId: p.id,
    profileName: p.name,
    profileFile: p.source_file,
    settings: { clause: a.clause, maxAward: a.max_award_wan, rules, summary },
    settingsError: null
  };
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

export async function loadCandidates(year: number): Promise<CandidateRow[]> {
  const rows = await query('awards_candidates', { year });
  return rows.map((r) => ({
    year: Number(r.year),
    name: String(r.name ?? '（未填名称）'),
    category: str(r.category),
    level: str(r.level),
    grade: str(r.grade),
    score: num(r.score),
    requested: num(r.requested_award_wan),
    host: str(r.host_unit),
    incubating: num(r.incubating_count),
    graduated: num(r.graduated_count),
    file: str(r.source_file),
    row: num(r.source_row)
  }));
}
