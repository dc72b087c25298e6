// `runBench(options) → BenchResult`: the benchmark as a library call, returning plain data.
//   1. suites and their problems (suites.ts), evaluation and tuning starts per problem (disjoint);
//   2. equal tuning of every baseline on the tuning starts (tuning.ts): a suite-wide lr and a
//      per-function lr from the same grid runs; o1 is not tuned;
//   3. evaluation on the evaluation starts: o1, and every baseline at both of its lrs — one
//      engine.runBatch per (optimizer, lr, function) with all starts at once;
//   4. statistics (stats.ts): gaps, median log10 gap with a bootstrap CI, success and hitting
//      times per target, paired win/tie/loss of o1 vs each baseline, suite win rates with
//      stratified-bootstrap CIs, ECDFs of (run, target) pairs per suite.
// Every random choice comes from `seed` through deriveSeed, keyed by names, not by order.
import { performance } from 'node:perf_hooks';
import { InputError } from '../errors.js';
import type { BatchOptimizer, BatchResult, Engine, EngineName } from '../engine/types.js';
import type { O1Model } from '../o1/o1.js';
import { getOptimizer, resolveHyper } from '../optimizers/index.js';
import { closeMatches } from '../util/closeMatches.js';
import type { Objective } from '../run/objective.js';
import { Rng, deriveSeed } from '../rng.js';
import { tsEngine } from '../engine/tsEngine.js';
import {
  DEFAULT_TARGETS,
  bootstrapMedianCI,
  ecdf,
  gapOf,
  hittingTimes,
  logGap,
  pairedOutcomes,
  suiteWinRateCI,
  tally,
  targetStats,
  winRateCI,
  type TargetStats,
} from './stats.js';
import { DEFAULT_SUITES, ND_DIMS, buildSuites, startSets, trainFunctionsOf, type Problem, type SuiteName } from './suites.js';
import { lrGrid, selectFunctionLr, selectSuiteLr, tuneCell, type TuneCell } from './tuning.js';

/** The baselines o1 is compared with, in table order. */
export const DEFAULT_BASELINES: readonly string[] = ['sgd', 'momentum', 'nesterov', 'adam', 'rmsprop', 'adagrad', 'sgd-hd', 'adam-hd', 'dog'];
export const DEFAULT_STARTS = 32;
export const DEFAULT_TUNE_STARTS = 16;
export const DEFAULT_STEPS = 200;
export const DEFAULT_BOOTSTRAP = 1000;
/** Baselines drawn next to o1 in the example-trajectory plots. */
export const TRAJECTORY_BASELINES: readonly string[] = ['momentum', 'adam'];

export type TuneMode = 'suite' | 'per-function';
export const TUNE_MODES: readonly TuneMode[] = ['suite', 'per-function'];

export interface BenchProgress {
  phase: 'tuning' | 'evaluation' | 'statistics';
  done: number;
  total: number;
}

export interface BenchOptions {
  model: O1Model;
  /** How the model was named (file or id), for the record. */
  modelRef?: string;
  suites?: readonly SuiteName[];
  /** Restrict to these function names. */
  functions?: readonly string[];
  /** User objectives (the custom suite). */
  custom?: readonly Objective[];
  baselines?: readonly string[];
  starts?: number;
  tuneStarts?: number;
  steps?: number;
  seed?: number;
  /** Runs the built-in functions. */
  engine: Engine;
  /** Runs user objectives (id −1): a TS engine (default: the pure-TS engine). */
  customEngine?: Engine;
  grid?: readonly number[];
  targets?: readonly number[];
  /** Bootstrap resamples for every CI. */
  bootstrap?: number;
  ndDims?: readonly number[];
  /** Example runs recorded per 2-D function for trajectory plots (0: none). */
  trajectories?: number;
  onProgress?: (p: BenchProgress) => void;
}

export interface ContenderResult {
  optimizer: string;
  /** 'none' for o1 (no tuning), else the baseline's tuning mode. */
  mode: 'none' | TuneMode;
  lr: number | null;
  /** Final gap f(x_T) − f* of every evaluation run (+∞ — null in JSON — for a diverged run). */
  gaps: number[];
  diverged: number;
  /** Median over runs of log10(max(gap, 1e-12)) (diverged = +∞) and its 95% bootstrap CI. */
  medianLog10Gap: number;
  ciLo: number;
  ciHi: number;
  /** Success rate, median steps and ERT per target. */
  targets: TargetStats[];
  /** hits[k][r]: first step at which run r reached target k, −1 if never. */
  hits: number[][];
}

