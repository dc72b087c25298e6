// Evaluation across worker threads (piscina). Agents are split into contiguous slices, one per
// worker, and the results are put back in agent order: the scores — and so the trained model —
// are the same for any worker count.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { getEngine } from '../engine/index.js';
import type { EngineName } from '../engine/types.js';
import { PACKAGE_ROOT } from '../paths.js';
import { type EvalJob, evaluateAgents } from './evaluate.js';
import { sliceJob, slices } from './slices.js';

export interface Evaluator {
  readonly workers: number;
  evaluate(job: EvalJob): Promise<number[][]>;
  close(): Promise<void>;
}

export { slices } from './slices.js';

/** One thread: evaluate in the calling thread (no message passing). */
export async function inProcessEvaluator(engineName: EngineName): Promise<Evaluator> {
  const engine = await getEngine(engineName);
  return {
    workers: 1,
    evaluate: async (job) => evaluateAgents(engine, job),
    close: async () => {},
  };
}

// Workers run compiled JS: the worker module is dist/src/train/worker.js whichever copy of this
// file (src/ under vitest, dist/ in the CLI) created the pool.
export const WORKER_FILE = join(PACKAGE_ROOT, 'dist', 'src', 'train', 'worker.js');

// Candidates cost unequal time (a diverging run stops early, a network that brakes hard runs to
// the end), so each worker gets several smaller slices from the queue instead of one big one.
const CHUNKS_PER_WORKER = 4;

export async function threadEvaluator(engineName: EngineName, workers: number): Promise<Evaluator> {
  if (workers <= 1) return inProcessEvaluator(engineName);
  if (!existsSync(WORKER_FILE)) throw new Error(`worker module ${WORKER_FILE} is missing: run \`npm run build\``);
  const pool = new Piscina({ filename: WORKER_FILE, minThreads: workers, maxThreads: workers, idleTimeout: 60_000 });
  return {
    workers,
    async evaluate(job) {
      const parts = await Promise.all(slices(job.agents.length, workers * CHUNKS_PER_WORKER).map((s) => pool.run({ engine: engineName, job: sliceJob(job, s) })));
      return parts.flat();
    },
    close: () => pool.destroy(),
  };
}
