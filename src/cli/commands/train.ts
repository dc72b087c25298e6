// `o1 train`: evolve an o1 network (the notebook's generational training), on all cores,
// reproducibly (same --seed → same model for any --workers) and resumably (--resume).
import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { FileReadProblem, readRegularFile } from '../../util/boundedRead.js';
import { jsonDepthProblem } from '../../util/jsonDepth.js';
import { dirname, join } from 'node:path';
import { availableParallelism } from 'node:os';
import cliProgress from 'cli-progress';
import type { CliIO } from '../io.js';
import { Interrupted, UsageError } from '../errors.js';
import { parseInteger, parseIntegerList, parseList, parseNumber, parseVector } from '../parse.js';
import { MAX_SEED, MIN_SEED, MAX_DIMS, MAX_GENERATIONS, MAX_HIDDEN, MAX_POPULATION, MAX_STARTS, MAX_STEPS, MAX_WORKERS } from '../../util/limits.js';
import { DEFAULT_TRAIN_CONFIG, makeTrainConfig, type TrainConfig } from '../../train/config.js';
import { PRESETS, presetNames } from '../../train/presets.js';
import { STRATEGIES, getStrategy } from '../../train/strategies/index.js';
import type { StrategySwitch } from '../../train/strategies/types.js';
import { type Checkpoint, initialCheckpoint, o1ConfigFor, train, trainProblemLabels } from '../../train/train.js';
import { resolveModel } from '../../model/resolve.js';
import { featurePrefixOf } from '../../o1/features.js';
import { widenInputs } from '../../o1/widenInputs.js';
import { loadCheckpoint, moduleHashes, saveCheckpoint } from '../../train/checkpoint.js';
import { type Evaluator, threadEvaluator } from '../../train/pool.js';
import { QUEUE_PACKAGES, queueTarget } from '../../queue/target.js';
import { withOptionalPackages } from '../../util/optionalPackage.js';
import type { QueueStats } from '../../queue/coordinator.js';
import { isModulePath, loadTrainModules } from '../../train/userFunctions.js';
import { curveBaselines } from '../../train/baselines.js';
import { CURVE_LEGEND, curveCsv, curveSvg } from '../../train/curve.js';
import { trainedModel } from '../../train/provenance.js';
import { getEngine } from '../../engine/index.js';
import { saveModel } from '../../model/io.js';
import { registryDir } from '../../model/resolve.js';
import { saveRegistryModel } from '../../model/registry.js';
import { writeFileAtomic } from '../../util/atomicWrite.js';
import { fmt } from '../../util/table.js';
import { checkOutDir, checkOutputDir, checkRegistryTarget, freeRunDir } from '../runDir.js';

interface TrainFlags {
  config?: string;
  preset?: string;
  rotate?: boolean;
  scaleX?: string;
  shift?: string;
  scaleF?: string;
  logObjective?: boolean;
  ndDims?: string;
  ndStarts?: string;
  horizons?: string;
  mlTasks?: string;
  mlStarts?: string;
  initStep?: string;
  stepUnit?: string;
  startScales?: string;
  horizonStages?: string;
  mlBatchSizes?: string;
  stepBounds?: string;
  mlWidths?: string;
  mlDepth?: string;
  convTasks?: string;
  initModel?: string;
  select?: string;
  generations?: string;
  population?: string;
  sigma?: string;
  strategy?: string;
  starts?: string;
  steps?: string;
  functions?: string;
  dims?: string;
  hidden?: string;
  features?: string;
  lrMode?: string;
  fitness?: string;
  aggregate?: string;
  selection?: string;
  crn?: boolean;
  elitism?: boolean;
  mirrored?: boolean;
  adaptSigma?: boolean;
  seed?: string;
  checkpointEvery?: string;
  engine?: string;
  workers?: string;
  name?: string;
  out?: string;
  resume?: string;
  queue?: string | boolean;
  redisPasswordFile?: string;
  json?: boolean;
  quiet?: boolean;
}