export interface VersusResult {
  wins: number;
  ties: number;
  losses: number;
  winRate: number;
  lo: number;
  hi: number;
}

export interface Trajectory2D {
  optimizer: string;
  lr: number | null;
  /** paths[r][t] = [x, y], cut where the run stopped being finite. */
  paths: number[][][];
}

export interface ProblemResult {
  key: string;
  function: string;
  suite: SuiteName;
  n: number;
  fmin: number;
  fminEstimated: boolean;
  /** o1 first, then each baseline in suite mode, then each baseline in per-function mode. */
  contenders: ContenderResult[];
  /** versus[mode][baseline]: o1 against that baseline on this function. */
  versus: Record<TuneMode, Record<string, VersusResult>>;
  trajectories?: Trajectory2D[];
}

export interface SuiteSummaryRow extends VersusResult {
  o1Diverged: number;
  baselineDiverged: number;
  runs: number;
}

export interface SuiteResult {
  name: SuiteName;
  problems: ProblemResult[];
  /** summary[mode][baseline]: o1's win rate over the suite (mean of the functions' rates) with a
   *  stratified-bootstrap CI, and the totals. */
  summary: Record<TuneMode, Record<string, SuiteSummaryRow>>;
  /** ecdf[mode][optimizer][t]: fraction of (run, target) pairs reached by step t. */
  ecdf: Record<TuneMode, Record<string, number[]>>;
}

export interface TuningRecord {
  /** scores[problemKey][k]: the tuning score of grid point k (median log10 gap; +∞ → null). */
  scores: Record<string, number[]>;
  diverged: Record<string, number[]>;
  suiteLr: Partial<Record<SuiteName, number>>;
  perFunctionLr: Record<string, number>;
}

export interface BenchSettings {
  model: { name: string | null; ref: string | null; trainFunctions: string[]; trainDims: number; trainFromProvenance: boolean };
  suites: SuiteName[];
  baselines: string[];
  starts: number;
  tuneStarts: number;
  steps: number;
  seed: number;
  engine: EngineName;
  grid: number[];
  targets: number[];
  bootstrap: number;
  ndDims: number[];
  gapFloor: number;
  tieRule: string;
}

export interface BenchTiming {
  totalSec: number;
  tuningSec: number;
  evaluationSec: number;
  statisticsSec: number;
  batches: number;
  /** Σ runs × steps × dimension over every batch. */
  coordinateSteps: number;
}

export interface BenchResult {
  settings: BenchSettings;
  tuning: Record<string, TuningRecord>;
  suites: SuiteResult[];
  timing: BenchTiming;
}

function checkCount(name: string, v: number, min: number): number {
  if (!Number.isInteger(v) || v < min) throw new InputError(`${name} must be an integer ≥ ${min}, got ${v}`);
  return v;
}

/** Validates baseline names (unknown → InputError with suggestions; o1 is not a baseline). */
export function resolveBaselines(names: readonly string[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    if (name === 'o1') throw new InputError("--opt lists the baselines; o1 is always benchmarked (choose its model with --model)");
    const spec = getOptimizer(name);
    if (!spec) {
      const near = closeMatches(name, DEFAULT_BASELINES as string[]);
      throw new InputError(`--opt: unknown optimizer '${name}'${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; \`o1 optimizers\` lists them`);
    }
    if (!spec.hyper.some((h) => h.name === 'lr')) throw new InputError(`--opt: ${name} has no learning rate to tune`);
    if (!out.includes(name)) out.push(name);
  }
  if (out.length === 0) throw new InputError('--opt: give at least one baseline');
  return out;
}

function contender(
  optimizer: string,
  mode: ContenderResult['mode'],
  lr: number | null,
  res: BatchResult,
  fmin: number,
  N: number,
  steps: number,
  targets: readonly number[],
  rng: Rng,
  B: number,
): ContenderResult {
  const gaps: number[] = new Array(N);
  let diverged = 0;
  for (let r = 0; r < N; r++) {
    const d = res.divergedAt[r] >= 0;
    if (d) diverged++;
    gaps[r] = d ? Infinity : gapOf(res.finalF[r], fmin);
  }
  const ci = bootstrapMedianCI(gaps.map(logGap), rng, B);
  const hits = hittingTimes(res.loss!, N, steps, fmin, res.divergedAt, targets);
  return {
    optimizer,
    mode,
    lr,
    gaps,
    diverged,
    medianLog10Gap: ci.median,
    ciLo: ci.lo,
    ciHi: ci.hi,
    targets: hits.map((h, k) => targetStats(h, targets[k], steps)),
    hits: hits.map((h) => Array.from(h)),
  };
}

