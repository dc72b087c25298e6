// `runMlBench(options) → MlBenchResult`: the benchmark's `ml` suite — o1 against the tuned
// baselines on the training losses of small real models (src/ml: logreg, moons-mlp, spirals-mlp,
// sine-mlp, moons-mlp-sgd), with the protocol of the other suites (docs/BENCHMARK.md):
//   1. instances: a run is one (dataset seed, init seed) pair of a task; the tuning instances are
//      disjoint from the evaluation ones in BOTH seeds (other data, other start);
//   2. equal tuning (tuning.ts): every baseline runs every lr of the grid on every tuning
//      instance; score = median over the tuning runs of log10(max(final training loss − 0,
//      1e-12)), diverged = +∞; one lr for all ML tasks (suite mode) and the best lr per task
//      (per-function mode); o1 is not tuned;
//   3. evaluation on the evaluation instances: o1 and every baseline at both of its lrs, the
//      full-batch training loss recorded at every step;
//   4. statistics: steps to the task's target training loss, final training loss, held-out loss
//      and accuracy, paired win/tie/loss on the final training loss (stats.ts rules), per-task and
//      suite win rates with bootstrap CIs, and on how many tasks o1 needs fewer steps.
// Runs go to the ML kernels (src/engine/mlRunner.ts: the runs of one task instance advance
// together, bit-identical to the TS job runner) or, with engine 'ts', to the TS reference, spread
// over worker threads either way; the result does not depend on the engine or the number of workers. Every random choice derives from `seed`.
import { performance } from 'node:perf_hooks';
import { InputError } from '../errors.js';
import { ML_TASKS, type MlTask } from '../ml/index.js';
import { mlSuiteTasks, type MlSuiteName } from './taskTables.js';
import type { O1Model } from '../o1/o1.js';
import { Rng, deriveSeed } from '../rng.js';
import { closeMatches } from '../util/closeMatches.js';
import { type MlJob, type MlJobOptimizer, type MlRunResult } from '../ml/job.js';
import type { MlRunner } from '../engine/mlRunner.js';
import { benchMlRunner } from './ml/tasks.js';
import type { EngineName } from '../engine/types.js';
import { TUNE_MODES, baselineHyper, checkCount, contenderOf, groupSelection, resolveProtocolOptions, resultJson, type BenchProgress, type Contender, type GroupLrSelection, type ProtocolOptions, type SuiteSummaryRow, type TuneMode, type VersusResult } from './protocol.js';
import { runSuite, type CommonSettings, type CommonTiming } from './suiteRun.js';
import { bootstrapMedianCI, gapOf, logGap, median, targetStats } from './stats.js';

export const ML_SUITE = 'ml';
export type { MlSuiteName } from './taskTables.js';
export const ML_DEFAULT_STEPS = 300;
/** ≥ 10 runs per task, so that the run level of the two-level bootstrap means something. */
export const ML_DEFAULT_RUNS = 10;
export const ML_DEFAULT_TUNE_RUNS = 2;

/** Rough cost of one valueAndGrad per task (ms, docs/ML.md), for load balancing only. */
const STEP_MS: Record<string, number> = { logreg: 0.11, 'moons-mlp': 0.23, 'spirals-mlp': 0.69, 'sine-mlp': 0.6, 'moons-mlp-sgd': 0.034 };
/** …and of the full-batch f the mini-batch task evaluates at every step of an evaluation run. */
const FULL_F_MS: Record<string, number> = { 'moons-mlp-sgd': 0.13 };

export interface MlInstance {
  dataSeed: number;
  initSeed: number;
}

/** Progress of the ML suite: the same phases as the other suites. */
export type MlBenchProgress = BenchProgress;

export interface MlBenchOptions extends ProtocolOptions {
  /** ML task names (default: all of the suite's tasks). */
  tasks?: readonly string[];
  /** 'ml' (ML_TASKS, the default), 'real' (the held-out real-data tasks, realData.ts),
   *  'preregistered' (the pre-registered split's tasks) or 'ml-minibatch' (taskTables.ts). */
  suite?: MlSuiteName;
  /** Evaluation runs (instances) per task, default 5. */
  runs?: number;
  /** Tuning runs per task, default 2. */
  tuneRuns?: number;
  /** 'wasm' (default): the ML kernels; 'ts': the TS reference. Same numbers. Ignored when `runner` is given. */
  engine?: EngineName;
  /** Worker threads (≤ 1: the calling thread). Ignored when `runner` is given. */
  workers?: number;
  /** Runs the jobs (default: benchMlRunner(workers, engine)); left open when given. */
  runner?: MlRunner;
  onProgress?: (p: MlBenchProgress) => void;
}

