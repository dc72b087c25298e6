// The benchmark protocol, written once for every suite (docs/BENCHMARK.md):
//   tune     — every baseline runs every lr of the grid on every problem's tuning instances;
//   select   — one lr per group of problems (a suite) and one per problem (tuning.ts);
//   evaluate — o1 (untuned) and every baseline at both of its lrs on the evaluation instances;
//   pair     — o1 against each baseline, run by run (stats.ts tie rule), with bootstrap CIs;
//   summarise— per group: the mean of the problems' win rates with a stratified-bootstrap CI.
// It is parameterised by "a problem" (a key and a group) and "a run" (whatever the suite's
// runner returns for one request: a batch of starts for the test functions, a list of job
// results for the ML tasks); the suites (runBench.ts, ml.ts) supply the runner and turn runs into
// their own contenders. One JSON writer serves every result.
import { InputError } from '../errors.js';
import type { O1Model } from '../o1/o1.js';
import { getOptimizer } from '../optimizers/index.js';
import type { Rng } from '../rng.js';
import { formatOptimizer, parseOptimizer } from '../optimizers/codec.js';
import { TIE_ABS, TIE_REL, hierarchicalWinRateCI, pairedOutcomes, tally, winRateCI } from './stats.js';
import { clampedByEdge, extendLr, lrGrid, selectFunctionLr, selectSuiteLr, tuneCell, type TuneCell } from './tuning.js';

/** The baselines o1 is compared with, in table order: every one tuned on the lr grid — the
 *  classic rules, AdamW and SGD-momentum under warmup + cosine decay over the run's horizon (the
 *  AlgoPerf baselines), the step-size methods (the tuning-free ones — dog, dog-avg, prodigy — tune
 *  their lr multiplier like the others) — then the untuned rows at their published defaults, like
 *  o1: Adam at PyTorch's lr 1e-3 and each tuning-free method at multiplier 1.
 *  Not here: sgd-hd. Its hypergrad_lr needs tuning jointly with lr (at the paper's 1e-3 its α runs
 *  away on badly scaled functions: every grid lr diverged on 15–16 of 16 tuning starts on
 *  rosenbrock, himmelblau and goldstein), and this protocol tunes one hyper-parameter; SGD is
 *  represented by sgd, momentum, nesterov and momentum-cosine. `sgd-hd` stays available by name. */
export const DEFAULT_BASELINES: readonly string[] = [
  'sgd', 'momentum', 'nesterov', 'adam', 'rmsprop', 'adagrad', 'adamw-cosine', 'momentum-cosine',
  'adam-hd', 'dog', 'dog-avg', 'rprop', 'prodigy', 'adamw-schedulefree',
  'adam:lr=0.001', 'dog:lr=1', 'dog-avg:lr=1', 'prodigy:lr=1',
];

/** The hyper-parameter through which a scheduled baseline (warmup + cosine decay) learns its
 *  horizon: the benchmark sets it to the run's step count. */
export const HORIZON_HYPER = 'total_steps';

/** The hyper-parameters a baseline runs with besides their defaults: its lr and, for a scheduled
 *  one, the run's horizon. */
export function baselineHyper(optimizer: string, lr: number, steps: number): Record<string, number> {
  const spec = getOptimizer(optimizer);
  return spec?.hyper.some((h) => h.name === HORIZON_HYPER) ? { lr, [HORIZON_HYPER]: steps } : { lr };
}

/** A baseline entry: the optimizer's registry name and, for an untuned entry ("adam:lr=0.001"),
 *  the lr it always runs with. */
export interface BaselineEntry {
  optimizer: string;
  fixedLr?: number;
}

/** "adam" → tuned adam; "adam:lr=0.001" → adam at lr 1e-3, not tuned. */
export function baselineEntry(name: string): BaselineEntry {
  const choice = parseOptimizer(name, 'baseline');
  const keys = Object.keys(choice.hyper);
  if (keys.some((k) => k !== 'lr'))
    throw new InputError(`baseline ${name}: the benchmark runs every hyper-parameter but lr at its default; give names only (e.g. adam: lr tuned) or name:lr=VALUE (untuned, at that lr)`);
  return keys.length ? { optimizer: choice.name, fixedLr: choice.hyper.lr } : { optimizer: choice.name };
}

/** Validates baseline entries (unknown → InputError with suggestions; o1 is not a baseline);
 *  returns them in canonical form ("Adam" → "adam", "adam:lr=1e-3" → "adam:lr=0.001"). */
