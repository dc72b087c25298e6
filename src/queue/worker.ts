// `o1 worker`'s loop: pull evaluation jobs from the queue and score them on this machine's cores
// with the training pool (piscina threads, the same kernels as a local run). The CPU work stays
// off this thread's event loop, so BullMQ keeps renewing the job's lock while it runs; a worker
// that dies mid-job loses its lock and another worker's stalled-job check re-queues the job.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { type ConnectionOptions, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { EngineName } from '../engine/types.js';
import { InputError } from '../errors.js';
import type { EvalJob } from '../train/evaluate.js';
import { type Evaluator, pooledEvaluator } from '../train/pool.js';
import type { TaskSpec } from '../train/tasks.js';
import { canonicalModuleName, loadTrainModules } from '../train/userFunctions.js';
import { checkRedis, explain, redisOptions } from './connection.js';
import { BUILD, type JobData, type JobResult, QUEUE_NAME, WORKERS_KEY, buildMismatch, decodeJob, encode, sha256File } from './protocol.js';
import type { QueueTarget } from './target.js';

export interface WorkerOptions {
  threads: number;
  /** User function modules present on this machine (jobs name them by content hash). */
  functions?: string[];
  /** BullMQ lock duration in ms (default 10 s): a dead worker's job is re-queued after about this long. */
  lockMs?: number;
  /** Stop after this many jobs (tests, benchmarks); default: run until stopped. */
  maxJobs?: number;
}

export interface JobLog {
  job: string;
  run: string;
  round: number;
  part: number;
  agents: number;
  seconds: number;
  jobsDone: number;
}

export interface WorkerHooks {
  onJob?(e: JobLog): void;
  onNotice?(message: string): void;
  /** Called once connected, before the first job. */
  onReady?(): void;
  /** Resolves when the worker should stop (SIGINT/SIGTERM). */
  stop?: Promise<void>;
}

/** Evaluator cache per engine: threads are made once and reused for every job. */
function evaluators(threads: number) {
  const made = new Map<EngineName, Promise<Evaluator>>();
  return {
    get: (engine: EngineName) => {
      if (!made.has(engine)) made.set(engine, pooledEvaluator(engine, threads));
      return made.get(engine)!;
    },
    close: async () => {
      for (const e of made.values()) await (await e).close();
    },
  };
}

/** Rewrites the coordinator's module names in a job's tasks to this machine's files (by hash). */
function localModules(job: EvalJob, data: JobData, byHash: Map<string, string>): EvalJob {
  if (data.modules.length === 0) return job;
  const rename = new Map<string, string>();
  for (const m of data.modules) {
    const local = byHash.get(m.sha256);
    if (!local) throw new InputError(`job needs the function module '${m.name}' (sha256 ${m.sha256.slice(0, 12)}…), which this worker does not have: start o1 worker with --functions <that file>`);
    rename.set(m.name, local);
  }
  const fix = (t: TaskSpec): TaskSpec => (rename.has(t.fn) ? { ...t, fn: rename.get(t.fn)! } : t);
  const tasks = 'perAgent' in job.tasks ? { perAgent: job.tasks.perAgent.map((ts) => ts.map(fix)) } : { shared: job.tasks.shared.map(fix) };
  return { ...job, tasks };
}

export async function runQueueWorker(target: QueueTarget, opts: WorkerOptions, hooks: WorkerHooks = {}): Promise<{ jobs: number; refused?: string }> {
  await checkRedis(target);
  const names = (opts.functions ?? []).map(canonicalModuleName);
  await loadTrainModules(names);
  const byHash = new Map(names.map((n) => [sha256File(n), n]));
  const id = `${hostname()}-${process.pid}-${randomUUID().slice(0, 4)}`;
  const lockMs = opts.lockMs ?? 10_000;
  const pool = evaluators(opts.threads);
  const connection = redisOptions(target);
  let jobsDone = 0;
  let refused: string | undefined;
  let stopping = false;
  let stopNow!: () => void;
  const stopped = new Promise<void>((r) => (stopNow = r));

  const worker = new Worker<JobData, JobResult>(
    QUEUE_NAME,
    async (job: Job<JobData, JobResult>) => {
      const why = buildMismatch(job.data.build);
      if (why) {
        // Refuse, and leave: the job goes back to the queue for a worker that can run it.
        refused = why;
        stopNow();
        throw new Error(`worker ${id} refused the job: ${why}`);
      }
      const t0 = performance.now();
      const evalJob = localModules(decodeJob(job.data.payload), job.data, byHash);
      const scores = await (await pool.get(job.data.engine)).evaluate(evalJob);
      const ms = performance.now() - t0;
      return { scores: encode(scores), ms, worker: id, threads: opts.threads };
    },
    {
      connection: connection as ConnectionOptions,
      concurrency: 1,
      lockDuration: lockMs,
      stalledInterval: Math.max(250, Math.round(lockMs / 2)),
      maxStalledCount: 5,
      name: id,
    },
  );
  let connected = true;
  worker.on('error', (e) => {
    if (connected) hooks.onNotice?.(`lost the queue at ${target.label} (${explain(e)}); reconnecting…`);
    connected = false;
  });
  worker.on('completed', (job) => {
    if (!connected) hooks.onNotice?.(`queue ${target.label} is back`);
    connected = true;
    jobsDone++;
    hooks.onJob?.({ job: job.id ?? '?', run: job.data.run, round: job.data.round, part: job.data.part, agents: job.data.agents, seconds: (job.returnvalue?.ms ?? 0) / 1000, jobsDone });
    if (opts.maxJobs !== undefined && jobsDone >= opts.maxJobs) stopNow();
  });

  // Heartbeat: the coordinator counts live workers and their threads from this hash.
  const redis = new Redis(connection);
  redis.on('error', () => {});
  const beat = () => redis.hset(WORKERS_KEY, id, JSON.stringify({ threads: opts.threads, host: hostname(), at: Date.now(), build: BUILD })).catch(() => {});
  await beat();
  const timer = setInterval(beat, 2000);
  await worker.waitUntilReady().catch(() => {});
  hooks.onReady?.();

  await Promise.race([stopped, hooks.stop ?? new Promise(() => {})]);
  stopping = true;
  clearInterval(timer);
  await Promise.race([redis.hdel(WORKERS_KEY, id).catch(() => {}), new Promise((r) => setTimeout(r, 1000).unref())]);
  redis.disconnect();
  // Finish the current job if Redis is there to take its result; with Redis away, close() would
  // wait for it forever — give up after 5 s (the job's lock expires and another worker re-runs it).
  const closed = await Promise.race([worker.close().then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 5000).unref())]);
  if (!closed) void worker.close(true).catch(() => {});
  await pool.close();
  void stopping;
  return { jobs: jobsDone, ...(refused ? { refused } : {}) };
}
