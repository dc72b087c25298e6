// Evaluation across worker threads (piscina). A generation is cut into units — one (agent, task)
// pair each — and every worker is sent the whole job once; the workers then claim units from a
// shared atomic counter and write each score into a shared array at the unit's own index. So there
// is one message per worker per generation (no per-slice round trips through the main thread),
// the load balances itself at unit granularity (candidates cost unequal time: a diverging run
// stops early), and the scores — and so the trained model — are the same for any worker count
// and whichever worker ran which unit.
import { join } from 'node:path';
import { getEngine } from '../engine/index.js';
import type { EngineName } from '../engine/types.js';
import { PACKAGE_ROOT } from '../paths.js';
import { InputError } from '../errors.js';
import { watchdogShare } from '../run/moduleWatchdog.js';
import { type EvalJob, agentTasks, evaluateAgents } from './evaluate.js';
import { workerPool } from '../util/workerPool.js';

export interface Evaluator {
  readonly workers: number;
  evaluate(job: EvalJob): Promise<number[][]>;
  close(): Promise<void>;
}

export { slices, sliceJob } from './slices.js';

/** Number of tasks of each agent of a job. */
export function taskCounts(job: EvalJob): number[] {
  return job.agents.map((_, a) => agentTasks(job, a).length);
}

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

/** What a worker thread is sent: the job, and the shared counter and score array its units use. */
export interface SharedEvalMessage {
  engine: EngineName;
  job: EvalJob;
  /** Int32Array over a SharedArrayBuffer: [0] = the next unclaimed unit. */
  next: Int32Array;
  /** Float64Array over a SharedArrayBuffer: scores of the units, agent-major. */
  scores: Float64Array;
  /** Profiling only: each unit's CPU nanoseconds, written by the thread that ran it. */
  unitCpuNs?: Float64Array;
}

/** What a worker returns for a shared job: how many units it ran and when (epoch ms), and — when
 *  profiled — the CPU time of the whole call (engine look-up, module loads, units). */
export interface WorkerStats {
  units: number;
  startMs: number;
  endMs: number;
  cpuNs?: number;
  waitNs?: number;
}

/** One evaluate call of a profiled pool: when the job was posted and the replies were in (epoch
 *  ms), each worker's stats, and each unit's CPU time. */
export interface EvalProfile {
  postMs: number;
  doneMs: number;
  workers: WorkerStats[];
  unitCpuNs: Float64Array;
}

/** What a worker returns instead of scores when a user module failed (the message of its InputError). */
export interface WorkerInputError {
  inputError: string;
}

const isInputError = (r: unknown): r is WorkerInputError => typeof r === 'object' && r !== null && typeof (r as WorkerInputError).inputError === 'string';

/** `workers` threads; one thread runs in-process (no messages). */
export async function threadEvaluator(engineName: EngineName, workers: number): Promise<Evaluator> {
  return workers <= 1 ? inProcessEvaluator(engineName) : pooledEvaluator(engineName, workers);
}

/** Always worker threads, even one: the calling thread's event loop stays free (a queue worker
 *  must keep renewing its job locks while the scores are computed). */
export async function pooledEvaluator(engineName: EngineName, workers: number, opts: { profile?: boolean } = {}): Promise<Evaluator & { profiles: EvalProfile[] }> {
  const pool = workerPool<SharedEvalMessage, unknown>({ file: WORKER_FILE, workers, workerData: { watchdog: watchdogShare() }, build: 'npm run build' });
  const profiles: EvalProfile[] = [];
  return {
    workers,
    profiles,
    async evaluate(job) {
      const counts = taskCounts(job);
      const units = counts.reduce((a, b) => a + b, 0);
      const next = new Int32Array(new SharedArrayBuffer(4));
      const scores = new Float64Array(new SharedArrayBuffer(8 * units));
      const unitCpuNs = opts.profile ? new Float64Array(new SharedArrayBuffer(8 * units)) : undefined;
      const msg: SharedEvalMessage = { engine: engineName, job, next, scores, ...(unitCpuNs ? { unitCpuNs } : {}) };
      const postMs = performance.timeOrigin + performance.now();
      // A worker that is still busy when the others have drained the counter finds nothing left
      // and returns at once: every unit is scored exactly once, whoever runs it.
      const replies: unknown[] = await Promise.all(Array.from({ length: Math.min(workers, units) }, () => pool.run(msg)));
      const failed = replies.find(isInputError);
      if (failed) throw new InputError(failed.inputError);
      if (unitCpuNs) profiles.push({ postMs, doneMs: performance.timeOrigin + performance.now(), workers: replies as WorkerStats[], unitCpuNs });
      const out: number[][] = [];
      let u = 0;
      for (const c of counts) {
        out.push(Array.from(scores.subarray(u, u + c)));
        u += c;
      }
      return out;
    },
    close: () => pool.close(),
  };
}