export function resolveBaselines(names: readonly string[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    if (name.split(':')[0].trim().toLowerCase() === 'o1') throw new InputError('o1 is always benchmarked, against the baselines: list only baselines (o1 runs with the model given)');
    const e = baselineEntry(name);
    const spec = getOptimizer(e.optimizer);
    if (!spec) throw new InputError(`baseline '${name}' is not an optimizer; \`o1 optimizers\` lists them`);
    const lr = spec.hyper.find((h) => h.name === 'lr');
    if (!lr) throw new InputError(`baseline ${e.optimizer} has no learning rate to tune`);
    if (e.fixedLr !== undefined && !(e.fixedLr > (lr.min ?? 0) && Number.isFinite(e.fixedLr))) throw new InputError(`baseline ${name}: lr must be a positive finite number`);
    const canonical = formatOptimizer({ name: e.optimizer, hyper: e.fixedLr === undefined ? {} : { lr: e.fixedLr } });
    if (!out.includes(canonical)) out.push(canonical);
  }
  if (out.length === 0) throw new InputError('give at least one baseline');
  return out;
}

/** An integer option ≥ min, else an InputError naming it. */
export function checkCount(name: string, v: number, min: number): number {
  if (!Number.isInteger(v) || v < min) throw new InputError(`${name} must be an integer ≥ ${min}, got ${v}`);
  return v;
}

export const DEFAULT_BOOTSTRAP = 1000;

/** The tie rule in words (stats.ts compareGaps), for every suite's settings; `of` names what is
 *  compared ("final gaps", "final full-batch training losses"). */
export function tieRule(of: string): string {
  return `on the ${of}: tie when both are ≤ ${TIE_ABS} or they differ by ≤ ${TIE_REL * 100}% of the larger; a diverged o1 run is a loss, a diverged baseline run (o1 finite) a win`;
}

/** The protocol in words, for every suite's report (docs/BENCHMARK.md says it at length). */
export const TUNING_RULE =
  "an lr's score on a problem is the mean over all its tuning runs of log10(max(gap, 1e-12)), a diverged run at a worst score that outweighs any finite one (so fewer diverged tuning runs always wins, then the lower mean); suite mode: the lr minimising the mean score over the suite's problems, per-function mode: each problem's own; ties to the smaller lr; a choice on an edge of the grid extends the grid (same spacing) until it is interior or the next lr would pass 1e-8 … 1e3 (such a choice is marked ‡)";
export const INTERVAL_RULE =
  'per problem: percentile bootstrap over its runs; suite win rates: two-level bootstrap — functions (n-D: a function at all its dimensions; ML: tasks) drawn with replacement, then runs within each drawn one';

/** What every suite's options share. */
export interface ProtocolOptions {
  model: O1Model;
  /** How the model was named (file or id), for the record. */
  modelRef?: string;
  /** Baseline names (default: DEFAULT_BASELINES). */
  baselines?: readonly string[];
  /** Steps per run. */
  steps?: number;
  /** Seed of every random choice. */
  seed?: number;
  /** The lr grid of the tuning (default: lrGrid()). */
  grid?: readonly number[];
  /** Bootstrap resamples for every CI. */
  bootstrap?: number;
}

/** The shared options checked (InputError for a bad one), defaults filled in. */
export function resolveProtocolOptions(o: ProtocolOptions, defaultSteps: number): { steps: number; seed: number; bootstrap: number; grid: number[]; baselines: string[] } {
  const steps = checkCount('steps', o.steps ?? defaultSteps, 1);
  const seed = o.seed ?? 0;
  if (!Number.isInteger(seed)) throw new InputError(`seed must be an integer, got ${seed}`);
  const bootstrap = checkCount('bootstrap', o.bootstrap ?? DEFAULT_BOOTSTRAP, 10);
  const grid = [...(o.grid ?? lrGrid())];
  if (grid.length === 0 || grid.some((lr) => !(lr > 0) || !Number.isFinite(lr))) throw new InputError('the lr grid must be positive finite numbers');
  const baselines = resolveBaselines(o.baselines ?? DEFAULT_BASELINES);
  return { steps, seed, bootstrap, grid, baselines };
}

export type TuneMode = 'suite' | 'per-function';
export const TUNE_MODES: readonly TuneMode[] = ['suite', 'per-function'];

export interface BenchProgress {
  phase: 'tuning' | 'evaluation' | 'statistics';
  done: number;
  total: number;
}