// A settings file is a few hundred bytes; this stops a wrong path from being read whole.
const MAX_CONFIG_BYTES = 1024 * 1024;

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readRegularFile(path, MAX_CONFIG_BYTES).toString('utf8');
  } catch (e) {
    throw new UsageError(`--config '${path}': cannot read it: ${e instanceof FileReadProblem ? e.reason : String(e)}`);
  }
  const deep = jsonDepthProblem(text);
  if (deep) throw new UsageError(`--config '${path}': ${deep}`);
  try {
    const v = JSON.parse(text);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
    return v;
  } catch (e) {
    throw new UsageError(`--config '${path}': not a JSON object of settings (${e instanceof Error ? e.message : e}); see \`o1 train --help\` for the keys`);
  }
}

/** A strategy switch given on the command line that the run's strategy does not read would be
 *  ignored silently (cmaes has no elitism): refuse it instead, naming the strategies that read it. */
function refuseIgnoredSwitches(f: TrainFlags, strategyName: string): void {
  const given: [StrategySwitch, string][] = [];
  if (f.selection !== undefined) given.push(['selection', `--selection ${f.selection}`]);
  if (f.elitism === false) given.push(['elitism', '--no-elitism']);
  if (f.adaptSigma === false) given.push(['adaptSigma', '--no-adapt-sigma']);
  if (f.mirrored === false) given.push(['mirrored', '--no-mirrored']);
  const strategy = getStrategy(strategyName);
  if (!strategy) return; // an unknown strategy is reported by the config check
  for (const [key, flag] of given) {
    if (strategy.reads.includes(key)) continue;
    const readers = STRATEGIES.filter((s) => s.reads.includes(key)).map((s) => s.name);
    throw new UsageError(`${flag}: the ${strategyName} strategy does not use it (only ${readers.join(', ')}); drop the flag or add --strategy ${readers[0]}`);
  }
}

/** Flags given on the command line, as config keys (commander leaves absent ones undefined). */
function flagSettings(f: TrainFlags): Record<string, unknown> {
  const int = (flag: string, v?: string, max?: number) => (v === undefined ? undefined : parseInteger(flag, v, 0, max));
  return {
    generations: int('--generations', f.generations, MAX_GENERATIONS),
    population: int('--population', f.population, MAX_POPULATION),
    sigma: f.sigma === undefined ? undefined : parseNumber('--sigma', f.sigma),
    strategy: f.strategy,
    starts: int('--starts', f.starts, MAX_STARTS),
    steps: int('--steps', f.steps, MAX_STEPS),
    functions: f.functions === undefined ? undefined : parseList(f.functions, '--functions'),
    dims: int('--dims', f.dims, MAX_DIMS),
    hidden: int('--hidden', f.hidden, MAX_HIDDEN),
    features: f.features,
    lrMode: f.lrMode,
    fitness: f.fitness,
    aggregate: f.aggregate,
    selection: f.selection,
    crn: f.crn === false ? false : undefined,
    elitism: f.elitism === false ? false : undefined,
    mirrored: f.mirrored === false ? false : undefined,
    adaptSigma: f.adaptSigma === false ? false : undefined,
    seed: f.seed === undefined ? undefined : parseInteger('--seed', f.seed, MIN_SEED, MAX_SEED),
    checkpointEvery: int('--checkpoint-every', f.checkpointEvery),
    engine: f.engine,
    ndDims: f.ndDims === undefined ? undefined : parseIntegerList('--nd-dims', f.ndDims, 1, MAX_DIMS),
    ndStarts: f.ndStarts === undefined ? undefined : parseInteger('--nd-starts', f.ndStarts, 0, MAX_STARTS),
    horizons: f.horizons === undefined ? undefined : parseIntegerList('--horizons', f.horizons, 1, MAX_STEPS),
    select: f.select,
    initStep: f.initStep === undefined ? undefined : parseNumber('--init-step', f.initStep),
    stepUnit: f.stepUnit,
    mlTasks: f.mlTasks === undefined ? undefined : parseInteger('--ml-tasks', f.mlTasks, 0),
    mlStarts: f.mlStarts === undefined ? undefined : parseInteger('--ml-starts', f.mlStarts, 1, MAX_STARTS),
    startScales: f.startScales === undefined ? undefined : parseVector('--start-scales', f.startScales),
    horizonStages: f.horizonStages === undefined ? undefined : parseIntegerList('--horizon-stages', f.horizonStages, 1, 10_000),
    mlBatchSizes: f.mlBatchSizes === undefined ? undefined : parseIntegerList('--ml-batch-sizes', f.mlBatchSizes, 1, 10_000),
    stepBounds: f.stepBounds === undefined ? undefined : parseVector('--step-bounds', f.stepBounds),
    mlWidths: f.mlWidths === undefined ? undefined : parseIntegerList('--ml-widths', f.mlWidths, 1, 128),
    mlDepth: f.mlDepth === undefined ? undefined : parseInteger('--ml-depth', f.mlDepth, 0, 6),
    convTasks: f.convTasks === undefined ? undefined : parseInteger('--conv-tasks', f.convTasks, 0, 10_000),
    initModel: f.initModel,
  };
}

