// The one pool of worker threads (piscina) behind every parallel run of the package: training's
// evaluations (train/pool.ts) and the ML jobs on the kernels (engine/mlRunner.ts, which the ML
// benchmark runs on). A pool runs jobs of one type in a worker module whose default export maps a
// Job to a Result; results come back to the call that sent the job, so callers put them in job
// order and their numbers do not depend on the worker count.
import { existsSync } from 'node:fs';
import { Piscina } from 'piscina';

export interface WorkerPool<Job, Result> {
  readonly workers: number;
  run(job: Job): Promise<Result>;
  close(): Promise<void>;
}

export interface WorkerPoolOptions<Job, Result> {
  /** The worker module (compiled JS: workers load dist/ whichever copy created the pool). */
  file: string;
  workers: number;
  /** Runs a job in the calling thread when workers ≤ 1 (absent: worker threads even for one,
   *  so the calling thread's event loop stays free). */
  inThread?: (job: Job) => Result | Promise<Result>;
  /** Given to every worker as piscina's workerData. */
  workerData?: unknown;
  /** The command that builds `file`, for the message when it is missing. */
  build?: string;
}

export function workerPool<Job, Result>(o: WorkerPoolOptions<Job, Result>): WorkerPool<Job, Result> {
  const here = o.inThread;
  if (o.workers <= 1 && here) return { workers: 1, run: async (job) => here(job), close: async () => {} };
  if (!existsSync(o.file)) throw new Error(`worker module ${o.file} is missing: run \`${o.build ?? 'npm run build:ts'}\``);
  const pool = new Piscina({
    filename: o.file,
    minThreads: o.workers,
    maxThreads: o.workers,
    idleTimeout: 60_000,
    ...(o.workerData !== undefined ? { workerData: o.workerData } : {}),
  });
  return { workers: o.workers, run: (job) => pool.run(job), close: () => pool.destroy() };
}
