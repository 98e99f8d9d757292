// Every rule of the catalog has its SQL file, with a leading comment quoting its clause, and the
// rule SQL holds no thresholds of its own (they come from profile_params).
import { readdirSync, readFileSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listProfiles, loadProfile, RULE_CATALOG } from '../../etl/policy/profile';
import { ruleSelect } from '../../etl/load/rules';
import { profileParams } from '../../etl/load/dimensions';
import { rows } from '../../etl/load/db';
import { MODELS_DIR, modelSql } from '../../etl/load/sql-files';

const SHAPE = [
  ['rule_id', 'VARCHAR'], ['unit_uscc', 'VARCHAR'], ['unit_name', 'VARCHAR'], ['source_table', 'VARCHAR'], ['source_file', 'VARCHAR'],
  ['source_row', 'INTEGER'], ['record_key', 'VARCHAR'], ['observed', 'VARCHAR'], ['expected', 'VARCHAR'], ['detail', 'VARCHAR']
];

// an empty warehouse (schema only) with the params of every profile, to describe each rule's SELECT
let inst: DuckDBInstance;
let conn: DuckDBConnection;
beforeAll(async () => {
  inst = await DuckDBInstance.create(':memory:');
  conn = await inst.connect();
  for (const f of ['macros.sql', 'schema/facts.sql', 'schema/warehouse.sql']) await conn.run(modelSql(f));
  for (const p of PROFILES) {
    for (const [k, v, c] of profileParams(p)) await conn.run('INSERT OR REPLACE INTO profile_params VALUES ($1, $2, $3)', [k, v, c]);
  }
  await conn.run("INSERT INTO meta VALUES ('as_of_date', '2026-11-20')");
});
afterAll(() => {
  conn.closeSync();
  inst.closeSync();
});

const RULES_DIR = MODELS_DIR + 'rules/';
const PROFILES = listProfiles().map((p) => loadProfile(p.id));
const ids = Object.keys(RULE_CATALOG);
const files = readdirSync(RULES_DIR).filter((f) => f.endsWith('.sql')).map((f) => f.slice(0, -4)).sort();

/** SQL without comments and string literals. */
const code = (sql: string) => sql.replace(/--[^\n]*/g, ' ').replace(/'(?:[^']|'')*'/g, "''");

describe('rule files', () => {
  it('one SQL file per catalog rule, and no file without a catalog rule', () => {
    expect(files).toEqual([...ids].sort());
  });

  for (const id of ids) {
    it(`${id}: starts with a comment naming the rule and quoting its clause; selects the common shape`, () => {
      const sql = readFileSync(`${RULES_DIR}${id}.sql`, 'utf8');
      const head = sql.split('\n').filter((l) => l.startsWith('--'));
      expect(sql.startsWith(`-- 规则 ${id}`)).toBe(true);
      expect(head.join('\n')).toMatch(/条款.*[“"]/);
      expect(sql).toContain(`'${id}' AS rule_id`);
      expect(ruleSelect(id).trimEnd().endsWith(';')).toBe(false);
    });

    it(`${id}: its SELECT has the common shape and runs on an empty warehouse`, async () => {
      const d = await rows<{ column_name: string; column_type: string }>(conn, `DESCRIBE ${ruleSelect(id)}`);
      expect(d.map((r) => [r.column_name, r.column_type])).toEqual(SHAPE);
      expect(await rows(conn, ruleSelect(id))).toEqual([]);
    });

    it(`${id}: no threshold literals in the SQL; every param of every profile is read from profile_params`, () => {
      const sql = readFileSync(`${RULES_DIR}${id}.sql`, 'utf8');
      const literals = [...code(sql).matchAll(/(?<![\w.])\d+(?:\.\d+)?(?![\w.])/g)].map((m) => m[0]);
      expect(literals.filter((n) => !['0', '1', '2'].includes(n))).toEqual([]);
      for (const p of PROFILES) {
        const rule = p.rules.find((r) => r.id === id);
        for (const key of Object.keys(rule?.params ?? {})) expect(sql).toContain(`'${id}.${key}'`);
      }
    });
  }

  it('every rule a profile lists is in the catalog', () => {
    for (const p of PROFILES) for (const r of p.rules) expect(ids).toContain(r.id);
    // and every catalog rule is used by some profile (so each one is exercised by rules.test.ts)
    expect(new Set(PROFILES.flatMap((p) => p.rules.map((r) => r.id)))).toEqual(new Set(ids));
  });
});
