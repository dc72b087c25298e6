// ML jobs on the kernels across worker threads: jobs are grouped by task instance, each group cut
// into chunks of at most `maxRuns` runs that advance together in one kernel batch (mlBatch.ts),
// and the chunks are spread over a worker pool (util/workerPool.ts), largest first. Every job's
// result is a pure function of the job, so the numbers are the same for any worker count, chunk
// size or engine ('ts' runs every job through runMlJob). The ML benchmark runs on this.
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';
import type { MlJob, MlRunResult, MlTaskLookup } from '../ml/job.js';
import { getMlTask } from '../ml/tasks.js';
import { workerPool } from '../util/workerPool.js';
import type { EngineName } from './types.js';
import { initWasm } from './index.js';
import { groupByInstance, runMlJobsBatched } from './mlBatch.js';

/** Runs lists of ML jobs; results in job order. */
export interface MlRunner {
  readonly workers: number;
  /** Runs every job; results in job order. `onDone` is called after each finished chunk. */
  run(jobs: readonly MlJob[], onDone?: (finished: number) => void): Promise<MlRunResult[]>;
  close(): Promise<void>;
}

/** What a worker is sent: one chunk of jobs and the engine to run them on. */
export interface MlChunkMessage {
  engine: EngineName;
  jobs: MlJob[];
}

/** Workers run compiled JS, whichever copy of this file created the pool. */
export const ML_KERNEL_WORKER_FILE = join(PACKAGE_ROOT, 'dist', 'src', 'engine', 'mlWorker.js');
export const DEFAULT_ML_CHUNK_RUNS = 32;

/** Tasks beyond the ML tasks: how to find them in this thread, and a worker module (its default
 *  export: runMlJobsOn with the same lookup) that finds them in the workers. */
export interface MlTaskSource {
  lookup: MlTaskLookup;
  workerFile: string;
}

/** Runs `jobs` in this thread on the named engine (results in job order). */
export async function runMlJobsOn(engine: EngineName, jobs: readonly MlJob[], lookup: MlTaskLookup = getMlTask): Promise<MlRunResult[]> {
  return runMlJobsBatched(jobs, engine === 'wasm' ? await initWasm() : undefined, lookup);
}

/** Job indices in chunks: same task instance, at most maxRuns each (sizes balanced), costliest
 *  first (a task outside the ML tasks counts as size 1: the order only balances the load). */
export function mlChunks(jobs: readonly MlJob[], maxRuns: number): number[][] {
  const chunks: number[][] = [];
  for (const g of groupByInstance(jobs)) {
    const pieces = Math.ceil(g.length / maxRuns);
    const size = Math.ceil(g.length / pieces);
    for (let a = 0; a < g.length; a += size) chunks.push(g.slice(a, a + size));
  }
  const cost = (c: number[]) => {
    const j = jobs[c[0]];
    return c.length * j.steps * (getMlTask(j.task)?.n ?? 1);
  };
  return chunks.map((c) => ({ c, k: cost(c) })).sort((a, b) => b.k - a.k || a.c[0] - b.c[0]).map((e) => e.c);
}

/** `workers` threads (the calling thread when workers ≤ 1) running chunks of jobs on `engine`;
 *  `tasks` when the jobs name tasks beyond the ML tasks. */
export function kernelMlRunner(workers: number, engine: EngineName = 'wasm', maxRuns = DEFAULT_ML_CHUNK_RUNS, tasks?: MlTaskSource): MlRunner {
  const lookup = tasks?.lookup ?? getMlTask;
  const pool = workerPool<MlChunkMessage, MlRunResult[]>({
    file: tasks?.workerFile ?? ML_KERNEL_WORKER_FILE,
    workers,
    inThread: (msg) => runMlJobsOn(msg.engine, msg.jobs, lookup),
  });
  return {
    workers: pool.workers,
    async run(jobs, onDone) {
      const out: MlRunResult[] = new Array(jobs.length);
      const chunks = mlChunks(jobs, maxRuns);
      await Promise.all(
        chunks.map(async (c) => {
          const res = await pool.run({ engine, jobs: c.map((i) => jobs[i]) });
          c.forEach((i, k) => (out[i] = res[k]));
          onDone?.(c.length);
        }),
      );
      return out;
    },
    close: () => pool.close(),
  };
}
