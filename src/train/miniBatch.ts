// Mini-batch training tasks (docs/TRAINING.md, "o1 v4"): a generated ML task whose runs take each
// step's gradient on a batch of B of its 64 points (each epoch a fresh seeded permutation, cut
// into ⌊64 / B⌋ batches), so the optimizer meets gradient noise; its score is the full-batch
// training loss at the horizons, so the noise is in what o1 sees and not in what it is judged on.
// The runs step through the TS reference (createO1Stepper) and the task's model loss (MlpLoss, or
// Conv1dLoss for a conv task): the same doubles as the
// kernels' for the normalized rule (test/engine.v3.test.ts), the batch draws in plain TS.
import { Rng, deriveSeed } from '../rng.js';
import type { Batch } from '../ml/mlp.js';
import type { Stepper } from '../optimizers/types.js';
import { type FitnessKind, logGapRatio, WORST_SCORE } from './fitness.js';
import { type MlTrainSpec, mlTrainData, mlTrainModel, mlTrainShape } from './mlFamilies.js';

/** Mean score over the runs (starts) of a mini-batch task; lower is better (fitness.ts). */
export function scoreMiniBatchRuns(spec: MlTrainSpec, starts: readonly number[], makeStepper: () => Stepper, steps: number, fitness: FitnessKind, horizons: readonly number[]): number {
  const B = spec.batchSize!;
  const data = mlTrainData(spec);
  const shape = mlTrainShape(spec);
  const n = shape.paramCount;
  const P = data.count;
  const d = data.inputDim;
  const lossFn = mlTrainModel(spec, P);
  // Full batch (feature-major) for the scores, and one mini-batch buffer refilled per step.
  const full: Batch = { count: P, inputs: new Float64Array(P * d), targets: data.targets.slice() };
  for (let p = 0; p < P; p++) for (let k = 0; k < d; k++) full.inputs[k * P + p] = data.inputs[p * d + k];
  const mini = { count: B, inputs: new Float64Array(B * d), targets: new Float64Array(B) };
  const order = new Int32Array(P);
  const scoreAt = fitness === 'horizons' ? new Set(horizons.filter((h) => h <= steps)) : new Set([steps]);
  const runs = starts.length / n;
  let total = 0;
  for (let r = 0; r < runs; r++) {
    // Each run has its own batch stream, the same for every agent (common random numbers).
    const rng = new Rng(deriveSeed(spec.dataSeed, 'mini-batch', B, r));
    let position = P;
    const x = Float64Array.from(starts.slice(r * n, (r + 1) * n));
    const g = new Float64Array(n);
    const stepper = makeStepper();
    const state = stepper.init(n);
    const f0 = lossFn.evaluate(x, full, null);
    let sum = 0;
    let count = 0;
    let anytime = 0;
    let diverged = false;
    for (let t = 0; t < steps; t++) {
      if (position + B > P) {
        for (let i = 0; i < P; i++) order[i] = i;
        for (let i = P - 1; i > 0; i--) {
          const j = rng.int(i + 1);
          const s = order[i];
          order[i] = order[j];
          order[j] = s;
        }
        position = 0;
      }
      for (let b = 0; b < B; b++) {
        const row = order[position + b];
        mini.targets[b] = data.targets[row];
        for (let k = 0; k < d; k++) mini.inputs[k * B + b] = data.inputs[row * d + k];
      }
      position += B;
      const fb = lossFn.evaluate(x, mini, g);
      if (!Number.isFinite(fb) || !g.every(Number.isFinite)) {
        diverged = true;
        break;
      }
      stepper.step(x, g, state);
      if (!x.every(Number.isFinite)) {
        diverged = true;
        break;
      }
      const at = t + 1;
      if (fitness === 'anytime' || scoreAt.has(at)) {
        const s = logGapRatio(lossFn.evaluate(x, full, null), f0, 0);
        if (fitness === 'anytime') anytime += s;
        if (scoreAt.has(at)) {
          sum += s;
          count++;
        }
      }
    }
    total += diverged ? WORST_SCORE : fitness === 'anytime' ? anytime / steps : count ? sum / count : 0;
  }
  return total / runs;
}
