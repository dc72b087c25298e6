// `o1 bench` as one library call: the chosen suites routed to their runners (the test-function
// suites to runBench, `ml` to runMlBench — both on the protocol of protocol.ts), and the one
// result written out as JSON, terminal text or a report directory. The CLI only parses flags.
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { formatTable, markdownTable } from '../util/table.js';
import { fmtRate } from './format.js';
import type { Engine } from '../engine/types.js';
import type { TestFunction } from '../functions/types.js';
import { getMlTask, mlTaskNames } from '../ml/index.js';
import type { Objective } from '../run/objective.js';
import { closeMatches } from '../util/closeMatches.js';
import { ML_SUITE, mlJson, runMlBench, type MlBenchOptions, type MlBenchResult } from './ml.js';
import { REAL_SUITE, REAL_TASKS, getRealTask } from './realData.js';

const REAL_TASK_NAMES = REAL_TASKS.map((t) => t.name);
import type { MlRunner } from '../engine/mlRunner.js';
import { formatMlText, mlSection, mlTimingLine } from './mlReport.js';
import type { BenchProgress, ProtocolOptions } from './protocol.js';
import { formatBenchText, functionSuitesSection, timingLine } from './report.js';
import { writeReportFiles, writeResultAndMarkdown } from './reportFiles.js';
import { benchJson, runBench, type BenchResult } from './runBench.js';
import { DEFAULT_SUITES, SUITE_NAMES, customFunction, type SuiteName } from './suites.js';

/** Suites that run alone, each with its own runner, budgets and result (the CLI routes them):
 *  preregistered (preregisteredSuite.ts), preregistered-2 and preregistered-3 (preregisteredSplitSuite.ts), start-scale (startScale.ts), ml-long and ml-minibatch
 *  (mlLong.ts), nets (nets.ts: TF.js networks, loaded lazily: @tensorflow/tfjs is an optional peer). */
export const ALONE_SUITES = ['preregistered', 'preregistered-2', 'preregistered-3', 'start-scale', 'ml-long', 'ml-minibatch', 'nets'] as const;
export type AloneSuite = (typeof ALONE_SUITES)[number];
export type AnySuite = SuiteName | typeof ML_SUITE | typeof REAL_SUITE | AloneSuite;
export const ALL_SUITES: readonly AnySuite[] = [...new Set<AnySuite>([...SUITE_NAMES, ML_SUITE, REAL_SUITE, ...ALONE_SUITES])];

/** Suite names checked (unknown → InputError); none given: the default suites, plus custom when
 *  the user gave objectives. */
export function resolveSuites(names: readonly string[] | undefined, hasCustom: boolean): AnySuite[] {
  if (names === undefined) return hasCustom ? [...DEFAULT_SUITES, 'custom'] : [...DEFAULT_SUITES];
  if (names.length === 0) throw new InputError(`--suite: give one or more of ${ALL_SUITES.join(', ')}`);
  const out: AnySuite[] = [];
  for (const n of names) {
    if (!(ALL_SUITES as readonly string[]).includes(n)) throw new InputError(`--suite: '${n}' is not one of ${ALL_SUITES.join(', ')}`);
    if (!out.includes(n as AnySuite)) out.push(n as AnySuite);
  }
  if (out.includes('custom') && !hasCustom) throw new InputError('--suite custom needs --fn-module PATH (your own objective)');
  if (hasCustom && !out.includes('custom')) throw new InputError('--fn-module is benchmarked in the custom suite: add custom to --suite');
  return out;
}

/** Names split between the ML tasks, the real-data tasks and the functions of the other suites. */
function splitFunctions(names: readonly string[] | undefined, classic: boolean, ml: boolean, real: boolean): { ml?: string[]; real?: string[]; other?: string[] } {
  if (!names) return {};
  const isMl = (n: string) => getMlTask(n) !== undefined;
  const isReal = (n: string) => getRealTask(n) !== undefined;
  const other = names.filter((n) => !isMl(n) && !isReal(n));
  if (!classic && other.length) {
    const known = [...(ml ? mlTaskNames() : []), ...(real ? REAL_TASK_NAMES : [])];
    const near = closeMatches(other[0], known);
    const which = ml && real ? 'the ml and real suites have' : ml ? 'the ml suite has' : 'the real suite has';
    throw new InputError(`--fn: '${other[0]}' is not an ML task${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; ${which} ${known.join(', ')}`);
  }
  return { ml: names.filter(isMl), real: names.filter(isReal), other };
}

export interface BenchmarkOptions extends ProtocolOptions {
  /** Suite names (default: resolveSuites' default). */
  suites?: readonly string[];
  /** Function names and ML task names, each routed to its suites. */
  functions?: readonly string[];
  custom?: readonly Objective[];
  /** Evaluation starts per function (ml: runs per task). */
  starts?: number;
  /** Tuning starts per function (ml: tuning runs per task). */
  tuneStarts?: number;
  /** Runs the built-in functions. */
  engine: () => Promise<Engine>;
  /** Runs user objectives. */
  customEngine?: () => Promise<Engine>;
  /** Worker threads of the ml suite (ignored with `mlRunner`). */
  workers?: number;
  /** Runs the ml suite's jobs (default: a thread pool of `workers`). */
  mlRunner?: MlRunner;
  /** Dimensions of the nd suite (default 10, 100; 1000 runs fewer starts, see runBench). */
  ndDims?: readonly number[];
  /** Example trajectories per 2-D function (for a report). */
  trajectories?: number;
  onProgress?: (p: { phase: string; done: number; total: number }) => void;
}