export interface MlContender extends Contender {
  /** Per evaluation run: the full-batch training loss at the last step (+∞ diverged; null in JSON). */
  finalLoss: number[];
  /** Per run: the first step t ≤ T with f(x_t) ≤ the task's target, null if never (or diverged). */
  stepsToTarget: (number | null)[];
  /** Per run: held-out loss at x_T (+∞ diverged). */
  testLoss: number[];
  /** Per run: held-out accuracy at x_T (classifiers; NaN — null — for a diverged run); null for
   *  regression tasks. */
  testAccuracy: number[] | null;
  /** Median over runs of log10(max(final loss, 1e-12)) (diverged = +∞) and its bootstrap CI. */
  medianLog10Loss: number;
  ciLo: number;
  ciHi: number;
  medianFinalLoss: number;
  /** Runs that reached the target. */
  reached: number;
  /** Median over ALL runs of the steps to target, a run that never reaches it counting as +∞
   *  (so +∞ — null in JSON — when more than half fail). The "steps to target" compared below. */
  medianSteps: number;
  /** COCO's ERT: (Σ steps of successes + T × failures) / successes; null when none succeeded. */
  ert: number | null;
  medianTestLoss: number;
  /** Median held-out accuracy, a diverged run counting as 0; null for regression tasks. */
  medianTestAccuracy: number | null;
  /** Median over runs of f(x_t), t = 0 … T (the loss curve plotted in the report). */
  curve: number[];
  /** A baseline measured at an answer other than its iterate (schedule-free AdamW's x): the final
   *  training loss at the iterate (y) of every run and its median — reported, not compared. */
  iterateFinalLoss?: number[];
  medianIterateFinalLoss?: number;
}

export interface MlTaskResult {
  task: string;
  description: string;
  kind: MlTask['kind'];
  n: number;
  targetLoss: number;
  stochastic: boolean;
  /** o1, then each baseline with the suite lr, then each with its per-task lr. */
  contenders: MlContender[];
  /** versus[mode][baseline]: o1's paired outcomes on the final training loss. */
  versus: Record<TuneMode, Record<string, VersusResult>>;
  /** fewerSteps[mode][baseline]: o1's median steps to target < the baseline's. */
  fewerSteps: Record<TuneMode, Record<string, boolean>>;
}

export interface MlSummaryRow extends SuiteSummaryRow {
  /** Tasks on which o1 reaches the target in fewer steps (median over runs, failures = +∞). */
  fewerSteps: number;
  fewerStepsTasks: string[];
  tasks: number;
}

/** A baseline's tuning on the suite's one group (protocol.ts GroupLrSelection). */
export type MlTuningRecord = GroupLrSelection;

/** The settings in the JSON's key order: the protocol's (CommonSettings) among the ML suite's own. */
export interface MlBenchSettings extends CommonSettings {
  suite: MlSuiteName;
  model: { name: string | null; ref: string | null; lrMode: string };
  tasks: string[];
  runs: number;
  tuneRuns: number;
  stepsToTarget: string;
}

export interface MlBenchTiming extends CommonTiming {
  workers: number;
  runs: number;
  /** CPU time of the whole process, every thread (user + system, s): unlike the wall times, it
   *  does not grow when other processes share the cores. */
  processCpuSec: number;
  /** Σ over runs of each run's wall time inside its thread (s), per task and kind of run: where
   *  the time goes (inflated uniformly when the cores are shared). */
  runSec: Record<string, { tuning: number; o1: number; baselines: number }>;
}

export interface MlBenchResult {
  settings: MlBenchSettings;
  instances: Record<string, { eval: MlInstance[]; tune: MlInstance[] }>;
  tuning: Record<string, MlTuningRecord>;
  tasks: MlTaskResult[];
  /** summary[mode][baseline]: mean of the tasks' win rates (stratified-bootstrap CI), totals, and
   *  on how many tasks o1 reaches the target in fewer steps. */
  summary: Record<TuneMode, Record<string, MlSummaryRow>>;
  /** "o1 reaches the target in fewer steps than suite-tuned Adam on K of N tasks" (null without adam). */
  headline: string | null;
  timing: MlBenchTiming;
}


