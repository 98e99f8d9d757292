/**
 * Runs a load's jobs on a few connections at once. A job names the tables it reads (`needs`) and the
 * tables it writes (`gives`); an idle connection takes the first job in the list whose needs no
 * unfinished job still gives, or waits until one finishes. Tables that no job gives are there from
 * the start. So a mart that reads only contracts is built while the ledger is still loading.
 */

export interface Job<C> {
  name: string;
  needs: string[];
  gives: string[];
  run: (conn: C) => Promise<void>;
}

/**
 * Run every job once, on `conns` at once. After a job fails no job is started, `stop` (when given) is
 * aborted with the error so that running jobs can give up early, and the call rejects with the first
 * error once the jobs already running have ended (so that the caller never closes a connection that
 * is still in a query).
 */
export async function runJobs<C>(conns: C[], jobs: Array<Job<C>>, stop?: AbortController): Promise<void> {
  const unfinished = new Map<string, number>(); // table → jobs still to write it
  for (const j of jobs) for (const t of j.gives) unfinished.set(t, (unfinished.get(t) ?? 0) + 1);
  const queue = [...jobs];
  let running = 0;
  let failed = false;
  let wake = (): void => {};
  let changed = new Promise<void>((r) => { wake = r; });
  const notify = () => {
    const w = wake;
    changed = new Promise<void>((r) => { wake = r; });
    w();
  };
  // a job may read a table it writes itself (units.sql reads and rewrites units)
  const ready = (j: Job<C>) => j.needs.every((t) => j.gives.includes(t) || !unfinished.get(t));
  const worker = async (conn: C): Promise<void> => {
    while (!failed && queue.length > 0) {
      const i = queue.findIndex(ready);
      if (i < 0) {
        if (running === 0) {
          failed = true;
          notify();
          const error = new Error(`ETL 作业无法开始（所需的表没有作业写入）：${queue.map((j) => `${j.name} ← ${j.needs.filter((t) => unfinished.get(t)).join(', ')}`).join('；')}`);
          stop?.abort(error);
          throw error;
        }
        await changed;
        continue;
      }
      const job = queue.splice(i, 1)[0]!;
      running++;
      try {
        await job.run(conn);
      } catch (e) {
        failed = true;
        stop?.abort(e);
        throw e;
      } finally {
        running--;
        for (const t of job.gives) unfinished.set(t, (unfinished.get(t) ?? 1) - 1);
        notify();
      }
    }
  };
  const ended = await Promise.allSettled(conns.map(worker));
  const failure = ended.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
}

/** The tables a model's SQL reads: the names after FROM, JOIN or a comma (comments left out; CTE names included, and harmless). */
export function tablesRead(sql: string): string[] {
  const text = sql.replace(/--[^\n]*/g, '');
  return [...new Set([...text.matchAll(/(?:\bFROM|\bJOIN|,)\s+([A-Za-z_]\w*)/gi)].map((m) => m[1]!.toLowerCase()))];
}

