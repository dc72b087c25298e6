// An ML job runner that runs each baseline job once: scoring two models on the same split in one
// process (the pre-registered split: the candidate and the model it replaces) tunes and evaluates
// the baselines once, since a baseline job's result depends only on the job (task instance, start
// scale, optimizer, lr, steps — every random choice seeded), never on the o1 model. o1 jobs always
// run. The results are the ones a fresh runner gives, so each model's JSON is the one
// `o1 bench --model M` prints alone (test/bench.preregistered2.test.ts checks it); only the
// run-time fields (MlRunResult.ms) of a reused job are its first run's.
import type { MlRunner } from '../engine/mlRunner.js';
import type { MlJob, MlRunResult } from './ml/run.js';

const keyOf = (j: MlJob): string | undefined => (j.optimizer.kind === 'o1' ? undefined : JSON.stringify([j.task, j.dataSeed, j.initSeed, j.steps, j.startScale ?? 1, j.record, j.optimizer]));

export function memoMlRunner(inner: MlRunner): MlRunner & { reused: () => number } {
  const memo = new Map<string, MlRunResult>();
  let reused = 0;
  return {
    workers: inner.workers,
    reused: () => reused,
    async run(jobs: readonly MlJob[], onDone?: (finished: number) => void): Promise<MlRunResult[]> {
      const keys = jobs.map(keyOf);
      const todo = jobs.map((_, i) => i).filter((i) => keys[i] === undefined || !memo.has(keys[i]!));
      const hits = jobs.length - todo.length;
      reused += hits;
      if (hits) onDone?.(hits);
      const fresh = todo.length ? await inner.run(todo.map((i) => jobs[i]), onDone) : [];
      todo.forEach((i, k) => {
        if (keys[i] !== undefined) memo.set(keys[i]!, fresh[k]);
      });
      const at = new Map(todo.map((i, k) => [i, fresh[k]]));
      return jobs.map((_, i) => at.get(i) ?? memo.get(keys[i]!)!);
    },
    close: () => inner.close(),
  };
}