/** Validates ML task names (unknown → InputError with suggestions). */
export function resolveMlTasks(names?: readonly string[], table: readonly MlTask[] = ML_TASKS): MlTask[] {
  if (!names) return [...table];
  const out: MlTask[] = [];
  for (const name of names) {
    const t = table.find((x) => x.name === name.trim().toLowerCase());
    if (!t) {
      const all = table.map((x) => x.name);
      const near = closeMatches(name, all);
      throw new InputError(`unknown ML task '${name}'${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; ML tasks: ${all.join(', ')}`);
    }
    if (!out.includes(t)) out.push(t);
  }
  if (out.length === 0) throw new InputError('give at least one ML task');
  return out;
}

/** The instances of a task: `count` (dataset seed, init seed) pairs from an independent stream
 *  per purpose. */
export function mlInstances(seed: number, task: string, purpose: 'eval' | 'tune', count: number): MlInstance[] {
  const out: MlInstance[] = [];
  for (let r = 0; r < count; r++) {
    out.push({ dataSeed: deriveSeed(seed, 'bench', 'ml', purpose, 'data', task, r), initSeed: deriveSeed(seed, 'bench', 'ml', purpose, 'init', task, r) });
  }
  return out;
}

/** Evaluation and tuning instances of a task; every tuning instance differs from every evaluation
 *  instance in its dataset seed AND its init seed (a seed that coincides is redrawn). */
export function mlInstanceSets(seed: number, task: string, runs: number, tuneRuns: number): { eval: MlInstance[]; tune: MlInstance[] } {
  const ev = mlInstances(seed, task, 'eval', runs);
  const tune = mlInstances(seed, task, 'tune', tuneRuns);
  const usedData = new Set(ev.map((i) => i.dataSeed));
  const usedInit = new Set(ev.map((i) => i.initSeed));
  let k = 0;
  for (const inst of tune) {
    while (usedData.has(inst.dataSeed)) inst.dataSeed = deriveSeed(seed, 'bench', 'ml', 'redraw', 'data', task, k++);
    while (usedInit.has(inst.initSeed)) inst.initSeed = deriveSeed(seed, 'bench', 'ml', 'redraw', 'init', task, k++);
    usedData.add(inst.dataSeed);
    usedInit.add(inst.initSeed);
  }
  return { eval: ev, tune };
}

function jobCost(j: MlJob): number {
  const per = (STEP_MS[j.task] ?? 0.5) + (j.record ? FULL_F_MS[j.task] ?? 0 : 0);
  return per * j.steps;
}

/** Runs jobs most expensive first (so no long run is left for the end), results in job order. */
async function runOrdered(runner: MlRunner, jobs: MlJob[], onDone: (k: number) => void): Promise<MlRunResult[]> {
  const order = jobs.map((_, i) => i).sort((a, b) => jobCost(jobs[b]) - jobCost(jobs[a]) || a - b);
  const res = await runner.run(order.map((i) => jobs[i]), onDone);
  const out: MlRunResult[] = new Array(jobs.length);
  order.forEach((i, k) => (out[i] = res[k]));
  return out;
}

function medianOf(values: readonly number[]): number {
  return median(values.map((v) => (Number.isNaN(v) ? Infinity : v)));
}

function contender(
  optimizer: string,
  mode: MlContender['mode'],
  lr: number | null,
  runs: readonly MlRunResult[],
  task: MlTask,
  steps: number,
  rng: Rng,
  B: number,
): MlContender {
  const R = runs.length;
  const finalLoss = runs.map((r) => (r.divergedAt >= 0 ? Infinity : r.finalLoss));
  const gaps = finalLoss.map((f) => gapOf(f, 0));
  const ci = bootstrapMedianCI(gaps.map(logGap), rng, B);
  const hits = new Int32Array(R).fill(-1);
  runs.forEach((r, i) => {
    const c = r.curve!;
    for (let t = 0; t <= steps; t++) {
      if (c[t] <= task.targetLoss) {
        hits[i] = t;
        break;
      }
    }
  });
  const ts = targetStats(hits, task.targetLoss, steps);
  const testLoss = runs.map((r) => (r.divergedAt >= 0 || !Number.isFinite(r.testLoss!) ? Infinity : r.testLoss!));
  const classifier = task.kind === 'classification';
  const testAccuracy = classifier ? runs.map((r) => (r.divergedAt >= 0 ? NaN : r.testAccuracy!)) : null;
  const curve: number[] = new Array(steps + 1);
  const column = new Float64Array(R);
  for (let t = 0; t <= steps; t++) {
    for (let i = 0; i < R; i++) column[i] = runs[i].curve![t];
    curve[t] = median(column);
  }
  return {
    optimizer,
    mode,
    lr,
    finalLoss,
    stepsToTarget: Array.from(hits, (h) => (h >= 0 ? h : null)),
    testLoss,
    testAccuracy,
    diverged: runs.filter((r) => r.divergedAt >= 0).length,
    medianLog10Loss: ci.median,
    ciLo: ci.lo,
    ciHi: ci.hi,
    medianFinalLoss: medianOf(finalLoss),
    reached: hits.reduce((a, h) => a + (h >= 0 ? 1 : 0), 0),
    medianSteps: median(Array.from(hits, (h) => (h >= 0 ? h : Infinity))),
    ert: ts.ert,
    medianTestLoss: medianOf(testLoss),
    medianTestAccuracy: testAccuracy ? median(testAccuracy.map((a) => (Number.isNaN(a) ? 0 : a))) : null,
    curve,
    ...(runs.length && runs.every((r) => r.iterateFinalLoss !== undefined)
      ? { iterateFinalLoss: runs.map((r) => r.iterateFinalLoss!), medianIterateFinalLoss: medianOf(runs.map((r) => r.iterateFinalLoss!)) }
      : {}),
  };
}

