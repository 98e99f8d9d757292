/**
 * Named-query parameters ($name) in the SQL console.
 *
 * The named queries in queries/*.sql use bound parameters ($year, $dept …); the server binds a missing one
 * as NULL ("no filter"). The console sends one statement as text, so it substitutes the values the user
 * typed as SQL literals into the editor text before running — the editor then shows exactly what is sent.
 * This is a convenience, not a security measure: the server sandbox is the boundary.
 */

export interface Placeholder {
  name: string;
  start: number;
  end: number;
}

const IDENT_CHAR = /[A-Za-z0-9_\u0080-\uffff]/;

/** `$name` placeholders outside comments, string literals, quoted identifiers and $$dollar-quoted$$ strings. */
export function findPlaceholders(sql: string): Placeholder[] {
  const out: Placeholder[] = [];
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const ch = sql[i]!;
    if (ch === '-' && sql[i + 1] === '-') {
      const j = sql.indexOf('\n', i);
      i = j < 0 ? n : j;
      continue;
    }
    if (ch === '/' && sql[i + 1] === '*') {
      const j = sql.indexOf('*/', i + 2);
      i = j < 0 ? n : j + 2;
      continue;
    }
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < n) {
        if (sql[j] === ch) {
          if (sql[j + 1] === ch) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      i = j + 1;
      continue;
    }
    if (ch === '$' && !(i > 0 && IDENT_CHAR.test(sql[i - 1]!))) {
      const head = sql.slice(i, i + 130);
      const dollar = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(head);
      if (dollar) {
        const j = sql.indexOf(dollar[0], i + dollar[0].length);
        i = j < 0 ? n : j + dollar[0].length;
        continue;
      }
      const p = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(head);
      if (p) {
        out.push({ name: p[1]!, start: i, end: i + p[0].length });
        i += p[0].length;
        continue;
      }
    }
    i++;
  }
  return out;
}

/** Distinct parameter names in order of first use. */
export function parameterNames(sql: string): string[] {
  return [...new Set(findPlaceholders(sql).map((p) => p.name))];
}

/**
 * A typed value → SQL literal: empty or NULL → NULL; a plain number → the number; true/false → boolean;
 * text in single quotes → that text; anything else → a quoted string (quotes doubled).
 */
export function sqlLiteral(raw: string): string {
  const v = raw.trim();
  if (v === '' || /^null$/i.test(v)) return 'NULL';
  if (/^-?(0|[1-9]\d*)(\.\d+)?$/.test(v)) return v;
  if (/^(true|false)$/i.test(v)) return v.toUpperCase();
  const text = v.length >= 2 && v.startsWith("'") && v.endsWith("'") ? v.slice(1, -1).replace(/''/g, "'") : v;
  return `'${text.replace(/'/g, "''")}'`;
}

/** Replace every placeholder with the literal of its value (missing → NULL). */
export function substitute(sql: string, values: Record<string, string>): string {
  let out = sql;
  for (const p of findPlaceholders(sql).reverse()) out = out.slice(0, p.start) + sqlLiteral(values[p.name] ?? '') + out.slice(p.end);
  return out;
}
