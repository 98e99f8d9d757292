import { getAppDb, type AppDb } from './index';

/**
 * The application database with a module's own tables created (CREATE TABLE IF NOT EXISTS), once per
 * database instance; a failed attempt is retried on the next call.
 */
export function appDbWithSchema(schemaSql: string): () => Promise<AppDb> {
  const ready = new WeakMap<AppDb, Promise<void>>();
  return async () => {
    const d = await getAppDb();
    let p = ready.get(d);
    if (!p) {
      p = d.withConnection(async (c) => {
        await c.run(schemaSql);
      });
      p.catch(() => ready.delete(d));
      ready.set(d, p);
    }
    await p;
    return d;
  };
}
