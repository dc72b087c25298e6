// The MLP reference's newer options against finite differences: relu and identity hidden layers,
// softmax cross-entropy (softmax regression and an MLP), mixed activations, with L2. (tanh,
// bce-logits and mse are held in test/ml.test.ts.)
import { describe, expect, test } from 'vitest';
import { Rng } from '../src/rng.js';
import { MlpLoss, MlpShape, batchFromRows, type HiddenActivation, type LossKind } from '../src/ml/mlp.js';

function check(sizes: number[], loss: LossKind, activations: HiddenActivation[], l2: number, seed: number) {
  const rng = new Rng(seed);
  const shape = new MlpShape(sizes);
  const count = 13;
  const K = sizes[sizes.length - 1];
  const rows = Float64Array.from({ length: count * sizes[0] }, () => rng.normal());
  const targets = Float64Array.from({ length: loss === 'softmax-ce' ? count : count * K }, () => (loss === 'softmax-ce' ? rng.int(K) : loss === 'mse' ? rng.normal() : rng.int(2)));
  const batch = batchFromRows(rows, targets, sizes[0]);
  const model = new MlpLoss(shape, count, loss, l2, activations);
  const x = shape.glorotInit(rng);
  // relu's kink: keep every pre-activation away from 0 by nudging the biases
  for (let l = 0; l < shape.biasOffset.length; l++) for (let r = 0; r < sizes[l + 1]; r++) x[shape.biasOffset[l] + r] = 0.1 + 0.05 * rng.normal();
  const g = new Float64Array(shape.paramCount);
  const f0 = model.evaluate(x, batch, g);
  expect(Number.isFinite(f0)).toBe(true);
  const h = 1e-6;
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    const xp = x.slice();
    const xm = x.slice();
    xp[i] += h;
    xm[i] -= h;
    const fd = (model.evaluate(xp, batch, null) - model.evaluate(xm, batch, null)) / (2 * h);
    worst = Math.max(worst, Math.abs(fd - g[i]) / Math.max(1e-3, Math.abs(fd)));
  }
  expect(worst).toBeLessThan(1e-5);
}

describe('MLP gradients vs finite differences (new activations and softmax cross-entropy)', () => {
  test('softmax regression [4, 3]', () => check([4, 3], 'softmax-ce', [], 1e-3, 1));
  test('MLP [3, 6, 4] relu, softmax-ce', () => check([3, 6, 4], 'softmax-ce', ['relu'], 0, 2));
  test('MLP [2, 5, 5, 1] identity then tanh, bce-logits', () => check([2, 5, 5, 1], 'bce-logits', ['identity', 'tanh'], 1e-2, 3));
  test('MLP [3, 7, 2] relu, mse with two outputs', () => check([3, 7, 2], 'mse', ['relu'], 0, 4));
  test('softmax-ce of a confident correct prediction is ≈ 0 and of a confident wrong one ≈ the margin', () => {
    const shape = new MlpShape([1, 3]);
    const model = new MlpLoss(shape, 1, 'softmax-ce');
    const x = Float64Array.of(0, 0, 0, 40, 0, 0); // logits (40, 0, 0) for any input
    const batchOf = (y: number) => batchFromRows(Float64Array.of(1), Float64Array.of(y), 1);
    expect(model.evaluate(x, batchOf(0), null)).toBeLessThan(1e-16);
    expect(model.evaluate(x, batchOf(2), null)).toBeCloseTo(40, 12);
  });
});
