/// <reference lib="webworker" />
/** Module worker of the 考核评价 sensitivity analysis (see ./sensitivity.ts): the matrix once, then jobs. */
import { computeSensitivity, type WorkerReply, type WorkerRequest } from './sensitivity';
import type { EvalMatrix, Indicator } from './model';

let matrix: EvalMatrix | null = null;
let indicators: Indicator[] = [];

self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const msg = e.data;
  if (msg.type === 'matrix') {
    matrix = msg.matrix;
    indicators = msg.indicators;
    return;
  }
  if (!matrix) throw new Error('敏感性分析：尚未收到指标矩阵');
  const reply: WorkerReply = { job: msg.job, res: computeSensitivity(matrix, indicators, msg.job) };
  self.postMessage(reply);
};
