// The generation loop (the notebook's generational training): ask the strategy for candidates,
// score them on this generation's starts, tell it the fitness, record the curve, checkpoint.
// Every random draw is derived from (seed, generation), so a run resumed from a checkpoint ends
// exactly where an uninterrupted one does, and the worker count never changes a result.
import { Rng, deriveSeed } from '../rng.js';
import { defaultO1Config, type NormalizedO1Config, type O1Config, type WindowFeatureSet } from '../o1/config.js';
import { initParams, paramCount, DEFAULT_INIT_LOG_LR } from '../o1/network.js';
import { InputError } from '../errors.js';
import { featureCount } from '../o1/features.js';
import type { O1Model } from '../o1/o1.js';
import type { NormalizedFeatureSet } from '../o1/normalized.js';
import { getStrategy } from './strategies/index.js';
import type { StrategyOptions } from './strategies/types.js';
import { aggregate } from './fitness.js';
import { generationConvTasks, generationMlTasks, generationTasks, miniBatchTwins, startScaleTwins, type TaskSpec } from './tasks.js';
import type { Evaluator } from './pool.js';
import type { TrainConfig } from './config.js';
import { getFunction } from '../functions/index.js';
import { DEFAULT_ML_SIZES } from './mlFamilies.js';
import { loadTrainModules } from './userFunctions.js';

export interface GenerationRecord {
  generation: number;
  /** Fitness (mean log10 gap ratio; lower is better) of this generation's candidates. */
  best: number;
  median: number;
  /** The answer this generation started from (the strategy's best before its tell), scored on
   *  the fixed validation starts — evaluated alongside the candidates, so it costs no extra
   *  parallel phase. Generation 0's is the initial network. */
  validation: number;
  /** Per-problem validation scores of that answer, in trainProblemLabels order. */
  validationPerFunction: number[];
  sigma: number;
}

/** A function module of the run and the SHA-256 of its file (a resume matches modules by it). */
export interface ModuleHash {
  name: string;
  sha256: string;
}

export interface Checkpoint {
  format: 'o1-train-checkpoint';
  version: 1;
  config: TrainConfig;
  /** The next generation to run. */
  generation: number;
  strategyState: unknown;
  history: GenerationRecord[];
  /** Wall-clock seconds spent before this checkpoint (not part of the reproducible result). */
  elapsedSec: number;
  /** The command that started the run (kept across resumes, for the model's provenance). */
  command?: string;
  /** The run's name and whether its model goes to the model registry (--name): kept across
   *  resumes so a resumed run saves where the first one would have. */
  run?: { name: string; registry: boolean };
  /** select 'validation': the answer with the best validation score so far. */
  selected?: { generation: number; validation: number; weights: number[] };
  /** The function modules among config.functions, by content (absent: none, or an old checkpoint). */
  modules?: ModuleHash[];
}

export interface GenerationEvent {
  record: GenerationRecord;
  runSteps: number;
  seconds: number;
}

export interface TrainHooks {
  onGeneration?(e: GenerationEvent): void;
  /** Called when a checkpoint is due (every K generations, at a stop request, at the end). */
  onCheckpoint?(c: Checkpoint): void;
  /** Polled after each generation: true stops the run after checkpointing. */
  stopRequested?(): boolean;
}

export interface TrainResult {
  model: O1Model;
  /** The final model's validation score and per-problem scores (computed when completed). */
  finalValidation?: { mean: number; perProblem: number[] };
  history: GenerationRecord[];
  /** False when stopped early by a stop request. */
  completed: boolean;
  checkpoint: Checkpoint;
}

