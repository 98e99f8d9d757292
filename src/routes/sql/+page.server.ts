/** SQL 控制台：已保存的命名查询（queries/*.sql）与沙箱的上限。数据字典与历史由浏览器经 /api/sql/* 读取。 */
import type { PageServerLoad } from './$types';
import { QUERIES, paramNames } from '$lib/server/queries';
import { sandboxConfigFromEnv } from '$lib/server/sql-sandbox';
import { requireRole } from '$lib/server/auth/guard';

/** The leading `--` comment lines of a query file, joined. */
function leadingComment(sql: string): string {
  const lines: string[] = [];
  for (const line of sql.split('\n')) {
    const m = /^\s*--\s?(.*)$/.exec(line);
    if (!m) break;
    lines.push(m[1]!.trim());
  }
  return lines.join('\n');
}

export const load: PageServerLoad = async ({ locals }) => {
  requireRole(locals, ['analyst', 'office', 'admin']);
  const cfg = sandboxConfigFromEnv();
  const saved = Object.keys(QUERIES)
    .sort()
    .map((name) => ({ name, comment: leadingComment(QUERIES[name]!), params: paramNames(name), sql: QUERIES[name]!.trim() + '\n' }));
  return { saved, maxRows: cfg.maxRows, timeoutS: Math.round(cfg.timeoutMs / 1000) };
};