/** The problem-generator flags, merged over the transform settings already chosen. */
function transformFlags(f: TrainFlags, base: TrainConfig['transform']): TrainConfig['transform'] | undefined {
  const given = f.rotate || f.logObjective || f.scaleX !== undefined || f.shift !== undefined || f.scaleF !== undefined;
  if (!given) return undefined;
  return {
    ...base,
    ...(f.rotate ? { rotate: true } : {}),
    ...(f.logObjective ? { logObjective: true } : {}),
    ...(f.scaleX !== undefined ? { scaleX: parseNumber('--scale-x', f.scaleX) } : {}),
    ...(f.shift !== undefined ? { shift: parseNumber('--shift', f.shift) } : {}),
    ...(f.scaleF !== undefined ? { scaleF: parseNumber('--scale-f', f.scaleF) } : {}),
  };
}

/** The command that reproduces this run, for the model's provenance (--resume shows the
 *  checkpoint; the full settings are in provenance.trainConfig either way). */
function commandLine(f: TrainFlags): string {
  const skip = new Set(['out', 'json', 'quiet', 'workers', 'queue', 'redisPasswordFile']);
  const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const parts = Object.entries(f)
    .filter(([k, v]) => v !== undefined && !skip.has(k) && !(v === true && ['crn', 'elitism', 'mirrored', 'adaptSigma'].includes(k)))
    .map(([k, v]) => (v === true ? `--${kebab(k)}` : v === false ? `--no-${kebab(k)}` : `--${kebab(k)} ${v}`));
  return ['o1 train', ...parts].join(' ');
}

/** Settings flags a resume would ignore (it keeps the checkpoint's settings): refused, not dropped. */
function settingsGivenOnResume(f: TrainFlags): string[] {
  const kept = new Set(['resume', 'generations', 'functions', 'name', 'out', 'json', 'quiet', 'workers', 'queue', 'redisPasswordFile']);
  const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return Object.entries(f)
    .filter(([k, v]) => v !== undefined && !kept.has(k) && !(v === true && ['crn', 'elitism', 'mirrored', 'adaptSigma'].includes(k)))
    .map(([k, v]) => (v === false ? `--no-${kebab(k)}` : `--${kebab(k)}`));
}

/** The weights of the run's initModel (undefined without one): the model must have the run's
 *  rule, features and network shape (its lr bounds may differ: the run's own apply). */
