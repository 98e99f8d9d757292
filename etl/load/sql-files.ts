/** Reads the SQL models under etl/models and fills their {{placeholders}}. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const MODELS_DIR = fileURLToPath(new URL('../models/', import.meta.url));

const cache = new Map<string, string>();

/** The text of etl/models/<rel>, with each {{name}} replaced by vars[name] (a missing var is an error). */
export function modelSql(rel: string, vars: Record<string, string> = {}): string {
  let text = cache.get(rel);
  if (text === undefined) {
    text = readFileSync(MODELS_DIR + rel, 'utf8');
    cache.set(rel, text);
  }
  return fillTemplate(text, vars, rel);
}

/** SQL text with each {{name}} replaced by vars[name] (a missing var is an error naming `label`). */
export function fillTemplate(text: string, vars: Record<string, string>, label = 'SQL'): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => {
    const v = vars[name];
    if (v === undefined) throw new Error(`SQL 模型 ${label} 缺少参数 {{${name}}}`);
    return v;
  });
}

/** Quote a string as an SQL literal. */
export const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Quote an identifier. */
export const sqlIdent = (s: string): string => `"${s.replace(/"/g, '""')}"`;
