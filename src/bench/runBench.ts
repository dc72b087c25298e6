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
import type { BatchOptimizer, BatchResult, BatchSpec, Engine } from '../engine/types.js';
import { answersElsewhere, runAnswerBatch, type AnswerBatchResult } from './answerBatch.js';
import { getOptimizer, resolveHyper } from '../optimizers/index.js';
import type { Objective } from '../run/objective.js';
import { Rng, deriveSeed } from '../rng.js';
import { tsEngine } from '../engine/tsEngine.js';
import { pointsOf } from '../run/trace.js';
import {
  DEFAULT_TARGETS,
  bootstrapMedianCI,
  ecdf,
  gapOf,
  hittingTimes,
  logGap,
  median,
  targetStats,
  type TargetStats,
} from './stats.js';
import { DEFAULT_SUITES, ND_DIMS, buildSuites, startSets, trainFunctionsOf, type Problem, type SuiteName } from './suites.js';
import { TUNE_MODES, baselineHyper, checkCount, contenderOf, resolveProtocolOptions, resultJson, type BenchProgress, type Contender, type ProtocolOptions, type Contestant, type SuiteSummaryRow, type TuneMode, type VersusResult, type LrSelection } from './protocol.js';
import { runSuite, type CommonSettings, type CommonTiming } from './suiteRun.js';

export const DEFAULT_STARTS = 32;
export const DEFAULT_TUNE_STARTS = 16;
/** From this dimension on, a problem runs at most LARGE_STARTS evaluation and LARGE_TUNE_STARTS
 *  tuning starts (a 1000-D run costs 10× a 100-D one; the counts are in the JSON settings). */
export const LARGE_DIMS = 1000;
export const LARGE_STARTS = 8;
export const LARGE_TUNE_STARTS = 4;
export const DEFAULT_STEPS = 200;
/** Baselines drawn next to o1 in the example-trajectory plots. */
export const TRAJECTORY_BASELINES: readonly string[] = ['momentum', 'adam'];

export { DEFAULT_BASELINES, DEFAULT_BOOTSTRAP, TUNE_MODES, resolveBaselines, type BenchProgress, type SuiteSummaryRow, type TuneMode, type VersusResult } from './protocol.js';


export interface BenchOptions extends ProtocolOptions {
  suites?: readonly SuiteName[];
  /** Restrict to these function names. */
  functions?: readonly string[];
  /** User objectives (the custom suite). */
  custom?: readonly Objective[];
  starts?: number;
  tuneStarts?: number;
  /** Runs the built-in functions. */
  engine: Engine;
  /** Runs user objectives (id −1): a TS engine (default: the pure-TS engine). */
  customEngine?: Engine;
  targets?: readonly number[];
  ndDims?: readonly number[];
  /** Example runs recorded per 2-D function for trajectory plots (0: none). */
  trajectories?: number;
  onProgress?: (p: BenchProgress) => void;
}

export interface ContenderResult extends Contender {
  /** Final gap f(x_T) − f* of every evaluation run (+∞ — null in JSON — for a diverged run). */
  gaps: number[];
  /** Median over runs of log10(max(gap, 1e-12)) (diverged = +∞) and its 95% bootstrap CI. */
  medianLog10Gap: number;
  ciLo: number;
  ciHi: number;
  /** Success rate, median steps and ERT per target. */
  targets: TargetStats[];
  /** hits[k][r]: first step at which run r reached target k, −1 if never. */
  hits: number[][];
  /** For a baseline measured at an answer other than its iterate (schedule-free AdamW's x): the
   *  final gap at the iterate (its y) of every run, and their median log10 — reported, not compared. */
  iterateGaps?: number[];
  iterateMedianLog10Gap?: number;
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


export interface SuiteResult {
  name: SuiteName;
  problems: ProblemResult[];
  /** summary[mode][baseline]: o1's win rate over the suite (mean of the functions' rates) with a
   *  stratified-bootstrap CI, and the totals. */
  summary: Record<TuneMode, Record<string, SuiteSummaryRow>>;
  /** ecdf[mode][optimizer][t]: fraction of (run, target) pairs reached by step t. */
  ecdf: Record<TuneMode, Record<string, number[]>>;
  /** The n-D suite at more than one dimension: the same summary per dimension (byDimension["10"]). */
  byDimension?: Record<string, Record<TuneMode, Record<string, SuiteSummaryRow>>>;
}

/** A baseline's tuning: its grids, every score and the chosen lrs (protocol.ts). */
export type TuningRecord = LrSelection;

/** The settings in the JSON's key order: the protocol's (CommonSettings) among the function
 *  suites' own. */
export interface BenchSettings extends CommonSettings {
  model: { name: string | null; ref: string | null; trainFunctions: string[]; trainDims: number; trainFromProvenance: boolean };
  suites: SuiteName[];
  starts: number;
  tuneStarts: number;
  targets: number[];
  ndDims: number[];
  /** Problems of LARGE_DIMS or more dimensions run fewer starts: these. */
  largeProblems: { fromDims: number; starts: number; tuneStarts: number };
}

export interface BenchTiming extends CommonTiming {
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
  const iterate = (res as Partial<AnswerBatchResult>).iterateFinalF;
  const iterateGaps = iterate ? Array.from(iterate, (f, r) => (res.divergedAt[r] >= 0 ? Infinity : gapOf(f, fmin))) : undefined;
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
    ...(iterateGaps ? { iterateGaps, iterateMedianLog10Gap: median(iterateGaps.map(logGap)) } : {}),
  };
}

