// The value parsers of etl/models/macros.sql: what people type in a ledger, and what it becomes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { rows } from '../../../etl/load/db.ts';
import { modelSql } from '../../../etl/load/sql-files.ts';
import { isValidUscc, usccCheckChar } from '../../../etl/lib/uscc.ts';

let inst: DuckDBInstance;
let conn: DuckDBConnection;
beforeAll(async () => {
  inst = await DuckDBInstance.create(':memory:');
  conn = await inst.connect();
  await conn.run(modelSql('macros.sql'));
});
afterAll(() => { conn.closeSync(); inst.closeSync(); });

async function parse(fn: string, inputs: Array<string | null>): Promise<unknown[]> {
  const r = await rows<{ v: unknown }>(conn, `SELECT CAST(${fn}(x) AS VARCHAR) AS v FROM unnest(from_json($1, '["VARCHAR"]')) WITH ORDINALITY AS t(x, i) ORDER BY i`, [JSON.stringify(inputs)]);
  return r.map((x) => x.v);
}

describe('macros', () => {
  it('parse_amount reads 万元 as written and refuses what it cannot read', async () => {
    expect(await parse('parse_amount', ['1,234.5', '12.3万元', '12.3万', ' 46 ', '１２．５', '1.2亿元', '5000元', 'abc', '', null, '-3', 'nan', 'inf', '1e5']))
      .toEqual(['1234.5', '12.3', '12.3', '46.0', '12.5', '12000.0', null, null, null, null, '-3.0', null, null, null]);
  });
  it('clean_text trims ASCII and full-width space, tabs, line breaks and a BOM, and keeps inner text', async () => {
    expect(await parse('clean_text', ['\u3000甲公司\u3000', '\t乙 公司\r\n', '\ufeff丙', '  ', '\u3000', '', null, '中 间', '=A1']))
      .toEqual(['甲公司', '乙 公司', '丙', null, null, null, null, '中 间', '=A1']);
    expect(await parse('is_blank_text', [' \u3000\t', '', null, ' x'])).toEqual(['true', 'true', 'true', 'false']);
  });
  it('parse_date reads the usual spellings and Excel serials, and refuses impossible dates', async () => {
    expect(await parse('parse_date', ['2021/3/5', '2021年3月5日', '2021-03-05', '2021.3.5', '20210305', '44260', '2021-03-05 00:00:00', '2023-02-30', '2021-13-01', '三月五日', null]))
      .toEqual(['2021-03-05', '2021-03-05', '2021-03-05', '2021-03-05', '2021-03-05', '2021-03-05', '2021-03-05', null, null, null, null]);
  });
  it('parse_bool, parse_pct, parse_int', async () => {
    expect(await parse('parse_bool', ['是', '否', 'Y', 'n', '√', '×', '也许', null])).toEqual(['true', 'false', 'true', 'false', 'true', 'false', null, null]);
    expect(await parse('parse_pct', ['90', '90%', '90.5％', '0.9', '百分之九十'])).toEqual(['90.0', '90.0', '90.5', '0.9', null]);
    expect(await parse('parse_int', ['12', '1,200', '12.0', '12.5', '-3', 'x'])).toEqual(['12', '1200', '12', null, '-3', null]);
  });
  it('parse_week gives the Monday of an ISO week', async () => {
    expect(await parse('parse_week', ['2026-W46', '2026W46', '2026年第46周', '2021-W53', '2020-W53', '2026-W60'])).toEqual(['2026-11-09', '2026-11-09', '2026-11-09', null, '2020-12-28', null]);
  });
  it('uscc_ok agrees with the TypeScript check digit on random codes', async () => {
    const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const body = fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 17, maxLength: 17 }).map((a) => a.map((i) => CHARS[i]).join(''));
    const samples = fc.sample(fc.tuple(body, fc.integer({ min: 0, max: 30 }), fc.boolean()), 500).map(([b, k, good]) => good ? b + usccCheckChar(b) : b + CHARS[k]);
    const got = await rows<{ s: string; ok: boolean }>(conn, `SELECT s, uscc_ok(s) AS ok FROM unnest(from_json($1, '["VARCHAR"]')) AS t(s)`, [JSON.stringify(samples)]);
    for (const g of got) expect(g.ok, g.s).toBe(isValidUscc(g.s));
    expect(got.filter((g) => g.ok).length).toBeGreaterThan(200);
  });
});

describe('fast paths of the staging parsers', () => {
  // to_amount, to_int, … read the common cell (ASCII digits, ISO date, 是/否) with one match and a
  // cast; everything else goes to the full parser. Both must agree on every input.
  const alphabet = ['0', '1', '2', '9', '.', ',', '-', '+', '%', '万', '元', '亿', '年', '月', '日', '/', '０', '５', '．', ' ', 'e', '是', '否', 'Y', '\t', '\u3000', '\ufeff', '\n'];
  const texts = fc.sample(fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 12 }).map((a) => a.join('')), 3000)
    .concat(fc.sample(fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.constantFrom('-', '/', '.', ''), fc.boolean())
      .map(([y, m, d, sep, pad]) => [String(y).padStart(pad ? 4 : 1, '0'), String(m).padStart(pad ? 2 : 1, '0'), String(d).padStart(pad ? 2 : 1, '0')].join(sep)), 2000))
    .concat(['0', '007', '123456789', '1234567890', '12.5', '12.0', '2024-02-29', '2023-02-29', '2024-13-01', '0000-01-01', '是', '否', '9'.repeat(16), '1.' + '5'.repeat(10)]);
  for (const [fast, slow] of [['to_amount', 'amount_of(num_text(x))'], ['to_pct', 'pct_of(num_text(x))'], ['to_int', 'int_of(num_text(x))'],
    ['to_number', 'number_of(num_text(x))'], ['to_date', 'date_of(x)'], ['to_bool', 'bool_of(x)'], ['trim_text', 'clean_text(x)']] as const) {
    it(`${fast} agrees with ${slow}`, async () => {
      const got = await rows<{ x: string; a: string | null; b: string | null }>(conn,
        `SELECT x, CAST(${fast}(x) AS VARCHAR) AS a, CAST(${slow} AS VARCHAR) AS b FROM unnest(from_json($1, '["VARCHAR"]')) AS t(x)`, [JSON.stringify(texts)]);
      const differ = got.filter((g) => g.a !== g.b);
      expect(differ.slice(0, 5)).toEqual([]);
      expect(got.filter((g) => g.a !== null).length).toBeGreaterThan(20);
    });
  }
});
