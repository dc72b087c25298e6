// Reference points for a training curve, scored exactly as the run's validation is (the same
// starts, and validation's steps and horizons: the last stage's), so they compare with it: the
// network the run starts from, and SGD with momentum at its best fixed lr of a small log grid
// (so "o1 beats momentum" is not a claim against a badly tuned baseline).
import type { Engine } from '../engine/types.js';
import { getOptimizer, resolveHyper } from '../optimizers/index.js';
import { scoreOnTasks } from './evaluate.js';
import type { TrainConfig } from './config.js';
import { initialCheckpoint, o1ConfigFor, validationStage, validationTasks } from './train.js';
import { getStrategy } from './strategies/index.js';

export const MOMENTUM_LR_GRID = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1];

export interface CurveBaselines {
  initial: number;
  momentum: { lr: number; score: number };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export function curveBaselines(engine: Engine, cfg: TrainConfig, init?: ArrayLike<number>): CurveBaselines {
  const tasks = validationTasks(cfg);
  const { steps, horizons } = validationStage(cfg);
  const start = initialCheckpoint(cfg, init);
  const weights = Float64Array.from(getStrategy(cfg.strategy)!.best(start.strategyState));
  const initial = mean(scoreOnTasks(engine, { kind: 'o1', model: { config: o1ConfigFor(cfg), weights } }, tasks, steps, cfg.fitness, horizons));
  const spec = getOptimizer('momentum')!;
  let best = { lr: NaN, score: Infinity };
  for (const lr of MOMENTUM_LR_GRID) {
    const score = mean(scoreOnTasks(engine, { kind: 'baseline', spec, hyper: resolveHyper(spec, { lr }) }, tasks, steps, cfg.fitness, horizons));
    if (score < best.score) best = { lr, score };
  }
  return { initial, momentum: best };
}
