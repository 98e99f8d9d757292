/**
 * SQL 控制台的查询历史在响应发出之后写入（不在查询的关键路径上）。
 * 同一用户的记录按提交顺序写；读历史之前先等本人尚未写完的记录（GET /api/sql/history 用），
 * 所以用户总能在历史里看到刚才的查询。
 */
import { getAppDb } from '../appdb';
import { recordQuery, type QueryRecord } from '../appdb/history';

const pending = new Map<string, Promise<void>>();

/** 记一条查询历史：排到响应发出之后（setImmediate）再写；失败只记日志。 */
export function recordQueryLater(q: QueryRecord): void {
  const entry: QueryRecord = { ...q, at: q.at ?? new Date() };
  const prev = pending.get(q.username) ?? Promise.resolve();
  const p = prev
    .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
    .then(async () => recordQuery(await getAppDb(), entry))
    .catch((e: unknown) => console.error('[sql] 记录查询历史失败：', e));
  pending.set(q.username, p);
  void p.then(() => {
    if (pending.get(q.username) === p) pending.delete(q.username);
  });
}

/** 等待尚未写完的历史记录（给定用户的，或全部）。 */
export async function historyWritten(username?: string): Promise<void> {
  if (username !== undefined) await pending.get(username);
  else await Promise.all([...pending.values()]);
}
