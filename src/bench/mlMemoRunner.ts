// An ML job runner that runs each baseline job once: scoring two models on the same split in one
// process (the pre-registered split: the candidate and the model it replaces) tunes and evaluates
// the baselines once, since a baseline job's result depends only on the job (task instance, start
// scale, optimizer, lr, steps — every random choice seeded), never on the o1 model. o1 jobs always
// run. A job asked for while the same job is still running (two models scored side by side) waits
// for that run. The results are the ones a fresh runner gives, so each model's JSON is the one
// `o1 bench --model M` prints alone (test/bench.preregistered2.test.ts checks it, in turn and side
// by side); only the run-time fields (MlRunResult.ms) of a reused job are its first run's.
import type { MlRunner } from '../engine/mlRunner.js';
import type { MlJob, MlRunResult } from './ml/run.js';

const keyOf = (j: MlJob): string | undefined => (j.optimizer.kind === 'o1' ? undefined : JSON.stringify([j.task, j.dataSeed, j.initSeed, j.steps, j.startScale ?? 1, j.record, j.optimizer]));

export function memoMlRunner(inner: MlRunner): MlRunner & { reused: () => number } {
  const memo = new Map<string, Promise<MlRunResult>>();
  let reused = 0;
  return {
    workers: inner.workers,
    reused: () => reused,
    async run(jobs: readonly MlJob[], onDone?: (finished: number) => void): Promise<MlRunResult[]> {
      const fresh: number[] = [];
      const settle = new Map<number, { resolve: (r: MlRunResult) => void; reject: (e: unknown) => void }>();
      const results = jobs.map((job, i) => {
        const key = keyOf(job);
        const known = key === undefined ? undefined : memo.get(key);
        if (known) {
          reused++;
          return known;
        }
        fresh.push(i);
        const p = new Promise<MlRunResult>((resolve, reject) => settle.set(i, { resolve, reject }));
        p.catch(() => {}); // a failure is thrown by the call that ran the job
        if (key !== undefined) memo.set(key, p);
        return p;
      });
      if (fresh.length < jobs.length) onDone?.(jobs.length - fresh.length);
      try {
        const out = fresh.length ? await inner.run(fresh.map((i) => jobs[i]), onDone) : [];
        fresh.forEach((i, k) => settle.get(i)!.resolve(out[k]));
      } catch (e) {
        for (const i of fresh) {
          const key = keyOf(jobs[i]);
          if (key !== undefined) memo.delete(key);
          settle.get(i)!.reject(e);
        }
        throw e;
      }
      return Promise.all(results);
    },
    close: () => inner.close(),
  };
}