/** The test-function suites' result and the ml suite's, whichever ran. */
export interface BenchmarkResult {
  functions?: BenchResult;
  ml?: MlBenchResult;
  /** The held-out real-data tasks (evaluation only). */
  real?: MlBenchResult;
}

export async function runBenchmark(o: BenchmarkOptions): Promise<BenchmarkResult> {
  const all = resolveSuites(o.suites, (o.custom?.length ?? 0) > 0);
  const alone = all.find((s): s is AloneSuite => (ALONE_SUITES as readonly string[]).includes(s));
  if (alone) throw new InputError(`the ${alone} suite runs alone, with its own runner and budgets (\`o1 bench --suite ${alone}\`)`);
  let suites = all.filter((s): s is SuiteName => s !== ML_SUITE && s !== REAL_SUITE);
  let withMl = all.includes(ML_SUITE);
  let withReal = all.includes(REAL_SUITE);
  const split = splitFunctions(o.functions, suites.length > 0, withMl, withReal);
  // A suite left without any of the names is dropped (as the other suites' are).
  if (withMl && split.ml && split.ml.length === 0) withMl = false;
  if (withReal && split.real && split.real.length === 0) withReal = false;
  if (suites.length && split.other && split.other.length === 0 && (withMl || withReal)) suites = [];
  const out: BenchmarkResult = {};
  if (suites.length) {
    out.functions = await runBench({
      model: o.model,
      modelRef: o.modelRef,
      suites,
      functions: split.other,
      custom: o.custom,
      baselines: o.baselines,
      starts: o.starts,
      tuneStarts: o.tuneStarts,
      steps: o.steps,
      seed: o.seed,
      grid: o.grid,
      engine: await o.engine(),
      customEngine: o.custom?.length && o.customEngine ? await o.customEngine() : undefined,
      bootstrap: o.bootstrap,
      ndDims: o.ndDims,
      trajectories: o.trajectories,
      onProgress: o.onProgress as ((p: BenchProgress) => void) | undefined,
    });
  }
  const mlEngine = withMl || withReal ? (await o.engine()).name : undefined;
  const mlOptions = (suite: 'ml' | 'real', tasks: string[] | undefined): MlBenchOptions => ({
    model: o.model,
    modelRef: o.modelRef,
    suite,
    tasks,
    baselines: o.baselines,
    runs: o.starts,
    tuneRuns: o.tuneStarts,
    steps: o.steps,
    seed: o.seed,
    grid: o.grid,
    bootstrap: o.bootstrap,
    engine: mlEngine,
    workers: o.workers,
    runner: o.mlRunner,
    onProgress: o.onProgress ? (p) => o.onProgress!({ ...p, phase: `${suite} ${p.phase}` }) : undefined,
  });
  if (withMl) out.ml = await runMlBench(mlOptions('ml', split.ml));
  if (withReal) out.real = await runMlBench(mlOptions('real', split.real));
  return out;
}

/** The JSON of `o1 bench`: the test-function suites' result, with the ml suite's under "ml"
 *  (`{"ml": …}` alone for the ml suite alone). Deterministic (timing left out). */
export function benchmarkJson(r: BenchmarkResult): string {
  const parts = [...(r.ml ? [`"ml":${mlJson(r.ml).trimEnd()}`] : []), ...(r.real ? [`"real":${mlJson(r.real).trimEnd()}`] : [])];
  if (!parts.length) return benchJson(r.functions!);
  if (!r.functions) return `{${parts.join(',')}}\n`;
  const rest = benchJson(r.functions).trimEnd(); // "{…}"
  return `${rest.slice(0, -1)},${parts.join(',')}}\n`;
}

/** The terminal tables of every suite that ran. */
export function benchmarkText(r: BenchmarkResult): string {
  let out = r.functions ? formatBenchText(r.functions) : '';
  for (const m of [r.ml, r.real]) if (m) out += `${out ? '\n' : ''}${formatMlText(m)}`;
  return out;
}

/** One timing line per runner (stderr beside --json). */
export function benchmarkTimingLines(r: BenchmarkResult): string[] {
  return [...(r.functions ? [timingLine(r.functions)] : []), ...[r.ml, r.real].flatMap((m) => (m ? [mlTimingLine(m)] : []))];
}

/** report.md, result.json (benchmarkJson) and the plots into `dir`; returns the files written. */
export function writeBenchmarkReport(r: BenchmarkResult, dir: string, customFunctions?: ReadonlyMap<string, TestFunction>): string[] {
  const mls = [r.ml, r.real].filter((m): m is MlBenchResult => m !== undefined);
  return writeReportFiles(dir, benchmarkJson(r), [...(r.functions ? [functionSuitesSection(r.functions, customFunctions)] : []), ...mls.map(mlSection)]);
}