export interface VersusResult {
  wins: number;
  ties: number;
  losses: number;
  winRate: number;
  lo: number;
  hi: number;
}

export interface SuiteSummaryRow extends VersusResult {
  o1Diverged: number;
  baselineDiverged: number;
  runs: number;
}

/** Who runs: o1 (never tuned) or a baseline optimizer (its registry name) at one lr. */
export type Contestant = { kind: 'o1' } | { kind: 'baseline'; name: string; lr: number };

/** A problem of the protocol: a unique key (its group — the suite whose one lr it shares — comes
 *  from the spec's `group`). */
export interface ProtocolProblem {
  key: string;
}

/** One thing to run: a contestant on all of a problem's tuning or evaluation instances. */
export interface RunRequest<P> {
  problem: P;
  contestant: Contestant;
  purpose: 'tune' | 'eval';
}

export interface ProtocolSpec<P extends ProtocolProblem, R> {
  problems: readonly P[];
  /** The group a problem's suite-wide lr is chosen in. */
  group: (p: P) => string;
  baselines: readonly string[];
  grid: readonly number[];
  /** Runs one phase's requests, results in request order. Phase 1: every tuning request and o1's
   *  evaluation requests (o1 needs no tuning, so it runs alongside); phase 2: the baselines'
   *  evaluation requests at their selected lrs, one per distinct (baseline, problem, lr). Phase 1
   *  is called again, with tuning requests only, for each round of grid extension. */
  run(requests: readonly RunRequest<P>[], phase: 1 | 2): Promise<R[]>;
  /** Called with every tuning request so far and its runs before scores are computed, after each
   *  tuning round (a custom function estimates its f* here). */
  afterTuning?(requests: readonly RunRequest<P>[], results: readonly R[]): void;
  /** Final gaps of a tuning run, one per tuning instance (+∞ for a diverged one). */
  tuningGaps(problem: P, result: R): ArrayLike<number>;
}

/** The lrs chosen for one baseline, with the tuning scores behind them. */
export interface LrSelection {
  /** grid[group]: the lrs tuned for the group, ascending — the base grid, extended (same spacing)
   *  wherever a choice sat on an edge. */
  grid: Record<string, number[]>;
  /** scores[problemKey][k]: grid point k of the problem's group — the mean log10 gap of the tuning
   *  runs that did not diverge (+∞ → null when all diverged). */
  scores: Record<string, number[]>;
  /** diverged[problemKey][k]: tuning runs that diverged at grid point k. */
  diverged: Record<string, number[]>;
  /** suiteLr[group]: the lr of the whole group. */
  suiteLr: Record<string, number>;
  perFunctionLr: Record<string, number>;
  /** Choices still on an edge of their grid, and better than their neighbour, because the next lr
   *  would pass the hard bound (1e-8 … 1e3): suite[group] / perFunction[problemKey] = the side. */
  bound: { suite: Record<string, 'low' | 'high'>; perFunction: Record<string, 'low' | 'high'> };
}

export interface ProtocolRun<P extends ProtocolProblem, R> {
  /** selection[baseline]. */
  selection: Record<string, LrSelection>;
  /** The lr a baseline runs with on a problem in a mode. */
  lrOf(baseline: string, problem: P, mode: TuneMode): number;
  /** o1's evaluation run of a problem. */
  o1(problem: P): R;
  /** A baseline's evaluation run at its lr for the mode. */
  evaluation(baseline: string, problem: P, mode: TuneMode): R;
  /** Every evaluation run (o1's and the baselines'), for the suites that refine f* from them. */
  evaluationRuns(problem: P): R[];
}

/** Groups in order of first appearance, each with its problems in order. */
export function groupsOf<P>(problems: readonly P[], group: (p: P) => string): { name: string; problems: P[] }[] {
  const out: { name: string; problems: P[] }[] = [];
  for (const p of problems) {
    const name = group(p);
    let g = out.find((x) => x.name === name);
    if (!g) out.push((g = { name, problems: [] }));
    g.problems.push(p);
  }
  return out;
}

/** One group's choices on its grid: the suite lr, each problem's lr, and the edges that clamp a
 *  choice (where the grid should grow). */
interface GroupChoice {
  cells: TuneCell[][];
  suite: number;
  perProblem: number[];
  suiteEdge?: 'low' | 'high';
  problemEdges: ('low' | 'high' | undefined)[];
}

