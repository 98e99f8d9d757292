/**
 * 审计日志：只追加，哈希链。
 * 本模块只提供追加与读取；没有修改或删除审计记录的函数，queries.sql 里也没有相应语句。
 */
import { createHash } from 'node:crypto';
import type { AppDb } from './index';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  actor: string;
  action: string;
  entity: string;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
  /** 测试可指定时间 */
  at?: Date;
}

export interface AuditRow {
  id: number;
  occurred_at: Date;
  actor: string;
  action: string;
  entity: string;
  before_json: string | null;
  after_json: string | null;
  ip: string | null;
}

/** 计算一行的哈希：SHA-256(上一行哈希 + 换行 + 本行内容的规范 JSON)。 */
export function auditHash(prevHash: string, row: { occurred_at: string; actor: string; action: string; entity: string; before_json: string | null; after_json: string | null; ip: string | null }): string {
  const canonical = JSON.stringify([row.occurred_at, row.actor, row.action, row.entity, row.before_json, row.after_json, row.ip]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

// 进程内串行化追加，保证哈希链连续
const chains = new WeakMap<AppDb, Promise<unknown>>();

function toJson(v: unknown): string | null {
  return v === undefined || v === null ? null : JSON.stringify(v);
}

export function appendAudit(db: AppDb, e: AuditEntry): Promise<void> {
  const prev = chains.get(db) ?? Promise.resolve();
  const next = prev
    .catch(() => undefined)
    .then(async () => {
      const occurred_at = (e.at ?? new Date()).toISOString();
      const row = {
        occurred_at,
        actor: e.actor,
        action: e.action,
        entity: e.entity,
        before_json: toJson(e.before),
        after_json: toJson(e.after),
        ip: e.ip ?? null
      };
      await db.transaction(async (tx) => {
        const last = await tx.all<{ hash: string }>('last_audit_hash');
        const prev_hash = last[0]?.hash ?? GENESIS_HASH;
        await tx.run('insert_audit', { ...row, prev_hash, hash: auditHash(prev_hash, row) });
      });
    });
  chains.set(db, next);
  return next;
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  entity?: string;
  limit?: number;
  offset?: number;
}

export async function listAudit(db: AppDb, f: AuditFilter = {}): Promise<{ rows: AuditRow[]; total: number }> {
  const filter = { actor: f.actor ?? '', action: f.action ?? '', entity: f.entity ?? '' };
  const rows = await db.all<AuditRow & Record<string, unknown>>('list_audit', {
    ...filter,
    limit: Math.min(500, Math.max(1, f.limit ?? 100)),
    offset: Math.max(0, f.offset ?? 0)
  });
  const total = (await db.one<{ n: number }>('count_audit', filter))?.n ?? 0;
  return { rows, total };
}

/** 逐行重算哈希链。返回第一处断裂的序号（null 表示完好）。 */
export async function verifyAuditChain(db: AppDb): Promise<{ ok: boolean; rows: number; brokenAt: number | null }> {
  const rows = await db.all<{ id: number; occurred_at: Date; actor: string; action: string; entity: string; before_json: string | null; after_json: string | null; ip: string | null; prev_hash: string; hash: string }>('audit_chain');
  let prev = GENESIS_HASH;
  for (const r of rows) {
    const h = auditHash(prev, { ...r, occurred_at: new Date(r.occurred_at).toISOString() });
    if (r.prev_hash !== prev || r.hash !== h) return { ok: false, rows: rows.length, brokenAt: r.id };
    prev = r.hash;
  }
  return { ok: true, rows: rows.length, brokenAt: null };
}