function initModelWeights(cfg: TrainConfig): Float64Array | undefined {
  if (!cfg.initModel) return undefined;
  let model;
  try {
    model = resolveModel(cfg.initModel);
  } catch (e) {
    throw new UsageError(`initModel '${cfg.initModel}': ${e instanceof Error ? e.message : String(e)}`);
  }
  const want = o1ConfigFor(cfg);
  const have = model.config;
  // A model whose feature set is a prefix of the run's (v3 for v3-progress) starts the run with
  // zero weights on the new inputs: generation 0 is that model's behaviour, bit for bit.
  const widens = have.features !== want.features && featurePrefixOf(have.features, want.features);
  const sameHidden = have.layers.slice(1).join(',') === want.layers.slice(1).join(',') && (widens || have.layers[0] === want.layers[0]);
  if ((have.features !== want.features && !widens) || have.lrMode !== want.lrMode || !sameHidden || have.activations.join(',') !== want.activations.join(','))
    throw new UsageError(
      `initModel '${cfg.initModel}' is features ${have.features}, lrMode ${have.lrMode}, layers [${have.layers.join(', ')}]; this run trains features ${want.features}, lrMode ${want.lrMode}, layers [${want.layers.join(', ')}] (match --features, --lr-mode, --hidden; a model of features v3 may start a run of a set that extends it, e.g. v3-progress)`,
    );
  return widens ? widenInputs(model.weights, have.layers, want.layers[0]) : model.weights;
}