function chooseInGroup(grid: readonly number[], count: number, cellOf: (j: number, k: number) => TuneCell): GroupChoice {
  const cells: TuneCell[][] = grid.map((_, k) => Array.from({ length: count }, (_, j) => cellOf(j, k)));
  const suite = selectSuiteLr(grid, cells).index;
  const perProblem = Array.from({ length: count }, (_, j) => selectFunctionLr(grid, cells, j).index);
  return {
    cells,
    suite,
    perProblem,
    suiteEdge: clampedByEdge(grid, (k) => cells[k], suite),
    problemEdges: perProblem.map((k, j) => clampedByEdge(grid, (i) => [cells[i][j]], k)),
  };
}

/** Select: one lr for each group and one per problem, from the gaps of every grid point. */
export function selectLrs<P extends ProtocolProblem>(grids: ReadonlyMap<string, readonly number[]>, problems: readonly P[], group: (p: P) => string, gapsOf: (p: P, lr: number) => ArrayLike<number>): LrSelection {
  const rec: LrSelection = { grid: {}, scores: {}, diverged: {}, suiteLr: {}, perFunctionLr: {}, bound: { suite: {}, perFunction: {} } };
  for (const g of groupsOf(problems, group)) {
    const grid = grids.get(g.name)!;
    const c = chooseInGroup(grid, g.problems.length, (j, k) => tuneCell(gapsOf(g.problems[j], grid[k])));
    rec.grid[g.name] = [...grid];
    rec.suiteLr[g.name] = grid[c.suite];
    if (c.suiteEdge) rec.bound.suite[g.name] = c.suiteEdge;
    g.problems.forEach((p, j) => {
      rec.perFunctionLr[p.key] = grid[c.perProblem[j]];
      if (c.problemEdges[j]) rec.bound.perFunction[p.key] = c.problemEdges[j]!;
      rec.scores[p.key] = c.cells.map((row) => row[j].score);
      rec.diverged[p.key] = c.cells.map((row) => row[j].diverged);
    });
  }
  return rec;
}

/** One group's part of a selection with its suite lr as a number (the ML suites, one group each,
 *  record their tuning so). */
export interface GroupLrSelection {
  /** The lrs tuned (the base grid, extended where a choice sat on an edge); empty when untuned. */
  grid: number[];
  /** scores[problemKey][k]: grid point k — mean log10 value of the tuning runs that did not diverge (+∞ → null). */
  scores: Record<string, number[]>;
  diverged: Record<string, number[]>;
  suiteLr: number;
  perFunctionLr: Record<string, number>;
  /** Choices left on an edge at a hard bound of the grid (LrSelection.bound). */
  bound: { suite: 'low' | 'high' | null; perFunction: Record<string, 'low' | 'high'> };
}

export function groupSelection(sel: LrSelection, group: string): GroupLrSelection {
  return { grid: sel.grid[group] ?? [], scores: sel.scores, diverged: sel.diverged, suiteLr: sel.suiteLr[group], perFunctionLr: sel.perFunctionLr, bound: { suite: sel.bound.suite[group] ?? null, perFunction: sel.bound.perFunction } };
}

/** An untuned entry's record: its one lr everywhere, no grid. */
function fixedSelection<P extends ProtocolProblem>(lr: number, problems: readonly P[], group: (p: P) => string): LrSelection {
  const rec: LrSelection = { grid: {}, scores: {}, diverged: {}, suiteLr: {}, perFunctionLr: {}, bound: { suite: {}, perFunction: {} } };
  for (const g of groupsOf(problems, group)) rec.suiteLr[g.name] = lr;
  for (const p of problems) rec.perFunctionLr[p.key] = lr;
  return rec;
}

