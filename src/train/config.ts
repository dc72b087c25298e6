// Everything that defines a training run. A run is reproduced by its config alone (the seed is in
// it); a config file (--config) and flags are validated here with one message per problem.
import { InputError } from '../errors.js';
import { FEATURE_SETS, featureCount, isNormalizedFeatureSet, type FeatureSet } from '../o1/features.js';
import { NORMALIZED_FEATURE_SETS } from '../o1/normalized.js';
import { defaultO1Config, LR_MODES, STEP_UNITS, type LrMode, type StepUnit } from '../o1/config.js';
import { getFunction, functionNames } from '../functions/index.js';
import { trainingUseProblems } from '../problems/heldout.js';
import { closeMatches } from '../util/closeMatches.js';
import { strategyNames } from './strategies/index.js';
import type { Aggregate, FitnessKind } from './fitness.js';
import type { EngineName } from '../engine/types.js';
import { NO_TRANSFORM, type TransformOptions } from './problems.js';
import { ML_TRAIN_POINTS } from './mlFamilies.js';
import { MAX_SEED, MIN_SEED, MAX_CMAES_WEIGHTS, MAX_DIMS, MAX_GENERATIONS, MAX_HIDDEN, MAX_POPULATION, MAX_STARTS, MAX_STEPS } from '../util/limits.js';
import { canonicalModuleName, isModulePath, moduleProblems } from './userFunctions.js';

export interface TrainConfig {
  strategy: string;
  generations: number;
  population: number;
  sigma: number;
  /** Common random numbers: every agent of a generation sees the same starts. */
  crn: boolean;
  elitism: boolean;
  mirrored: boolean;
  adaptSigma: boolean;
  selection: 'best' | 'ranks';
  /** Start points per function per generation. */
  starts: number;
  steps: number;
  functions: string[];
  dims: number;
  /** Also train every n-D function at these dimensions (the problem generator's n-D versions). */
  ndDims: number[];
  /** The problem generator's random transforms (all off by default). */
  transform: TransformOptions;
  hidden: number;
  features: FeatureSet;
  /** o1's lr rule: 'absolute' (the notebook's lr = exp(o)) or 'multiplicative' (lr ← lr·exp(o)). */
  lrMode: LrMode;
  fitness: FitnessKind;
  /** fitness 'horizons': steps at which each run's gap is scored (max ≤ steps). */
  horizons: number[];
  /** The normalized rule's first step length (0 = the rule's default, train.ts NORMALIZED_INIT_STEP). */
  initStep: number;
  /** The normalized rule's step unit (docs/O1.md): 'start' (initStep·rms(x₀)) or 'distance'
   *  (it grows with the distance moved from x₀, as DoG's lr). */
  stepUnit: StepUnit;
  /** The final model: the strategy's 'last' answer, or the answer with the best 'validation' score. */
  select: 'last' | 'validation';
  /** Generated ML training tasks per generation (src/train/mlFamilies.ts); 0 = none. */
  mlTasks: number;
  /** Initialisations per generated ML task. */
  mlStarts: number;
  /** Starts per n-D task (ndDims); 0 = the same as "starts". */
  ndStarts: number;
  aggregate: Aggregate;
  /** Start scales (docs/TRAINING.md, "o1 v4"): [lo, hi] in log10, or [] (off). Each task gets a
   *  twin whose starts are the task's own starts multiplied by c = 10^U(lo, hi), one c per start,
   *  so a start far below (or above) the problem's scale is something the network has seen. */
  startScales: number[];
  /** Horizon curriculum (truncated ES with growing unrolls): the longest horizon of each stage,
   *  increasing; the generations are split evenly over the stages, stage k runs max = stages[k]
   *  steps and scores the horizons ∪ stages[0..k]; validation always uses the last stage. [] = off. */
  horizonStages: number[];
  /** Mini-batch sizes of the generated ML tasks: each ML task gets twins trained with mini-batches
   *  of these sizes (gradient noise), beside the full-batch one. [] = full batch only. */
  mlBatchSizes: number[];
  /** normalized rule: [logLrMin, logLrMax], the bounds of the per-step log-multiplier of the step
   *  lengths (brake to e^lo, accelerate to e^hi per step); [] = the rule's training default [−1, 0.5]. */
  stepBounds: number[];
  /** Hidden widths of the generated ML tasks' MLPs ([] = 4, 8, 12) and their most hidden layers. */
  mlWidths: number[];
  mlDepth: number;
  /** Generated 1-D conv tasks per generation (src/train/mlFamilies.ts drawConvTrainSpec: signals
   *  under a conv layer and a small head), each with mlStarts starts; 0 = none (the default). */
  convTasks: number;
  /** Start the search from this model's weights (a model id or file; '' = a fresh random network):
   *  fine-tuning, e.g. the v4 preset starts from o1 v3. Its shape and rule must be the run's. */
  initModel: string;
  seed: number;
  /** Write a checkpoint every K generations (and on SIGINT/SIGTERM). */
  checkpointEvery: number;
  engine: EngineName;
}

