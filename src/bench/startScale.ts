// `o1 bench --suite start-scale` (issue 21 item 3): does an optimizer still work when the start is
// far below or far above the problem's usual scale? The held-out 2-D functions (the `heldout`
// suite) and the ML suite's tasks, each run from its usual evaluation starts x₀ᵘ multiplied by
// s ∈ {10⁻⁶, …, 10³}:
//
//     x₀(s) = s · x₀ᵘ
//
// (a point of the domain, or Glorot weights, scaled about the origin). This is the scaling that
// makes "far below the solution's scale" testable: at s = 10⁻⁶ the start is a millionth of the
// usual one, while the minimiser stays where it is — o1 v3 stalled there (issue 21: rosenbrock from
// (1e-6, 1e-6), its step unit being initStep·rms(x₀)). On a problem whose minimiser is the origin
// a small s starts near the solution instead, so there the small scales test only that nothing
// blows up; the large scales test every problem. Tiny ML weights are the symmetric saddle of a
// tanh network (every hidden unit alike), huge ones saturate every unit.
//
// Per problem and optimizer, the statistic is the median final gap over the starts (ML: the final
// full-batch training loss over the instances, f* = 0), floored at GAP_FLOOR, at every scale
// against the same median at s = 1: ratio(s) = max(gap(s), floor) / max(gap(1), floor). The
// target of issue 21: ratio ≤ 10 at every scale, on every problem ("no stall"). A diverged run's
// gap is +∞ (a median that diverges fails).
//
// Baselines are tuned as the protocol tunes them, at the usual scale (runBench / runMlBench: their
// per-function lr), and then run from every scale with that lr — as o1 runs untuned everywhere.
// Every start and instance is the usual suites' (same seed), so the s = 1 column reproduces them.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../util/atomicWrite.js';
import { GAP_FLOOR } from '../functions/gap.js';
import { getOptimizer, resolveHyper } from '../optimizers/index.js';
import { benchMlRunner } from './ml/tasks.js';
import type { BatchOptimizer, BatchSpec, Engine } from '../engine/types.js';
import { answersElsewhere, runAnswerBatch } from './answerBatch.js';
import { formatTable } from '../util/table.js';
import { mlTaskNames } from '../ml/index.js';
import type { BenchmarkOptions } from './benchmark.js';
import type { MlJob, MlJobOptimizer, MlRunResult } from './ml/run.js';
import { ML_SUITE, runMlBench, type MlBenchResult } from './ml.js';
import { baselineEntry, baselineHyper } from './protocol.js';
import { runBench, type BenchResult } from './runBench.js';
import { median } from './stats.js';
import { buildSuites, startSets, type Problem } from './suites.js';

export const START_SCALE_SUITE = 'start-scale';
/** The scales s of x₀ = s·x₀ᵘ, 10⁻⁶ … 10³ (one per decade; 1 is the usual start). */
export const START_SCALES: readonly number[] = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100, 1000];
/** Issue 21's target: the final gap from any scale within this factor of the gap from s = 1. */
export const STALL_FACTOR = 10;
export const START_SCALE_FUNCTION_STEPS = 200;
export const START_SCALE_ML_STEPS = 300;
export const START_SCALE_STARTS = 16;
export const START_SCALE_ML_RUNS = 5;

export interface StartScaleRow {
  /** 'function' (a held-out 2-D function) or 'ml' (an ML task). */
  kind: 'function' | 'ml';
  problem: string;
  optimizer: string;
  /** null for o1 (untuned); a baseline's per-function lr, tuned at s = 1. */
  lr: number | null;
  /** Per scale (START_SCALES order): median over runs of the final gap (+∞ — null in JSON — when
   *  more than half diverged). */
  medianGap: number[];
  /** Per scale: runs that diverged. */
  diverged: number[];
  /** Per scale: max(gap(s), floor) / max(gap(1), floor). */
  ratio: number[];
  worstRatio: number;
  /** worstRatio ≤ STALL_FACTOR. */
  pass: boolean;
  /** The same over the scales below 1 only (the "stall" side: a start far below the problem's
   *  scale) and above 1 only (a start far beyond it). */
  passBelow: boolean;
  passAbove: boolean;
}

