// What evaluation uses, named in one place, and the guard that keeps training away from it
// (docs/BENCHMARK.md, "Evaluation only"):
//   - the held-out test functions (the bench's `heldout` suite for a model trained on the
//     functions training may use);
//   - the evaluation start points and ML instances: every one derives from deriveSeed(seed,
//     'bench', …), a key no training draw uses (training derives from its own seed with 'starts',
//     'validation', 'init', 'ask', …);
//   - the ML benchmark's tasks (src/ml/tasks.ts ML_TASKS) and the real-data tasks and files
//     (bench/realData.ts), which training never generates: its ML tasks come from its own families;
//   - the pre-registered held-out split (bench/preregistered.ts, its manifest frozen by hash): its
//     functions, its ML tasks and their data families. No suite but `preregistered` runs them.
// The training config validator calls trainingUseProblems() once; tests hold the rest. A table below
// training and the benchmark (both read it), so no import runs upwards.
import { FUNCTIONS, getFunction } from '../functions/index.js';
import { mlTaskNames } from '../ml/index.js';
import { MINIBATCH_VARIANTS } from './mlMinibatch.js';

/** Built-in functions training may use: the functions every shipped model and preset trains on. */
export const TRAINING_FUNCTIONS: readonly string[] = ['rosenbrock', 'rastrigin', 'himmelblau', 'quadratic'];

/** The pre-registered split's functions (preregistered.json): evaluation only, and only in the
 *  `preregistered` suite, scored once per model that was trained and selected without them. */
export const PREREGISTERED_FUNCTIONS: readonly string[] = ['bohachevsky', 'leon', 'trecanni', 'zakharov', 'trid', 'sumpowers', 'levy'];
/** The pre-registered split's ML tasks (bench/preregisteredTasks.ts) and the data families they are
 *  drawn from: training may draw none of these families (src/train/mlFamilies.ts, tested). */
export const PREREGISTERED_TASK_NAMES: readonly string[] = ['friedman1-mlp', 'hastie-mlp', 'peaks-mlp', 'hastie-mlp-sgd', 'friedman1-mlp-sgd'];
export const PREREGISTERED_ML_FAMILIES: readonly string[] = ['friedman1', 'hastie', 'peaks'];
/** What the second pre-registered split (preregistered2.ts) adds: its new ML tasks and data
 *  family (its functions and other tasks are split 1's, above). */
export const PREREGISTERED2_NEW_TASK_NAMES: readonly string[] = ['ringnorm-mlp', 'ringnorm-mlp-sgd', 'peaks-mlp-sgd'];
export const PREREGISTERED2_NEW_ML_FAMILIES: readonly string[] = ['ringnorm'];

/** Every other built-in: evaluation only (the `heldout` suite; their n-D versions in `nd` too). */
export const HELDOUT_FUNCTIONS: readonly string[] = FUNCTIONS.map((f) => f.name).filter((n) => !TRAINING_FUNCTIONS.includes(n) && !PREREGISTERED_FUNCTIONS.includes(n));

/** The real-data tasks (bench/realData.ts builds them; this file stays free of Node I/O, the browser's
 *  training core imports it), their npm package and its files. */
export const REAL_TASK_NAMES: readonly string[] = ['penguins-sex', 'cars-mpg'];
export const REAL_DATA_PACKAGE = 'vega-datasets';
export const REAL_DATA_FILES: readonly string[] = ['penguins.json', 'cars.json'];

/** The key every evaluation seed derives under: deriveSeed(seed, EVAL_SEED_KEY, …). */
export const EVAL_SEED_KEY = 'bench';

/** The ML benchmark's tasks (with the mini-batch suite's variants of them) and the real-data
 *  tasks: evaluation only. */
export function evaluationTaskNames(): string[] {
  return [...mlTaskNames(), ...MINIBATCH_VARIANTS.map((t) => t.name), ...REAL_TASK_NAMES];
}

/** The message for a name of the pre-registered split (function, ML task or data family, any
 *  case, '-' and '_' alike, "ml:" labels included), else undefined. */
export function preregisteredUse(raw: string): string | undefined {
  const name = raw.trim().toLowerCase().replace(/_/g, '-');
  const fn = getFunction(raw)?.name;
  const family = /^ml:([a-z0-9-]+)/.exec(name)?.[1];
  const what = fn && PREREGISTERED_FUNCTIONS.includes(fn)
    ? 'function'
    : PREREGISTERED_TASK_NAMES.includes(name) || PREREGISTERED2_NEW_TASK_NAMES.includes(name)
      ? 'ML task'
      : PREREGISTERED_ML_FAMILIES.includes(family ?? name) || PREREGISTERED2_NEW_ML_FAMILIES.includes(family ?? name)
        ? 'ML data family'
        : undefined;
  return what && `"${raw}" is a ${what} of the pre-registered held-out splits (evaluation only, scored once; docs/BENCHMARK.md "The pre-registered split"): training, validation and model selection may not use it`;
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
    const pre = preregisteredUse(raw);
    if (pre) out.push(pre);
    else if (HELDOUT_FUNCTIONS.includes(name))
      out.push(`"${raw}" is a held-out benchmark function (evaluation only, docs/BENCHMARK.md); train on ${TRAINING_FUNCTIONS.join(', ')} or your own --functions module`);
    else if (tasks.includes(name)) out.push(`"${raw}" is a benchmark ML task (evaluation only, docs/BENCHMARK.md); training generates its own ML tasks`);
    else if (REAL_DATASETS.some((d) => name === d || name.endsWith(`/${d}`))) out.push(`"${raw}" is a real dataset the benchmark holds out (evaluation only, docs/BENCHMARK.md)`);
  }
  return out;
}