export function o1ConfigFor(cfg: TrainConfig): O1Config {
  const o1 = defaultO1Config();
  o1.layers = [featureCount(o1.window, cfg.features), cfg.hidden, 1];
  if (cfg.lrMode === 'normalized') {
    // A per-step log-multiplier of each coordinate's step length: brake to e^-1, accelerate to
    // e^0.5 (or the config's stepBounds); the first step is Adam's at lr = initStep. (features v3
    // or a set after it: makeTrainConfig checks the pair.)
    const { window: _unused, ...keys } = o1;
    const [logLrMin, logLrMax] = cfg.stepBounds.length ? [cfg.stepBounds[0], cfg.stepBounds[1]] : [-1, 0.5];
    const normalized: NormalizedO1Config = { ...keys, features: cfg.features as NormalizedFeatureSet, logLrMin, logLrMax, lrMode: 'normalized', initStep: cfg.initStep > 0 ? cfg.initStep : NORMALIZED_INIT_STEP };
    if (cfg.stepUnit === 'distance') normalized.stepUnit = 'distance'; // 'start' is the key's absence
    return normalized;
  }
  o1.features = cfg.features as WindowFeatureSet; // makeTrainConfig keeps v3 for the normalized rule
  o1.lrMode = cfg.lrMode;
  if (cfg.lrMode === 'multiplicative') {
    // The output is a per-step log-multiplier: brake to e^-2 ≈ 0.14×, accelerate to e^0.5 ≈ 1.65×.
    o1.logLrMin = -2;
    o1.logLrMax = 0.5;
  }
  return o1;
}

/** The output bias of a fresh network: a sane first lr (absolute), or "keep the lr" (multiplicative). */
export const initLogLrFor = (cfg: TrainConfig) => (cfg.lrMode === 'absolute' ? DEFAULT_INIT_LOG_LR : 0);

/** The normalized rule's starting step length (Adam's lr before the network adapts it). */
export const NORMALIZED_INIT_STEP = 0.01;

/** Validation starts: fixed for the whole run (seed-derived), disjoint from training draws. */
export function validationTasks(cfg: TrainConfig): TaskSpec[] {
  return tasksOf(cfg, deriveSeed(cfg.seed, 'validation'), 0);
}

/** One generation's tasks: the functions (n-D ones with their own start count), then the
 *  generated ML tasks, then the conv tasks. With the default settings this is exactly generationTasks(...). */
export function tasksOf(cfg: TrainConfig, seed: number, generation: number, agent?: number): TaskSpec[] {
  const fns = trainFunctions(cfg);
  let tasks: TaskSpec[];
  if (cfg.ndStarts > 0) {
    const flat = fns.filter((f) => f.n === cfg.dims);
    const nd = fns.filter((f) => f.n !== cfg.dims);
    tasks = [
      ...generationTasks(seed, generation, flat, cfg.starts, agent, cfg.transform),
      ...generationTasks(deriveSeed(seed, 'nd'), generation, nd, cfg.ndStarts, agent, cfg.transform),
    ];
  } else tasks = generationTasks(seed, generation, fns, cfg.starts, agent, cfg.transform);
  if (cfg.mlTasks > 0) {
    const sizes = { widths: cfg.mlWidths.length ? cfg.mlWidths : DEFAULT_ML_SIZES.widths, maxDepth: cfg.mlDepth };
    const ml = generationMlTasks(seed, generation, cfg.mlTasks, cfg.mlStarts, agent, sizes);
    tasks.push(...ml);
    if (cfg.mlBatchSizes.length) tasks.push(...miniBatchTwins(ml, cfg.mlBatchSizes, seed, generation, agent));
  }
  // The conv tasks after all of the above (their own streams: with convTasks 0 nothing changes).
  if (cfg.convTasks > 0) {
    const conv = generationConvTasks(seed, generation, cfg.convTasks, cfg.mlStarts, agent);
    tasks.push(...conv);
    if (cfg.mlBatchSizes.length) tasks.push(...miniBatchTwins(conv, cfg.mlBatchSizes, deriveSeed(seed, 'conv'), generation, agent));
  }
  // Start-scale twins of every task but the mini-batch ones (their own draws: nothing above changes).
  if (cfg.startScales.length) tasks.push(...startScaleTwins(tasks.filter((t) => !t.ml?.batchSize), cfg.startScales, seed, generation, agent));
  return tasks;
}

/** The steps and horizons generation g runs (the horizon curriculum, TrainConfig.horizonStages):
 *  stage k of K covers generations [k·G/K, (k+1)·G/K). Without stages: the config's own. */
