/**
 * Dimensions that come from the policy profile rather than from the units' files: departments and
 * their aliases, the 43 tasks with their 牵头/配合 departments and schedule, and the profile's
 * thresholds (profile_params), all rebuilt at every load so the warehouse follows the YAML.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { loadDepartments, type DepartmentIndex } from '../policy/departments.ts';
import type { Profile } from '../policy/profile.ts';
import { exec } from './db.ts';

/** Insert many rows in one statement: the rows travel as one JSON text and DuckDB unnests them. */
async function insertRows(conn: DuckDBConnection, table: string, rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const width = rows[0]!.length;
  const cols = Array.from({ length: width }, (_, i) => `v${i}`);
  const objects = rows.map((r) => Object.fromEntries(r.map((v, i) => [`v${i}`, v === null || v === undefined ? null : String(v)])));
  const shape = `{${cols.map((c) => `"${c}": "VARCHAR"`).join(', ')}}`;
  await conn.run(`INSERT INTO ${table} SELECT ${cols.map((c) => `r.${c}`).join(', ')}
    FROM (SELECT unnest(from_json($1, '[${shape}]')) AS r)`, [JSON.stringify(objects)]);
}

/** Flatten the profile's thresholds into key/value/clause rows for SQL to read. */
export function profileParams(profile: Profile): Array<[string, string, string]> {
  const out: Array<[string, string, string]> = [];
  const due = profile.reporting.annual_report_due;
  out.push(['annual_report_due_month', String(due.month), due.basis], ['annual_report_due_day', String(due.day), due.basis]);
  for (const rule of profile.rules) {
    for (const [k, v] of Object.entries(rule.params ?? {})) out.push([`${rule.id}.${k}`, String(v), rule.clause]);
  }
  const tl = profile.traffic_light;
  if (tl) {
    out.push(['traffic_light.yellow_behind_points', String(tl.yellow_behind_points), tl.basis]);
    out.push(['traffic_light.red_behind_points', String(tl.red_behind_points), tl.basis]);
    out.push(['traffic_light.blue_days_before_due', String(tl.blue_days_before_due), tl.basis]);
  }
  if (profile.awards) out.push(['awards.max_award_wan', String(profile.awards.max_award_wan), profile.awards.clause]);
  return out;
}

/** The department spellings (temp table dept_aliases, read by int_task_progress and dims/unit_reports) on one connection. */
export async function writeDeptAliases(conn: DuckDBConnection, depts: DepartmentIndex): Promise<void> {
  await exec(conn, 'CREATE OR REPLACE TEMP TABLE dept_aliases (alias VARCHAR, name VARCHAR)');
  await insertRows(conn, 'dept_aliases', [...depts.aliasMap.entries()].map(([alias, name]) => [alias, name]));
}

/** The tables writeDimensions writes. */
export const DIMENSION_TABLES = ['departments', 'tasks', 'task_departments', 'profile_params'];

/** Write the dimensions (DIMENSION_TABLES) from the profile and the departments list. */
export async function writeDimensions(conn: DuckDBConnection, profile: Profile, depts: DepartmentIndex = loadDepartments()): Promise<void> {
  await exec(conn, 'DELETE FROM departments; DELETE FROM tasks; DELETE FROM task_departments; DELETE FROM profile_params;');
  await insertRows(conn, 'departments', depts.list.map((d) => [d.name, d.shortName, d.kind, d.sortOrder]));
  const schedule = profile.task_schedule;
  const planned = new Map((schedule?.planned ?? []).map((p) => [p.task_no, p.planned_date]));
  await insertRows(conn, 'tasks', (profile.tasks ?? []).map((t) => [
    t.no, t.direction_no, t.direction, t.measure_no, t.measure, t.text, schedule?.start_date ?? null, planned.get(t.no) ?? null, t.dept_source
  ]));
  await insertRows(conn, 'task_departments', (profile.tasks ?? []).flatMap((t) =>
    [t.lead, ...t.support].map((d, i) => [t.no, d, i === 0 ? '牵头' : '配合', i + 1])));
  await insertRows(conn, 'profile_params', profileParams(profile));
}
