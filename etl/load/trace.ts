/**
 * With ETL_TRACE=1, each step's milliseconds go to stderr as `[etl] SCOPE STEP MS ms`, to see where
 * a load spends its time (the benchmark's profile mode reads these lines). ETL_TRACE=cpu adds the
 * process's CPU milliseconds (all threads) as `(cpu N)`: on a busy machine that moves less than wall
 * time. Every line ends with `@N`, the milliseconds since the process started, to see which steps of
 * the two load streams overlap. Without it, a no-op.
 */
export function tracer(scope: string): (step: string) => void {
  const mode = process.env.ETL_TRACE;
  if (!mode) return () => {};
  let t = performance.now();
  let cpu = process.cpuUsage();
  return (step) => {
    const now = performance.now();
    const used = process.cpuUsage(cpu);
    const extra = mode === 'cpu' ? ` (cpu ${((used.user + used.system) / 1000).toFixed(0)})` : '';
    process.stderr.write(`[etl] ${scope} ${step} ${(now - t).toFixed(0)} ms${extra} @${now.toFixed(0)}\n`);
    t = now;
    cpu = process.cpuUsage();
  };
}
