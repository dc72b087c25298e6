// Running ML benchmark jobs across worker threads (piscina), like src/train/pool.ts. Every job is
// a pure function of its inputs (task, seeds, optimizer, steps), and results are put back in job
// order, so the benchmark's numbers are the same for any worker count. Jobs are sent in small
// chunks and dispatched to whichever worker is idle (runs differ 40× in cost between tasks).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { PACKAGE_ROOT } from '../../paths.js';
import { type MlJob, type MlRunResult, runMlJob } from './run.js';

export interface MlRunner {
  readonly workers: number;
  /** Runs every job; results in job order. `onDone` is called after each finished chunk. */
  run(jobs: readonly MlJob[], onDone?: (finished: number) => void): Promise<MlRunResult[]>;
  close(): Promise<void>;
}

// Workers run compiled JS: dist/src/bench/ml/worker.js whichever copy of this file (src/ under
// vitest, dist/ in the CLI) created the pool.
export const ML_WORKER_FILE = join(PACKAGE_ROOT, 'dist', 'src', 'bench', 'ml', 'worker.js');

/** Runs in the calling thread. */
export function inProcessRunner(): MlRunner {
  return {
    workers: 1,
    async run(jobs, onDone) {
      const out: MlRunResult[] = [];
      for (const job of jobs) {
        out.push(runMlJob(job));
        onDone?.(1);
      }
      return out;
    },
    close: async () => {},
  };
}

/** Chunks of consecutive jobs whose estimated cost stays under `budget` (at least one job each). */
export function chunkJobs(jobs: readonly MlJob[], cost: (j: MlJob) => number, budget: number): [number, number][] {
  const out: [number, number][] = [];
  let a = 0;
  let acc = 0;
  for (let i = 0; i < jobs.length; i++) {
    const c = cost(jobs[i]);
    if (i > a && acc + c > budget) {
      out.push([a, i]);
      a = i;
      acc = 0;
    }
    acc += c;
  }
  if (a < jobs.length) out.push([a, jobs.length]);
  return out;
}

/** `workers` threads (the calling thread when workers ≤ 1). `cost` estimates a job's time so that
 *  cheap jobs travel together (a message costs ≈ 0.1 ms, a moons-mlp-sgd tuning run ≈ 10 ms). */
export function threadRunner(workers: number, cost: (j: MlJob) => number = () => 1, chunkBudget = 1): MlRunner {
  if (workers <= 1) return inProcessRunner();
  if (!existsSync(ML_WORKER_FILE)) throw new Error(`worker module ${ML_WORKER_FILE} is missing: run \`npm run build:ts\``);
  const pool = new Piscina({ filename: ML_WORKER_FILE, minThreads: workers, maxThreads: workers, idleTimeout: 60_000 });
  return {
    workers,
    async run(jobs, onDone) {
      const out: MlRunResult[] = new Array(jobs.length);
      await Promise.all(
        chunkJobs(jobs, cost, chunkBudget).map(async ([a, b]) => {
          const res: MlRunResult[] = await pool.run(jobs.slice(a, b));
          for (let i = a; i < b; i++) out[i] = res[i - a];
          onDone?.(b - a);
        }),
      );
      return out;
    },
    close: () => pool.destroy(),
  };
}
