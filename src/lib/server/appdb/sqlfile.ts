import { readFileSync } from 'node:fs';

/**
 * 读取带名称的 SQL 文件：每段以一行 `-- name: 名称` 开头，直到下一个 `-- name:` 为止。
 * 段内的注释保留（DuckDB 会忽略），首尾空白与结尾分号去掉。
 */
export function parseNamedSql(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let name: string | null = null;
  let buf: string[] = [];
  const flush = () => {
    if (name === null) return;
    const sql = buf.join('\n').trim().replace(/;\s*$/, '');
    if (!sql) throw new Error(`SQL 段 ${name} 为空`);
    if (out.has(name)) throw new Error(`SQL 段 ${name} 重复`);
    out.set(name, sql);
  };
  for (const line of text.split(/\r?\n/)) {
    const m = /^--\s*name:\s*([A-Za-z0-9_]+)\s*$/.exec(line);
    if (m) {
      flush();
      name = m[1]!;
      buf = [];
    } else if (name !== null) {
      buf.push(line);
    }
  }
  flush();
  return out;
}

export function loadNamedSql(file: string): Map<string, string> {
  return parseNamedSql(readFileSync(file, 'utf8'));
}

/** Only the parameters a statement names (DuckDB refuses extra named parameters); a missing one is an error. */
export function bindNamed<V>(text: string, params: Record<string, V>): Record<string, V> {
  const out: Record<string, V> = {};
  const scan = text.replace(/--[^\n]*/g, ' ').replace(/'(?:[^']|'')*'/g, "''");
  for (const m of scan.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)) {
    const k = m[1]!;
    if (!(k in params)) throw new Error(`缺少参数 $${k}`);
    out[k] = params[k]!;
  }
  return out;
}

/** The statements of a named-SQL file, looked up by name (an unknown name is an error naming the file). */
export function namedStatements(text: string, file: string): (name: string) => string {
  const statements = parseNamedSql(text);
  return (name) => {
    const s = statements.get(name);
    if (!s) throw new Error(`${file} 中没有名为 ${name} 的语句`);
    return s;
  };
}

/** Rows of a query as plain objects, BIGINT as number. */
export async function readRowObjects<T extends Record<string, unknown>>(
  c: import('@duckdb/node-api').DuckDBConnection,
  text: string,
  params: Record<string, import('@duckdb/node-api').DuckDBValue>
): Promise<T[]> {
  const reader = await c.runAndReadAll(text, bindNamed(text, params));
  return reader.getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])) as T);
}
