// The coordinator's side of the queue: an Evaluator whose evaluations are BullMQ jobs. Each call
// cuts the agents into slices (each ~jobMs of work, and at least as many as there are worker
// threads), adds one job per slice and gathers the results by slice index — so the scores, and
// the model, are the same as a local run's whichever worker ran which job, in whatever order.
//
// Faults: a job whose worker died is re-queued by BullMQ's stalled-job check (on the workers); a
// job that vanished (Redis restarted without persistence) is added again — jobs are pure data,
// running one twice is harmless; Redis unreachable for longer than `unreachableMs` stops the run
// with a clear error (the caller checkpoints).
import { randomUUID } from 'node:crypto';
import { type ConnectionOptions, Job, Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import type { EngineName } from '../engine/types.js';
import { ServiceFailure } from '../errors.js';
import type { EvalJob } from '../train/evaluate.js';
import { type Evaluator, sliceJob, slices } from '../train/pool.js';
import { checkRedis, explain, redisOptions } from './connection.js';
import { BUILD, type JobData, type JobResult, type ModuleRef, QUEUE_NAME, WORKERS_KEY, decode, encodeJob } from './protocol.js';
import type { QueueTarget } from './target.js';

export interface QueueStats {
  /** Workers (processes) alive now, and their threads. */
  workers: number;
  threads: number;
  /** Distinct workers that have returned a result in this session. */
  workersSeen: number;
  /** Jobs of the current evaluation not yet gathered. */
  inFlight: number;
  /** Jobs added in this session, and how many of them had to run again (stalled, failed, lost). */
  jobs: number;
  retries: number;
}

export interface QueueEvaluator extends Evaluator {
  stats(): QueueStats;
}

export interface QueueEvaluatorOptions {
  /** The run's identity (same across resumes): leftovers of earlier sessions are removed. */
  run: string;
  engine: EngineName;
  modules?: ModuleRef[];
  /** Target work per job in ms (default 250; jobs of ~0.1–1 s amortise the queue's overhead). */
  jobMs?: number;
  /** Give up when Redis has not answered for this long (default 60 s). */
  unreachableMs?: number;
  /** How often pending jobs are checked directly, besides the completion events (default 1 s). */
  pollMs?: number;
}

/** Redis unreachable (or a job failed for good) during a run: the run stops, resumable. */
export class QueueFailure extends ServiceFailure {
  constructor(message: string) {
    super(message);
    this.name = 'QueueFailure';
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref?.());

const TIMEOUT = Symbol('timeout');
const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> =>
  Promise.race([p, new Promise<typeof TIMEOUT>((r) => setTimeout(() => r(TIMEOUT), ms).unref?.())]);

const ATTEMPTS = 5;

export async function queueEvaluator(target: QueueTarget, opts: QueueEvaluatorOptions): Promise<QueueEvaluator> {
  await checkRedis(target);
  const connection = redisOptions(target);
  const queue = new Queue(QUEUE_NAME, { connection: connection as ConnectionOptions });
  const events = new QueueEvents(QUEUE_NAME, { connection: connection as ConnectionOptions });
  const redis = new Redis(connection);
  for (const c of [queue, events, redis]) (c as { on(e: 'error', f: () => void): void }).on('error', () => {});
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);

  const session = randomUUID().slice(0, 8);
  const jobMs = opts.jobMs ?? 250;
  const unreachableMs = opts.unreachableMs ?? 60_000;
  const pollMs = opts.pollMs ?? 1000;
  const modules = opts.modules ?? [];
  let round = 0;
  let msPerAgent = 0; // measured; 0 until the first result
  let alive = { workers: 0, threads: 0 };
  const seen = new Set<string>();
  let jobs = 0;
  let retries = 0;
  // The current evaluation's open jobs: id → what to do with its result.
  const pending = new Map<string, { part: number; data: JobData; done(r: JobResult): void; fail(e: Error): void }>();

  events.on('completed', ({ jobId, returnvalue }) => {
    const p = pending.get(jobId);
    if (p && returnvalue && typeof returnvalue === 'object' && 'scores' in returnvalue) p.done(returnvalue as unknown as JobResult);
  });
  events.on('stalled', ({ jobId }) => {
    if (pending.has(jobId)) retries++;
  });
  events.on('failed', ({ jobId }) => {
    if (pending.has(jobId)) void checkJob(jobId);
  });

  await removeLeftovers();

  async function removeLeftovers() {
    // Jobs of this run from an earlier (killed) session: not wanted any more. Active ones are
    // locked by their worker; they finish and nobody collects them.
    const old = await queue.getJobs(['wait', 'delayed', 'prioritized', 'failed', 'completed']);
    await Promise.all(old.filter((j) => j?.data?.run === opts.run && j.data.session !== session).map((j) => j.remove().catch(() => {})));
  }

  async function refreshWorkers() {
    const all = await withTimeout(redis.hgetall(WORKERS_KEY), 2000);
    if (all === TIMEOUT) return false;
    let workers = 0;
    let threads = 0;
    const now = Date.now();
    const gone: string[] = [];
    for (const [id, v] of Object.entries(all)) {
      try {
        const w = JSON.parse(v) as { threads: number; at: number };
        if (now - w.at < 10_000) {
          workers++;
          threads += w.threads;
        } else if (now - w.at > 120_000) gone.push(id); // killed without saying goodbye
      } catch {
        gone.push(id); // a malformed entry is not a worker
      }
    }
    if (gone.length) void redis.hdel(WORKERS_KEY, ...gone).catch(() => {});
    alive = { workers, threads };
    return true;
  }

  const jobOptions = (id: string) => ({
    jobId: id,
    attempts: ATTEMPTS,
    removeOnComplete: { age: 3600, count: 10_000 },
    removeOnFail: { age: 24 * 3600 },
  });

  async function checkJob(id: string) {
    const p = pending.get(id);
    if (!p) return;
    const job = await withTimeout(Job.fromId(queue, id) as Promise<Job<JobData, JobResult> | undefined>, 2000);
    if (!pending.has(id)) return;
    if (job === TIMEOUT) return; // Redis slow or away; the poll comes back
    if (!job) {
      // Gone without a result (Redis restarted and lost it): add it again.
      retries++;
      await queue.add('eval', p.data, jobOptions(id));
      return;
    }
    const state = await job.getState();
    if (state === 'completed' && job.returnvalue) p.done(job.returnvalue);
    else if (state === 'failed') p.fail(new QueueFailure(`queue job ${id} failed ${job.attemptsMade} time(s): ${job.failedReason}`));
  }

  /** Slices: ~jobMs of work each, at least one per live worker thread, at most one per agent. */
  function parts(agents: number): number {
    const byCost = msPerAgent > 0 ? Math.ceil((agents * msPerAgent) / jobMs) : 1;
    return Math.max(1, Math.min(agents, Math.max(byCost, alive.threads)));
  }

  return {
    workers: 0,
    stats: () => ({ ...alive, workersSeen: seen.size, inFlight: pending.size, jobs, retries }),
    async evaluate(job: EvalJob): Promise<number[][]> {
      await refreshWorkers();
      const r = round++;
      const cuts = slices(job.agents.length, parts(job.agents.length));
      const results: number[][][] = new Array(cuts.length);
      const t0 = performance.now();
      const done = new Promise<void>((resolve, reject) => {
        let left = cuts.length;
        cuts.forEach((cut, part) => {
          const id = `${opts.run}-${session}-${r}-${part}`;
          const data: JobData = { build: BUILD, run: opts.run, session, round: r, part, agents: cut[1] - cut[0], engine: opts.engine, modules, payload: encodeJob(sliceJob(job, cut)) };
          pending.set(id, {
            part,
            data,
            done(res) {
              if (!pending.delete(id)) return;
              results[part] = decode<number[][]>(res.scores);
              seen.add(res.worker);
              if (--left === 0) resolve();
            },
            fail(e) {
              pending.delete(id);
              reject(e);
            },
          });
        });
      });
      const ids = [...pending.keys()];
      await queue.addBulk(ids.map((id) => ({ name: 'eval', data: pending.get(id)!.data, opts: jobOptions(id) })));
      jobs += ids.length;
      // Events deliver results; a poll catches what events cannot (lost jobs, missed events) and
      // notices when Redis has been away too long.
      let lastAnswer = Date.now();
      let finished = false;
      const poll = (async () => {
        while (!finished) {
          await sleep(pollMs);
          if (finished) break;
          if (await refreshWorkers()) lastAnswer = Date.now();
          else if (Date.now() - lastAnswer > unreachableMs) {
            const e = new QueueFailure(`queue ${target.label}: Redis has not answered for ${Math.round(unreachableMs / 1000)} s — stopping (${explain(new Error('ETIMEDOUT'))})`);
            for (const p of [...pending.values()]) p.fail(e);
            return;
          }
          await Promise.all([...pending.keys()].map((id) => checkJob(id).catch(() => {})));
        }
      })();
      try {
        await done;
      } finally {
        finished = true;
        for (const id of ids) pending.delete(id);
      }
      void poll;
      const ms = performance.now() - t0;
      if (job.agents.length > 1) msPerAgent = (ms * Math.max(1, alive.threads)) / job.agents.length;
      return results.flat();
    },
    async close() {
      // With Redis away, close() waits for it: give up after 5 s and drop the connections.
      await withTimeout(Promise.allSettled([queue.close(), events.close()]), 5000);
      redis.disconnect();
      void queue.disconnect().catch(() => {});
      void events.disconnect().catch(() => {});
    },
  };
}