function modelForWorkers(m: O1Model): O1Model {
  // Config and weights only: the provenance (training history) can be large and is not needed.
  const out: O1Model = { config: m.config, weights: m.weights };
  if (m.name !== undefined) out.name = m.name;
  return out;
}

export async function runMlBench(o: MlBenchOptions): Promise<MlBenchResult> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const runs = checkCount('runs', o.runs ?? ML_DEFAULT_RUNS, 1);
  const tuneRuns = checkCount('tune runs', o.tuneRuns ?? ML_DEFAULT_TUNE_RUNS, 1);
  const { steps, seed, bootstrap: B, grid, baselines } = resolveProtocolOptions(o, ML_DEFAULT_STEPS);
  const suite = o.suite ?? 'ml';
  const tasks = resolveMlTasks(o.tasks, mlSuiteTasks(suite));
  const instances: MlBenchResult['instances'] = {};
  for (const t of tasks) instances[t.name] = mlInstanceSets(seed, t.name, runs, tuneRuns);
  const o1: MlJobOptimizer = { kind: 'o1', model: modelForWorkers(o.model) };
  const base = (name: string, lr: number): MlJobOptimizer => {
    const { lr: _lr, ...hyper } = baselineHyper(name, lr, steps);
    return Object.keys(hyper).length ? { kind: 'baseline', name, lr, hyper } : { kind: 'baseline', name, lr };
  };
  const job = (task: MlTask, inst: MlInstance, optimizer: MlJobOptimizer, record: boolean): MlJob => ({ task: task.name, dataSeed: inst.dataSeed, initSeed: inst.initSeed, steps, optimizer, record });

  const ownRunner = !o.runner;
  const runner = o.runner ?? benchMlRunner(o.workers ?? 1, o.engine ?? 'wasm');
  const runSec: MlBenchTiming['runSec'] = {};
  for (const t of tasks) runSec[t.name] = { tuning: 0, o1: 0, baselines: 0 };
  const account = (jobs: MlJob[], res: MlRunResult[]) =>
    jobs.forEach((j, i) => {
      const kind = j.optimizer.kind === 'o1' ? 'o1' : j.record ? 'baselines' : 'tuning';
      runSec[j.task][kind] += res[i].ms / 1000;
    });
  try {
    // The suite on the protocol (suiteRun.ts): a run is the list of a request's job results, one
    // per instance of its purpose; each phase goes to the runner as one list of jobs.
    let done = 0;
    let jobsRun = 0;
    // Phase 2 has at most 2 lrs per (baseline, task): its size is known for the progress total.
    let tuningRounds = 0;
    let total = tasks.length * (baselines.length * grid.length * tuneRuns + runs + 2 * baselines.length * runs);
    const problems = tasks.map((task) => ({ key: task.name, task }));
    type TaskProblem = (typeof problems)[number];
    const bench = await runSuite<TaskProblem, MlRunResult[], MlContender>({
      problems,
      group: () => ML_SUITE,
      baselines,
      grid,
      steps,
      seed,
      bootstrap: B,
      engine: o.engine ?? 'wasm',
      comparedOn: 'final full-batch training losses',
      run: async (requests, phase) => {
        const jobs: MlJob[] = [];
        const from: number[] = [];
        for (const q of requests) {
          from.push(jobs.length);
          const opt = q.contestant.kind === 'o1' ? o1 : base(q.contestant.name, q.contestant.lr);
          for (const inst of instances[q.problem.key][q.purpose]) jobs.push(job(q.problem.task, inst, opt, q.purpose === 'eval'));
        }
        if (phase === 2) done = total - jobs.length;
        else if (tuningRounds++ > 0) total += jobs.length; // a round of grid extension
        const phaseName = phase === 1 ? 'tuning' : 'evaluation';
        const res = await runOrdered(runner, jobs, (k) => {
          done += k;
          o.onProgress?.({ phase: phaseName, done, total });
        });
        account(jobs, res);
        jobsRun += jobs.length;
        return requests.map((_, i) => res.slice(from[i], i + 1 < from.length ? from[i + 1] : res.length));
      },
      tuningGaps: (_t, res) => res.map((r) => (r.divergedAt >= 0 ? Infinity : gapOf(r.finalLoss, 0))),
      // Paired on the final training loss; the record adds steps to target and held-out numbers.
      contender: (p, name, mode, lr, res, rng) => contender(name, mode, lr, res, p.task, steps, rng, B),
      gaps: (c) => c.finalLoss.map((f) => gapOf(f, 0)),
      evalRuns: () => runs,
      cluster: (p) => p.task.name,
      problemRng: (p, ...parts) => new Rng(deriveSeed(seed, 'bench', 'ml', 'bootstrap', p.task.name, ...parts)),
      summaryRng: (_group, _tag, ...parts) => new Rng(deriveSeed(seed, 'bench', 'ml', 'bootstrap-suite', suite, ...parts)),
      onProgress: o.onProgress,
    });
    const tuning: Record<string, MlTuningRecord> = {};
    for (const b of baselines) tuning[b] = groupSelection(bench.tuning[b], ML_SUITE);

    // Per task: the records and on which baselines o1 reaches the target in fewer steps.
    const taskResults: MlTaskResult[] = bench.problems.map(({ problem: { task: t }, comparison: cmp }) => {
      const fewer: MlTaskResult['fewerSteps'] = { suite: {}, 'per-function': {} };
      for (const mode of TUNE_MODES) for (const b of baselines) fewer[mode][b] = cmp.o1.medianSteps < contenderOf(cmp.contenders, b, mode).medianSteps;
      return { task: t.name, description: t.description, kind: t.kind, n: t.n, targetLoss: t.targetLoss, stochastic: t.stochastic, contenders: cmp.contenders, versus: cmp.versus, fewerSteps: fewer };
    });
    const rows = bench.summary.get(ML_SUITE)!;
    const summary: MlBenchResult['summary'] = { suite: {}, 'per-function': {} };
    for (const mode of TUNE_MODES) {
      for (const b of baselines) {
        const fewerTasks = taskResults.filter((tr) => tr.fewerSteps[mode][b]).map((tr) => tr.task);
        summary[mode][b] = { ...rows[mode][b], fewerSteps: fewerTasks.length, fewerStepsTasks: fewerTasks, tasks: tasks.length };
      }
    }
    const adam = summary.suite.adam;
    const headline = adam
      ? `o1 reaches the target in fewer steps than suite-tuned Adam on ${adam.fewerSteps} of ${adam.tasks} task${adam.tasks === 1 ? '' : 's'}${adam.fewerSteps ? ` (${adam.fewerStepsTasks.join(', ')})` : ''}`
      : null;
    const cpu = process.cpuUsage(cpu0);
    const c = bench.settings;

    return {
      settings: {
        suite,
        model: { name: o.model.name ?? null, ref: o.modelRef ?? null, lrMode: o.model.config.lrMode },
        tasks: tasks.map((t) => t.name),
        baselines: c.baselines,
        runs,
        tuneRuns,
        steps: c.steps,
        seed: c.seed,
        engine: c.engine,
        grid: c.grid,
        bootstrap: c.bootstrap,
        gapFloor: c.gapFloor,
        tieRule: c.tieRule,
        stepsToTarget:
          'first step t ≤ T with the full-batch training loss f(x_t) ≤ the task target (for the mini-batch task f is evaluated at every step of the evaluation runs); compared by the median over runs, a run that never reaches it counting as +∞',
      },
      instances,
      tuning,
      tasks: taskResults,
      summary,
      headline,
      timing: { ...bench.timing, totalSec: (performance.now() - t0) / 1000, workers: runner.workers, runs: jobsRun, processCpuSec: (cpu.user + cpu.system) / 1e6, runSec },
    };
  } finally {
    if (ownRunner) await runner.close();
  }
}

/** The result as JSON text: every number, non-finite (diverged, never reached) as null; timing
 *  left out unless asked, so the same seed gives the same bytes whatever the worker count. */
export const mlJson: (result: MlBenchResult, opts?: { timing?: boolean; indent?: number }) => string = resultJson;