export interface StartScaleResult {
  settings: {
    suite: typeof START_SCALE_SUITE;
    scales: number[];
    rule: string;
    stallFactor: number;
    gapFloor: number;
    functionSteps: number;
    mlSteps: number;
    starts: number;
    mlRuns: number;
    seed: number;
    baselines: string[];
    model: { name: string | null; ref: string | null };
  };
  rows: StartScaleRow[];
  /** Per optimizer: problems passed (every scale within STALL_FACTOR) of all, and passed on the
   *  scales below 1 and above 1 separately. */
  summary: { optimizer: string; functionsPassed: number; functionsBelow: number; functionsAbove: number; functions: number; mlPassed: number; mlBelow: number; mlAbove: number; ml: number }[];
}

function row(kind: StartScaleRow['kind'], problem: string, optimizer: string, lr: number | null, gapsPerScale: number[][]): StartScaleRow {
  const medianGap = gapsPerScale.map((g) => median(g));
  const diverged = gapsPerScale.map((g) => g.filter((v) => v === Infinity).length);
  const one = Math.max(medianGap[START_SCALES.indexOf(1)], GAP_FLOOR);
  const ratio = medianGap.map((g) => Math.max(g, GAP_FLOOR) / one);
  const worstRatio = Math.max(...ratio);
  const within = (keep: (s: number) => boolean) => ratio.every((r, k) => !keep(START_SCALES[k]) || r <= STALL_FACTOR);
  return { kind, problem, optimizer, lr, medianGap, diverged, ratio, worstRatio, pass: worstRatio <= STALL_FACTOR, passBelow: within((s) => s < 1), passAbove: within((s) => s > 1) };
}

/** A baseline entry ('adam', 'adam:lr=0.001') at an lr, for the engines. */
function baselineSpec(name: string) {
  const spec = getOptimizer(baselineEntry(name).optimizer);
  if (!spec) throw new Error(`unknown baseline '${name}'`);
  return spec;
}

/** The start-scale rows of 2-D function problems whose baselines `tuned` (a runBench result at
 *  `steps` over the same problems, seed and starts) already tuned at s = 1: o1 and each
 *  per-function-tuned baseline from every scale. */
export function functionScaleRows(model: BenchmarkOptions['model'], engine: Engine, problems: readonly Problem[], tuned: BenchResult, seed: number, starts: number, steps: number): StartScaleRow[] {
  const rows: StartScaleRow[] = [];
  for (const p of problems) {
    const base = startSets(p, seed, starts, tuned.settings.tuneStarts).evalStarts;
    const result = tuned.suites.flatMap((su) => su.problems).find((r) => r.key === p.key)!;
    const contenders: { name: string; lr: number | null; optimizer: BatchOptimizer }[] = [{ name: 'o1', lr: null, optimizer: { kind: 'o1', model } }];
    for (const c of result.contenders) {
      if (c.mode !== 'per-function') continue;
      const spec = baselineSpec(c.optimizer);
      contenders.push({ name: c.optimizer, lr: c.lr, optimizer: { kind: 'baseline', spec, hyper: resolveHyper(spec, baselineHyper(spec.name, c.lr!, steps)) } });
    }
    for (const c of contenders) {
      const gaps = START_SCALES.map((s) => {
        const spec: BatchSpec = { fn: p.fn, n: p.n, optimizer: c.optimizer, starts: base.map((v) => s * v), steps };
        // Measured where each contender answers, as the protocol does (schedule-free's x).
        const r = answersElsewhere(spec) ? runAnswerBatch(spec) : engine.runBatch(spec);
        return Array.from(r.finalF, (f, k) => (r.divergedAt[k] >= 0 || !Number.isFinite(f) ? Infinity : Math.max(f - p.fmin, 0)));
      });
      rows.push(row('function', p.key, c.name, c.lr, gaps));
    }
  }
  return rows;
}

/** The start-scale rows of the ML tasks of `ml` (a runMlBench result at `steps`, its baselines
 *  tuned at s = 1), on its evaluation instances, jobs run by `runner`. */
