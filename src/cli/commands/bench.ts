// `o1 bench`: does o1 beat Adam and SGD with momentum? A fair benchmark (equal lr tuning for
// every baseline on disjoint starts, o1 untuned) with statistics — see docs/BENCHMARK.md.
// `--suite ml` (opt-in) runs the same protocol on the training losses of small real models
// (src/bench/ml.ts), in worker threads.
import { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { CliIO } from '../io.js';
import { UsageError } from '../errors.js';
import { hasEmptyItem, parseChoice, parseInteger, parseIntegerList, parseList } from '../parse.js';
import { MAX_SEED, MAX_BOOTSTRAP, MAX_DIMS, MAX_STARTS, MAX_STEPS, MAX_WORKERS } from '../../util/limits.js';
import { getEngine } from '../../engine/index.js';
import type { EngineName } from '../../engine/types.js';
import { resolveModel } from '../../model/resolve.js';
import { loadObjectiveModule } from '../../run/objectiveModule.js';
import type { Objective } from '../../run/objective.js';
import { resolveBaselines } from '../../bench/protocol.js';
import { InputError } from '../../errors.js';
import { DEFAULT_BASELINES, DEFAULT_BOOTSTRAP, DEFAULT_STARTS, DEFAULT_STEPS, DEFAULT_TUNE_STARTS, LARGE_DIMS, LARGE_STARTS, LARGE_TUNE_STARTS } from '../../bench/runBench.js';
import { DEFAULT_SUITES, ND_DIMS } from '../../bench/suites.js';
import { runPreregistered } from '../../bench/preregisteredSuite.js';
import { SPLITS, preregisteredSplitJson, preregisteredSplitText, runPreregisteredSplit, writePreregisteredSplitReport } from '../../bench/preregisteredSplitSuite.js';
import { runStartScale, startScaleJson, startScaleText, writeStartScaleReport } from '../../bench/startScale.js';
import { runMlHorizons } from '../../bench/mlLong.js';
import { ML_DEFAULT_RUNS, ML_DEFAULT_STEPS, ML_DEFAULT_TUNE_RUNS } from '../../bench/ml.js';
import {
  ALL_SUITES,
  ALONE_SUITES,
  type AloneSuite,
  benchmarkJson,
  benchmarkText,
  benchmarkTimingLines,
  customFunctions,
  horizonsJson,
  horizonsText,
  horizonsTimingLines,
  resolveSuites,
  runBenchmark,
  runHorizons,
  writeBenchmarkReport,
  writeHorizonsReport,
  type BenchmarkOptions,
  type BenchmarkResult,
  type HorizonsResult,
} from '../../bench/benchmark.js';
import { splitOptimizerList } from '../../optimizers/codec.js';
import { checkReportDir } from '../runDir.js';
import { withOptionalPackages } from '../../util/optionalPackage.js';

/** What `--suite nets` needs besides o1 (optional peers). */
export const NETS_PACKAGES = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'] as const;

export interface BenchFlags {
  model?: string;
  suite?: string;
  fn?: string;
  fnModule?: string[];
  opt?: string;
  starts?: string;
  tuneStarts?: string;
  steps?: string;
  ndDims?: string;
  workers?: string;
  seed: string;
  engine: string;
  bootstrap: string;
  json?: boolean;
  report?: string;
}

/** --opt in the codec's form (any case, e.g. Adam,RMSprop): a name is tuned on the lr grid,
 *  name:lr=VALUE runs untuned at that lr (the benchmark checks the items). */
function benchBaselines(text: string): string[] {
  if (hasEmptyItem(text)) throw new UsageError(`--opt: '${text}' has an empty item; give comma-separated baselines (e.g. --opt adam,momentum)`);
  try {
    return resolveBaselines(splitOptimizerList(text));
  } catch (e) {
    // The benchmark speaks of baselines; here they came from --opt.
    if (e instanceof InputError) throw new InputError(`--opt: ${e.message}`);
    throw e;
  }
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function benchCommand(io: CliIO): Command {
  return new Command('bench')
    .description('benchmark o1 against tuned and untuned baselines (see --opt), with statistics')
    .option('--model <file|id>', 'o1 model file or id (default: the shipped default model)')
    .option('--suite <list>', `suites among ${ALL_SUITES.join(', ')} (default: ${DEFAULT_SUITES.join(',')}, plus custom with --fn-module; ml — real training losses — is opt-in)`)
    .option('--fn <list>', 'restrict every suite to these functions or ML tasks (comma-separated names)')
    .option('--fn-module <path>', 'your own objective (ES module exporting f, grad, domain, optionally fmin, name); repeatable', collect)
    .option('--opt <list>', `baselines: a name is tuned on the lr grid, name:lr=VALUE runs untuned at that lr (default: ${DEFAULT_BASELINES.join(',')})`)
    .option('--starts <n>', `evaluation starts per function (default ${DEFAULT_STARTS}; ml: runs per task, default ${ML_DEFAULT_RUNS}, each a new dataset and init; nets: seeds per task, default 5)`)
    .option('--tune-starts <n>', `tuning starts per function, disjoint from the evaluation starts (default ${DEFAULT_TUNE_STARTS}; ml: tuning runs per task, default ${ML_DEFAULT_TUNE_RUNS}; nets: tuning seeds per task, default 1)`)
    .option('--steps <list>', `step budget of every run (default ${DEFAULT_STEPS}; ml: ${ML_DEFAULT_STEPS}; nets: 1000, one budget); a list (e.g. 50,200,1000) runs the whole benchmark once per horizon, the baselines re-tuned for each`)
    .option('--nd-dims <list>', `dimensions of the nd suite (default ${ND_DIMS.join(',')}; from ${LARGE_DIMS}-D on at most ${LARGE_STARTS} evaluation and ${LARGE_TUNE_STARTS} tuning starts per function)`)
    .option('--workers <n>', 'worker threads for the ml and nets suites (default: the number of cores)')
    .option('--seed <n>', 'seed of every random choice (starts, bootstrap)', '0')
    .option('--engine <name>', 'wasm or ts', 'wasm')
    .option('--bootstrap <n>', 'bootstrap resamples per confidence interval', String(DEFAULT_BOOTSTRAP))
    .option('--json', 'print every number as JSON (diverged gaps as null)')
    .option('--report <dir>', 'write report.md, result.json and SVG plots into DIR')
    .action(async (f: BenchFlags) => {
      const starts = f.starts === undefined ? undefined : parseInteger('--starts', f.starts, 1, MAX_STARTS);
      const tuneStarts = f.tuneStarts === undefined ? undefined : parseInteger('--tune-starts', f.tuneStarts, 1, MAX_STARTS);
      const stepList = f.steps === undefined ? undefined : parseIntegerList('--steps', f.steps, 1, MAX_STEPS);
      if (stepList && stepList.length === 0) throw new UsageError('--steps: give a step budget or a list (e.g. --steps 50,200,1000)');
      const ndDims = f.ndDims === undefined ? undefined : parseIntegerList('--nd-dims', f.ndDims, 1, MAX_DIMS);
      if (ndDims && ndDims.length === 0) throw new UsageError('--nd-dims: give one or more dimensions (e.g. --nd-dims 10,100,1000)');
      const workers = f.workers === undefined ? availableParallelism() : parseInteger('--workers', f.workers, 1, MAX_WORKERS);
      const seed = parseInteger('--seed', f.seed, 0, MAX_SEED);
      const bootstrap = parseInteger('--bootstrap', f.bootstrap, 10, MAX_BOOTSTRAP);
      const engineName = parseChoice('--engine', f.engine, ['wasm', 'ts'] as const) as EngineName;
      const modules = f.fnModule ?? [];
      const suites = resolveSuites(f.suite === undefined ? undefined : parseList(f.suite, '--suite'), modules.length > 0);
      const functions = f.fn === undefined ? undefined : parseList(f.fn, '--fn');
      if (functions && functions.length === 0) throw new UsageError('--fn: give one or more function names (see `o1 functions`)');
      const baselines = f.opt === undefined ? undefined : benchBaselines(f.opt);
      if (f.report !== undefined) checkReportDir('--report', f.report); // before the benchmark, not after it
      const model = resolveModel(f.model);
      const custom: Objective[] = [];
      for (const path of modules) custom.push(await loadObjectiveModule(path));
      const customFns = customFunctions(custom);
      const progress = io.isTTY && !f.json;
      let last = '';
      const onProgress = progress
        ? (p: { phase: string; done: number; total: number }) => {
            const line = `${p.phase} ${Math.floor((100 * p.done) / p.total)}%`;
            if (line !== last) io.err(`\r${line}   `);
            last = line;
          }
        : undefined;
      const options: BenchmarkOptions = {
        model,
        modelRef: f.model ?? 'default',
        suites,
        functions,
        custom,
        baselines,
        starts,
        tuneStarts,
        steps: stepList?.[0],
        seed,
        bootstrap,
        engine: () => getEngine(engineName),
        customEngine: () => getEngine('ts'),
        workers,
        ndDims,
        trajectories: f.report ? 3 : 0,
        onProgress,
      };
      // One budget: the benchmark as always; a list: one whole benchmark per horizon.
      // Suites with their own runner run alone: the pre-registered split (its manifest's seeds,
      // counts and budgets), start-scale (its own table), ml-long / ml-minibatch (horizons).
      const alone = suites.find((x): x is AloneSuite => (ALONE_SUITES as readonly string[]).includes(x));
      if (alone && suites.length > 1) throw new UsageError(`--suite ${alone} runs alone (its own runner and budgets): drop the other suites`);
      if (alone === 'start-scale') {
        if (stepList && stepList.length > 1) throw new UsageError('--steps: the start-scale suite runs one budget (default 200 for functions, 300 for ML tasks)');
        const r = await runStartScale(options);
        if (progress) io.err('\r                              \r');
        io.out(f.json ? startScaleJson(r) : startScaleText(r));
        if (f.report) {
          const dir = resolve(f.report);
          writeStartScaleReport(r, dir);
          (f.json ? io.err : io.out)(`report written to ${dir}/report.md\n`);
        }
        return;
      }
      if (alone === 'preregistered-2' || alone === 'preregistered-3') {
        const spec = SPLITS[alone];
        const r = await runPreregisteredSplit(spec, options);
        if (progress) io.err('\r                              \r');
        io.out(f.json ? preregisteredSplitJson(r) : preregisteredSplitText(spec, r));
        if (f.json) for (const line of horizonsTimingLines(r)) io.err(`${line}\n`);
        if (f.report) {
          const dir = resolve(f.report);
          writePreregisteredSplitReport(r, dir, customFns);
          (f.json ? io.err : io.out)(`report written to ${dir}/report.md\n`);
        }
        return;
      }
      if (alone === 'nets') {
        if (stepList && stepList.length > 1) throw new UsageError('--steps: the nets suite runs one budget per call (default 1000)');
        const nets = await withOptionalPackages('o1 bench --suite nets', NETS_PACKAGES, () => import('../../bench/nets.js'));
        const r = await nets.runNets({ ...options, steps: stepList?.[0], tasks: functions, runs: starts, tuneRuns: tuneStarts });
        if (progress) io.err('\r                              \r');
        io.out(f.json ? nets.netsJson(r) : nets.netsText(r));
        if (f.json) io.err(`nets: ${r.timing!.wallSeconds.toFixed(0)} s on ${r.timing!.workers} worker(s)\n`);
        if (f.report) {
          const dir = resolve(f.report);
          nets.writeNetsReport(r, dir);
          (f.json ? io.err : io.out)(`report written to ${dir}/report.md\n`);
        }
        return;
      }
      const single = !alone && (!stepList || stepList.length === 1);
      const result =
        alone === 'preregistered'
          ? await runPreregistered(options)
          : alone === 'ml-long' || alone === 'ml-minibatch'
            ? await runMlHorizons({ ...options, steps: undefined }, alone, stepList)
            : single
              ? await runBenchmark(options)
              : await runHorizons(options, stepList!);
      const many = result as HorizonsResult;
      const one = result as BenchmarkResult;
      if (progress) io.err('\r                              \r');
      if (f.json) {
        io.out(single ? benchmarkJson(one) : horizonsJson(many));
        for (const line of single ? benchmarkTimingLines(one) : horizonsTimingLines(many)) io.err(`${line}\n`);
      } else {
        io.out(single ? benchmarkText(one) : horizonsText(many));
      }
      if (f.report) {
        const dir = resolve(f.report);
        if (single) writeBenchmarkReport(one, dir, customFns);
        else writeHorizonsReport(many, dir, customFns);
        const msg = `report written to ${dir}/report.md\n`;
        if (f.json) io.err(msg);
        else io.out(msg);
      }
    });
}