function pathsOf(res: BatchResult, N: number, steps: number): number[][][] {
  return Array.from({ length: N }, (_, r) => pointsOf(res, r, 2, steps));
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
  const { steps, seed, bootstrap: B, grid, baselines } = resolveProtocolOptions(o, DEFAULT_STEPS);
  const targets = [...(o.targets ?? DEFAULT_TARGETS)];
  const suiteNames = [...(o.suites ?? (o.custom?.length ? [...DEFAULT_SUITES, 'custom' as const] : DEFAULT_SUITES))];
  const suites = buildSuites(o.model, { suites: suiteNames, functions: o.functions, custom: o.custom, ndDims: o.ndDims });
  const problems = suites.flatMap((s) => s.problems);
  const customEngine = o.customEngine ?? tsEngine;
  const counts = { batches: 0, coordinateSteps: 0 };
  const run = (p: Problem, optimizer: BatchOptimizer, s: Float64Array, recordLoss: boolean, recordTrace = false): BatchResult => {
    counts.batches++;
    counts.coordinateSteps += s.length * steps;
    const spec: BatchSpec = { fn: p.fn, n: p.n, optimizer, starts: s, steps, recordLoss, recordTrace };
    // A baseline that answers elsewhere than at its iterate (schedule-free's x) is measured there.
    if (!recordTrace && answersElsewhere(spec)) return runAnswerBatch(spec);
    return (p.builtin ? o.engine : customEngine).runBatch(spec);
  };
  const hyperFor = (name: string, lr: number): BatchOptimizer => {
    const spec = getOptimizer(name)!;
    return { kind: 'baseline', spec, hyper: resolveHyper(spec, baselineHyper(name, lr, steps)) };
  };
  const optimizerOf = (c: Contestant): BatchOptimizer => (c.kind === 'o1' ? { kind: 'o1', model: o.model } : hyperFor(c.name, c.lr));

  const countOf = (p: Problem) => (p.n >= LARGE_DIMS ? Math.min(starts, LARGE_STARTS) : starts);
  const tuneCountOf = (p: Problem) => (p.n >= LARGE_DIMS ? Math.min(tuneStarts, LARGE_TUNE_STARTS) : tuneStarts);
  const startsOf = new Map(problems.map((p) => [p.key, startSets(p, seed, countOf(p), tuneCountOf(p))]));
  const perBatchEval = 1 + 2 * baselines.length;
  let tuningRounds = 0;
  let progressTotal = baselines.length * grid.length * problems.length + perBatchEval * problems.length;
  let progressDone = 0;
  const tick = (phase: BenchProgress['phase'], k = 1) => {
    progressDone += k;
    o.onProgress?.({ phase, done: progressDone, total: progressTotal });
  };

  // The suite on the protocol (suiteRun.ts): a run is one batch of all a problem's starts; a
  // contender's record is its gaps, median log10 gap and hitting times (contender above).
  const bench = await runSuite<Problem, BatchResult, ContenderResult>(
    {
      problems,
      group: (p) => p.suite,
      baselines,
      grid,
      steps,
      seed,
      bootstrap: B,
      engine: o.engine.name,
      comparedOn: 'final gaps f(x_T) − f*',
      run: async (requests, phase) => {
        if (phase === 2) tick('evaluation', 2 * baselines.length * problems.length - requests.length);
        else if (tuningRounds++ > 0) progressTotal += requests.length; // a round of grid extension
        return requests.map((q) => {
          const set = startsOf.get(q.problem.key)!;
          const tune = q.purpose === 'tune';
          const res = run(q.problem, optimizerOf(q.contestant), tune ? set.tuneStarts : set.evalStarts, !tune);
          tick(tune ? 'tuning' : 'evaluation');
          return res;
        });
      },
      // f* of custom functions that give none: the lowest value any tuning run reached (refined
      // with the evaluation runs before pairing).
      afterTuning: (requests, results) => {
        for (const p of problems) {
          if (!p.fminEstimated) continue;
          let m = Infinity;
          requests.forEach((q, i) => {
            if (q.problem !== p) return;
            const r = results[i];
            for (let k = 0; k < r.finalF.length; k++) if (r.divergedAt[k] < 0 && r.finalF[k] < m) m = r.finalF[k];
          });
          p.fmin = Number.isFinite(m) ? m : 0;
        }
      },
      tuningGaps: (p, r) => Array.from(r.finalF, (f, k) => (r.divergedAt[k] >= 0 ? Infinity : gapOf(f, p.fmin))),
      contender: (p, name, mode, lr, res, rng) => contender(name, mode, lr, res, p.fmin, countOf(p), steps, targets, rng, B),
      gaps: (c) => c.gaps,
      evalRuns: countOf,
      // Level 1 of the suite's bootstrap resamples functions: in the n-D suite a function at all
      // its dimensions is one cluster (its problems are not independent draws of functions).
      cluster: (p) => p.fn.name,
      problemRng: (p, ...parts) => new Rng(deriveSeed(seed, 'bench', 'bootstrap', p.key, ...parts)),
      summaryRng: (group, tag, ...parts) => new Rng(deriveSeed(seed, 'bench', 'bootstrap-suite', group, tag, ...parts)),
      onProgress: o.onProgress,
    },
    (b) => {
      for (const p of problems) if (p.fminEstimated) p.fmin = Math.min(p.fmin, lowestSeen(b.evaluationRuns(p)));
    },
  );

  // Example trajectories (2-D problems only), for the contour plots.
  const tB = performance.now();
  const trajectories = new Map<string, Trajectory2D[]>();
  const k = Math.min(o.trajectories ?? 0, starts);
  if (k > 0) {
    for (const p of problems.filter((q) => q.n === 2)) {
      const ev = startsOf.get(p.key)!.evalStarts.slice(0, k * 2);
      const list: Trajectory2D[] = [{ optimizer: 'o1', lr: null, paths: pathsOf(run(p, { kind: 'o1', model: o.model }, ev, false, true), k, steps) }];
      for (const b of TRAJECTORY_BASELINES.filter((x) => baselines.includes(x))) {
        const lr = bench.lrOf(b, p, 'suite');
        list.push({ optimizer: b, lr, paths: pathsOf(run(p, hyperFor(b, lr), ev, false, true), k, steps) });
      }
      trajectories.set(p.key, list);
    }
  }
  const trajectorySec = (performance.now() - tB) / 1000;

  // Per suite: the problems' records, the summary (and per dimension for the n-D suite), and the
  // hitting-time ECDFs.
  const suiteResults: SuiteResult[] = [];
  let offset = 0;
  for (const s of suites) {
    const own = bench.problems.slice(offset, offset + s.problems.length);
    const indices = s.problems.map((_, i) => offset + i);
    offset += s.problems.length;
    const problemResults: ProblemResult[] = own.map(({ problem: p, comparison: cmp }) => {
      const pr: ProblemResult = { key: p.key, function: p.fn.name, suite: s.name, n: p.n, fmin: p.fmin, fminEstimated: p.fminEstimated, contenders: cmp.contenders, versus: cmp.versus };
      const tr = trajectories.get(p.key);
      if (tr) pr.trajectories = tr;
      return pr;
    });
    const curves: SuiteResult['ecdf'] = { suite: {}, 'per-function': {} };
    for (const mode of TUNE_MODES) {
      curves[mode].o1 = ecdf(own.flatMap(({ comparison }) => comparison.o1.hits), steps);
      for (const b of baselines) curves[mode][b] = ecdf(own.flatMap(({ comparison }) => contenderOf(comparison.contenders, b, mode).hits), steps);
    }
    const sr: SuiteResult = { name: s.name, problems: problemResults, summary: bench.summary.get(s.name)!, ecdf: curves };
    const dims = [...new Set(s.problems.map((p) => p.n))];
    if (s.name === 'nd' && dims.length > 1) {
      sr.byDimension = {};
      for (const n of dims) sr.byDimension[String(n)] = bench.summariseSubset(indices.filter((i) => problems[i].n === n), s.name, `${n}d`);
    }
    suiteResults.push(sr);
  }

  const train = trainFunctionsOf(o.model);
  const c = bench.settings;
  return {
    settings: {
      model: { name: o.model.name ?? null, ref: o.modelRef ?? null, trainFunctions: train.names, trainDims: train.dims, trainFromProvenance: train.fromProvenance },
      suites: suites.map((x) => x.name),
      baselines: c.baselines,
      starts,
      tuneStarts,
      steps: c.steps,
      seed: c.seed,
      engine: c.engine,
      grid: c.grid,
      targets,
      bootstrap: c.bootstrap,
      ndDims: [...(o.ndDims ?? ND_DIMS)],
      largeProblems: { fromDims: LARGE_DIMS, starts: Math.min(starts, LARGE_STARTS), tuneStarts: Math.min(tuneStarts, LARGE_TUNE_STARTS) },
      gapFloor: c.gapFloor,
      tieRule: c.tieRule,
    },
    tuning: bench.tuning,
    suites: suiteResults,
    timing: {
      ...bench.timing,
      totalSec: (performance.now() - t0) / 1000,
      evaluationSec: bench.timing.evaluationSec + trajectorySec,
      ...counts,
    },
  };
}

/** The result as JSON text: every number, +∞ (diverged) as null; timing left out unless asked,
 *  so the same seed gives the same bytes. */
export const benchJson: (result: BenchResult, opts?: { timing?: boolean; indent?: number }) => string = resultJson;
