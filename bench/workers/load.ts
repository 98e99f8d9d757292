/**
 * Load generator, run as a second process: autocannon with C connections sends a fixed number of
 * GET requests to one URL (loopback only) and records every response time, so that p50 and p95 are
 * exact (autocannon's own histogram reports p50/p97.5, not p95). Prints `@@RESULT {json}`.
 *
 *   node --import tsx bench/workers/load.ts '{"url":"http://127.0.0.1:PORT/kpi","cookie":"…","connections":20,"amount":200}'
 */
import autocannon, { type Result } from 'autocannon';
import { percentile } from '../lib/stats.ts';
import { emitResult } from '../lib/proc.ts';

interface LoadArgs {
  url: string;
  cookie?: string;
  /** More request headers (accept-encoding, say). */
  headers?: Record<string, string>;
  connections: number;
  amount: number;
  timeoutSec?: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as LoadArgs;
const host = new URL(args.url).hostname;
if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
  console.error(`refusing to load a non-loopback host: ${host}`);
  process.exit(2);
}

const latencies: number[] = [];
const statuses: Record<string, number> = {};
let bytes = 0;
let reqErrors = 0;
let lastResponse = 0;
const started = performance.now();

const result = await new Promise<Result>((resolve, reject) => {
  const inst = autocannon(
    {
      url: args.url,
      connections: args.connections,
      amount: args.amount,
      timeout: args.timeoutSec ?? 60,
      headers: { ...(args.headers ?? {}), ...(args.cookie ? { cookie: args.cookie } : {}) }
    },
    (err, res) => (err ? reject(err) : resolve(res))
  );
  inst.on('response', (_client, statusCode, resBytes, responseTime) => {
    lastResponse = performance.now();
    latencies.push(responseTime);
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    bytes += resBytes;
  });
  inst.on('reqError', () => {
    reqErrors++;
  });
});
// autocannon notices that `amount` is reached on its one-second tick, so the time until its callback is
// rounded up to whole seconds; requests per second are counted up to the last response instead.
const wallSeconds = ((lastResponse || performance.now()) - started) / 1000;
const ok = statuses['200'] ?? 0;
emitResult({
  url: args.url,
  connections: args.connections,
  requested: args.amount,
  responses: latencies.length,
  ok,
  failed: args.amount - ok,
  errors: result.errors,
  timeouts: result.timeouts,
  reqErrors,
  statuses,
  p50: percentile(latencies, 50),
  p95: percentile(latencies, 95),
  p99: percentile(latencies, 99),
  max: Math.max(...latencies),
  rps: latencies.length / wallSeconds,
  seconds: wallSeconds,
  avgBytes: latencies.length ? bytes / latencies.length : 0
});