/** Tune (extending each group's grid while a choice is clamped by an edge) → select → evaluate. */
export async function runProtocol<P extends ProtocolProblem, R>(spec: ProtocolSpec<P, R>): Promise<ProtocolRun<P, R>> {
  const { problems, baselines, grid } = spec;
  const entries = new Map(baselines.map((b) => [b, baselineEntry(b)]));
  const tuned = baselines.filter((b) => entries.get(b)!.fixedLr === undefined);
  const groups = groupsOf(problems, spec.group);
  // grids.get(baseline).get(group): that group's grid for that baseline, grown at its edges.
  const grids = new Map(tuned.map((b) => [b, new Map(groups.map((g) => [g.name, [...grid]]))]));
  const tuneReqs: RunRequest<P>[] = [];
  const tuneRes: R[] = [];
  const tuneIndex = new Map<string, number>(); // `${baseline}|${key}|${lr}`
  const request = (b: string, problem: P, lr: number) => {
    tuneIndex.set(`${b}|${problem.key}|${lr}`, tuneReqs.length + pending.length);
    pending.push({ problem, contestant: { kind: 'baseline', name: entries.get(b)!.optimizer, lr }, purpose: 'tune' });
  };
  let pending: RunRequest<P>[] = [];
  for (const b of tuned) for (const problem of problems) for (const lr of grid) request(b, problem, lr);
  const o1Reqs: RunRequest<P>[] = problems.map((problem) => ({ problem, contestant: { kind: 'o1' }, purpose: 'eval' }));
  const res1 = await spec.run([...pending, ...o1Reqs], 1);
  tuneReqs.push(...pending);
  tuneRes.push(...res1.slice(0, pending.length));
  spec.afterTuning?.(tuneReqs, tuneRes);
  const gapsOf = (b: string) => (p: P, lr: number) => spec.tuningGaps(p, tuneRes[tuneIndex.get(`${b}|${p.key}|${lr}`)!]);

  // A choice on an edge of its grid (and better than its neighbour) adds the next lr beyond that
  // edge for the whole group, every baseline and group in one round, until none is clamped.
  for (;;) {
    pending = [];
    for (const b of tuned) {
      for (const g of groups) {
        const gr = grids.get(b)!.get(g.name)!;
        const c = chooseInGroup(gr, g.problems.length, (j, k) => tuneCell(gapsOf(b)(g.problems[j], gr[k])));
        const sides = new Set([c.suiteEdge, ...c.problemEdges].filter((e): e is 'low' | 'high' => e !== undefined));
        for (const side of sides) {
          const lr = extendLr(gr, side);
          if (lr === undefined) continue;
          if (side === 'low') gr.unshift(lr);
          else gr.push(lr);
          for (const p of g.problems) request(b, p, lr);
        }
      }
    }
    if (pending.length === 0) break;
    const res = await spec.run(pending, 1);
    tuneReqs.push(...pending);
    tuneRes.push(...res);
    spec.afterTuning?.(tuneReqs, tuneRes);
  }

  const selection: Record<string, LrSelection> = {};
  for (const name of baselines) {
    const fixed = entries.get(name)!.fixedLr;
    selection[name] = fixed !== undefined ? fixedSelection(fixed, problems, spec.group) : selectLrs(grids.get(name)!, problems, spec.group, gapsOf(name));
  }
  const lrOf = (name: string, p: P, mode: TuneMode) => (mode === 'suite' ? selection[name].suiteLr[spec.group(p)] : selection[name].perFunctionLr[p.key]);

  const evalReqs: RunRequest<P>[] = [];
  const evalIndex = new Map<string, number>(); // `${baseline}|${key}|${lr}`
  for (const name of baselines) {
    for (const problem of problems) {
      for (const mode of TUNE_MODES) {
        const lr = lrOf(name, problem, mode);
        const id = `${name}|${problem.key}|${lr}`;
        if (evalIndex.has(id)) continue;
        evalIndex.set(id, evalReqs.length);
        evalReqs.push({ problem, contestant: { kind: 'baseline', name: entries.get(name)!.optimizer, lr }, purpose: 'eval' });
      }
    }
  }
  const res2 = await spec.run(evalReqs, 2);
  const o1Of = new Map(problems.map((p, i) => [p.key, res1[res1.length - problems.length + i]]));
  return {
    selection,
    lrOf,
    o1: (p) => o1Of.get(p.key)!,
    evaluation: (name, p, mode) => res2[evalIndex.get(`${name}|${p.key}|${lrOf(name, p, mode)}`)!],
    evaluationRuns: (p) => [o1Of.get(p.key)!, ...evalReqs.flatMap((q, i) => (q.problem.key === p.key ? [res2[i]] : []))],
  };
}

/** A contender as the protocol pairs it — o1 (mode 'none', never tuned) or a baseline in a tuning
 *  mode at its lr — with its diverged runs. Every suite's contender record extends it. */
export interface Contender {
  optimizer: string;
  mode: 'none' | TuneMode;
  lr: number | null;
  diverged: number;
}

export interface Replicates {
  rate: number;
  replicates: Float64Array;
}

