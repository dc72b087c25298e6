// One ML job: an optimizer on one instance of an ML task (a dataset seed and an initialisation
// seed), `steps` gradient steps — the ML benchmark's run, below the engine so that the engine's
// batched kernel runner (engine/mlBatch.ts) and the benchmark share it. The same function runs in
// the main thread and in worker threads, so a run's numbers do not depend on where it ran.
//
// The loop is minimize()'s (src/run/loop.ts) without the trajectory recording, so final losses and
// divergence steps are identical to minimize()'s bit for bit (tested), while a 300-step run on a
// 1185-parameter MLP does not allocate 600 arrays of 1185 numbers (x and ∇f per step).
import { getMlTask, type MlObjective, type MlTask } from './tasks.js';
import { createO1Stepper, type O1Model } from '../o1/o1.js';
import { getOptimizer, resolveHyper } from '../optimizers/index.js';
import type { OptState, Stepper } from '../optimizers/types.js';
import { Rng } from '../rng.js';
import { runLoop, type LoopEnd } from '../run/loop.js';

/** Finds a job's task by name. The ML tasks by default; a caller with tasks of its own (the
 *  benchmark's real-data tasks) passes a lookup that also knows those, and gives its worker
 *  threads a worker module that does the same. */
export type MlTaskLookup = (name: string) => MlTask | undefined;

/** The optimizer of a run: a baseline at one lr (`hyper`: any other hyper-parameter not at its
 *  default, e.g. a schedule's horizon), or
 *  o1 with a model (sent as plain data to workers). */
export type MlJobOptimizer = { kind: 'baseline'; name: string; lr: number; hyper?: Record<string, number> } | { kind: 'o1'; model: O1Model };

export interface MlJob {
  task: string;
  /** Seed of the task instance: `task.makeObjective(dataSeed)` (its train/test data, its batches). */
  dataSeed: number;
  /** Seed of the start: `objective.init(new Rng(initSeed))` (Glorot weights, zero biases). */
  initSeed: number;
  steps: number;
  optimizer: MlJobOptimizer;
  /** Multiplies the start: x₀ = startScale · init (the start-scale suite, bench/startScale.ts);
   *  absent: 1, the usual start. */
  startScale?: number;
  /** Evaluation run: also record the full-batch training loss at every step and the held-out
   *  metrics at the end. Tuning runs only need the final training loss. */
  record: boolean;
}

export interface MlRunResult {
  /** Full-batch training loss f(x_T); +∞ for a diverged run. */
  finalLoss: number;
  /** Step at which a non-finite loss, gradient or point appeared; −1 if the run did not diverge. */
  divergedAt: number;
  /** record only: f(x_t), t = 0 … T (full batch, also for the mini-batch task); +∞ from the
   *  divergence on. */
  curve?: Float64Array;
  /** record only: held-out loss and accuracy (classifiers) at x_T; NaN for a diverged run
   *  (accuracy: NaN also for regression tasks). */
  testLoss?: number;
  testAccuracy?: number;
  /** Wall time of the run in the thread that ran it (ms): for the timing breakdown only. */
  ms: number;
  /** For a rule that answers elsewhere than its iterate (schedule-free's x; see answerOf): the
   *  full-batch loss at the iterate (y) after the last step — finalLoss, the curve and the held-out
   *  metrics are the answer's. */
  iterateFinalLoss?: number;
}

/** The stepper's answer point (optimizers/types.ts evalPoint: schedule-free AdamW's x, dog-avg's
 *  average), when it offers its answer elsewhere than at the iterate; the benchmark measures there. */
export function answerOf(stepper: Stepper): ((x: Float64Array, state: OptState, out: Float64Array) => void) | undefined {
  return stepper.evalPoint ? stepper.evalPoint.bind(stepper) : undefined;
}

// Objectives are reused across runs of the same (task, dataSeed) within a thread: building one
// draws its dataset (≈ 3.5 ms for logreg's 3072 × 20 points). An objective keeps no state between
// calls except the mini-batch stream, which every run restarts (resetBatches).
const objectives = new Map<string, MlObjective>();

export function mlObjective(task: string, dataSeed: number, lookup: MlTaskLookup = getMlTask): MlObjective {
  const key = `${task}|${dataSeed}`;
  let o = objectives.get(key);
  if (!o) {
    const t = lookup(task);
    if (!t) throw new Error(`unknown ML task '${task}'`);
    o = t.makeObjective(dataSeed);
    if (objectives.size >= 64) objectives.clear();
    objectives.set(key, o);
  }
  return o;
}

