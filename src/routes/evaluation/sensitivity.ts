/**
 * The sensitivity analysis of the 考核评价 page (every weight ±20%: a few hundred rankings of the scope, about
 * 0.2 ms per unit) runs in a module worker (./sensitivity.worker.ts) so that the page stays responsive while it is
 * computed; at most one job runs at a time and only the latest waiting job is kept. Where a worker cannot be
 * started (or fails), the same function runs on the main thread.
 */
import { rankSensitivity, type NormalizationMethod, type SensitivityResult } from '$lib/analytics';
import { scopeUnitRows, specs, type EvalMatrix, type Indicator } from './model';

export interface SensJob {
  /** Identifies the state the job was computed for (year, method, scope, weights). */
  key: string;
  /** Matrix rows of the scope. */
  scope: number[];
  weights: number[];
  norm: NormalizationMethod;
}

export function computeSensitivity(m: EvalMatrix, indicators: readonly Indicator[], job: SensJob): SensitivityResult {
  return rankSensitivity(scopeUnitRows(m, job.scope, indicators), specs(indicators), job.weights, job.norm, { delta: 0.2 });
}

export type WorkerRequest = { type: 'matrix'; matrix: EvalMatrix; indicators: Indicator[] } | { type: 'run'; job: SensJob };
export type WorkerReply = { job: SensJob; res: SensitivityResult };

export class SensitivityRunner {
  private worker: Worker | null = null;
  private sentMatrix: EvalMatrix | null = null;
  private running: { m: EvalMatrix; inds: Indicator[]; job: SensJob } | null = null;
  private waiting: { m: EvalMatrix; inds: Indicator[]; job: SensJob } | null = null;

  constructor(private readonly done: (job: SensJob, res: SensitivityResult) => void) {
    try {
      this.worker = new Worker(new URL('./sensitivity.worker.ts', import.meta.url), { type: 'module' });
      this.worker.onmessage = (e: MessageEvent<WorkerReply>) => this.finished(e.data.job, e.data.res);
      this.worker.onerror = (e) => {
        e.preventDefault();
        this.fallBack();
      };
    } catch {
      this.worker = null;
    }
  }

  run(m: EvalMatrix, inds: Indicator[], job: SensJob): void {
    if (!this.worker) {
      this.done(job, computeSensitivity(m, inds, job));
      return;
    }
    if (this.running) {
      this.waiting = { m, inds, job };
      return;
    }
    this.running = { m, inds, job };
    if (this.sentMatrix !== m) {
      this.worker.postMessage({ type: 'matrix', matrix: m, indicators: inds } satisfies WorkerRequest);
      this.sentMatrix = m;
    }
    this.worker.postMessage({ type: 'run', job } satisfies WorkerRequest);
  }

  private finished(job: SensJob, res: SensitivityResult) {
    this.running = null;
    this.done(job, res);
    const next = this.waiting;
    this.waiting = null;
    if (next) this.run(next.m, next.inds, next.job);
  }

  /** The worker failed (not started, blocked, or threw): compute the latest job here and stop using it. */
  private fallBack() {
    this.worker?.terminate();
    this.worker = null;
    const next = this.waiting ?? this.running;
    this.running = this.waiting = null;
    if (next) this.run(next.m, next.inds, next.job);
  }

  destroy(): void {
    this.worker?.terminate();
    this.worker = null;
  }
}
