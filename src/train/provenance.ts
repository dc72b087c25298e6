// A trained model with its provenance: everything needed to reproduce it (config, strategy,
// seed, engine) and a summary of how training went. Wall-clock facts (date, duration, workers)
// sit apart under `run`: they are the only part two identical runs do not share.
import type { O1Model } from '../o1/o1.js';
import { type TrainResult, trainProblemLabels } from './train.js';
import type { CurveBaselines } from './baselines.js';
import { writtenConfig } from './config.js';

export function trainedModel(result: TrainResult, name: string, baselines: CurveBaselines, run: { workers: number }): O1Model {
  const cfg = result.checkpoint.config;
  const h = result.history;
  const last = h[h.length - 1];
  return {
    ...result.model,
    name,
    provenance: {
      command: result.checkpoint.command ?? `o1 train --seed ${cfg.seed}`,
      trainConfig: writtenConfig(cfg),
      strategy: cfg.strategy,
      seed: cfg.seed,
      engine: cfg.engine,
      generations: h.length,
      fitness: {
        definition: 'mean over functions and starts of log10(gap_T / gap_0), gaps floored at 1e-12, capped at +3 (diverged); lower is better',
        firstGenerationBest: h[0]?.best,
        lastGenerationBest: last?.best,
        validation: result.finalValidation?.mean,
        validationPerFunction: Object.fromEntries(trainProblemLabels(cfg).map((f, i) => [f, result.finalValidation?.perProblem[i]])),
        // The network the search started from: a seeded random one, or the --init-model's.
        [cfg.initModel ? 'initModelNetwork' : 'randomStartNetwork']: baselines.initial,
        momentumBaseline: baselines.momentum,
      },
      run: { created: new Date().toISOString(), durationSec: Math.round(result.checkpoint.elapsedSec * 10) / 10, workers: run.workers },
    },
  };
}
