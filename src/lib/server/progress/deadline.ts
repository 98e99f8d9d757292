/**
 * 周报截止规则。政策配置 data/policy/<id>.yaml 中若有
 *
 *   reporting:
 *     weekly_progress_due: { weekday: 5, time: '18:00', week_offset: 0, basis: 依据的条款或约定 }
 *
 * 则按它（weekday 1 = 周一 … 7 = 周日；week_offset 0 = 报告周当周，1 = 下一周；time 为北京时间）；
 * 否则默认“报告周的周五 18:00（北京时间）”。这里直接读 YAML 文本（不经过 etl/policy/profile.ts 的严格校验），
 * 因此键写错时不会让整份配置失效，而是退回默认规则并在 source 中说明。
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { DeadlineRule } from './week';

export const DEFAULT_DEADLINE: DeadlineRule = {
  weekday: 5,
  time: '18:00',
  weekOffset: 0,
  source: '系统默认：报告周的周五 18:00（北京时间）（政策配置未规定周报时限）'
};

const ruleSchema = z.strictObject({
  weekday: z.int().min(1).max(7),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '应为 HH:MM'),
  week_offset: z.union([z.literal(0), z.literal(1)]).default(0),
  basis: z.string().min(1)
});

export function policyDir(): string {
  return path.resolve(process.env.POLICY_DIR || 'data/policy');
}

const cache = new Map<string, { mtime: number; rule: DeadlineRule }>();

/** 政策配置 profileId 的周报截止规则（文件修改后重新读取）。 */
export function deadlineRule(profileId: string | null, dir: string = policyDir()): DeadlineRule {
  const id = profileId && /^[a-z][a-z0-9_-]*$/.test(profileId) ? profileId : 'liaoning';
  const file = path.join(dir, `${id}.yaml`);
  if (!existsSync(file)) return DEFAULT_DEADLINE;
  const mtime = statSync(file).mtimeMs;
  const hit = cache.get(file);
  if (hit && hit.mtime === mtime) return hit.rule;
  let rule = DEFAULT_DEADLINE;
  try {
    const doc = parse(readFileSync(file, 'utf8')) as { reporting?: { weekly_progress_due?: unknown } } | null;
    const raw = doc?.reporting?.weekly_progress_due;
    if (raw !== undefined) {
      const r = ruleSchema.safeParse(raw);
      if (r.success) {
        rule = {
          weekday: r.data.weekday,
          time: r.data.time,
          weekOffset: r.data.week_offset,
          source: `${path.basename(dir)}/${id}.yaml reporting.weekly_progress_due（${r.data.basis}）`
        };
      } else {
        rule = { ...DEFAULT_DEADLINE, source: `${DEFAULT_DEADLINE.source}；${id}.yaml 的 reporting.weekly_progress_due 格式不正确，未采用` };
      }
    }
  } catch (e) {
    console.error(`[progress] 读取 ${file} 的周报截止规则失败：${(e as Error).message}`);
  }
  cache.set(file, { mtime, rule });
  return rule;
}
