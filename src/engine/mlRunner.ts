// The ML benchmark's runner on the kernels (an MlRunner, src/bench/ml/pool.ts): jobs are grouped
// by task instance, each group cut into chunks of at most `maxRuns` runs that advance together in
// one kernel batch (mlBatch.ts), and the chunks are spread over worker threads (piscina),
// largest first. Every job's result is a pure function of the job, so the numbers are the same
// for any worker count, chunk size or engine ('ts' runs every job through runMlJob).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { PACKAGE_ROOT } from '../paths.js';
import type { MlJob, MlRunResult } from '../bench/ml/run.js';
import type { MlRunner } from '../bench/ml/pool.js';
import { getMlTask } from '../ml/tasks.js';
import type { EngineName } from './types.js';
import { initWasm } from './index.js';
import { groupByInstance, runMlJobsBatched } from './mlBatch.js';

/** Workers run compiled JS, whichever copy of this file created the pool. */
export const ML_KERNEL_WORKER_FILE = join(PACKAGE_ROOT, 'dist', 'src', 'engine', 'mlWorker.js');
export const DEFAULT_ML_CHUNK_RUNS = 32;

/** Runs `jobs` in this thread on the named engine (results in job order). */
export async function runMlJobsOn(engine: EngineName, jobs: readonly MlJob[]): Promise<MlRunResult[]> {
  return runMlJobsBatched(jobs, engine === 'wasm' ? await initWasm() : undefined);
}

/** Job indices in chunks: same task instance, at most maxRuns each (sizes balanced), costliest first. */
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

/** `workers` threads (the calling thread when workers ≤ 1) running chunks of jobs on `engine`. */
export function kernelMlRunner(workers: number, engine: EngineName = 'wasm', maxRuns = DEFAULT_ML_CHUNK_RUNS): MlRunner {
  if (workers > 1 && !existsSync(ML_KERNEL_WORKER_FILE)) throw new Error(`worker module ${ML_KERNEL_WORKER_FILE} is missing: run \`npm run build:ts\``);
  const pool = workers > 1 ? new Piscina({ filename: ML_KERNEL_WORKER_FILE, minThreads: workers, maxThreads: workers, idleTimeout: 60_000 }) : null;
  return {
    workers: Math.max(1, workers),
    async run(jobs, onDone) {
      const out: MlRunResult[] = new Array(jobs.length);
      const chunks = mlChunks(jobs, maxRuns);
      await Promise.all(
        chunks.map(async (c) => {
          const part = c.map((i) => jobs[i]);
          const res: MlRunResult[] = pool ? await pool.run({ engine, jobs: part }) : await runMlJobsOn(engine, part);
          c.forEach((i, k) => (out[i] = res[k]));
          onDone?.(c.length);
        }),
      );
      return out;
    },
    close: async () => {
      await pool?.destroy();
    },
  };
}
