// One score for every model (`o1 models`, issue 24 item 9): each model run on the same fixed
// tasks — training's own validation set of the default configuration (`o1 train` with no flags:
// its functions, starts, 200 steps, fitness 'final') at seed COMMON_SCORE_SEED — so models trained
// with different presets, strategies or in the web page are compared on one set. The score is
// training's fitness: the mean over tasks of log10(gap_T / gap_0), lower is better. These tasks are
// training's validation draws, never the benchmark's.
import type { Engine } from '../engine/types.js';
import type { O1Model } from '../o1/o1.js';
import { getOptimizer, resolveHyper } from '../optimizers/index.js';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from './config.js';
import { scoreOnTasks } from './evaluate.js';
import { MOMENTUM_LR_GRID } from './baselines.js';
import { validationTasks } from './train.js';

export const COMMON_SCORE_SEED = 1;

/** The configuration whose validation set is the common evaluation set. */
export function commonScoreConfig(): TrainConfig {
  return { ...(DEFAULT_TRAIN_CONFIG as TrainConfig), seed: COMMON_SCORE_SEED };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The model's common score (mean log10 gap ratio on the common set; lower is better). */
export function commonScore(engine: Engine, model: O1Model): number {
  const cfg = commonScoreConfig();
  return mean(scoreOnTasks(engine, { kind: 'o1', model }, validationTasks(cfg), cfg.steps, cfg.fitness));
}

/** SGD with momentum at the best lr of training's grid, on the same set: a scale for the scores. */
export function commonMomentumScore(engine: Engine): { lr: number; score: number } {
  const cfg = commonScoreConfig();
  const tasks = validationTasks(cfg);
  const spec = getOptimizer('momentum')!;
  let best = { lr: NaN, score: Infinity };
  for (const lr of MOMENTUM_LR_GRID) {
    const score = mean(scoreOnTasks(engine, { kind: 'baseline', spec, hyper: resolveHyper(spec, { lr }) }, tasks, cfg.steps, cfg.fitness));
    if (score < best.score) best = { lr, score };
  }
  return best;
}
