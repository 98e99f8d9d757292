/**
 * 合规规则（policy rules as data）：在每次加载后的仓库上运行当前政策配置启用的规则。
 *
 * 每条规则是一份 SQL 文件 etl/models/rules/<rule_id>.sql（一个 SELECT，返回违规行的统一形状：
 * rule_id, unit_uscc, unit_name, source_table, source_file, source_row, record_key, observed, expected, detail），
 * 阈值从 profile_params（`<rule_id>.<param>`）读取，判定日从 meta.as_of_date 读取。本模块只负责：
 *   1. 核对仓库中的 profile_params 与所给配置一致（否则阈值会张冠李戴）；
 *   2. 按配置 rules[] 的顺序挑出启用规则的 SQL 文件并逐个运行；
 *   3. 由 rules/_build/finish.sql 生成 rule_violations（补上配置中的标题、严重程度、条款）与 mart_rule_summary。
 *
 * 在 run.ts 中的位置：meta（as_of_date、profile_id）写入之后、CHECKPOINT 之前：
 *   await buildRuleViolations(conn, profileId);
 */
import { existsSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { loadProfile, RULE_CATALOG, type Profile, type RuleId } from '../policy/profile';
import { exec, rows } from './db';
import { profileParams } from './dimensions';
import { MODELS_DIR, modelSql } from './sql-files';

/** Directory of the rule SQL files, relative to etl/models. */
export const RULES_REL = 'rules';

/** Path of a rule's SQL file relative to etl/models. */
export function ruleSqlPath(ruleId: string): string {
  return `${RULES_REL}/${ruleId}.sql`;
}

export interface RuleOutcome {
  rule_id: string;
  title: string;
  severity: 'violation' | 'advisory';
  clause: string;
  count: number;
}

export interface RuleBuildResult {
  profileId: string;
  asOfDate: string;
  rules: RuleOutcome[];
  total: number;
}

/** The SELECT of a rule file, without a trailing semicolon (it is wrapped in an INSERT). */
export function ruleSelect(ruleId: string): string {
  if (!(ruleId in RULE_CATALOG)) throw new Error(`未知的合规规则：${ruleId}（不在 RULE_CATALOG 中）`);
  const rel = ruleSqlPath(ruleId);
  if (!existsSync(MODELS_DIR + rel)) throw new Error(`合规规则 ${ruleId} 缺少 SQL 文件 etl/models/${rel}`);
  return modelSql(rel).replace(/;\s*$/, '');
}

/** Fails when the warehouse's profile_params were written from another profile (or another version of it). */
async function checkParams(conn: DuckDBConnection, profile: Profile): Promise<void> {
  const have = new Map((await rows<{ key: string; value: string }>(conn, 'SELECT key, value FROM profile_params')).map((r) => [r.key, r.value]));
  const ruleKeys = new Set(profile.rules.map((r) => r.id));
  const problems: string[] = [];
  for (const [key, value] of profileParams(profile)) {
    const ruleId = key.includes('.') ? key.slice(0, key.indexOf('.')) : '';
    if (!ruleKeys.has(ruleId as RuleId)) continue;
    if (!have.has(key)) problems.push(`${key} 缺失（配置中为 ${value}）`);
    else if (have.get(key) !== value) problems.push(`${key} 为 ${have.get(key)}，配置中为 ${value}`);
  }
  if (problems.length > 0) {
    throw new Error(`仓库中的政策参数（profile_params）与配置 ${profile.id} 不一致，请用该配置重新运行 ETL：${problems.join('；')}`);
  }
}

/**
 * Rebuilds rule_violations and mart_rule_summary from the rules the profile lists.
 * `profile` is a loaded profile or its id (data/policy/<id>.yaml).
 */
export async function buildRuleViolations(conn: DuckDBConnection, profile: Profile | string): Promise<RuleBuildResult> {
  const p = typeof profile === 'string' ? loadProfile(profile) : profile;
  const [hasMeta] = await rows<{ n: number }>(conn, "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'meta'");
  if (!hasMeta?.n) throw new Error('不是成果转化监测仓库（缺少 meta 表）：请先运行 ETL');
  const [asOf] = await rows<{ d: string | null }>(conn, "SELECT CAST(TRY_CAST(value AS DATE) AS VARCHAR) AS d FROM meta WHERE key = 'as_of_date'");
  if (!asOf?.d) throw new Error('仓库缺少判定日 meta.as_of_date：合规规则须在 ETL 写入 meta 之后运行');
  await checkParams(conn, p);
  // read every file first: a missing file fails before anything is written
  const selects = p.rules.map((r) => ({ rule: r, sql: ruleSelect(r.id) }));

  await exec(conn, modelSql(`${RULES_REL}/_build/setup.sql`));
  const active = p.rules.map((r, i) => ({
    rule_id: r.id,
    rule_title: r.title,
    severity: r.severity,
    clause: r.clause,
    applies_to: RULE_CATALOG[r.id].appliesTo,
    params: JSON.stringify(r.params ?? {}),
    sort_order: i + 1,
    profile_id: p.id
  }));
  await conn.run(modelSql(`${RULES_REL}/_build/active.sql`), [JSON.stringify(active)]);
  for (const { rule, sql } of selects) {
    try {
      await exec(conn, modelSql(`${RULES_REL}/_build/insert.sql`, { rule_sql: sql }));
    } catch (e) {
      throw new Error(`合规规则 ${rule.id}（etl/models/${ruleSqlPath(rule.id)}）运行失败：${(e as Error).message}`);
    }
  }
  await exec(conn, modelSql(`${RULES_REL}/_build/finish.sql`));

  const counts = new Map(
    (await rows<{ rule_id: string; n: number }>(conn, 'SELECT rule_id, count(*) AS n FROM rule_violations GROUP BY rule_id')).map((r) => [r.rule_id, r.n])
  );
  const outcomes: RuleOutcome[] = p.rules.map((r) => ({
    rule_id: r.id, title: r.title, severity: r.severity, clause: r.clause, count: counts.get(r.id) ?? 0
  }));
  return { profileId: p.id, asOfDate: asOf.d, rules: outcomes, total: outcomes.reduce((s, r) => s + r.count, 0) };
}