// CMA-ES is the default: it won the equal-budget comparison in docs/TRAINING.md.
export const DEFAULT_TRAIN_CONFIG: Readonly<TrainConfig> = Object.freeze({
  strategy: 'cmaes',
  generations: 60,
  population: 24,
  sigma: 0.3,
  crn: true,
  elitism: true,
  mirrored: true,
  adaptSigma: true,
  selection: 'best',
  starts: 24,
  steps: 200,
  functions: Object.freeze(['rosenbrock', 'rastrigin', 'himmelblau']) as string[],
  dims: 2,
  ndDims: Object.freeze([]) as unknown as number[],
  transform: NO_TRANSFORM as TransformOptions,
  hidden: 8,
  features: 'v2',
  lrMode: 'absolute',
  fitness: 'final',
  horizons: Object.freeze([]) as unknown as number[],
  initStep: 0,
  stepUnit: 'start',
  select: 'last',
  mlTasks: 0,
  mlStarts: 2,
  ndStarts: 0,
  aggregate: 'mean',
  startScales: Object.freeze([]) as unknown as number[],
  horizonStages: Object.freeze([]) as unknown as number[],
  mlBatchSizes: Object.freeze([]) as unknown as number[],
  stepBounds: Object.freeze([]) as unknown as number[],
  mlWidths: Object.freeze([]) as unknown as number[],
  mlDepth: 2,
  convTasks: 0,
  initModel: '',
  seed: 1,
  checkpointEvery: 10,
  engine: 'wasm',
} as TrainConfig);

// Settings added after configs were first written to checkpoints, models and queue run keys: a
// config writes them only when they differ from these values (the option's "off"), so a run
// without the option keeps the bytes it had before the option existed. Reading fills them in.
const WRITTEN_WHEN_SET: Partial<Record<keyof TrainConfig, unknown>> = { convTasks: 0 };

/** The config as checkpoints, model provenance and queue run keys write it (WRITTEN_WHEN_SET). */
export function writtenConfig(cfg: TrainConfig): Partial<TrainConfig> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(cfg)) if (!(Object.hasOwn(WRITTEN_WHEN_SET, k) && WRITTEN_WHEN_SET[k as keyof TrainConfig] === v)) out[k] = v;
  return out as Partial<TrainConfig>;
}

type Kind = 'int' | 'number' | 'bool' | 'string' | 'strings' | 'ints' | 'numbers' | 'transform';
const KINDS: Record<keyof TrainConfig, Kind> = {
  strategy: 'string',
  generations: 'int',
  population: 'int',
  sigma: 'number',
  crn: 'bool',
  elitism: 'bool',
  mirrored: 'bool',
  adaptSigma: 'bool',
  selection: 'string',
  starts: 'int',
  steps: 'int',
  functions: 'strings',
  dims: 'int',
  ndDims: 'ints',
  transform: 'transform',
  hidden: 'int',
  features: 'string',
  lrMode: 'string',
  fitness: 'string',
  horizons: 'ints',
  initStep: 'number',
  stepUnit: 'string',
  select: 'string',
  mlTasks: 'int',
  mlStarts: 'int',
  ndStarts: 'int',
  aggregate: 'string',
  startScales: 'numbers',
  horizonStages: 'ints',
  mlBatchSizes: 'ints',
  stepBounds: 'numbers',
  mlWidths: 'ints',
  mlDepth: 'int',
  convTasks: 'int',
  initModel: 'string',
  seed: 'int',
  checkpointEvery: 'int',
  engine: 'string',
};

