// `o1 bench`: does o1 beat Adam and SGD with momentum? A fair benchmark (equal lr tuning for
// every baseline on disjoint starts, o1 untuned) with statistics — see docs/BENCHMARK.md.
import { Command } from 'commander';
import { resolve } from 'node:path';
import type { CliIO } from '../io.js';
import { UsageError } from '../errors.js';
import { parseChoice, parseInteger, parseList } from '../parse.js';
import { getEngine } from '../../engine/index.js';
import type { EngineName } from '../../engine/types.js';
import { resolveModel } from '../../model/resolve.js';
import { loadObjectiveModule } from '../../run/objectiveModule.js';
import type { Objective } from '../../run/objective.js';
import { DEFAULT_BASELINES, DEFAULT_BOOTSTRAP, DEFAULT_STARTS, DEFAULT_STEPS, DEFAULT_TUNE_STARTS, benchJson, runBench, type BenchProgress } from '../../bench/runBench.js';
import { DEFAULT_SUITES, SUITE_NAMES, customFunction, type SuiteName } from '../../bench/suites.js';
import { formatBenchText, timingLine, writeReport } from '../../bench/report.js';
import type { TestFunction } from '../../functions/types.js';

export interface BenchFlags {
  model?: string;
  suite?: string;
  fn?: string;
  fnModule?: string[];
  opt?: string;
  starts: string;
  tuneStarts: string;
  steps: string;
  seed: string;
  engine: string;
  bootstrap: string;
  json?: boolean;
  report?: string;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function parseSuites(text: string | undefined, hasModule: boolean): SuiteName[] {
  if (text === undefined) return hasModule ? [...DEFAULT_SUITES, 'custom'] : [...DEFAULT_SUITES];
  const names = parseList(text);
  if (names.length === 0) throw new UsageError(`--suite: give one or more of ${SUITE_NAMES.join(', ')}`);
  const out: SuiteName[] = [];
  for (const n of names) {
    const s = parseChoice('--suite', n, SUITE_NAMES);
    if (!out.includes(s)) out.push(s);
  }
  if (out.includes('custom') && !hasModule) throw new UsageError('--suite custom needs --fn-module PATH (your own objective)');
  if (hasModule && !out.includes('custom')) throw new UsageError('--fn-module is benchmarked in the custom suite: add custom to --suite');
  return out;
}

export function benchCommand(io: CliIO): Command {
  return new Command('bench')
    .description('benchmark o1 against tuned baselines (sgd, momentum, nesterov, adam, rmsprop, adagrad, sgd-hd, adam-hd, dog), with statistics')
    .option('--model <file|id>', 'o1 model file or id (default: the shipped default model)')
    .option('--suite <list>', `suites among ${SUITE_NAMES.join(', ')} (default: ${DEFAULT_SUITES.join(',')}, plus custom with --fn-module)`)
    .option('--fn <list>', 'restrict every suite to these functions (comma-separated names)')
    .option('--fn-module <path>', 'your own objective (ES module exporting f, grad, domain, optionally fmin, name); repeatable', collect)
    .option('--opt <list>', `baselines (default: ${DEFAULT_BASELINES.join(',')})`)
    .option('--starts <n>', 'evaluation starts per function', String(DEFAULT_STARTS))
    .option('--tune-starts <n>', 'tuning starts per function (disjoint from the evaluation starts)', String(DEFAULT_TUNE_STARTS))
    .option('--steps <n>', 'step budget of every run', String(DEFAULT_STEPS))
    .option('--seed <n>', 'seed of every random choice (starts, bootstrap)', '0')
    .option('--engine <name>', 'wasm or ts', 'wasm')
    .option('--bootstrap <n>', 'bootstrap resamples per confidence interval', String(DEFAULT_BOOTSTRAP))
    .option('--json', 'print every number as JSON (diverged gaps as null)')
    .option('--report <dir>', 'write report.md, result.json and SVG plots into DIR')
    .action(async (f: BenchFlags) => {
      const starts = parseInteger('--starts', f.starts, 1);
      const tuneStarts = parseInteger('--tune-starts', f.tuneStarts, 1);
      const steps = parseInteger('--steps', f.steps, 1);
      const seed = parseInteger('--seed', f.seed, 0);
      const bootstrap = parseInteger('--bootstrap', f.bootstrap, 10);
      const engineName = parseChoice('--engine', f.engine, ['wasm', 'ts'] as const) as EngineName;
      const modules = f.fnModule ?? [];
      const suites = parseSuites(f.suite, modules.length > 0);
      const functions = f.fn === undefined ? undefined : parseList(f.fn);
      if (functions && functions.length === 0) throw new UsageError('--fn: give one or more function names (see `o1 functions`)');
      const baselines = f.opt === undefined ? undefined : parseList(f.opt);
      const model = resolveModel(f.model);
      const custom: Objective[] = [];
      for (const path of modules) custom.push(await loadObjectiveModule(path));
      const customFns = new Map<string, TestFunction>();
      for (const obj of custom) customFns.set(obj.name, customFunction(obj));
      const engine = await getEngine(engineName);
      const customEngine = custom.length ? await getEngine('ts') : undefined;
      const progress = io.isTTY && !f.json;
      let last = '';
      const onProgress = progress
        ? (p: BenchProgress) => {
            const line = `${p.phase} ${Math.floor((100 * p.done) / p.total)}%`;
            if (line !== last) io.err(`\r${line}   `);
            last = line;
          }
        : undefined;
      const result = await runBench({
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
        onProgress,
      });
      if (progress) io.err('\r                              \r');
      const json = benchJson(result);
      if (f.json) {
        io.out(json);
        io.err(`${timingLine(result)}\n`);
      } else io.out(formatBenchText(result));
      if (f.report) {
        const dir = resolve(f.report);
        writeReport(result, dir, json, customFns);
        const msg = `report written to ${dir}/report.md\n`;
        if (f.json) io.err(msg);
        else io.out(msg);
      }
    });
}