export function stageOf(cfg: TrainConfig, generation: number): { steps: number; horizons: number[] } {
  const stages = cfg.horizonStages;
  if (!stages.length) return { steps: cfg.steps, horizons: cfg.horizons };
  const k = Math.min(stages.length - 1, Math.floor((generation * stages.length) / cfg.generations));
  return { steps: stages[k], horizons: [...new Set([...cfg.horizons, ...stages.slice(0, k + 1)])].sort((a, b) => a - b) };
}

/** Validation's steps and horizons: the last stage's, every generation (so scores compare). */
export const validationStage = (cfg: TrainConfig) => stageOf(cfg, cfg.generations - 1);

/** Labels of the training problems, in validationPerFunction order ("rosenbrock", "rosenbrock-5d"). */
export const trainProblemLabels = (cfg: TrainConfig) =>
  validationTasks(cfg).map((t) => `${t.ml || t.n === cfg.dims ? t.fn : `${t.fn}-${t.n}d`}${t.scaled ? '@scaled' : ''}`);

/** The number of validation problems (validationPerFunction's length, trainProblemLabels') from
 *  the config alone, without resolving its functions: the checkpoint reader checks the history
 *  with it before any user module is loaded. tasksOf's tasks: the functions and ML tasks, a
 *  mini-batch twin per ML task, a start-scale twin per task that is not a mini-batch twin. */
export function validationProblemCount(cfg: TrainConfig): number {
  const ml = cfg.mlTasks + cfg.convTasks;
  const base = trainFunctions(cfg).length + ml;
  return base + (cfg.mlBatchSizes.length ? ml : 0) + (cfg.startScales.length ? base : 0);
}

/** (function, dimension) pairs: every function at `dims`, and the n-D ones at each of `ndDims`. */
export const trainFunctions = (cfg: TrainConfig) =>
  cfg.functions.flatMap((name) => [
    { name, n: cfg.dims },
    ...(getFunction(name)?.nd ? cfg.ndDims.filter((d) => d !== cfg.dims).map((n) => ({ name, n })) : []),
  ]);

/** The first checkpoint. `init`: the weights of cfg.initModel (the caller resolves the model, so
 *  this core stays free of file I/O); without initModel, a seeded random network. */
export function initialCheckpoint(cfg: TrainConfig, init?: ArrayLike<number>): Checkpoint {
  const strategy = getStrategy(cfg.strategy)!;
  const o1 = o1ConfigFor(cfg);
  if (cfg.initModel && !init) throw new InputError(`initModel "${cfg.initModel}": its weights were not given (resolve the model and pass them to initialCheckpoint)`);
  if (init && init.length !== paramCount(o1)) throw new InputError(`initModel "${cfg.initModel}": ${init.length} weights, the run's network [${o1.layers.join(', ')}] has ${paramCount(o1)}`);
  const theta0 = init ? Array.from(init) : Array.from(initParams(o1, new Rng(deriveSeed(cfg.seed, 'init')), initLogLrFor(cfg)));
  const opts: StrategyOptions = {
    population: cfg.population,
    sigma: cfg.sigma,
    mirrored: cfg.mirrored,
    elitism: cfg.elitism,
    adaptSigma: cfg.adaptSigma,
    selection: cfg.selection,
  };
  return { format: 'o1-train-checkpoint', version: 1, config: cfg, generation: 0, strategyState: strategy.init(theta0, opts), history: [], elapsedSec: 0 };
}

