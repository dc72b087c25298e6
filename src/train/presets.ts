// Named training settings: `o1 train --preset NAME` starts from these instead of the defaults
// (a config file and flags still override them). Each preset says what it is for.
import type { TrainConfig } from './config.js';

export interface Preset {
  description: string;
  settings: Partial<TrainConfig>;
}

// o1 v3's distribution (generalist-v3).
const GENERALIST_V3: Partial<TrainConfig> = {
  strategy: 'cmaes',
  functions: ['rosenbrock', 'rastrigin', 'himmelblau', 'quadratic'],
  features: 'v3',
  lrMode: 'normalized',
  initStep: 0.5,
  transform: { rotate: true, scaleX: 10, shift: 0.5, scaleF: 100, logObjective: false },
  ndDims: [5, 20],
  ndStarts: 4,
  mlTasks: 6,
  mlStarts: 2,
  fitness: 'horizons',
  horizons: [30, 100, 300],
  steps: 300,
  aggregate: 'zscore',
  generations: 40,
  population: 24,
  starts: 16,
};

// o1 v4's distribution (generalist-v4): v3's plus start scales, mini-batch twins, wider ML models and a horizon
// curriculum, fine-tuned from v3; v5 adds the distance unit, v6 the long-horizon curriculum.
const GENERALIST_V4: Partial<TrainConfig> = {
  ...GENERALIST_V3,
  mlWidths: [4, 8, 16],
  mlDepth: 2,
  mlBatchSizes: [4, 16],
  startScales: [-6, 3],
  horizonStages: [300, 1000],
  steps: 1000,
  select: 'validation',
  initModel: 'generalist-v3',
  sigma: 0.15,
  generations: 12,
  population: 16,
  starts: 12,
};

const GENERALIST_V5: Partial<TrainConfig> = { ...GENERALIST_V4, stepUnit: 'distance', initModel: 'generalist-v4' };

export const PRESETS: Record<string, Preset> = {
  notebook: {
    description: "the notebook's scheme as it was: mutate the best, no ES improvements, absolute lr",
    settings: { strategy: 'notebook', crn: false, elitism: false, mirrored: false, adaptSigma: false, selection: 'best' },
  },
  generalist: {
    description: 'for held-out problems: multiplicative lr, a convex ill-conditioned bowl among the training functions, random rotations/scales/shifts of them, n-D versions',
    settings: {
      strategy: 'cmaes',
      functions: ['rosenbrock', 'rastrigin', 'himmelblau', 'quadratic'],
      lrMode: 'multiplicative',
      transform: { rotate: true, scaleX: 10, shift: 0.5, scaleF: 100, logObjective: false },
      ndDims: [5],
      generations: 100,
      population: 24,
      starts: 16,
    },
  },
  'generalist-v3': {
    description:
      'the shipped model (o1 v3): the normalized rule with v3 features, the generalist functions with the problem generator, n-D versions (5-D, 20-D), generated ML tasks, scored at horizons 30, 100 and 300 (docs/TRAINING.md)',
    settings: GENERALIST_V3,
  },
  'generalist-v4': {
    description:
      'o1 v4 (docs/TRAINING.md): the v3 rule and features on a wider distribution — every task also from starts scaled by 10^-6 … 10^3, mini-batch twins of the ML tasks (batches of 4 and 16 of 64 points), ML models up to 16 wide, a horizon curriculum 300 → 1000 steps; the search starts from o1 v3 (models/generalist-v3.json) and the model is chosen on training\'s own validation set',
    settings: GENERALIST_V4,
  },
  'generalist-v5': {
    description:
      "o1 v5 (docs/TRAINING.md): generalist-v4's distribution with the 'distance' step unit (it grows with the distance moved from x₀, so tiny starts need not stall); the network's inputs are unchanged, so the search starts from o1 v4 (models/generalist-v4.json); chosen on training's own validation set",
    settings: GENERALIST_V5,
  },
  'generalist-v6': {
    description:
      "o1 v6 (docs/TRAINING.md): generalist-v5's distribution and rule, fine-tuned from o1 v5 (models/generalist-v5.json) on a horizon curriculum to runs of 10,000 steps (300 → 1000 → 3000 → 10,000, four generations each; validation runs 10,000 steps); chosen on training's own validation set",
    settings: { ...GENERALIST_V5, horizonStages: [300, 1000, 3000, 10000], steps: 10000, generations: 16, initModel: 'generalist-v5' },
  },
};

export const presetNames = () => Object.keys(PRESETS);
