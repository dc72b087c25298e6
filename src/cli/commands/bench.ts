// `o1 bench`: does o1 beat Adam and SGD with momentum? A fair benchmark (equal lr tuning for
// every baseline on disjoint starts, o1 untuned) with statistics — see docs/BENCHMARK.md.
// `--suite ml` (opt-in) runs the same protocol on the training losses of small real models
// (src/bench/ml.ts), in worker threads.
import { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { CliIO } from '../io.js';
import { UsageError } from '../errors.js';
import { parseChoice, parseInteger, parseList } from '../parse.js';
import { getEngine } from '../../engine/index.js';
import type { EngineName } from '../../engine/types.js';
import { resolveModel } from '../../model/resolve.js';
import { loadObjectiveModule } from '../../run/objectiveModule.js';
import type { Objective } from '../../run/objective.js';
import { DEFAULT_BASELINES, DEFAULT_BOOTSTRAP, DEFAULT_STARTS, DEFAULT_STEPS, DEFAULT_TUNE_STARTS, benchJson, runBench, type BenchProgress, type BenchResult } from '../../bench/runBench.js';
import { DEFAULT_SUITES, SUITE_NAMES, customFunction, type SuiteName } from '../../bench/suites.js';
import { formatBenchText, timingLine, writeReport } from '../../bench/report.js';
import { ML_DEFAULT_RUNS, ML_DEFAULT_STEPS, ML_DEFAULT_TUNE_RUNS, ML_SUITE, mlJson, runMlBench, type MlBenchResult } from '../../bench/ml.js';
import { formatMlText, mlTimingLine, writeMlReport } from '../../bench/mlReport.js';
import { getMlTask, mlTaskNames } from '../../ml/index.js';
import { closeMatches } from '../../util/closeMatches.js';
import { parseOptimizerList, splitOptimizerList } from '../../optimizers/codec.js';
import type { TestFunction } from '../../functions/types.js';

export interface BenchFlags {
  model?: string;
  suite?: string;
  fn?: string;
  fnModule?: string[];
  opt?: string;
  starts?: string;
  tuneStarts?: string;
  steps?: string;
  workers?: string;
  seed: string;
  engine: string;
  bootstrap: string;
  json?: boolean;
  report?: string;
}

/** --opt in the codec's form (any case, e.g. Adam,RMSprop). The benchmark tunes each baseline's
 *  lr and runs the rest at the defaults, so a list item takes no key=value. */
function benchBaselines(text: string): string[] {
  return parseOptimizerList(text).map((c, k) => {
    const given = Object.keys(c.hyper);
    if (given.length)
      throw new UsageError(`--opt ${splitOptimizerList(text)[k]}: the benchmark tunes each baseline's lr and runs its other hyper-parameters at their defaults; give names only (e.g. --opt adam,momentum)`);
    return c.name;
  });
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

type AnySuite = SuiteName | typeof ML_SUITE;
const ALL_SUITES: readonly AnySuite[] = [...SUITE_NAMES, ML_SUITE];

function parseSuites(text: string | undefined, hasModule: boolean): AnySuite[] {
  if (text === undefined) return hasModule ? [...DEFAULT_SUITES, 'custom'] : [...DEFAULT_SUITES];
  const names = parseList(text);
  if (names.length === 0) throw new UsageError(`--suite: give one or more of ${ALL_SUITES.join(', ')}`);
  const out: AnySuite[] = [];
  for (const n of names) {
    const s = parseChoice('--suite', n, ALL_SUITES);
    if (!out.includes(s)) out.push(s);
  }
  if (out.includes('custom') && !hasModule) throw new UsageError('--suite custom needs --fn-module PATH (your own objective)');
  if (hasModule && !out.includes('custom')) throw new UsageError('--fn-module is benchmarked in the custom suite: add custom to --suite');
  return out;
}

/** --fn names split between the ML tasks and the functions of the other suites. */
function splitFunctions(names: string[] | undefined, classic: boolean): { ml?: string[]; other?: string[] } {
  if (!names) return {};
  const ml = names.filter((n) => getMlTask(n));
  const other = names.filter((n) => !getMlTask(n));
  if (!classic && other.length) {
    const near = closeMatches(other[0], mlTaskNames());
    throw new UsageError(`--fn: '${other[0]}' is not an ML task${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; the ml suite has ${mlTaskNames().join(', ')}`);
  }
  return { ml, other };
}

/** The JSON of `o1 bench`: the other suites' result as before, with the ml suite's under "ml"
 *  (`{"ml": …}` alone for `--suite ml`). Both parts are deterministic (timing left out). */
export function combinedJson(result: BenchResult | undefined, ml: MlBenchResult | undefined): string {
  if (!ml) return benchJson(result!);
  const mlPart = `"ml":${mlJson(ml).trimEnd()}`;
  if (!result) return `{${mlPart}}\n`;
  const rest = benchJson(result).trimEnd(); // "{…}"
  return `${rest.slice(0, -1)},${mlPart}}\n`;
}

export function benchCommand(io: CliIO): Command {
  return new Command('bench')
    .description('benchmark o1 against tuned baselines (sgd, momentum, nesterov, adam, rmsprop, adagrad, sgd-hd, adam-hd, dog), with statistics')
    .option('--model <file|id>', 'o1 model file or id (default: the shipped default model)')
    .option('--suite <list>', `suites among ${ALL_SUITES.join(', ')} (default: ${DEFAULT_SUITES.join(',')}, plus custom with --fn-module; ml — real training losses — is opt-in)`)
    .option('--fn <list>', 'restrict every suite to these functions or ML tasks (comma-separated names)')
    .option('--fn-module <path>', 'your own objective (ES module exporting f, grad, domain, optionally fmin, name); repeatable', collect)
    .option('--opt <list>', `baselines (default: ${DEFAULT_BASELINES.join(',')})`)
    .option('--starts <n>', `evaluation starts per function (default ${DEFAULT_STARTS}; ml: runs per task, default ${ML_DEFAULT_RUNS}, each a new dataset and init)`)
    .option('--tune-starts <n>', `tuning starts per function, disjoint from the evaluation starts (default ${DEFAULT_TUNE_STARTS}; ml: tuning runs per task, default ${ML_DEFAULT_TUNE_RUNS})`)
    .option('--steps <n>', `step budget of every run (default ${DEFAULT_STEPS}; ml: ${ML_DEFAULT_STEPS})`)
    .option('--workers <n>', 'worker threads for the ml suite (default: the number of cores)')
    .option('--seed <n>', 'seed of every random choice (starts, bootstrap)', '0')
    .option('--engine <name>', 'wasm or ts', 'wasm')
    .option('--bootstrap <n>', 'bootstrap resamples per confidence interval', String(DEFAULT_BOOTSTRAP))
    .option('--json', 'print every number as JSON (diverged gaps as null)')
    .option('--report <dir>', 'write report.md, result.json and SVG plots into DIR')
    .action(async (f: BenchFlags) => {
      const starts = f.starts === undefined ? undefined : parseInteger('--starts', f.starts, 1);
      const tuneStarts = f.tuneStarts === undefined ? undefined : parseInteger('--tune-starts', f.tuneStarts, 1);
      const steps = f.steps === undefined ? undefined : parseInteger('--steps', f.steps, 1);
      const workers = f.workers === undefined ? availableParallelism() : parseInteger('--workers', f.workers, 1);
      const seed = parseInteger('--seed', f.seed, 0);
      const bootstrap = parseInteger('--bootstrap', f.bootstrap, 10);
      const engineName = parseChoice('--engine', f.engine, ['wasm', 'ts'] as const) as EngineName;
      const modules = f.fnModule ?? [];
      const allSuites = parseSuites(f.suite, modules.length > 0);
      const allFunctions = f.fn === undefined ? undefined : parseList(f.fn);
      if (allFunctions && allFunctions.length === 0) throw new UsageError('--fn: give one or more function names (see `o1 functions`)');
      let suites = allSuites.filter((s): s is SuiteName => s !== ML_SUITE);
      let withMl = allSuites.includes(ML_SUITE);
      const split = splitFunctions(allFunctions, suites.length > 0);
      const functions = split.other;
      // A suite left without any of the --fn names is dropped (as the other suites' are).
      if (withMl && split.ml && split.ml.length === 0) withMl = false;
      if (suites.length && functions && functions.length === 0 && withMl) suites = [];
      const baselines = f.opt === undefined ? undefined : benchBaselines(f.opt);
      const model = resolveModel(f.model);
      const custom: Objective[] = [];
      for (const path of modules) custom.push(await loadObjectiveModule(path));
      const customFns = new Map<string, TestFunction>();
      for (const obj of custom) customFns.set(obj.name, customFunction(obj));
      const progress = io.isTTY && !f.json;
      let last = '';
      const onProgress = progress
        ? (p: { phase: string; done: number; total: number }) => {
            const line = `${p.phase} ${Math.floor((100 * p.done) / p.total)}%`;
            if (line !== last) io.err(`\r${line}   `);
            last = line;
          }
        : undefined;
      let result: BenchResult | undefined;
      if (suites.length) {
        const engine = await getEngine(engineName);
        const customEngine = custom.length ? await getEngine('ts') : undefined;
        result = await runBench({
          model,
          modelRef: f.model ?? 'default',
          suites,
          functions,
          custom,
          baselines,
          starts,
          tuneStarts,
          steps,
          seed,
          engine,
          customEngine,
          bootstrap,
          trajectories: f.report ? 3 : 0,
          onProgress: onProgress as ((p: BenchProgress) => void) | undefined,
        });
        last = '';
      }
      let ml: MlBenchResult | undefined;
      if (withMl) {
        ml = await runMlBench({
          model,
          modelRef: f.model ?? 'default',
          tasks: split.ml,
          baselines,
          runs: starts,
          tuneRuns: tuneStarts,
          steps,
          seed,
          bootstrap,
          workers,
          onProgress: onProgress ? (p) => onProgress({ ...p, phase: `ml ${p.phase}` }) : undefined,
        });
      }
      if (progress) io.err('\r                              \r');
      const json = combinedJson(result, ml);
      if (f.json) {
        io.out(json);
        if (result) io.err(`${timingLine(result)}\n`);
        if (ml) io.err(`${mlTimingLine(ml)}\n`);
      } else {
        if (result) io.out(formatBenchText(result));
        if (ml) io.out(`${result ? '\n' : ''}${formatMlText(ml)}`);
      }
      if (f.report) {
        const dir = resolve(f.report);
        if (result) writeReport(result, dir, json, customFns, ml);
        else writeMlReport(ml!, dir, json);
        const msg = `report written to ${dir}/report.md\n`;
        if (f.json) io.err(msg);
        else io.out(msg);
      }
    });
}
