// A generation's training tasks: for each training function, S start points drawn uniformly
// from its domain. With common random numbers every agent of a generation sees the same starts
// (fresh ones each generation); the draw depends only on (seed, generation), never on workers.
import { Rng, deriveSeed } from '../rng.js';
import { getFunction } from '../functions/index.js';
import type { TestFunction } from '../functions/types.js';
import { InputError } from '../errors.js';
import { userFunction } from './userFunctions.js';
import { type Transform, type TransformOptions, drawTransform, isIdentityTransform, transformStarts, transformedFunction } from './problems.js';
import { DEFAULT_ML_SIZES, type MlSizeOptions, type MlTrainSpec, drawConvTrainSpec, drawMlTrainSpec, mlTrainFunction, mlTrainLabel, mlTrainShape, mlTrainStarts } from './mlFamilies.js';

/** Plain data (crosses worker boundaries by structured clone). */
export interface TaskSpec {
  fn: string;
  n: number;
  /** S starts, run-major (starts[r * n + i]). */
  starts: number[];
  /** The problem generator's transform of `fn` (absent: the plain function). */
  transform?: Transform;
  /** A generated ML training task (then `fn` is its label and `n` its parameter count). */
  ml?: MlTrainSpec;
  /** The task's starts were scaled (startScaleTwins): its label gets "@scaled". */
  scaled?: boolean;
}

/** The function a task runs: the named one, or its transformed version. */
export function taskFunction(task: TaskSpec): TestFunction {
  if (task.ml) return mlTrainFunction(task.ml);
  const fn = resolveTrainFunction(task.fn);
  return task.transform ? transformedFunction(fn, task.n, task.transform) : fn;
}

export function resolveTrainFunction(name: string): TestFunction {
  const fn = getFunction(name) ?? userFunction(name);
  if (!fn) throw new InputError(`unknown training function '${name}' (\`o1 functions\` lists them)`);
  return fn;
}

export function drawStarts(fn: TestFunction, n: number, count: number, rng: Rng): number[] {
  const box = fn.domain(n);
  const out = new Array<number>(count * n);
  for (let r = 0; r < count; r++) for (let i = 0; i < n; i++) out[r * n + i] = rng.range(box.lo[i], box.hi[i]);
  return out;
}

/** The tasks of one generation (and, without common random numbers, of one agent). */
export function generationTasks(
  seed: number,
  generation: number,
  functions: readonly { name: string; n: number }[],
  startsPerFunction: number,
  agent?: number,
  transform?: TransformOptions,
): TaskSpec[] {
  const rng = new Rng(deriveSeed(seed, 'starts', generation, agent ?? 'all'));
  return functions.map(({ name, n }) => {
    const fn = resolveTrainFunction(name);
    const starts = drawStarts(fn, n, startsPerFunction, rng);
    if (!transform || isIdentityTransform(transform)) return { fn: name, n, starts };
    const t = drawTransform(fn, n, transform, rng);
    return { fn: name, n, starts: transformStarts(t, starts, n), transform: t };
  });
}

/** `count` generated ML tasks (mlFamilies.ts), each with `starts` Glorot initialisations; the draw
 *  depends only on (seed, generation, agent), like the function starts. */
export function generationMlTasks(seed: number, generation: number, count: number, starts: number, agent?: number, sizes: MlSizeOptions = DEFAULT_ML_SIZES): TaskSpec[] {
  const rng = new Rng(deriveSeed(seed, 'ml-tasks', generation, agent ?? 'all'));
  return Array.from({ length: count }, () => {
    const ml = drawMlTrainSpec(rng, sizes);
    return { fn: mlTrainLabel(ml), n: mlTrainShape(ml).paramCount, starts: mlTrainStarts(ml, starts, rng), ml };
  });
}

/** `count` generated conv tasks (mlFamilies.ts drawConvTrainSpec), each with `starts` Glorot
 *  initialisations; their own stream, so the other draws of a generation are unchanged. */
export function generationConvTasks(seed: number, generation: number, count: number, starts: number, agent?: number): TaskSpec[] {
  const rng = new Rng(deriveSeed(seed, 'conv-tasks', generation, agent ?? 'all'));
  return Array.from({ length: count }, () => {
    const ml = drawConvTrainSpec(rng);
    return { fn: mlTrainLabel(ml), n: mlTrainShape(ml).paramCount, starts: mlTrainStarts(ml, starts, rng), ml };
  });
}

/** Twins of `tasks` for the start-scale option: the same problems, each start multiplied by its
 *  own c = 10^U(lo, hi) (about the origin of the parameters: a tiny start is a tiny init, as a
 *  network's weights scaled down). The draw has its own stream, so the other draws are unchanged. */
export function startScaleTwins(tasks: readonly TaskSpec[], [lo, hi]: readonly number[], seed: number, generation: number, agent?: number): TaskSpec[] {
  const rng = new Rng(deriveSeed(seed, 'start-scales', generation, agent ?? 'all'));
  return tasks.map((task) => {
    const starts = task.starts.slice();
    for (let r = 0; r < starts.length / task.n; r++) {
      const c = 10 ** rng.range(lo, hi);
      for (let i = 0; i < task.n; i++) starts[r * task.n + i] *= c;
    }
    return { ...task, starts, scaled: true };
  });
}

/** Mini-batch twins of generated ML tasks: one per task, its batch size drawn from `sizes`. */
export function miniBatchTwins(tasks: readonly TaskSpec[], sizes: readonly number[], seed: number, generation: number, agent?: number): TaskSpec[] {
  const rng = new Rng(deriveSeed(seed, 'mini-batch-sizes', generation, agent ?? 'all'));
  return tasks.filter((t) => t.ml).map((task) => {
    const ml = { ...task.ml!, batchSize: sizes[rng.int(sizes.length)] };
    return { ...task, fn: mlTrainLabel(ml), ml };
  });
}