function pathsOf(res: BatchResult, N: number, steps: number): number[][][] {
  const tr = res.trace;
  if (!tr) return [];
  const out: number[][][] = [];
  for (let r = 0; r < N; r++) {
    const path: number[][] = [];
    for (let t = 0; t <= steps && t < tr.x.length; t++) {
      const a = tr.x[t][r * 2];
      const b = tr.x[t][r * 2 + 1];
      if (!Number.isFinite(a) || !Number.isFinite(b)) break;
      path.push([a, b]);
    }
    out.push(path);
  }
  return out;
}

/** The lowest finite value among finalF and loss curves (a custom function's f* estimate). */
function lowestSeen(results: BatchResult[]): number {
  let m = Infinity;
  for (const r of results) {
    for (const f of r.finalF) if (Number.isFinite(f) && f < m) m = f;
    if (r.loss) for (const f of r.loss) if (Number.isFinite(f) && f < m) m = f;
  }
  return m;
}

export async function runBench(o: BenchOptions): Promise<BenchResult> {
  const t0 = performance.now();
  const starts = checkCount('starts', o.starts ?? DEFAULT_STARTS, 1);
  const tuneStarts = checkCount('tune starts', o.tuneStarts ?? DEFAULT_TUNE_STARTS, 1);
  const steps = checkCount('steps', o.steps ?? DEFAULT_STEPS, 1);
  const seed = o.seed ?? 0;
  if (!Number.isInteger(seed)) throw new InputError(`seed must be an integer, got ${seed}`);
  const B = checkCount('bootstrap', o.bootstrap ?? DEFAULT_BOOTSTRAP, 10);
  const grid = [...(o.grid ?? lrGrid())];
  const targets = [...(o.targets ?? DEFAULT_TARGETS)];
  const baselines = resolveBaselines(o.baselines ?? DEFAULT_BASELINES);
  const suiteNames = [...(o.suites ?? (o.custom?.length ? [...DEFAULT_SUITES, 'custom' as const] : DEFAULT_SUITES))];
  const suites = buildSuites(o.model, { suites: suiteNames, functions: o.functions, custom: o.custom, ndDims: o.ndDims });
  const problems = suites.flatMap((s) => s.problems);
  const customEngine = o.customEngine ?? tsEngine;
  const timing: BenchTiming = { totalSec: 0, tuningSec: 0, evaluationSec: 0, statisticsSec: 0, batches: 0, coordinateSteps: 0 };
  const run = (p: Problem, optimizer: BatchOptimizer, s: Float64Array, recordLoss: boolean, recordTrace = false): BatchResult => {
    timing.batches++;
    timing.coordinateSteps += s.length * steps;
    return (p.builtin ? o.engine : customEngine).runBatch({ fn: p.fn, n: p.n, optimizer, starts: s, steps, recordLoss, recordTrace });
  };
  const hyperFor = (name: string, lr: number): BatchOptimizer => {
    const spec = getOptimizer(name)!;
    return { kind: 'baseline', spec, hyper: resolveHyper(spec, { lr }) };
  };

  const startsOf = new Map(problems.map((p) => [p.key, startSets(p, seed, starts, tuneStarts)]));
  const perBatchEval = 1 + 2 * baselines.length;
  const progressTotal = baselines.length * grid.length * problems.length + perBatchEval * problems.length;
  let progressDone = 0;
  const tick = (phase: BenchProgress['phase']) => {
    progressDone++;
    o.onProgress?.({ phase, done: progressDone, total: progressTotal });
  };

  // 1. Tuning: every grid point of every baseline on every problem's tuning starts.
  const tA = performance.now();
  const tuningFinal = new Map<string, Float64Array[]>(); // `${baseline}|${key}` → finalF per grid point
  for (const b of baselines) {
    for (const p of problems) {
      const rows: Float64Array[] = [];
      for (const lr of grid) {
        const res = run(p, hyperFor(b, lr), startsOf.get(p.key)!.tuneStarts, false);
        const f = Float64Array.from(res.finalF);
        for (let r = 0; r < f.length; r++) if (res.divergedAt[r] >= 0) f[r] = Infinity;
        rows.push(f);
        tick('tuning');
      }
      tuningFinal.set(`${b}|${p.key}`, rows);
    }
  }
  // f* of custom functions that give none: the lowest value any tuning run reached (refined with
  // the evaluation runs below).
  for (const p of problems) {
    if (!p.fminEstimated) continue;
    let m = Infinity;
    for (const b of baselines) for (const row of tuningFinal.get(`${b}|${p.key}`)!) for (const f of row) if (f < m) m = f;
    p.fmin = Number.isFinite(m) ? m : 0;
  }
  const tuning: Record<string, TuningRecord> = {};
  const suiteLr = new Map<string, number>(); // `${baseline}|${suite}`
  const fnLr = new Map<string, number>(); // `${baseline}|${key}`
  for (const b of baselines) {
    const rec: TuningRecord = { scores: {}, diverged: {}, suiteLr: {}, perFunctionLr: {} };
    for (const s of suites) {
      const cells: TuneCell[][] = grid.map((_, k) =>
        s.problems.map((p) => tuneCell(Array.from(tuningFinal.get(`${b}|${p.key}`)![k], (f) => gapOf(f, p.fmin)))),
      );
      const chosen = selectSuiteLr(grid, cells);
      suiteLr.set(`${b}|${s.name}`, chosen.lr);
      rec.suiteLr[s.name] = chosen.lr;
      s.problems.forEach((p, j) => {
        const pick = selectFunctionLr(grid, cells, j);
        fnLr.set(`${b}|${p.key}`, pick.lr);
        rec.perFunctionLr[p.key] = pick.lr;
        rec.scores[p.key] = cells.map((row) => row[j].score);
        rec.diverged[p.key] = cells.map((row) => row[j].diverged);
      });
    }
    tuning[b] = rec;
  }
  timing.tuningSec = (performance.now() - tA) / 1000;

  // 2. Evaluation: raw batch results per problem.
  const tB = performance.now();
  interface RawEval {
    o1: BatchResult;
    base: Map<string, BatchResult>; // `${baseline}|${lr}`
  }
  const raw = new Map<string, RawEval>();
  for (const p of problems) {
    const ev = startsOf.get(p.key)!.evalStarts;
    const o1 = run(p, { kind: 'o1', model: o.model }, ev, true);
    tick('evaluation');
    const base = new Map<string, BatchResult>();
    for (const b of baselines) {
      for (const lr of [suiteLr.get(`${b}|${p.suite}`)!, fnLr.get(`${b}|${p.key}`)!]) {
        const id = `${b}|${lr}`;
        if (!base.has(id)) base.set(id, run(p, hyperFor(b, lr), ev, true));
        tick('evaluation');
      }
    }
    raw.set(p.key, { o1, base });
    if (p.fminEstimated) p.fmin = Math.min(p.fmin, lowestSeen([o1, ...base.values()]));
  }
  // Example trajectories (2-D problems only), for the contour plots.
  const trajectories = new Map<string, Trajectory2D[]>();
  const k = Math.min(o.trajectories ?? 0, starts);
  if (k > 0) {
    for (const p of problems.filter((q) => q.n === 2)) {
      const ev = startsOf.get(p.key)!.evalStarts.slice(0, k * 2);
      const list: Trajectory2D[] = [{ optimizer: 'o1', lr: null, paths: pathsOf(run(p, { kind: 'o1', model: o.model }, ev, false, true), k, steps) }];
      for (const b of TRAJECTORY_BASELINES.filter((x) => baselines.includes(x))) {
        const lr = suiteLr.get(`${b}|${p.suite}`)!;
        list.push({ optimizer: b, lr, paths: pathsOf(run(p, hyperFor(b, lr), ev, false, true), k, steps) });
      }
      trajectories.set(p.key, list);
    }
  }
  timing.evaluationSec = (performance.now() - tB) / 1000;

  // 3. Statistics.
  const tC = performance.now();
  const suiteResults: SuiteResult[] = [];
  let statsDone = 0;
  for (const s of suites) {
    const problemResults: ProblemResult[] = [];
    const reps: Record<TuneMode, Record<string, { rate: number; replicates: Float64Array }[]>> = { suite: {}, 'per-function': {} };
    for (const p of s.problems) {
      const r = raw.get(p.key)!;
      const rng = (...parts: (string | number)[]) => new Rng(deriveSeed(seed, 'bench', 'bootstrap', p.key, ...parts));
      const o1 = contender('o1', 'none', null, r.o1, p.fmin, starts, steps, targets, rng('o1'), B);
      const contenders: ContenderResult[] = [o1];
      const versus: ProblemResult['versus'] = { suite: {}, 'per-function': {} };
      for (const mode of TUNE_MODES) {
        for (const b of baselines) {
          const lr = mode === 'suite' ? suiteLr.get(`${b}|${s.name}`)! : fnLr.get(`${b}|${p.key}`)!;
          const c = contender(b, mode, lr, r.base.get(`${b}|${lr}`)!, p.fmin, starts, steps, targets, rng(b, mode), B);
          contenders.push(c);
          const outcomes = pairedOutcomes(o1.gaps, c.gaps);
          const t = tally(outcomes);
          const w = winRateCI(outcomes, rng('versus', b, mode), B);
          versus[mode][b] = { wins: t.wins, ties: t.ties, losses: t.losses, winRate: t.winRate, lo: w.lo, hi: w.hi };
          (reps[mode][b] ??= []).push({ rate: w.rate, replicates: w.replicates });
        }
      }
      const pr: ProblemResult = { key: p.key, function: p.fn.name, suite: s.name, n: p.n, fmin: p.fmin, fminEstimated: p.fminEstimated, contenders, versus };
      const tr = trajectories.get(p.key);
      if (tr) pr.trajectories = tr;
      problemResults.push(pr);
      statsDone++;
      o.onProgress?.({ phase: 'statistics', done: statsDone, total: problems.length });
    }
    const summary: SuiteResult['summary'] = { suite: {}, 'per-function': {} };
    const curves: SuiteResult['ecdf'] = { suite: {}, 'per-function': {} };
    for (const mode of TUNE_MODES) {
      const o1s = problemResults.map((pr) => pr.contenders[0]);
      curves[mode].o1 = ecdf(o1s.flatMap((c) => c.hits), steps);
      for (const b of baselines) {
        const cs = problemResults.map((pr) => pr.contenders.find((c) => c.optimizer === b && c.mode === mode)!);
        curves[mode][b] = ecdf(cs.flatMap((c) => c.hits), steps);
        const ci = suiteWinRateCI(reps[mode][b]);
        const vs = problemResults.map((pr) => pr.versus[mode][b]);
        summary[mode][b] = {
          winRate: ci.rate,
          lo: ci.lo,
          hi: ci.hi,
          wins: vs.reduce((a, v) => a + v.wins, 0),
          ties: vs.reduce((a, v) => a + v.ties, 0),
          losses: vs.reduce((a, v) => a + v.losses, 0),
          o1Diverged: o1s.reduce((a, c) => a + c.diverged, 0),
          baselineDiverged: cs.reduce((a, c) => a + c.diverged, 0),
          runs: cs.length * starts,
        };
      }
    }
    suiteResults.push({ name: s.name, problems: problemResults, summary, ecdf: curves });
  }
  timing.statisticsSec = (performance.now() - tC) / 1000;
  timing.totalSec = (performance.now() - t0) / 1000;

  const train = trainFunctionsOf(o.model);
  return {
    settings: {
      model: { name: o.model.name ?? null, ref: o.modelRef ?? null, trainFunctions: train.names, trainDims: train.dims, trainFromProvenance: train.fromProvenance },
      suites: suites.map((s) => s.name),
      baselines,
      starts,
      tuneStarts,
      steps,
      seed,
      engine: o.engine.name,
      grid,
      targets,
      bootstrap: B,
      ndDims: [...(o.ndDims ?? ND_DIMS)],
      gapFloor: 1e-12,
      tieRule: 'tie when both final gaps ≤ 1e-10 or they differ by ≤ 1% of the larger; a diverged o1 run is a loss, a diverged baseline run (o1 finite) a win',
    },
    tuning,
    suites: suiteResults,
    timing,
  };
}

/** The result as JSON text: every number, +∞ (diverged) as null; timing left out unless asked,
 *  so the same seed gives the same bytes. */
export function benchJson(result: BenchResult, opts: { timing?: boolean; indent?: number } = {}): string {
  const { timing, ...rest } = result;
  return JSON.stringify(opts.timing ? result : rest, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), opts.indent) + '\n';
}