export function trainCommand(io: CliIO): Command {
  const d = DEFAULT_TRAIN_CONFIG;
  return new Command('train')
    .description('evolve an o1 network on test functions (checkpointed; --resume continues bit for bit)')
    .option('--config <file.json>', 'settings as JSON (flags override it)')
    .option('--preset <name>', `start from named settings: ${presetNames().join(', ')} (see docs/TRAINING.md)`)
    .option('--generations <G>', `generations (default ${d.generations})`)
    .option('--population <P>', `candidates per generation (default ${d.population})`)
    .option('--sigma <s>', `initial mutation scale (default ${d.sigma})`)
    .option('--strategy <name>', `notebook | openai-es | cmaes (default ${d.strategy})`)
    .option('--starts <S>', `start points per function per generation (default ${d.starts})`)
    .option('--steps <T>', `steps per run (default ${d.steps})`)
    .option('--functions <a,b,c>', `training functions (default ${d.functions.join(',')})`)
    .option('--dims <n>', `dimension of the training functions (default ${d.dims})`)
    .option('--nd-dims <d,d>', 'also train the n-D functions at these dimensions')
    .option('--nd-starts <S>', 'start points per n-D task (default: --starts)')
    .option('--select <which>', "the final model: last (the strategy's answer) | validation (the generation with the best validation score)")
    .option('--init-step <s>', 'normalized rule: the first step length (Adam lr before adaptation; default 0.01)')
    .option('--step-unit <unit>', 'normalized rule: start (initStep·rms(x₀)) | distance (grows with the distance moved from x₀; docs/O1.md)')
    .option('--ml-tasks <K>', 'generated ML training tasks per generation (logistic regression, MLPs; docs/TRAINING.md)')
    .option('--ml-starts <S>', 'initialisations per generated ML task (default 2)')
    .option('--horizons <t,t>', 'with --fitness horizons: score every run at these steps')
    .option('--start-scales <lo,hi>', 'also run every task from its starts scaled by 10^U(lo, hi), e.g. -6,3 (docs/TRAINING.md)')
    .option('--horizon-stages <t,t>', 'horizon curriculum: the longest horizon of each stage (generations split evenly; --steps = the last)')
    .option('--step-bounds <lo,hi>', 'normalized rule: bounds of the per-step log-multiplier of the step lengths (default -1,0.5)')
    .option('--init-model <id|file>', 'start the search from this model\'s weights (fine-tuning; same rule, features and shape, or features v3 for a set that extends it: zero weights on the new inputs)')
    .option('--ml-widths <w,w>', 'hidden widths of the generated ML tasks (default 4,8,12)')
    .option('--ml-depth <D>', 'most hidden layers of the generated ML tasks (default 2)')
    .option('--ml-batch-sizes <b,b>', 'also run every generated ML task with mini-batches of one of these sizes (gradient noise)')
    .option('--conv-tasks <K>', 'generated 1-D conv tasks per generation (signals under a conv layer; default 0; docs/TRAINING.md)')
    .option('--rotate', 'problem generator: random rotation of each training problem')
    .option('--scale-x <s>', 'problem generator: per-axis input scales in [1/s, s]')
    .option('--shift <f>', 'problem generator: shift the minimiser by up to f × the half-width')
    .option('--scale-f <s>', 'problem generator: objective scale in [1/s, s]')
    .option('--log-objective', 'problem generator: minimise log(1 + f − f*)')
    .option('--hidden <H>', `hidden units (default ${d.hidden})`)
    .option('--features <set>', `v1 | v2 | v3 | v3-progress | v3-progress-noise (the v3 sets go with --lr-mode normalized; the last two are experimental, docs/O1.md; default ${d.features})`)
    .option('--lr-mode <mode>', `absolute | multiplicative | normalized o1 lr rule (default ${d.lrMode})`)
    .option('--fitness <kind>', `final | anytime | horizons (default ${d.fitness})`)
    .option('--aggregate <how>', `mean | rank | zscore over tasks (default ${d.aggregate})`)
    .option('--selection <how>', `best | ranks (notebook strategy; default ${d.selection})`)
    .option('--no-crn', 'no common random numbers: each candidate gets its own starts')
    .option('--no-elitism', 'do not re-score and keep the parent (notebook strategy)')
    .option('--no-mirrored', 'no mirrored sampling')
    .option('--no-adapt-sigma', 'no 1/5th-rule σ adaptation')
    .option('--seed <N>', `seed of every random choice (default ${d.seed})`)
    .option('--checkpoint-every <K>', `checkpoint every K generations (default ${d.checkpointEvery})`)
    .option('--engine <name>', `wasm | ts (default ${d.engine})`)
    .option('--workers <N>', 'worker threads (default: the number of cores)')
    .option('--name <id>', 'save the model as <id>.json/.txt in ./models (or $O1_MODELS_DIR); never over an existing one')
    .option('--out <dir>', 'directory for curve, plot, checkpoint and model (default runs/<name>, or runs/<name>-2, -3, … when that holds an earlier run; an explicit DIR holding one is refused)')
    .option('--resume <checkpoint.json>', "continue an interrupted run in its directory, under its name (its settings come from the checkpoint; --generations may extend it; a run on function modules needs them named again with --functions, matched by content)")
    .option('--queue [url]', `evaluate on o1 worker processes through a Redis job queue (redis://HOST:PORT[/DB], rediss:// for TLS; no URL: $O1_REDIS_URL); see docs/DISTRIBUTED.md`)
    .option('--redis-password-file <file>', 'the Redis password, read from this file (keeps it off the command line)')
    .option('--json', 'one JSON object per generation on stdout (numbered as the text output: 1 … G), then one record naming the model file and its validation')
    .option('--quiet', 'no progress output')
    .action(async (f: TrainFlags) => {
      const workers = f.workers === undefined ? availableParallelism() : parseInteger('--workers', f.workers, 1, MAX_WORKERS);
      if (f.queue !== undefined) queueTarget(f.queue, f.redisPasswordFile); // a bad URL fails before any work
      if (f.name !== undefined && !/^[\w.-]+$/.test(f.name)) throw new UsageError(`--name '${f.name}': use letters, digits, '.', '-' and '_' only`);
      let start: Checkpoint;
      if (f.resume) {
        const ignored = settingsGivenOnResume(f);
        if (ignored.length) throw new UsageError(`${ignored.join(', ')}: a resumed run keeps the settings in its checkpoint (only --generations may extend it; --functions names its modules again)`);
        // Data, never code: the modules come from --functions, matched to the checkpoint's by content.
        start = loadCheckpoint(f.resume, f.functions === undefined ? undefined : parseList(f.functions, '--functions'));
        if (f.generations !== undefined) start.config = makeTrainConfig({ generations: parseInteger('--generations', f.generations, 1, MAX_GENERATIONS) }, '--generations', start.config);
      } else {
        let base = DEFAULT_TRAIN_CONFIG as TrainConfig;
        if (f.preset !== undefined) {
          const preset = PRESETS[f.preset];
          if (!preset) throw new UsageError(`--preset '${f.preset}': unknown (presets: ${presetNames().join(', ')})`);
          base = makeTrainConfig(preset.settings as Record<string, unknown>, `preset ${f.preset}`);
        }
        const fromFile = f.config ? readConfigFile(f.config) : {};
        const merged = makeTrainConfig(fromFile, f.config ? `--config '${f.config}'` : 'settings', base);
        const flags = flagSettings(f);
        const cfg: TrainConfig = makeTrainConfig({ ...flags, transform: transformFlags(f, merged.transform) }, 'flags', merged);
        refuseIgnoredSwitches(f, cfg.strategy);
        start = { ...initialCheckpoint(cfg, initModelWeights(cfg)), command: commandLine(f), ...(cfg.functions.some(isModulePath) ? { modules: moduleHashes(cfg.functions) } : {}) };
      }
      const cfg = start.config;
      // A resumed run keeps the name, model destination and directory it started with.
      const resumedDir = f.resume === undefined ? undefined : dirname(f.resume);
      if (start.run && f.name !== undefined && f.name !== start.run.name) {
        throw new UsageError(`--name ${f.name}: the run being resumed is '${start.run.name}' (--resume keeps its name)`);
      }
      const name = f.name ?? start.run?.name ?? `train-seed${cfg.seed}`;
      const toRegistry = f.name !== undefined || start.run?.registry === true;
      if (toRegistry) checkRegistryTarget(registryDir(), name);
      let out: string;
      if (f.out !== undefined) {
        checkOutDir(f.out, resumedDir);
        out = f.out;
      } else {
        out = resumedDir ?? freeRunDir(join('runs', name));
        checkOutputDir('the run directory', out);
      }
      start = { ...start, run: { name, registry: toRegistry } };
      const checkpointFile = f.resume ?? join(out, 'checkpoint.json');

      await loadTrainModules(cfg.functions);
      const mainEngine = await getEngine(cfg.engine);
      const queue = f.queue !== undefined ? queueTarget(f.queue, f.redisPasswordFile) : undefined;
      const evaluator: Evaluator & { stats?: () => QueueStats } = queue
        ? await (async () => {
            // BullMQ and ioredis load only for a queued run.
            const [{ queueEvaluator }, { moduleRefs, runKey }] = await Promise.all([
              withOptionalPackages('o1 train --queue', QUEUE_PACKAGES, () => import('../../queue/coordinator.js')),
              import('../../queue/run.js'),
            ]);
            return queueEvaluator(queue, { run: runKey(cfg), engine: cfg.engine, modules: moduleRefs(cfg.functions) });
          })()
        : await threadEvaluator(cfg.engine, workers);
      const baselines = curveBaselines(mainEngine, cfg, initModelWeights(cfg));
      const queueLine = () => {
        const q = evaluator.stats?.();
        return q ? ` | workers ${q.workers} (${q.threads} threads), jobs in flight ${q.inFlight}, retries ${q.retries}` : '';
      };

      let stop = false;
      const onSignal = () => {
        stop = true;
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);

      const showBar = io.isTTY && !f.json && !f.quiet;
      const bar = showBar
        ? new cliProgress.SingleBar(
            { format: 'gen {value}/{total} |{bar}| best {best} median {median} val {val} | {rate} run-steps/s | ETA {eta_formatted}{queue}', hideCursor: true },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
      bar?.start(cfg.generations, start.generation, { best: '-', median: '-', val: '-', rate: '-', queue: '' });
      if (!showBar && !f.json && !f.quiet) {
        io.out(`training ${name} in ${out}: ${cfg.strategy}, ${cfg.generations} generations × ${cfg.population} candidates, functions ${cfg.functions.join(',')}, ${cfg.engine} engine, ${queue ? `queue ${queue.label}` : `${workers} worker(s)`}\n`);
        io.out(`reference (validation): ${cfg.initModel ? `start net (${cfg.initModel})` : 'random start net'} ${fmt(baselines.initial)}, momentum lr=${baselines.momentum.lr} ${fmt(baselines.momentum.score)}\n`);
        io.out(`each generation: ${CURVE_LEGEND}\n`);
      }
      let result;
      try {
        result = await train(start, evaluator, {
          stopRequested: () => stop,
          onCheckpoint: (c) => saveCheckpoint(c, checkpointFile),
          onGeneration: ({ record, runSteps, seconds }) => {
            const rate = Math.round(runSteps / seconds);
            const q = evaluator.stats?.();
            // Generations count from 1, as the text output and the progress bar show them.
            if (f.json) io.out(JSON.stringify({ ...record, generation: record.generation + 1, generations: cfg.generations, runStepsPerSec: rate, seconds, ...(q ? { queue: q } : {}) }) + '\n');
            else if (bar) bar.update(record.generation + 1, { best: fmt(record.best), median: fmt(record.median), val: fmt(record.validation), rate, queue: queueLine() });
            else if (!f.quiet) io.out(`gen ${record.generation + 1}/${cfg.generations}  candidates: best ${fmt(record.best)} median ${fmt(record.median)}  answer: validation ${fmt(record.validation)}  σ ${fmt(record.sigma)}  ${rate} run-steps/s${queueLine()}\n`);
          },
        });
      } finally {
        bar?.stop();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await evaluator.close();
      }
      writeFileAtomic(join(out, 'curve.csv'), curveCsv(result.history, trainProblemLabels(cfg)));
      writeFileAtomic(join(out, 'curve.json'), JSON.stringify({ config: cfg, baselines, history: result.history }, null, 1) + '\n');
      writeFileAtomic(join(out, 'curve.svg'), curveSvg(result.history, baselines, `o1 train ${name} (${cfg.strategy}, seed ${cfg.seed})`));
      if (!result.completed) {
        throw new Interrupted(`stopped at generation ${result.checkpoint.generation}; resume with: o1 train --resume ${checkpointFile}`);
      }
      const model = trainedModel(result, name, baselines, { workers: queue ? (evaluator.stats?.().workersSeen ?? 0) : workers });
      const files = toRegistry ? [join(registryDir(), `${name}.json`), join(registryDir(), `${name}.txt`)] : [join(out, 'model.json'), join(out, 'model.txt')];
      if (toRegistry) saveRegistryModel(model, registryDir(), name); // NAME.json, then NAME.txt derived from it
      else for (const file of files) saveModel(model, file);
      if (!existsSync(files[0])) throw new Error(`model not written to ${files[0]}`);
      const last = result.history[result.history.length - 1];
      const validation = result.finalValidation?.mean ?? last.validation;
      if (f.json) {
        io.out(
          JSON.stringify({
            done: true,
            name,
            model: files[0],
            modelFiles: files,
            validation,
            baselines: { randomStartNet: baselines.initial, momentum: baselines.momentum.score },
            generations: cfg.generations,
            out,
            curve: [join(out, 'curve.svg'), join(out, 'curve.csv'), join(out, 'curve.json')],
            seconds: result.checkpoint.elapsedSec,
          }) + '\n',
        );
      } else if (!f.quiet) {
        io.out(`done in ${fmt(result.checkpoint.elapsedSec)} s: the model is ${whichAnswer(cfg.select, result.checkpoint.selected?.generation, cfg.generations)}; validation ${fmt(validation)} (${cfg.initModel ? `start net (${cfg.initModel})` : 'random start net'} ${fmt(baselines.initial)}, momentum ${fmt(baselines.momentum.score)})\n`);
        io.out(`model: ${files.join(', ')}\ncurve: ${join(out, 'curve.svg')}, ${join(out, 'curve.csv')}\n`);
      }
    });
}

/** Which answer the saved model is, so its validation can be matched to a generation line: the
 *  lines score the answer each generation started from; the last update's answer has no line. */
function whichAnswer(select: string, selectedGeneration: number | undefined, generations: number): string {
  if (select === 'validation' && selectedGeneration !== undefined)
    return `the answer of gen ${selectedGeneration + 1} (best validation: its line's number)`;
  return `the answer after gen ${generations}'s update (no gen line scores it: each scores the answer its generation started from)`;
}
