// What evaluation uses, named in one place, and the guard that keeps training away from it
// (docs/BENCHMARK.md, "Evaluation only"):
//   - the held-out test functions (the bench's `heldout` suite for a model trained on the
//     functions training may use);
//   - the evaluation start points and ML instances: every one derives from deriveSeed(seed,
//     'bench', …), a key no training draw uses (training derives from its own seed with 'starts',
//     'validation', 'init', 'ask', …);
//   - the ML benchmark's tasks (src/ml/tasks.ts ML_TASKS) and the real-data tasks and files
//     (realData.ts), which training never generates: its ML tasks come from its own families.
// The training config validator calls trainingUseProblems() once; tests hold the rest.
import { FUNCTIONS, getFunction } from '../functions/index.js';
import { mlTaskNames } from '../ml/index.js';

/** Built-in functions training may use: the functions every shipped model and preset trains on. */
export const TRAINING_FUNCTIONS: readonly string[] = ['rosenbrock', 'rastrigin', 'himmelblau', 'quadratic'];

/** Every other built-in: evaluation only (the `heldout` suite; their n-D versions in `nd` too). */
export const HELDOUT_FUNCTIONS: readonly string[] = FUNCTIONS.map((f) => f.name).filter((n) => !TRAINING_FUNCTIONS.includes(n));

/** The real-data tasks (realData.ts builds them; this file stays free of Node I/O, the browser's
 *  training core imports it), their npm package and its files. */
export const REAL_TASK_NAMES: readonly string[] = ['penguins-sex', 'cars-mpg'];
export const REAL_DATA_PACKAGE = 'vega-datasets';
export const REAL_DATA_FILES: readonly string[] = ['penguins.json', 'cars.json'];

/** The key every evaluation seed derives under: deriveSeed(seed, EVAL_SEED_KEY, …). */
export const EVAL_SEED_KEY = 'bench';

/** The ML benchmark's tasks and the real-data tasks: evaluation only. */
export function evaluationTaskNames(): string[] {
  return [...mlTaskNames(), ...REAL_TASK_NAMES];
}

/** The real datasets (package and files): evaluation only. */
export const REAL_DATASETS: readonly string[] = [REAL_DATA_PACKAGE, ...REAL_DATA_FILES, ...REAL_DATA_FILES.map((f) => f.replace(/\.json$/, ''))];

/** The problems with a training setup's names (function or task names, data files), one message
 *  each; empty when training may use them all. */
export function trainingUseProblems(names: readonly string[]): string[] {
  const out: string[] = [];
  const tasks = evaluationTaskNames();
  for (const raw of names) {
    const name = getFunction(raw)?.name ?? raw.trim().toLowerCase();
    if (HELDOUT_FUNCTIONS.includes(name))
      out.push(`"${raw}" is a held-out benchmark function (evaluation only, docs/BENCHMARK.md); train on ${TRAINING_FUNCTIONS.join(', ')} or your own --functions module`);
    else if (tasks.includes(name)) out.push(`"${raw}" is a benchmark ML task (evaluation only, docs/BENCHMARK.md); training generates its own ML tasks`);
    else if (REAL_DATASETS.some((d) => name === d || name.endsWith(`/${d}`))) out.push(`"${raw}" is a real dataset the benchmark holds out (evaluation only, docs/BENCHMARK.md)`);
  }
  return out;
}