/** The user objectives as the benchmark draws them (name → TestFunction), for the report's plots. */
export function customFunctions(custom: readonly Objective[]): Map<string, TestFunction> {
  return new Map(custom.map((obj) => [obj.name, customFunction(obj)]));
}

/** The benchmark at several step budgets, each a whole benchmark (the baselines re-tuned for that
 *  budget, o1 run with it): how o1 does off its training horizon. */
export interface HorizonsResult {
  horizons: { steps: number; result: BenchmarkResult }[];
}

export async function runHorizons(o: BenchmarkOptions, horizons: readonly number[]): Promise<HorizonsResult> {
  if (horizons.length === 0) throw new InputError('--steps: give one or more step budgets');
  const out: HorizonsResult = { horizons: [] };
  for (const steps of [...new Set(horizons)]) {
    const onProgress = o.onProgress ? (p: { phase: string; done: number; total: number }) => o.onProgress!({ ...p, phase: `${steps} steps: ${p.phase}` }) : undefined;
    out.horizons.push({ steps, result: await runBenchmark({ ...o, steps, onProgress }) });
  }
  return out;
}

export function horizonsJson(r: HorizonsResult): string {
  return `{"horizons":[${r.horizons.map((h) => `{"steps":${h.steps},"result":${benchmarkJson(h.result).trimEnd()}}`).join(',')}]}\n`;
}

/** Per suite and horizon: o1's win rate against each baseline with its suite lr, its 95% CI
 *  (two-level bootstrap), and the win rate against the per-function lr. */
export function horizonRows(r: HorizonsResult): { header: string[]; rows: string[][] } {
  const header = ['suite', 'baseline', ...r.horizons.map((h) => `${h.steps} steps`)];
  const rows: string[][] = [];
  // Suites of every horizon (the pre-registered split runs its functions and ML tasks at different budgets).
  const suites = [...new Set(r.horizons.flatMap(({ result: h }) => [...(h.functions?.suites.map((s) => s.name) ?? []), ...(h.ml ? [ML_SUITE] : []), ...(h.real ? [REAL_SUITE] : [])]))];
  const first = r.horizons.map((h) => h.result).find((h) => h.functions ?? h.ml ?? h.real)!;
  const baselines = first.functions?.settings.baselines ?? first.ml?.settings.baselines ?? first.real?.settings.baselines ?? [];
  const summaryOf = (res: BenchmarkResult, suite: string) => (suite === ML_SUITE ? res.ml?.summary : suite === REAL_SUITE ? res.real?.summary : res.functions?.suites.find((s) => s.name === suite)?.summary);
  for (const suite of suites) {
    for (const b of baselines) {
      rows.push([
        b === baselines[0] ? suite : '',
        b,
        ...r.horizons.map((h) => {
          const sm = summaryOf(h.result, suite);
          return sm ? `${fmtRate(sm.suite[b].winRate)} [${fmtRate(sm.suite[b].lo)}, ${fmtRate(sm.suite[b].hi)}] (${fmtRate(sm['per-function'][b].winRate)})` : '—';
        }),
      ]);
    }
  }
  return { header, rows };
}

export function horizonsText(r: HorizonsResult): string {
  let out = '';
  for (const h of r.horizons) out += `=== ${h.steps} steps (baselines tuned for ${h.steps} steps) ===\n\n${benchmarkText(h.result)}\n`;
  const t = horizonRows(r);
  out += `o1 win rate per horizon against each baseline, suite lr [95% CI] (per-function lr):\n\n${formatTable(t.header, t.rows)}`;
  return out;
}

export function horizonsTimingLines(r: HorizonsResult): string[] {
  return r.horizons.flatMap((h) => benchmarkTimingLines(h.result).map((l) => `${h.steps} steps: ${l}`));
}

/** One report directory per horizon (DIR/steps-T) and DIR/report.md with the horizon table. */
export function writeHorizonsReport(r: HorizonsResult, dir: string, customFunctions?: ReadonlyMap<string, TestFunction>): string[] {
  const files: string[] = [];
  for (const h of r.horizons) files.push(...writeBenchmarkReport(h.result, join(dir, `steps-${h.steps}`), customFunctions));
  const t = horizonRows(r);
  let md = `# o1 benchmark at ${r.horizons.length} horizons\n\nProtocol: docs/BENCHMARK.md. Each horizon is a whole benchmark: the baselines are re-tuned for its step budget.\n\n`;
  md += `o1 win rate against each baseline, suite lr [95% CI, two-level bootstrap] (per-function lr):\n\n${markdownTable(t.header, t.rows)}\n`;
  md += r.horizons.map((h) => `- [${h.steps} steps](steps-${h.steps}/report.md)`).join('\n') + '\n';
  files.push(...writeResultAndMarkdown(dir, horizonsJson(r), md)); // the one writer's last step: report.md last
  return files;
}