export async function mlScaleRows(model: BenchmarkOptions['model'], ml: MlBenchResult, steps: number, runner: { run: (jobs: MlJob[], progress: () => void) => Promise<MlRunResult[]> }): Promise<StartScaleRow[]> {
  const rows: StartScaleRow[] = [];
  for (const t of ml.tasks) {
    const contenders: { name: string; lr: number | null; optimizer: MlJobOptimizer }[] = [{ name: 'o1', lr: null, optimizer: { kind: 'o1', model: { config: model.config, weights: model.weights } } }];
    for (const c of t.contenders) {
      if (c.mode !== 'per-function') continue;
      const name = baselineEntry(c.optimizer).optimizer;
      const { lr: _lr, ...hyper } = baselineHyper(name, c.lr!, steps);
      contenders.push({ name: c.optimizer, lr: c.lr, optimizer: Object.keys(hyper).length ? { kind: 'baseline', name, lr: c.lr!, hyper } : { kind: 'baseline', name, lr: c.lr! } });
    }
    const jobs: MlJob[] = [];
    for (const c of contenders)
      for (const s of START_SCALES) for (const inst of ml.instances[t.task].eval) jobs.push({ task: t.task, dataSeed: inst.dataSeed, initSeed: inst.initSeed, steps, optimizer: c.optimizer, record: false, startScale: s });
    const res = await runner.run(jobs, () => {});
    const R = ml.instances[t.task].eval.length;
    contenders.forEach((c, ci) => {
      const gaps = START_SCALES.map((_, si) => res.slice((ci * START_SCALES.length + si) * R, (ci * START_SCALES.length + si + 1) * R).map((r) => (r.divergedAt >= 0 ? Infinity : r.finalLoss)));
      rows.push(row('ml', t.task, c.name, c.lr, gaps));
    });
  }
  return rows;
}

/** Per optimizer: problems passed of all, below and above scale (StartScaleResult.summary). */
export function startScaleSummary(rows: readonly StartScaleRow[], optimizers: readonly string[]): StartScaleResult['summary'] {
  return optimizers.map((opt) => {
    const of = (kind: StartScaleRow['kind']) => rows.filter((r) => r.kind === kind && r.optimizer === opt);
    const count = (kind: StartScaleRow['kind'], ok: (r: StartScaleRow) => boolean) => of(kind).filter(ok).length;
    return {
      optimizer: opt,
      functionsPassed: count('function', (r) => r.pass),
      functionsBelow: count('function', (r) => r.passBelow),
      functionsAbove: count('function', (r) => r.passAbove),
      functions: of('function').length,
      mlPassed: count('ml', (r) => r.pass),
      mlBelow: count('ml', (r) => r.passBelow),
      mlAbove: count('ml', (r) => r.passAbove),
      ml: of('ml').length,
    };
  });
}

export const START_SCALE_RULE = 'x0 = s * x0u (the usual evaluation start, or Glorot init, scaled about the origin); ratio(s) = max(median final gap at s, floor) / max(median final gap at s = 1, floor); pass = ratio <= 10 at every s; baselines at their per-function lr tuned at s = 1';

export async function runStartScale(o: BenchmarkOptions): Promise<StartScaleResult> {
  if (o.custom?.length) throw new InputError('--fn-module: the start-scale suite runs the held-out functions and the ML tasks; benchmark your objective in another run');
  if (o.ndDims !== undefined) throw new InputError('--nd-dims: the start-scale suite runs the 2-D held-out functions and the ML tasks');
  const seed = o.seed ?? 0;
  const starts = o.starts ?? START_SCALE_STARTS;
  const mlRuns = o.starts ?? START_SCALE_ML_RUNS;
  const fSteps = o.steps ?? START_SCALE_FUNCTION_STEPS;
  const mSteps = o.steps ?? START_SCALE_ML_STEPS;
  const progress = (what: string) => (o.onProgress ? (p: { phase: string; done: number; total: number }) => o.onProgress!({ ...p, phase: `${what} ${p.phase}` }) : undefined);
  // --fn names route to the functions or the ML tasks (an empty side is skipped).
  const isMl = (n: string) => mlTaskNames().includes(n.trim().toLowerCase());
  const mlNames = o.functions?.filter(isMl);
  const fnNames = o.functions?.filter((n) => !isMl(n));
  const rows: StartScaleRow[] = [];
  let baselines: string[] = [];

  if (!fnNames || fnNames.length) {
    const engine = await o.engine();
    const tuned = await runBench({ model: o.model, modelRef: o.modelRef, suites: ['heldout'], functions: fnNames, baselines: o.baselines, starts, tuneStarts: o.tuneStarts, steps: fSteps, seed, grid: o.grid, engine, bootstrap: o.bootstrap, onProgress: progress('start-scale functions (tuning at s = 1):') });
    baselines = tuned.settings.baselines;
    const problems = buildSuites(o.model, { suites: ['heldout'], functions: fnNames })[0].problems;
    rows.push(...functionScaleRows(o.model, engine, problems, tuned, seed, starts, fSteps));
  }

  if (!mlNames || mlNames.length) {
    const ml = await runMlBench({ model: o.model, modelRef: o.modelRef, suite: ML_SUITE, tasks: mlNames, baselines: o.baselines, runs: mlRuns, tuneRuns: o.tuneStarts, steps: mSteps, seed, grid: o.grid, bootstrap: o.bootstrap, engine: (await o.engine()).name, workers: o.workers, runner: o.mlRunner, onProgress: progress('start-scale ml (tuning at s = 1):') });
    if (!baselines.length) baselines = ml.settings.baselines;
    const runner = o.mlRunner ?? benchMlRunner(o.workers ?? 1, (await o.engine()).name);
    try {
      rows.push(...(await mlScaleRows(o.model, ml, mSteps, runner)));
    } finally {
      if (!o.mlRunner) await runner.close();
    }
  }

  return {
    settings: {
      suite: START_SCALE_SUITE,
      scales: [...START_SCALES],
      rule: START_SCALE_RULE,
      stallFactor: STALL_FACTOR,
      gapFloor: GAP_FLOOR,
      functionSteps: fSteps,
      mlSteps: mSteps,
      starts,
      mlRuns,
      seed,
      baselines,
      model: { name: o.model.name ?? null, ref: o.modelRef ?? null },
    },
    rows,
    summary: startScaleSummary(rows, ['o1', ...baselines]),
  };
}

