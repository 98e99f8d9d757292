// The marts build on two connections at once; a mart that reads another must come after it on the
// same connection.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { martChains } from '../../../etl/load/run.ts';
import { MODELS_DIR, modelSql } from '../../../etl/load/sql-files.ts';

describe('martChains', () => {
  it('puts a mart after the marts it reads, on the same chain, and deals out the rest', () => {
    const sql: Record<string, string> = {
      'mart_a.sql': 'SELECT 1', 'mart_b.sql': 'SELECT * FROM mart_a', 'mart_c.sql': 'SELECT 1',
      'mart_d.sql': 'SELECT 1 FROM x JOIN mart_c ON true', 'mart_e.sql': 'SELECT 1'
    };
    const chains = martChains(Object.keys(sql), (f) => sql[f]!, 2);
    const where = (f: string) => chains.findIndex((c) => c.includes(f));
    expect(where('mart_b.sql')).toBe(where('mart_a.sql'));
    expect(where('mart_d.sql')).toBe(where('mart_c.sql'));
    expect(chains.flat().sort()).toEqual(Object.keys(sql).sort());
    expect(chains.every((c) => c.length > 0)).toBe(true);
    for (const c of chains) expect(c.indexOf('mart_b.sql')).not.toBe(0);
  });
  it('keeps every dependency of the real marts on one chain, in order', () => {
    const files = readdirSync(MODELS_DIR + 'marts').filter((f) => f.endsWith('.sql'));
    const chains = martChains(files, (f) => modelSql(`marts/${f}`), 2);
    for (const [i, chain] of chains.entries()) {
      chain.forEach((f, pos) => {
        for (const m of modelSql(`marts/${f}`).matchAll(/\b(?:FROM|JOIN)\s+(mart_\w+)/gi)) {
          const dep = `${m[1]!.toLowerCase()}.sql`;
          if (dep === f || !files.includes(dep)) continue;
          expect(chains[i]!.indexOf(dep), `${f} reads ${dep}`).toBeGreaterThanOrEqual(0);
          expect(chains[i]!.indexOf(dep), `${f} reads ${dep}`).toBeLessThan(pos);
        }
      });
    }
    expect(chains.flat().length).toBe(files.length);
  });
});
