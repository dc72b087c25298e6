// `o1 bench` as one library call: the chosen suites routed to their runners (the test-function
// suites to runBench, `ml` to runMlBench — both on the protocol of protocol.ts), and the one
// result written out as JSON, terminal text or a report directory. The CLI only parses flags.
import { InputError } from '../errors.js';
import type { Engine } from '../engine/types.js';
import type { TestFunction } from '../functions/types.js';
import { getMlTask, mlTaskNames } from '../ml/index.js';
import type { Objective } from '../run/objective.js';
import { closeMatches } from '../util/closeMatches.js';
import { ML_SUITE, mlJson, runMlBench, type MlBenchResult } from './ml.js';
import type { MlRunner } from './ml/pool.js';
import { formatMlText, mlTimingLine, writeMlReport } from './mlReport.js';
import type { BenchProgress, ProtocolOptions } from './protocol.js';
import { formatBenchText, timingLine, writeReport } from './report.js';
import { benchJson, runBench, type BenchResult } from './runBench.js';
import { DEFAULT_SUITES, SUITE_NAMES, customFunction, type SuiteName } from './suites.js';

export type AnySuite = SuiteName | typeof ML_SUITE;
export const ALL_SUITES: readonly AnySuite[] = [...SUITE_NAMES, ML_SUITE];

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

/** Names split between the ML tasks and the functions of the other suites. */
function splitFunctions(names: readonly string[] | undefined, classic: boolean): { ml?: string[]; other?: string[] } {
  if (!names) return {};
  const ml = names.filter((n) => getMlTask(n));
  const other = names.filter((n) => !getMlTask(n));
  if (!classic && other.length) {
    const near = closeMatches(other[0], mlTaskNames());
    throw new InputError(`--fn: '${other[0]}' is not an ML task${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; the ml suite has ${mlTaskNames().join(', ')}`);
  }
  return { ml, other };
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
  /** Example trajectories per 2-D function (for a report). */
  trajectories?: number;
  onProgress?: (p: { phase: string; done: number; total: number }) => void;
}

/** The test-function suites' result and the ml suite's, whichever ran. */
export interface BenchmarkResult {
  functions?: BenchResult;
  ml?: MlBenchResult;
}

export async function runBenchmark(o: BenchmarkOptions): Promise<BenchmarkResult> {
  const all = resolveSuites(o.suites, (o.custom?.length ?? 0) > 0);
  let suites = all.filter((s): s is SuiteName => s !== ML_SUITE);
  let withMl = all.includes(ML_SUITE);
  const split = splitFunctions(o.functions, suites.length > 0);
  // A suite left without any of the names is dropped (as the other suites' are).
  if (withMl && split.ml && split.ml.length === 0) withMl = false;
  if (suites.length && split.other && split.other.length === 0 && withMl) suites = [];
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
      trajectories: o.trajectories,
      onProgress: o.onProgress as ((p: BenchProgress) => void) | undefined,
    });
  }
  if (withMl) {
    out.ml = await runMlBench({
      model: o.model,
      modelRef: o.modelRef,
      tasks: split.ml,
      baselines: o.baselines,
      runs: o.starts,
      tuneRuns: o.tuneStarts,
      steps: o.steps,
      seed: o.seed,
      grid: o.grid,
      bootstrap: o.bootstrap,
      engine: (await o.engine()).name,
      workers: o.workers,
      runner: o.mlRunner,
      onProgress: o.onProgress ? (p) => o.onProgress!({ ...p, phase: `ml ${p.phase}` }) : undefined,
    });
  }
  return out;
}

/** The JSON of `o1 bench`: the test-function suites' result, with the ml suite's under "ml"
 *  (`{"ml": …}` alone for the ml suite alone). Deterministic (timing left out). */
export function benchmarkJson(r: BenchmarkResult): string {
  if (!r.ml) return benchJson(r.functions!);
  const mlPart = `"ml":${mlJson(r.ml).trimEnd()}`;
  if (!r.functions) return `{${mlPart}}\n`;
  const rest = benchJson(r.functions).trimEnd(); // "{…}"
  return `${rest.slice(0, -1)},${mlPart}}\n`;
}

/** The terminal tables of every suite that ran. */
export function benchmarkText(r: BenchmarkResult): string {
  let out = r.functions ? formatBenchText(r.functions) : '';
  if (r.ml) out += `${r.functions ? '\n' : ''}${formatMlText(r.ml)}`;
  return out;
}

/** One timing line per runner (stderr beside --json). */
export function benchmarkTimingLines(r: BenchmarkResult): string[] {
  return [...(r.functions ? [timingLine(r.functions)] : []), ...(r.ml ? [mlTimingLine(r.ml)] : [])];
}

/** report.md, result.json (benchmarkJson) and the plots into `dir`; returns the files written. */
export function writeBenchmarkReport(r: BenchmarkResult, dir: string, customFunctions?: ReadonlyMap<string, TestFunction>): string[] {
  const json = benchmarkJson(r);
  return r.functions ? writeReport(r.functions, dir, json, customFunctions, r.ml) : writeMlReport(r.ml!, dir, json);
}

/** The user objectives as the benchmark draws them (name → TestFunction), for the report's plots. */
export function customFunctions(custom: readonly Objective[]): Map<string, TestFunction> {
  return new Map(custom.map((obj) => [obj.name, customFunction(obj)]));
}