const CHOICES: Partial<Record<keyof TrainConfig, readonly string[]>> = {
  selection: ['best', 'ranks'],
  features: FEATURE_SETS,
  lrMode: LR_MODES,
  stepUnit: STEP_UNITS,
  fitness: ['final', 'anytime', 'horizons'],
  select: ['last', 'validation'],
  aggregate: ['mean', 'rank', 'zscore'],
  engine: ['wasm', 'ts'],
};

const MINIMUM: Partial<Record<keyof TrainConfig, number>> = {
  generations: 1,
  population: 2,
  starts: 1,
  steps: 1,
  dims: 1,
  hidden: 1,
  checkpointEvery: 1,
  mlTasks: 0,
  mlStarts: 1,
  ndStarts: 0,
  mlDepth: 0,
  convTasks: 0,
};

// Bounds checked before any run allocates (src/util/limits.ts says why each is where it is).
const MAXIMUM: Partial<Record<keyof TrainConfig, number>> = {
  generations: MAX_GENERATIONS,
  population: MAX_POPULATION,
  starts: MAX_STARTS,
  steps: MAX_STEPS,
  dims: MAX_DIMS,
  hidden: MAX_HIDDEN,
  checkpointEvery: MAX_GENERATIONS,
  mlTasks: 10_000,
  mlStarts: MAX_STARTS,
  ndStarts: MAX_STARTS,
  mlDepth: 6,
  convTasks: 10_000,
};

const TRANSFORM_KINDS: Record<keyof TransformOptions, 'bool' | 'factor' | 'fraction'> = { rotate: 'bool', scaleX: 'factor', shift: 'fraction', scaleF: 'factor', logObjective: 'bool' };

/** Weights of the network a config trains (layers [features, hidden, 1], as train.ts o1ConfigFor). */
function cmaesWeightCount(cfg: TrainConfig): number {
  if (!FEATURE_SETS.includes(cfg.features)) return 0; // reported as a bad "features" already
  const inputs = featureCount(defaultO1Config().window, cfg.features);
  return (inputs + 1) * cfg.hidden + cfg.hidden + 1;
}

/** Problems with a (partial) transform settings object. */
function transformProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`"transform" must be an object like {"rotate": true, "scaleX": 3}, got ${JSON.stringify(value)}`];
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    const kind = Object.hasOwn(TRANSFORM_KINDS, k) ? TRANSFORM_KINDS[k as keyof TransformOptions] : undefined;
    if (!kind) out.push(`unknown transform setting "${k}" (use ${Object.keys(TRANSFORM_KINDS).join(', ')})`);
    else if (kind === 'bool' && typeof v !== 'boolean') out.push(`"transform.${k}" must be true or false`);
    else if (kind === 'factor' && !(typeof v === 'number' && v >= 1 && Number.isFinite(v))) out.push(`"transform.${k}" must be a factor ≥ 1 (1 = off), got ${JSON.stringify(v)}`);
    else if (kind === 'fraction' && !(typeof v === 'number' && v >= 0 && v <= 1)) out.push(`"transform.${k}" must be in [0, 1], got ${JSON.stringify(v)}`);
  }
  return out;
}

/** Merges `partial` (from a config file and flags; `where` names the source for messages) over
 *  the defaults, checking every key, type, range and name. */
