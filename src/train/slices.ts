// How an evaluation job is cut across workers: contiguous, near-equal slices of the agents, put
// back in order, so the result is the same for any worker count. Shared by the Node pool
// (src/train/pool.ts, worker threads) and the web demo's Web Workers (web/src/trainer.ts).
import type { EvalJob } from './evaluate.js';

/** Splits 0..count−1 into `parts` contiguous, near-equal slices. */
export function slices(count: number, parts: number): [number, number][] {
  const out: [number, number][] = [];
  const k = Math.min(parts, count);
  for (let p = 0; p < k; p++) out.push([Math.floor((p * count) / k), Math.floor(((p + 1) * count) / k)]);
  return out;
}

/** The part of `job` for agents a..b−1 (per-agent task lists sliced along with them). */
export function sliceJob(job: EvalJob, [a, b]: [number, number]): EvalJob {
  return { ...job, agents: job.agents.slice(a, b), tasks: 'perAgent' in job.tasks ? { perAgent: job.tasks.perAgent.slice(a, b) } : job.tasks };
}
