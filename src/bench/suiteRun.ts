// A suite on the protocol, run once for every suite: the suite supplies its problems, how to run
// a contender on one (its runner), how a contender's runs become its record, and its streams; the
// protocol tunes, selects, evaluates, pairs and summarises, and returns one SuiteRun with the
// common settings and the phase timing built here. The suites (runBench.ts: the test functions,
// ml.ts: the ML tasks) add only what is their own (targets and ECDFs, trajectories; steps to
// target, held-out loss) and lay the result out as their JSON has always been.
//
// To add a suite: write its problems (a key each) and a SuiteSpec — run (a batch of requests →
// one result per request), tuningGaps, contender (a run → the suite's contender record, which
// extends Contender), gaps (what o1 is paired on), the bootstrap streams — then call runSuite.
import { performance } from 'node:perf_hooks';
import type { EngineName } from '../engine/types.js';
import { GAP_FLOOR } from '../functions/gap.js';
import type { Rng } from '../rng.js';
import {
  compare,
  groupsOf,
  runProtocol,
  summarise,
  tieRule,
  type BenchProgress,
  type Comparison,
  type Contender,
  type LrSelection,
  type ProtocolProblem,
  type ProtocolSpec,
  type SuiteSummaryRow,
  type TuneMode,
} from './protocol.js';

/** What every suite's settings record (each suite's JSON places these among its own keys). */
export interface CommonSettings {
  baselines: string[];
  steps: number;
  seed: number;
  engine: EngineName;
  grid: number[];
  bootstrap: number;
  gapFloor: number;
  tieRule: string;
}

/** What every suite's timing records (wall seconds). */
export interface CommonTiming {
  totalSec: number;
  /** Phase 1: the tuning runs and o1's evaluation runs (o1 needs no tuning, so it runs alongside). */
  tuningSec: number;
  /** Phase 2: the baselines' evaluation runs at their tuned lrs. */
  evaluationSec: number;
  statisticsSec: number;
}

export interface SuiteSpec<P extends ProtocolProblem, R, C extends Contender> extends ProtocolSpec<P, R> {
  /** The resolved options every suite shares. */
  steps: number;
  seed: number;
  bootstrap: number;
  engine: EngineName;
  /** What the paired values are ("final gaps f(x_T) − f*"), for the tie rule's text. */
  comparedOn: string;
  /** A contender's record from its evaluation run; `rng` is its bootstrap stream. */
  contender(problem: P, optimizer: string, mode: 'none' | TuneMode, lr: number | null, run: R, rng: Rng): C;
  /** The values o1 is paired on, one per evaluation run (+∞ diverged). */
  gaps(c: C): ArrayLike<number>;
  /** Evaluation runs per contender on a problem. */
  evalRuns(problem: P): number;
  /** The cluster of a problem in the summary's bootstrap (its function, or task). */
  cluster(problem: P): string;
  /** The bootstrap stream of a problem's comparisons, by part names. */
  problemRng(problem: P, ...parts: (string | number)[]): Rng;
  /** The bootstrap stream of a group's summary (`tag`: 'all', or the subset's name), by part names. */
  summaryRng(group: string, tag: string, ...parts: string[]): Rng;
  onProgress?: (p: BenchProgress) => void;
}

/** One problem compared: its contenders (o1 first, then every baseline in suite mode, then in
 *  per-function mode) and o1's outcomes against each baseline. */
export interface ProblemRun<P, C extends Contender> {
  problem: P;
  comparison: Comparison<C>;
}

/** A group's summary (o1's win rate against each baseline, both modes). */
export type GroupSummary = Record<TuneMode, Record<string, SuiteSummaryRow>>;

/** What the protocol returns for a suite, whatever its problems. */
export interface SuiteRun<P extends ProtocolProblem, R, C extends Contender> {
  settings: CommonSettings;
  /** selection[baseline]: the grids, scores and chosen lrs. */
  tuning: Record<string, LrSelection>;
  problems: ProblemRun<P, C>[];
  /** summary.get(group). */
  summary: Map<string, GroupSummary>;
  timing: CommonTiming;
  /** The lr a baseline ran with on a problem in a mode. */
  lrOf(baseline: string, problem: P, mode: TuneMode): number;
  /** Summarises a subset of the problems (by index) under a stream name (e.g. one dimension). */
  summariseSubset(indices: readonly number[], group: string, tag: string): GroupSummary;
  /** Every evaluation run of a problem (o1's and the baselines'). */
  evaluationRuns(problem: P): R[];
}

/** Tune → select → evaluate (protocol.ts runProtocol) → pair → summarise, timed. `beforePairing`
 *  runs between evaluation and pairing (a custom function refines its f* there). */
export async function runSuite<P extends ProtocolProblem, R, C extends Contender>(
  spec: SuiteSpec<P, R, C>,
  beforePairing?: (run: { evaluationRuns(problem: P): R[] }) => void,
): Promise<SuiteRun<P, R, C>> {
  const t0 = performance.now();
  const phaseSec = { 1: 0, 2: 0 };
  const bench = await runProtocol<P, R>({
    ...spec,
    run: async (requests, phase) => {
      const tq = performance.now();
      const res = await spec.run(requests, phase);
      phaseSec[phase] += (performance.now() - tq) / 1000;
      return res;
    },
  });
  beforePairing?.(bench);

  const tC = performance.now();
  const B = spec.bootstrap;
  const problems: ProblemRun<P, C>[] = spec.problems.map((p, j) => {
    const rng = (...parts: (string | number)[]) => spec.problemRng(p, ...parts);
    const comparison = compare<C>({
      baselines: spec.baselines,
      o1: spec.contender(p, 'o1', 'none', null, bench.o1(p), rng('o1')),
      contender: (b, mode) => spec.contender(p, b, mode, bench.lrOf(b, p, mode), bench.evaluation(b, p, mode), rng(b, mode)),
      gaps: (c) => spec.gaps(c),
      rng,
      bootstrap: B,
    });
    spec.onProgress?.({ phase: 'statistics', done: j + 1, total: spec.problems.length });
    return { problem: p, comparison };
  });
  const summariseSubset = (indices: readonly number[], group: string, tag: string): GroupSummary =>
    summarise(
      indices.map((i) => problems[i].comparison),
      spec.baselines,
      indices.reduce((a, i) => a + spec.evalRuns(spec.problems[i]), 0),
      indices.map((i) => spec.cluster(spec.problems[i])),
      (...parts) => spec.summaryRng(group, tag, ...parts),
    );
  const summary = new Map<string, GroupSummary>();
  for (const g of groupsOf(spec.problems.map((p, i) => ({ p, i })), ({ p }) => spec.group(p))) {
    summary.set(g.name, summariseSubset(g.problems.map(({ i }) => i), g.name, 'all'));
  }
  const statisticsSec = (performance.now() - tC) / 1000;

  return {
    settings: {
      baselines: [...spec.baselines],
      steps: spec.steps,
      seed: spec.seed,
      engine: spec.engine,
      grid: [...spec.grid],
      bootstrap: B,
      gapFloor: GAP_FLOOR,
      tieRule: tieRule(spec.comparedOn),
    },
    tuning: bench.selection,
    problems,
    summary,
    timing: { totalSec: (performance.now() - t0) / 1000, tuningSec: phaseSec[1], evaluationSec: phaseSec[2], statisticsSec },
    lrOf: bench.lrOf,
    summariseSubset,
    evaluationRuns: bench.evaluationRuns,
  };
}
