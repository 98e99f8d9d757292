/** The 考核评价 sensitivity runner: worker protocol (one job at a time, only the latest waiting), and the main-thread fallback. */
import { afterEach, describe, expect, it } from 'vitest';
import { computeSensitivity, SensitivityRunner, type SensJob, type WorkerReply, type WorkerRequest } from '../../src/routes/evaluation/sensitivity';
import { packUnits, type EvalUnit, type Indicator } from '../../src/routes/evaluation/model';

const INDS: Indicator[] = [
  { id: 'a', title: '甲', metric: 'a', direction: 'benefit', weight: 0.5, source: '' },
  { id: 'b', title: '乙', metric: 'b', direction: 'cost', weight: 0.5, source: '' }
];
const units: EvalUnit[] = Array.from({ length: 30 }, (_, i) => ({
  id: `U${i}`,
  name: `单位${i}`,
  type: '高校',
  dept: '省教育厅',
  hasReport: true,
  metrics: { a: (i * 7) % 11, b: i % 5 === 0 ? null : (i * 3) % 13 }
}));
const m = packUnits(units, INDS);
const job = (key: string, w: number[]): SensJob => ({ key, scope: units.map((_, i) => i), weights: w, norm: 'min_max' });

/** A stand-in for the browser's Worker that runs the real worker logic when the test says so. */
class FakeWorker {
  static last: FakeWorker | null = null;
  sent: WorkerRequest[] = [];
  onmessage: ((e: MessageEvent<WorkerReply>) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  terminated = false;
  constructor() {
    FakeWorker.last = this;
  }
  postMessage(msg: WorkerRequest) {
    this.sent.push(structuredClone(msg));
  }
  /** Answer the oldest unanswered job. */
  answer() {
    const i = this.sent.findIndex((x) => x.type === 'run');
    const msg = this.sent.splice(i, 1)[0] as Extract<WorkerRequest, { type: 'run' }>;
    const matrix = (this.sent.find((x) => x.type === 'matrix') as Extract<WorkerRequest, { type: 'matrix' }>).matrix;
    this.onmessage?.({ data: { job: msg.job, res: computeSensitivity(matrix, INDS, msg.job) } } as MessageEvent<WorkerReply>);
  }
  fail() {
    this.onerror?.({ preventDefault() {} } as Event);
  }
  terminate() {
    this.terminated = true;
  }
}

const g = globalThis as { Worker?: unknown };
const original = g.Worker;
afterEach(() => {
  g.Worker = original;
});

describe('SensitivityRunner', () => {
  it('without a Worker (here: Node) computes on the spot, same result as rankSensitivity', () => {
    g.Worker = undefined;
    const got: string[] = [];
    const r = new SensitivityRunner((j, res) => {
      got.push(j.key);
      expect(res).toEqual(computeSensitivity(m, INDS, j));
    });
    r.run(m, INDS, job('k1', [0.5, 0.5]));
    expect(got).toEqual(['k1']);
  });

  it('sends the matrix once, runs one job at a time and keeps only the latest waiting job', () => {
    g.Worker = FakeWorker;
    const got: string[] = [];
    const r = new SensitivityRunner((j) => got.push(j.key));
    const w = FakeWorker.last!;
    r.run(m, INDS, job('k1', [0.5, 0.5]));
    r.run(m, INDS, job('k2', [0.6, 0.4]));
    r.run(m, INDS, job('k3', [0.7, 0.3]));
    expect(w.sent.map((x) => x.type)).toEqual(['matrix', 'run']);
    w.answer();
    expect(got).toEqual(['k1']);
    expect(w.sent.filter((x) => x.type === 'run').map((x) => (x as { job: SensJob }).job.key)).toEqual(['k3']);
    w.answer();
    expect(got).toEqual(['k1', 'k3']);
    expect(w.sent.filter((x) => x.type === 'matrix')).toHaveLength(1);
    r.destroy();
    expect(w.terminated).toBe(true);
  });

  it('a failing worker is dropped and the pending job computed on the main thread', () => {
    g.Worker = FakeWorker;
    const got: string[] = [];
    const r = new SensitivityRunner((j) => got.push(j.key));
    const w = FakeWorker.last!;
    r.run(m, INDS, job('k1', [0.5, 0.5]));
    r.run(m, INDS, job('k2', [0.2, 0.8]));
    w.fail();
    expect(w.terminated).toBe(true);
    expect(got).toEqual(['k2']);
    r.run(m, INDS, job('k3', [0.3, 0.7]));
    expect(got).toEqual(['k2', 'k3']);
  });
});
