// The staging models and fact schema are generated from the contract: the committed files must
// be what the generator writes now, so the contract and the SQL cannot drift apart.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { factSchemaSql, stagingSql } from '../../../etl/models/generate-staging.ts';
import { loadContract } from '../../../etl/read/contract.ts';
import { MODELS_DIR } from '../../../etl/load/sql-files.ts';

describe('generated SQL', () => {
  const kinds = loadContract().kindList;
  it.each(kinds.map((k) => [k.id, k] as const))('stg_%s.sql is up to date', (id, kind) => {
    expect(readFileSync(`${MODELS_DIR}staging/stg_${id}.sql`, 'utf8')).toBe(stagingSql(kind));
  });
  it('schema/facts.sql is up to date', () => {
    expect(readFileSync(`${MODELS_DIR}schema/facts.sql`, 'utf8')).toBe(factSchemaSql(kinds));
  });
});