const fmtRatio = (r: number) => (r === Infinity ? '∞' : r >= 100 ? r.toExponential(0) : r >= 10 ? r.toFixed(0) : r.toFixed(1));
const fmtGap = (g: number) => (g === Infinity ? 'diverged' : g.toExponential(1));

/** Terminal text: o1's ratios per problem and scale, then every optimizer's pass counts. */
export function startScaleText(r: StartScaleResult): string {
  const header = ['problem', 'gap at s=1', ...r.settings.scales.map((s) => `×${s}`), 'within 10×'];
  const o1 = r.rows.filter((x) => x.optimizer === 'o1');
  const rows = o1.map((x) => [x.problem, fmtGap(x.medianGap[START_SCALES.indexOf(1)]), ...x.ratio.map(fmtRatio), x.pass ? 'yes' : 'NO']);
  let out = `Start-scale suite: x0 = s·x0ᵘ; o1's median final gap at each s ÷ at s = 1 (functions ${r.settings.functionSteps} steps, ${r.settings.starts} starts; ML ${r.settings.mlSteps} steps, ${r.settings.mlRuns} runs; seed ${r.settings.seed})\n\n`;
  out += formatTable(header, rows);
  out += `\nProblems with every scale within ${r.settings.stallFactor}× of s = 1 — all scales, the scales below 1 (a start far below the problem's scale), the scales above 1 (baselines at their per-function lr tuned at s = 1):\n\n`;
  out += formatTable(
    ['optimizer', 'functions', 's < 1', 's > 1', 'ML tasks', 's < 1', 's > 1'],
    r.summary.map((s) => [s.optimizer, `${s.functionsPassed}/${s.functions}`, `${s.functionsBelow}/${s.functions}`, `${s.functionsAbove}/${s.functions}`, `${s.mlPassed}/${s.ml}`, `${s.mlBelow}/${s.ml}`, `${s.mlAbove}/${s.ml}`]),
  );
  return out;
}

const num = (v: number) => (Number.isFinite(v) ? v : null);

/** JSON: every number, non-finite as null. */
export function startScaleJson(r: StartScaleResult): string {
  return `${JSON.stringify({ [START_SCALE_SUITE]: { ...r, rows: r.rows.map((x) => ({ ...x, medianGap: x.medianGap.map(num), ratio: x.ratio.map(num), worstRatio: num(x.worstRatio) })) } })}\n`;
}

/** report.md (the text tables) and result.json (startScaleJson) into `dir`; returns the files. */
export function writeStartScaleReport(r: StartScaleResult, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const md = `# o1 start-scale suite\n\nx₀ = s·x₀ᵘ (docs/BENCHMARK.md, "The start-scale suite").\n\n\`\`\`text\n${startScaleText(r)}\`\`\`\n`;
  const files = [join(dir, 'report.md'), join(dir, 'result.json')];
  writeFileAtomic(files[0], md);
  writeFileAtomic(files[1], startScaleJson(r));
  return files;
}