/** One problem's comparison: o1 first, then every baseline in suite mode, then in per-function mode. */
export interface Comparison<C extends Contender> {
  contenders: C[];
  /** o1's record (also contenders[0], where every suite's JSON has it). */
  o1: C;
  versus: Record<TuneMode, Record<string, VersusResult>>;
  /** The bootstrap replicates of every win rate, for the group's stratified CI. */
  replicates: Record<TuneMode, Record<string, Replicates>>;
}

/** A baseline's record in a comparison. */
export function contenderOf<C extends Contender>(contenders: readonly C[], baseline: string, mode: TuneMode): C {
  const c = contenders.find((k) => k.optimizer === baseline && k.mode === mode);
  if (!c) throw new Error(`no ${baseline} (${mode}) among the contenders`);
  return c;
}

/** o1's record among a problem's contenders (the one untuned contender). */
export function o1Of<C extends Contender>(contenders: readonly C[]): C {
  const c = contenders.find((k) => k.mode === 'none');
  if (!c) throw new Error('no o1 among the contenders');
  return c;
}

/** Pair: o1 against each baseline on one problem, run by run on the final gaps. `rng(...parts)`
 *  gives the problem's bootstrap stream for a part. */
export function compare<C extends Contender>(o: {
  baselines: readonly string[];
  o1: C;
  contender: (baseline: string, mode: TuneMode) => C;
  gaps: (c: C) => ArrayLike<number>;
  rng: (...parts: (string | number)[]) => Rng;
  bootstrap: number;
}): Comparison<C> {
  const out: Comparison<C> = { contenders: [o.o1], o1: o.o1, versus: { suite: {}, 'per-function': {} }, replicates: { suite: {}, 'per-function': {} } };
  const o1Gaps = o.gaps(o.o1);
  for (const mode of TUNE_MODES) {
    for (const b of o.baselines) {
      const c = o.contender(b, mode);
      out.contenders.push(c);
      const outcomes = pairedOutcomes(o1Gaps, o.gaps(c));
      const t = tally(outcomes);
      const w = winRateCI(outcomes, o.rng('versus', b, mode), o.bootstrap);
      out.versus[mode][b] = { wins: t.wins, ties: t.ties, losses: t.losses, winRate: t.winRate, lo: w.lo, hi: w.hi };
      out.replicates[mode][b] = { rate: w.rate, replicates: w.replicates };
    }
  }
  return out;
}

/** Summarise: a group's win rate against each baseline (clusters weigh the same, a two-level
 *  bootstrap CI over clusters then runs: stats.ts hierarchicalWinRateCI), the outcome totals and
 *  the divergences. `clusters[i]` names comparison i's cluster (its function, or task); `runs` is
 *  the number of evaluation runs of the group per contender; `rng(mode, baseline)` the stream of
 *  that summary's level-1 draws. */
export function summarise<C extends Contender>(
  comparisons: readonly Comparison<C>[],
  baselines: readonly string[],
  runs: number,
  clusters: readonly string[],
  rng: (...parts: string[]) => Rng,
): Record<TuneMode, Record<string, SuiteSummaryRow>> {
  const summary: Record<TuneMode, Record<string, SuiteSummaryRow>> = { suite: {}, 'per-function': {} };
  for (const mode of TUNE_MODES) {
    const o1s = comparisons.map((c) => c.o1);
    for (const b of baselines) {
      const cs = comparisons.map((c) => contenderOf(c.contenders, b, mode));
      const ci = hierarchicalWinRateCI(comparisons.map((c) => c.replicates[mode][b]), clusters, rng(mode, b));
      const vs = comparisons.map((c) => c.versus[mode][b]);
      summary[mode][b] = {
        winRate: ci.rate,
        lo: ci.lo,
        hi: ci.hi,
        wins: vs.reduce((a, v) => a + v.wins, 0),
        ties: vs.reduce((a, v) => a + v.ties, 0),
        losses: vs.reduce((a, v) => a + v.losses, 0),
        o1Diverged: o1s.reduce((a, c) => a + c.diverged, 0),
        baselineDiverged: cs.reduce((a, c) => a + c.diverged, 0),
        runs,
      };
    }
  }
  return summary;
}

/** Any benchmark result as JSON text: every number, non-finite (diverged, never reached) as null;
 *  `timing` left out unless asked, so the same seed gives the same bytes whatever the machine. */
export function resultJson(result: { timing?: unknown }, opts: { timing?: boolean; indent?: number } = {}): string {
  const { timing, ...rest } = result;
  return JSON.stringify(opts.timing ? result : rest, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), opts.indent) + '\n';
}