const yieldToEventLoop = () =>
  new Promise<void>((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Runs (or continues, from `start`) a training run until its last generation or a stop. */
export async function train(start: Checkpoint, evaluator: Evaluator, hooks: TrainHooks = {}): Promise<TrainResult> {
  const cfg = start.config;
  await loadTrainModules(cfg.functions);
  const strategy = getStrategy(cfg.strategy)!;
  const o1 = o1ConfigFor(cfg);
  const validation = validationTasks(cfg);
  let state = start.strategyState;
  const history = [...start.history];
  let elapsed = start.elapsedSec;
  let generation = start.generation;
  let selected = start.selected;
  const snapshot = (): Checkpoint => ({ ...start, generation, strategyState: state, history: [...history], elapsedSec: elapsed, ...(selected ? { selected } : {}) });

  while (generation < cfg.generations) {
    const t0 = performance.now();
    const candidates = strategy.ask(state, new Rng(deriveSeed(cfg.seed, 'ask', generation)));
    const tasks = cfg.crn ? tasksOf(cfg, cfg.seed, generation) : candidates.map((_, a) => tasksOf(cfg, cfg.seed, generation, a));
    // The current answer rides along as one more agent with the validation tasks.
    const perAgent = cfg.crn ? candidates.map(() => tasks as TaskSpec[]) : (tasks as TaskSpec[][]);
    const answer = strategy.best(state);
    const stage = stageOf(cfg, generation);
    const valStage = validationStage(cfg);
    let all: number[][];
    try {
      if (stage.steps === valStage.steps) {
        all = await evaluator.evaluate({
          config: o1,
          agents: [...candidates, answer],
          tasks: { perAgent: [...perAgent, validation] },
          steps: stage.steps,
          fitness: cfg.fitness,
          horizons: stage.horizons,
        });
      } else {
        // The horizon curriculum: this stage's candidates and the last stage's validation run apart.
        const scored = await evaluator.evaluate({ config: o1, agents: candidates, tasks: { perAgent }, steps: stage.steps, fitness: cfg.fitness, horizons: stage.horizons });
        const val = await evaluator.evaluate({ config: o1, agents: [answer], tasks: { perAgent: [validation] }, steps: valStage.steps, fitness: cfg.fitness, horizons: valStage.horizons });
        all = [...scored, ...val];
      }
    } catch (e) {
      // The evaluator gave up (a remote queue lost for good): keep what is done, resumable.
      hooks.onCheckpoint?.(snapshot());
      throw e;
    }
    const scores = all.slice(0, candidates.length);
    const valScores = all[candidates.length];
    const fitness = aggregate(cfg.aggregate, scores);
    state = strategy.tell(state, candidates, fitness);
    const record: GenerationRecord = {
      generation,
      best: Math.min(...fitness),
      median: median(fitness),
      validation: valScores.reduce((a, b) => a + b, 0) / valScores.length,
      validationPerFunction: valScores,
      sigma: strategy.sigma(state),
    };
    history.push(record);
    if (cfg.select === 'validation' && !(selected && selected.validation <= record.validation))
      selected = { generation, validation: record.validation, weights: [...answer] };
    generation++;
    const seconds = (performance.now() - t0) / 1000;
    elapsed += seconds;
    const starts = (perAgent[0] as TaskSpec[]).reduce((a, t) => a + t.starts.length / t.n, 0);
    const runSteps = (candidates.length + 1) * starts * stage.steps;
    hooks.onGeneration?.({ record, runSteps, seconds });
    // An in-process evaluator resolves without leaving the microtask queue; give the event loop
    // a turn so signals (SIGINT → stop request) and UI events get through between generations.
    await yieldToEventLoop();
    const stop = hooks.stopRequested?.() ?? false;
    if (stop || generation % cfg.checkpointEvery === 0 || generation === cfg.generations) hooks.onCheckpoint?.(snapshot());
    if (stop) break;
  }
  // select 'validation': the answer of the generation with the best validation score (training's
  // own validation set, never the benchmark's), else the strategy's last answer.
  const finalWeights = cfg.select === 'validation' && selected ? selected.weights : strategy.best(state);
  const model: O1Model = { config: o1, weights: Float64Array.from(finalWeights) };
  const completed = generation >= cfg.generations;
  let finalValidation: TrainResult['finalValidation'];
  if (completed) {
    const valStage = validationStage(cfg);
    const [v] = await evaluator.evaluate({ config: o1, agents: [finalWeights], tasks: { shared: validation }, steps: valStage.steps, fitness: cfg.fitness, horizons: valStage.horizons });
    finalValidation = { mean: v.reduce((a, b) => a + b, 0) / v.length, perProblem: v };
  }
  return { model, history, completed, checkpoint: snapshot(), finalValidation };
}
