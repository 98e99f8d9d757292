/**
 * Fixtures for the rule and issue-4 mart tests: small CSVs in contract format, built from rows
 * keyed by the contract's English column names (headers and column order come from
 * etl/contract/contract.yaml), loaded with the real ETL, then the rules are built on the result.
 */
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { runLoad } from '../../etl/load/run';
import { buildRuleViolations, type RuleBuildResult } from '../../etl/load/rules';
import { rows, type Row } from '../../etl/load/db';
import { contractColumns, type KindId } from '../../etl/sample/spec';
import type { Profile } from '../../etl/policy/profile';
import { tempDir, uscc, writeFile } from '../etl/load/helpers';

export type Cells = Record<string, string | number | boolean | null | undefined>;

function cell(v: Cells[string]): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? '是' : '否';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A CSV of one input kind: canonical headers in contract order, one line per row (unknown keys are an error). */
export function csvOf(kind: KindId, data: Cells[]): string {
  const k = contractColumns()[kind];
  for (const r of data) {
    for (const key of Object.keys(r)) if (!(key in k.idx)) throw new Error(`${kind} 没有列 ${key}`);
  }
  return [k.headers.join(','), ...data.map((r) => k.names.map((n) => cell(r[n])).join(','))].join('\n') + '\n';
}

export const U1 = uscc(101);
export const U2 = uscc(102);
export const U3 = uscc(103);
export const NAMES: Record<string, string> = { [U1]: '规则测试大学', [U2]: '规则测试研究所', [U3]: '只有台账的医院' };

/** A ledger row that breaks no rule unless overridden (granted, converted, acquired recently, not empowered). */
export function ach(unit: string, no: string, over: Cells = {}): Cells {
  return {
    unit_uscc: unit, unit_name: NAMES[unit], achievement_no: no, title: `成果${no}`, achievement_type: '专利权',
    inventors: '张三', acquired_date: '2025-03-01', conversion_status: '已转化', conversion_count: 1, conversion_method: '转让',
    conversion_amount_wan: 10, appraised_value_wan: null, empowerment_type: '无', empowerment_years: null,
    inventor_share_pct: null, in_pay_later_pool: false, is_classified: false, ...over
  };
}

/** A contract row that breaks no rule unless overridden. */
export function con(unit: string, no: string, over: Cells = {}): Cells {
  return {
    contract_no: no, unit_uscc: unit, achievement_no: null, conversion_method: '转让', assignee_name: '甲公司',
    assignee_type: '非国有企业', amount_wan: 100, signed_date: '2025-03-01', pricing_method: '评估定价', notice_days: null,
    is_appraised: false, net_income_wan: 90, inventor_reward_pct: 75, tto_share_pct: 5, fund_share_pct: 10,
    uses_horizontal_surplus: false, is_pay_later: false, ...over
  };
}

/** An annual report row (all counts zero unless overridden). */
export function report(unit: string, year: number, submitted: string, over: Cells = {}): Cells {
  return {
    year, unit_uscc: unit, unit_name: NAMES[unit], unit_type: unit === U2 ? '科研院所' : '高校',
    supervising_dept: unit === U2 ? '省科技厅' : '省教育厅', submitted_date: submitted,
    transfer_count: 0, transfer_wan: 0, license_count: 0, license_wan: 0, equity_count: 0, equity_wan: 0,
    dev_count: 0, dev_wan: 0, consult_count: 0, consult_wan: 0, service_count: 0, service_wan: 0,
    reward_cash_wan: 0, reward_equity_wan: 0, empowered_count: 0, pay_later_count: 0, tto_staff: 0,
    has_tto: false, has_separate_mgmt: false, has_empowerment_rules: false, has_exemption_rules: false, ...over
  };
}

export interface FixtureFiles {
  ledger?: Cells[];
  contracts?: Cells[];
  annual_reports?: Cells[];
  park_evaluations?: Cells[];
}

/** Writes the files into a new temp folder; returns their paths. */
export function writeFixture(files: FixtureFiles): { dir: string; inputs: string[] } {
  const dir = tempDir('rules-test-');
  const inputs: string[] = [];
  if (files.ledger) inputs.push(writeFile(dir, '台账.csv', csvOf('ledger', files.ledger)));
  if (files.contracts) inputs.push(writeFile(dir, '合同.csv', csvOf('contracts', files.contracts)));
  if (files.annual_reports) inputs.push(writeFile(dir, '年报.csv', csvOf('annual_reports', files.annual_reports)));
  if (files.park_evaluations) inputs.push(writeFile(dir, '园区.csv', csvOf('park_evaluations', files.park_evaluations)));
  return { dir, inputs };
}

export interface Built {
  db: string;
  result: RuleBuildResult;
  /** rows of a query on the built warehouse */
  q: <T extends Row = Row>(sql: string) => Promise<T[]>;
}

/**
 * Loads the inputs with the real ETL under a profile, then builds the rule violations on the
 * published warehouse (as run.ts will once the call is wired in). `profile` may be a modified
 * profile object; `tweak` runs SQL on the warehouse before the rules (e.g. to change profile_params).
 */
export async function buildWarehouse(
  inputs: string[],
  opts: { profileId: string; asOf: string; profile?: Profile; tweak?: string; dir?: string }
): Promise<Built> {
  const dir = opts.dir ?? tempDir('rules-wh-');
  const db = join(dir, 'w.duckdb');
  const summary = await runLoad({ db, inputs, profileId: opts.profileId, asOf: opts.asOf });
  const rejected = summary.files.reduce((s, f) => s + f.rowsRejected, 0);
  const inst = await DuckDBInstance.create(db);
  const conn = await inst.connect();
  try {
    if (rejected > 0) {
      const why = await rows(conn, 'SELECT file_name, source_row, column_name, value, reason FROM etl_rejects');
      throw new Error(`fixture rows were rejected: ${JSON.stringify(why)}`);
    }
    if (opts.tweak) await conn.run(opts.tweak);
    const result = await buildRuleViolations(conn, opts.profile ?? opts.profileId);
    await conn.run('CHECKPOINT');
    return {
      db,
      result,
      q: async <T extends Row = Row>(sql: string) => {
        const i2 = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
        const c2 = await i2.connect();
        try {
          return await rows<T>(c2, sql);
        } finally {
          c2.closeSync();
          i2.closeSync();
        }
      }
    };
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}