export function jobStepper(opt: MlJobOptimizer): Stepper {
  if (opt.kind === 'o1') return createO1Stepper(opt.model);
  const spec = getOptimizer(opt.name);
  if (!spec) throw new Error(`unknown optimizer '${opt.name}'`);
  return spec.create(resolveHyper(spec, { ...opt.hyper, lr: opt.lr }));
}

/** A job's starting point: the task's seeded init, times its startScale when it has one. */
export function jobStart(objective: MlObjective, job: MlJob): Float64Array {
  const x = objective.init(new Rng(job.initSeed));
  const s = job.startScale;
  if (s !== undefined && s !== 1) for (let i = 0; i < x.length; i++) x[i] *= s;
  return x;
}

/** Runs one job on the ML tasks (one argument: `jobs.map(runMlJob)` works). */
export function runMlJob(job: MlJob): MlRunResult {
  return runMlJobWith(job, getMlTask);
}

/** Runs one job, its task found by `lookup`. */
export function runMlJobWith(job: MlJob, lookup: MlTaskLookup): MlRunResult {
  const t0 = performance.now();
  const objective = mlObjective(job.task, job.dataSeed, lookup);
  objective.resetBatches();
  const stepper = jobStepper(job.optimizer);
  const n = objective.n;
  const steps = job.steps;
  const x = jobStart(objective, job);
  const state = stepper.init(n, steps);
  const curve = job.record ? new Float64Array(steps + 1).fill(Infinity) : undefined;
  const full = objective.stochastic;
  const answer = answerOf(stepper);
  const a = answer ? new Float64Array(n) : undefined;
  const answerAt = (p: Float64Array): Float64Array => (answer!(p, state, a!), a!);
  const end = runLoop({
    x,
    g: new Float64Array(n),
    steps,
    valueAndGrad: (p, q) => objective.valueAndGrad(p, q),
    step: (p, q) => stepper.step(p, q, state),
    final: (p) => objective.f(p),
    // A full-batch task's value is f(x_t); the mini-batch task's is a batch loss, so evaluate
    // the full-batch f at x_t (evaluation runs only); a rule with an answer point is measured there.
    onValue: curve ? (t, f) => (curve[t] = answer ? objective.f(answerAt(x)) : full ? objective.f(x) : f) : undefined,
  });
  let out: MlRunResult;
  if (answer && end.divergedAt < 0) {
    // Measured at the answer after the last step; a non-finite loss there ends the run at T.
    const at = answerAt(x);
    const fa = objective.f(at);
    out = finishMlRun({ divergedAt: Number.isFinite(fa) ? -1 : steps, f: fa }, steps, curve, objective, at, () => objective.testLoss(at));
    out.iterateFinalLoss = out.divergedAt < 0 ? end.f : Infinity;
  } else {
    out = finishMlRun(end, steps, curve, objective, x, () => objective.testLoss(x));
    if (answer) out.iterateFinalLoss = Infinity;
  }
  out.ms = performance.now() - t0;
  return out;
}

/** A run's result from where its loop ended (runLoop's rule: divergedAt, f(x_T) or the non-finite
 *  value that stopped it), its curve so far (record runs: f(x_t) for the steps taken, +∞ elsewhere)
 *  and its end point x_T: the final loss (+∞ for a diverged run), the curve finished (f(x_T) at T,
 *  +∞ from the divergence on, every non-finite value +∞) and the held-out loss and accuracy (NaN
 *  for a diverged run). runMlJob and the batched kernel runner (engine/mlBatch.ts) both end here;
 *  `testLoss` is the held-out loss at x_T, computed only when it is reported. */
export function finishMlRun(end: LoopEnd, steps: number, curve: Float64Array | undefined, objective: MlObjective, x: Float64Array, testLoss: () => number): MlRunResult {
  const divergedAt = end.divergedAt;
  const finalLoss = end.f;
  const out: MlRunResult = { finalLoss: divergedAt < 0 ? finalLoss : Infinity, divergedAt, ms: 0 };
  if (curve) {
    if (divergedAt < 0) curve[steps] = finalLoss;
    else for (let t = divergedAt; t <= steps; t++) curve[t] = Infinity;
    for (let t = 0; t <= steps; t++) if (!Number.isFinite(curve[t])) curve[t] = Infinity;
    out.curve = curve;
    out.testLoss = divergedAt < 0 ? testLoss() : NaN;
    out.testAccuracy = divergedAt < 0 && objective.testAccuracy ? objective.testAccuracy(x) : NaN;
  }
  return out;
}
