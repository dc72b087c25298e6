// The tasks the ML benchmark's jobs name (every table of taskTables.ts: the ML tasks, the
// real-data, pre-registered and mini-batch ones) and the runner that finds them in every thread
// (its workers load ./worker.ts).
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../paths.js';
import type { MlTask } from '../../ml/tasks.js';
import { type MlRunner, kernelMlRunner, DEFAULT_ML_CHUNK_RUNS } from '../../engine/mlRunner.js';
import type { EngineName } from '../../engine/types.js';
import { benchTask } from '../taskTables.js';

export function benchMlTask(name: string): MlTask | undefined {
  return benchTask(name);
}

/** Workers run compiled JS, whichever copy of this file created the pool. */
export const BENCH_ML_WORKER_FILE = join(PACKAGE_ROOT, 'dist', 'src', 'bench', 'ml', 'worker.js');

/** `workers` threads (the calling thread when workers ≤ 1) running the benchmark's jobs on `engine`. */
export function benchMlRunner(workers: number, engine: EngineName): MlRunner {
  return kernelMlRunner(workers, engine, DEFAULT_ML_CHUNK_RUNS, { lookup: benchMlTask, workerFile: BENCH_ML_WORKER_FILE });
}