export function makeTrainConfig(partial: Record<string, unknown>, where: string, base: Readonly<TrainConfig> = DEFAULT_TRAIN_CONFIG): TrainConfig {
  const cfg: TrainConfig = { ...base, functions: [...base.functions] };
  const problems: string[] = [];
  for (const [key, value] of Object.entries(partial)) {
    if (value === undefined) continue;
    // Own keys only: "__proto__" or "constructor" must read as unknown settings, not as Object's.
    const kind = Object.hasOwn(KINDS, key) ? KINDS[key as keyof TrainConfig] : undefined;
    if (!kind) {
      const near = closeMatches(key, Object.keys(KINDS));
      problems.push(`unknown setting "${key}"${near.length ? ` (did you mean "${near[0]}"?)` : ''}`);
      continue;
    }
    const ok =
      (kind === 'int' && Number.isInteger(value)) ||
      (kind === 'number' && typeof value === 'number' && Number.isFinite(value)) ||
      (kind === 'bool' && typeof value === 'boolean') ||
      (kind === 'string' && typeof value === 'string') ||
      (kind === 'strings' && Array.isArray(value) && value.every((v) => typeof v === 'string')) ||
      (kind === 'ints' && Array.isArray(value) && value.every((v) => Number.isInteger(v) && v >= 1 && v <= 10_000)) ||
      (kind === 'numbers' && Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isFinite(v))) ||
      (kind === 'transform' && transformProblems(value).length === 0);
    if (!ok) {
      if (kind === 'transform') problems.push(...transformProblems(value));
      else problems.push(`"${key}" must be ${{ int: 'an integer', number: 'a finite number', bool: 'true or false', string: 'a string', strings: 'a list of names', ints: 'a list of whole numbers in [1, 10000]', numbers: 'a list of finite numbers' }[kind]}, got ${JSON.stringify(value)}`);
      continue;
    }
    (cfg as unknown as Record<string, unknown>)[key] =
      kind === 'strings' || kind === 'ints' || kind === 'numbers' ? [...(value as unknown[])] : kind === 'transform' ? { ...NO_TRANSFORM, ...(value as object) } : value;
  }
  for (const [key, min] of Object.entries(MINIMUM)) {
    const v = cfg[key as keyof TrainConfig] as number;
    if (v < min!) problems.push(`"${key}" must be ≥ ${min}, got ${v}`);
  }
  for (const [key, max] of Object.entries(MAXIMUM)) {
    const v = cfg[key as keyof TrainConfig] as number;
    if (v > max!) problems.push(`"${key}" ${v} is over the limit of ${max!.toLocaleString('en-US')}`);
  }
  if (cfg.seed < MIN_SEED || cfg.seed > MAX_SEED) problems.push(`"seed" ${cfg.seed} is outside the 32-bit range [${MIN_SEED}, ${MAX_SEED}]`);
  for (const d of cfg.ndDims) if (d > MAX_DIMS) problems.push(`"ndDims" ${d} is over the limit of ${MAX_DIMS.toLocaleString('en-US')}`);
  for (const h of cfg.horizons) if (h > MAX_STEPS) problems.push(`"horizons" ${h} is over the limit of ${MAX_STEPS.toLocaleString('en-US')}`);
  if (cfg.strategy === 'cmaes' && cfg.hidden <= MAX_HIDDEN) {
    // CMA-ES keeps an n × n covariance over the weights; the layer sizes follow networkLayers().
    const weights = cmaesWeightCount(cfg);
    if (weights > MAX_CMAES_WEIGHTS)
      problems.push(`strategy "cmaes" with "hidden" ${cfg.hidden} evolves ${weights} weights, over its limit of ${MAX_CMAES_WEIGHTS} (a ${weights}² covariance matrix): use fewer hidden units or strategy "openai-es"/"notebook"`);
  }
  if (!(cfg.initStep >= 0)) problems.push(`"initStep" must be ≥ 0 (0 = the rule's default), got ${cfg.initStep}`);
  if (!(cfg.sigma > 0)) problems.push(`"sigma" must be > 0, got ${cfg.sigma}`);
  for (const [key, choices] of Object.entries(CHOICES)) {
    const v = cfg[key as keyof TrainConfig] as string;
    if (!choices!.includes(v)) problems.push(`"${key}" must be one of ${choices!.join(', ')}, got "${v}"`);
  }
  if (!strategyNames().includes(cfg.strategy)) problems.push(`"strategy" must be one of ${strategyNames().join(', ')}, got "${cfg.strategy}"`);
  if (cfg.functions.length === 0) problems.push('"functions" must name at least one function');
  cfg.functions = cfg.functions.map((name) => (isModulePath(name) ? canonicalModuleName(name) : name));
  for (const name of cfg.functions) {
    if (isModulePath(name)) {
      problems.push(...moduleProblems(name));
      continue;
    }
    const fn = getFunction(name);
    if (!fn) {
      const near = closeMatches(name, functionNames());
      problems.push(`unknown function "${name}"${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`);
    } else if (!fn.nd && cfg.dims !== fn.defaultDims) problems.push(`function "${name}" is ${fn.defaultDims}-D only; "dims" is ${cfg.dims}`);
  }
  if (cfg.fitness === 'horizons') {
    if (cfg.horizons.length === 0) problems.push('fitness "horizons" needs "horizons" (e.g. [30, 100, 300])');
    else if (Math.max(...cfg.horizons) > cfg.steps) problems.push(`"horizons" go up to ${Math.max(...cfg.horizons)} but "steps" is ${cfg.steps}: runs must last the longest horizon`);
  } else if (cfg.horizons.length) problems.push('"horizons" is only used with fitness "horizons"');
  if (cfg.startScales.length !== 0 && !(cfg.startScales.length === 2 && cfg.startScales[0] <= cfg.startScales[1] && cfg.startScales[0] >= -12 && cfg.startScales[1] <= 6))
    problems.push(`"startScales" must be [] or [lo, hi] in log10 with -12 ≤ lo ≤ hi ≤ 6 (e.g. [-6, 3]), got ${JSON.stringify(cfg.startScales)}`);
  if (cfg.horizonStages.length) {
    if (cfg.fitness !== 'horizons') problems.push('"horizonStages" needs fitness "horizons"');
    if (!cfg.horizonStages.every((h, i) => i === 0 || h > cfg.horizonStages[i - 1])) problems.push(`"horizonStages" must increase, got ${JSON.stringify(cfg.horizonStages)}`);
    if (cfg.horizonStages.length > cfg.generations) problems.push(`"horizonStages" has ${cfg.horizonStages.length} stages for ${cfg.generations} generations`);
    if (cfg.horizons.length && cfg.horizons.some((h) => h > cfg.horizonStages[0])) problems.push(`"horizons" must not exceed the first stage's horizon ${cfg.horizonStages[0]}`);
    if (cfg.steps !== cfg.horizonStages[cfg.horizonStages.length - 1]) problems.push(`with "horizonStages", "steps" must be the last stage's horizon ${cfg.horizonStages[cfg.horizonStages.length - 1]} (validation runs it), got ${cfg.steps}`);
  }
  if (cfg.stepBounds.length !== 0 && !(cfg.stepBounds.length === 2 && cfg.stepBounds[0] < 0 && cfg.stepBounds[1] > 0 && cfg.stepBounds[0] >= -5 && cfg.stepBounds[1] <= 5))
    problems.push(`"stepBounds" must be [] or [lo, hi] with -5 ≤ lo < 0 < hi ≤ 5 (e.g. [-1, 1]), got ${JSON.stringify(cfg.stepBounds)}`);
  if (cfg.stepBounds.length && cfg.lrMode !== 'normalized') problems.push('"stepBounds" is for lrMode "normalized"');
  if (cfg.stepUnit !== 'start' && cfg.lrMode !== 'normalized') problems.push(`"stepUnit" "${cfg.stepUnit}" is for lrMode "normalized"`);
  if (cfg.mlWidths.some((w) => w > 128)) problems.push(`"mlWidths" must be at most 128, got ${JSON.stringify(cfg.mlWidths)}`);
  if (cfg.mlBatchSizes.some((b) => b >= ML_TRAIN_POINTS)) problems.push(`"mlBatchSizes" must be below the ${ML_TRAIN_POINTS} points of a generated ML task, got ${JSON.stringify(cfg.mlBatchSizes)}`);
  if (cfg.mlBatchSizes.length && cfg.mlTasks === 0 && cfg.convTasks === 0) problems.push('"mlBatchSizes" needs "mlTasks" > 0 (or "convTasks" > 0)');
  if (isNormalizedFeatureSet(cfg.features) !== (cfg.lrMode === 'normalized'))
    problems.push(`features ${NORMALIZED_FEATURE_SETS.join(', ')} and lrMode normalized go together, got features "${cfg.features}" with lrMode "${cfg.lrMode}"`);
  for (const d of cfg.ndDims) if (!cfg.functions.some((name) => getFunction(name)?.nd)) problems.push(`"ndDims" ${d}: none of the training functions has an n-D version`);
  problems.push(...trainingUseProblems(cfg.functions));
  if (problems.length) throw new InputError(`${where}: ${problems.join('; ')}`);
  return cfg;
}
