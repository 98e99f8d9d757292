/** 审计日志（协调办、系统管理员可看）：筛选、分页，并校验哈希链是否完好。 */
import { getAppDb } from '$lib/server/appdb';
import { listAudit, verifyAuditChain } from '$lib/server/appdb/audit';
import { requireRole } from '$lib/server/auth/guard';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 100;

export const load: PageServerLoad = async ({ locals, url }) => {
  requireRole(locals, ['office', 'admin']);
  const actor = (url.searchParams.get('actor') ?? '').slice(0, 64);
  const action = (url.searchParams.get('action') ?? '').slice(0, 64);
  const entity = (url.searchParams.get('entity') ?? '').slice(0, 64);
  const page = Math.max(1, Math.floor(Number(url.searchParams.get('page') ?? 1)) || 1);
  const db = await getAppDb();
  const { rows, total } = await listAudit(db, { actor, action, entity, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const chain = await verifyAuditChain(db);
  return {
    filter: { actor, action, entity },
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    total,
    chain,
    rows: rows.map((r) => ({ ...r, occurred_at: new Date(r.occurred_at).toISOString() }))
  };
};
