// The ML suites at long horizons, full batch and mini-batch (issue 21 item 3), as named suites of
// `o1 bench`:
//   ml-long      — the `ml` suite's tasks at 1000 and 5000 steps, 10 runs per task;
//   ml-minibatch — the same tasks trained by mini-batches of 32 (problems/mlMinibatch.ts), at 1000
//                  and 5000 steps, 10 runs per task.
// Each horizon is a whole ML benchmark (runMlBench: the baselines re-tuned for that budget), so the
// result is a list of horizons, as `--steps A,B` gives; `--steps` and `--starts` (runs per task)
// override the defaults, `--fn` picks tasks.
import type { BenchmarkOptions, HorizonsResult } from './benchmark.js';
import { runMlBench } from './ml.js';
import { ML_MINIBATCH_SUITE } from '../problems/mlMinibatch.js';

export const ML_LONG_SUITE = 'ml-long';
export { ML_MINIBATCH_SUITE };
export type MlLongSuite = typeof ML_LONG_SUITE | typeof ML_MINIBATCH_SUITE;
export const ML_LONG_STEPS: readonly number[] = [1000, 5000];
/** Runs (instances) per task: enough for a bootstrap over runs (issue 20 item 6 asks ≥ 10). */
export const ML_LONG_RUNS = 10;

export async function runMlHorizons(o: BenchmarkOptions, suite: MlLongSuite, steps: readonly number[] = ML_LONG_STEPS): Promise<HorizonsResult> {
  const out: HorizonsResult = { horizons: [] };
  const engine = (await o.engine()).name;
  for (const T of [...new Set(steps)]) {
    const ml = await runMlBench({
      model: o.model,
      modelRef: o.modelRef,
      suite: suite === ML_LONG_SUITE ? 'ml' : 'ml-minibatch',
      tasks: o.functions,
      baselines: o.baselines,
      runs: o.starts ?? ML_LONG_RUNS,
      tuneRuns: o.tuneStarts,
      steps: T,
      seed: o.seed,
      grid: o.grid,
      bootstrap: o.bootstrap,
      engine,
      workers: o.workers,
      runner: o.mlRunner,
      onProgress: o.onProgress ? (p) => o.onProgress!({ ...p, phase: `${suite} ${T} steps: ${p.phase}` }) : undefined,
    });
    out.horizons.push({ steps: T, result: { ml } });
  }
  return out;
}
