// How the ML tasks' target losses are chosen (and re-checked): a learning-rate sweep of Adam,
// several seeds per lr, the full-batch training loss recorded at every step. Also a rough timer of
// valueAndGrad. Used by docs/ML.md's numbers and the tests; nothing here runs at import.
import { deriveSeed, Rng } from '../src/rng.js';
import { getOptimizer, resolveHyper } from '../src/optimizers/index.js';
import type { MlObjective, MlTask } from '../src/ml/tasks.js';

/** The seeded start point every calibration and test run uses for (task, seed). */
export function initialPoint(objective: MlObjective, seed: number): Float64Array {
  return objective.init(new Rng(deriveSeed(seed, 'ml-init')));
}

/**
 * Full-batch training loss f(x_t), t = 0…steps, of Adam (PyTorch defaults, the given lr) on the
 * task instance `seed`, from initialPoint. A non-finite loss ends the curve with Infinity.
 */
export function adamLossCurve(task: MlTask, seed: number, lr: number, steps: number): Float64Array {
  const spec = getOptimizer('adam');
  if (!spec) throw new Error('adam is not registered');
  const stepper = spec.create(resolveHyper(spec, { lr }));
  const objective = task.makeObjective(seed);
  const x = initialPoint(objective, seed);
  const g = new Float64Array(objective.n);
  const state = stepper.init(objective.n);
  const curve = new Float64Array(steps + 1).fill(Infinity);
  for (let t = 0; t <= steps; t++) {
    // For a stochastic task valueAndGrad's value is a mini-batch loss: record f (full batch).
    const value = objective.valueAndGrad(x, g);
    const loss = objective.stochastic ? objective.f(x) : value;
    if (!Number.isFinite(loss)) break;
    curve[t] = loss;
    if (t < steps) stepper.step(x, g, state);
  }
  return curve;
}

/** min_{s ≤ t} curve[s]: the best loss reached within t steps. */
export function bestSoFar(curve: Float64Array, t: number): number {
  let best = Infinity;
  for (let s = 0; s <= t && s < curve.length; s++) best = Math.min(best, curve[s]);
  return best;
}

/** First step at which the curve is ≤ target, or −1. */
export function stepsToTarget(curve: Float64Array, target: number): number {
  for (let t = 0; t < curve.length; t++) if (curve[t] <= target) return t;
  return -1;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Rounds up to two significant digits (a target slightly above the measured value, never below). */
export function roundUp2(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return v;
  const scale = 10 ** (Math.floor(Math.log10(v)) - 1);
  // toPrecision drops the binary noise of the product (2.7e-4, not 2.6999999999999995e-4).
  return Number((Math.ceil(v / scale - 1e-9) * scale).toPrecision(2));
}

export interface LrRow {
  lr: number;
  /** Median over seeds of the best loss within `typicalBudget` steps. */
  medianBest: number;
  /** Worst (max) over seeds of the best loss within `maxBudget` steps. */
  worstBest: number;
}

export interface Calibration {
  task: string;
  typicalBudget: number;
  maxBudget: number;
  seeds: number[];
  rows: LrRow[];
  /** The lr with the lowest medianBest. */
  bestLr: number;
  /** max(medianBest, worstBest) of bestLr, rounded up to 2 significant digits. */
  target: number;
  /** Steps the tuned Adam took to reach the target on each seed (−1: not within maxBudget). */
  stepsToTarget: number[];
}

/**
 * The target rule. Sweep Adam's lr; the tuned lr minimises the median (over seeds) of the best
 * loss within `typicalBudget` steps. The target is the larger of that median and the worst
 * seed's best loss within `maxBudget` steps, rounded up to 2 significant digits: so tuned Adam
 * reaches it within typicalBudget steps on at least half the calibration seeds and within
 * maxBudget on all of them. (One absolute target serves every seed, and each seed's dataset has
 * its own optimum: the max keeps the target reachable on every calibration instance.)
 */
export function calibrateTarget(
  task: MlTask, lrs: readonly number[], seeds: readonly number[], typicalBudget = 300, maxBudget = 500,
): Calibration {
  const curves = new Map<number, Float64Array[]>();
  const rows: LrRow[] = lrs.map((lr) => {
    const perSeed = seeds.map((seed) => adamLossCurve(task, seed, lr, maxBudget));
    curves.set(lr, perSeed);
    return {
      lr,
      medianBest: median(perSeed.map((c) => bestSoFar(c, typicalBudget))),
      worstBest: Math.max(...perSeed.map((c) => bestSoFar(c, maxBudget))),
    };
  });
  const tuned = rows.reduce((a, b) => (b.medianBest < a.medianBest ? b : a));
  const target = roundUp2(Math.max(tuned.medianBest, tuned.worstBest));
  return {
    task: task.name,
    typicalBudget,
    maxBudget,
    seeds: [...seeds],
    rows,
    bestLr: tuned.lr,
    target,
    stepsToTarget: curves.get(tuned.lr)!.map((c) => stepsToTarget(c, target)),
  };
}

/** Rough time of one valueAndGrad call in microseconds: after a warm-up (so V8 has optimised the
 *  loops), the fastest of `repeats` runs of `calls` calls, since other processes only ever add. */
export function timeValueAndGrad(objective: MlObjective, x: Float64Array, calls: number, repeats = 5): number {
  const g = new Float64Array(objective.n);
  for (let i = 0; i < Math.min(200, calls); i++) objective.valueAndGrad(x, g);
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) objective.valueAndGrad(x, g);
    best = Math.min(best, ((performance.now() - start) * 1000) / calls);
  }
  return best;
}
