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
import { DEFAULT_BASELINES, DEFAULT_BOOTSTRAP, DEFAULT_STARTS, DEFAULT_STEPS, DEFAULT_TUNE_STARTS } from '../../bench/runBench.js';
import { DEFAULT_SUITES } from '../../bench/suites.js';
import { ML_DEFAULT_RUNS, ML_DEFAULT_STEPS, ML_DEFAULT_TUNE_RUNS } from '../../bench/ml.js';
import { ALL_SUITES, benchmarkJson, benchmarkText, benchmarkTimingLines, customFunctions, resolveSuites, runBenchmark, writeBenchmarkReport } from '../../bench/benchmark.js';
import { parseOptimizerList, splitOptimizerList } from '../../optimizers/codec.js';

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
      const suites = resolveSuites(f.suite === undefined ? undefined : parseList(f.suite), modules.length > 0);
      const functions = f.fn === undefined ? undefined : parseList(f.fn);
      if (functions && functions.length === 0) throw new UsageError('--fn: give one or more function names (see `o1 functions`)');
      const baselines = f.opt === undefined ? undefined : benchBaselines(f.opt);
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
      const result = await runBenchmark({
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
        bootstrap,
        engine: () => getEngine(engineName),
        customEngine: () => getEngine('ts'),
        workers,
        trajectories: f.report ? 3 : 0,
        onProgress,
      });
      if (progress) io.err('\r                              \r');
      if (f.json) {
        io.out(benchmarkJson(result));
        for (const line of benchmarkTimingLines(result)) io.err(`${line}\n`);
      } else {
        io.out(benchmarkText(result));
      }
      if (f.report) {
        const dir = resolve(f.report);
        writeBenchmarkReport(result, dir, customFns);
        const msg = `report written to ${dir}/report.md\n`;
        if (f.json) io.err(msg);
        else io.out(msg);
      }
    });
}
