// Everything that defines a training run. A run is reproduced by its config alone (the seed is in
// it); a config file (--config) and flags are validated here with one message per problem.
import { InputError } from '../errors.js';
import { FEATURE_SETS, type FeatureSet } from '../o1/features.js';
import { getFunction, functionNames } from '../functions/index.js';
import { closeMatches } from '../util/closeMatches.js';
import { strategyNames } from './strategies/index.js';
import type { Aggregate, FitnessKind } from './fitness.js';
import type { EngineName } from '../engine/types.js';

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
  hidden: number;
  features: FeatureSet;
  fitness: FitnessKind;
  aggregate: Aggregate;
  seed: number;
  /** Write a checkpoint every K generations (and on SIGINT/SIGTERM). */
  checkpointEvery: number;
  engine: EngineName;
}

export const DEFAULT_TRAIN_CONFIG: Readonly<TrainConfig> = Object.freeze({
  strategy: 'notebook',
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
  hidden: 8,
  features: 'v2',
  fitness: 'final',
  aggregate: 'mean',
  seed: 1,
  checkpointEvery: 10,
  engine: 'wasm',
} as TrainConfig);

type Kind = 'int' | 'number' | 'bool' | 'string' | 'strings';
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
  hidden: 'int',
  features: 'string',
  fitness: 'string',
  aggregate: 'string',
  seed: 'int',
  checkpointEvery: 'int',
  engine: 'string',
};

const CHOICES: Partial<Record<keyof TrainConfig, readonly string[]>> = {
  selection: ['best', 'ranks'],
  features: FEATURE_SETS,
  fitness: ['final', 'anytime'],
  aggregate: ['mean', 'rank'],
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
};

/** Merges `partial` (from a config file and flags; `where` names the source for messages) over
 *  the defaults, checking every key, type, range and name. */
export function makeTrainConfig(partial: Record<string, unknown>, where: string, base: Readonly<TrainConfig> = DEFAULT_TRAIN_CONFIG): TrainConfig {
  const cfg: TrainConfig = { ...base, functions: [...base.functions] };
  const problems: string[] = [];
  for (const [key, value] of Object.entries(partial)) {
    if (value === undefined) continue;
    const kind = KINDS[key as keyof TrainConfig];
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
      (kind === 'strings' && Array.isArray(value) && value.every((v) => typeof v === 'string'));
    if (!ok) {
      problems.push(`"${key}" must be ${{ int: 'an integer', number: 'a finite number', bool: 'true or false', string: 'a string', strings: 'a list of names' }[kind]}, got ${JSON.stringify(value)}`);
      continue;
    }
    (cfg as unknown as Record<string, unknown>)[key] = kind === 'strings' ? [...(value as string[])] : value;
  }
  for (const [key, min] of Object.entries(MINIMUM)) {
    const v = cfg[key as keyof TrainConfig] as number;
    if (v < min!) problems.push(`"${key}" must be ≥ ${min}, got ${v}`);
  }
  if (!(cfg.sigma > 0)) problems.push(`"sigma" must be > 0, got ${cfg.sigma}`);
  for (const [key, choices] of Object.entries(CHOICES)) {
    const v = cfg[key as keyof TrainConfig] as string;
    if (!choices!.includes(v)) problems.push(`"${key}" must be one of ${choices!.join(', ')}, got "${v}"`);
  }
  if (!strategyNames().includes(cfg.strategy)) problems.push(`"strategy" must be one of ${strategyNames().join(', ')}, got "${cfg.strategy}"`);
  if (cfg.functions.length === 0) problems.push('"functions" must name at least one function');
  for (const name of cfg.functions) {
    const fn = getFunction(name);
    if (!fn) {
      const near = closeMatches(name, functionNames());
      problems.push(`unknown function "${name}"${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`);
    } else if (!fn.nd && cfg.dims !== fn.defaultDims) problems.push(`function "${name}" is ${fn.defaultDims}-D only; "dims" is ${cfg.dims}`);
  }
  if (problems.length) throw new InputError(`${where}: ${problems.join('; ')}`);
  return cfg;
}
