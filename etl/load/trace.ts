/**
 * With ETL_TRACE=1, each step's milliseconds go to stderr as `[etl] SCOPE STEP MS ms`, to see where
 * a load spends its time (the benchmark's profile mode reads these lines). Without it, a no-op.
 */
export function tracer(scope: string): (step: string) => void {
  if (!process.env.ETL_TRACE) return () => {};
  let t = performance.now();
  return (step) => {
    const now = performance.now();
    process.stderr.write(`[etl] ${scope} ${step} ${(now - t).toFixed(0)} ms\n`);
    t = now;
  };
}
