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
