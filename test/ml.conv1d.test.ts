// The 1-D conv layer (src/ml/conv1d.ts): its gradient against central finite differences for
// every activation, several channel counts, widths (1 … L), heads and losses, with and without
// L2; a filter as wide as the signal is exactly a dense layer (the same doubles as MlpLoss); the
// layout's sizes; bad shapes refused.
import { describe, expect, test } from 'vitest';
import { Rng } from '../src/rng.js';
import { Conv1dLoss, Conv1dShape, type Conv1dSpec } from '../src/ml/conv1d.js';
import { MlpLoss, MlpShape, batchFromRows, type HiddenActivation, type LossKind } from '../src/ml/mlp.js';
import { mlTestFunction } from '../src/ml/problem.js';

function data(rng: Rng, count: number, inputDim: number, loss: LossKind, K: number) {
  const rows = Float64Array.from({ length: count * inputDim }, () => rng.normal());
  const targets = Float64Array.from({ length: loss === 'softmax-ce' ? count : count * K }, () => (loss === 'softmax-ce' ? rng.int(K) : loss === 'mse' ? rng.normal() : rng.int(2)));
  return batchFromRows(rows, targets, inputDim);
}

function gradcheck(spec: Conv1dSpec, head: number[], loss: LossKind, headActs: HiddenActivation[], l2: number, count: number, seed: number) {
  const rng = new Rng(seed);
  const shape = new Conv1dShape(spec, head);
  const batch = data(rng, count, shape.inputDim, loss, head[head.length - 1]);
  const model = new Conv1dLoss(shape, count + 3, loss, l2, headActs);
  const x = shape.glorotInit(rng);
  // Biases away from 0 (relu's kink), the rest a little off Glorot so no weight is exactly 0.
  for (let f = 0; f < spec.filters; f++) x[shape.convWeights + f] = 0.3 + 0.1 * rng.normal();
  for (let i = 0; i < x.length; i++) x[i] += 0.01 * rng.normal();
  const g = new Float64Array(shape.paramCount);
  const f0 = model.evaluate(x, batch, g);
  expect(Number.isFinite(f0)).toBe(true);
  // evaluate without a gradient gives the same loss, and a second call the same gradient
  expect(model.evaluate(x, batch, null)).toBe(f0);
  const g2 = new Float64Array(shape.paramCount);
  model.evaluate(x, batch, g2);
  expect(Array.from(g2)).toEqual(Array.from(g));
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
  // the conv weights' gradient is not trivially 0
  expect(g.subarray(0, shape.convWeights).some((v) => Math.abs(v) > 1e-6)).toBe(true);
}

describe('conv1d gradients vs finite differences', () => {
  test('1 channel × 16, 4 filters of 5, tanh, logistic head, bce-logits', () => gradcheck({ channels: 1, length: 16, filters: 4, width: 5, activation: 'tanh' }, [4, 1], 'bce-logits', [], 0, 13, 1));
  test('2 channels × 12, 3 filters of 3, relu, head [3, 5, 1] tanh, mse, L2', () => gradcheck({ channels: 2, length: 12, filters: 3, width: 3, activation: 'relu' }, [3, 5, 1], 'mse', ['tanh'], 1e-2, 9, 2));
  test('3 channels × 7, 5 filters of 7 (T = 1), identity, softmax head [5, 4, 3] relu, L2', () => gradcheck({ channels: 3, length: 7, filters: 5, width: 7, activation: 'identity' }, [5, 4, 3], 'softmax-ce', ['relu'], 1e-3, 6, 3));
  test('1 channel × 9, 2 filters of 1, tanh, head [2, 3, 3, 2] mse', () => gradcheck({ channels: 1, length: 9, filters: 2, width: 1, activation: 'tanh' }, [2, 3, 3, 2], 'mse', ['identity', 'tanh'], 0, 1, 4));
  test('2 channels × 32, 8 filters of 5, tanh, head [8, 8, 1], bce-logits, 64 points (the generated task size)', () => gradcheck({ channels: 2, length: 32, filters: 8, width: 5, activation: 'tanh' }, [8, 8, 1], 'bce-logits', ['tanh'], 1e-4, 64, 5));
});

describe('conv1d structure', () => {
  test('a filter as wide as the signal (T = 1) is a dense layer: the same doubles as MlpLoss [C·L, F, …]', () => {
    for (const act of ['tanh', 'relu', 'identity'] as const) {
      const rng = new Rng(7);
      const spec: Conv1dSpec = { channels: 2, length: 5, filters: 3, width: 5, activation: act };
      const conv = new Conv1dShape(spec, [3, 4, 1]);
      const dense = new MlpShape([10, 3, 4, 1]);
      expect(conv.paramCount).toBe(dense.paramCount);
      const batch = data(rng, 11, 10, 'bce-logits', 1);
      const x = conv.glorotInit(rng);
      for (let f = 0; f < 3; f++) x[conv.convWeights + f] = 0.2 * rng.normal();
      // conv layout [W (F·C·k), b (F), head] = dense layout [W₀ (F × C·L), b₀ (F), rest]
      const gc = new Float64Array(x.length);
      const gd = new Float64Array(x.length);
      const fc = new Conv1dLoss(conv, 11, 'bce-logits', 1e-3, ['tanh']).evaluate(x, batch, gc);
      const fdense = new MlpLoss(dense, 11, 'bce-logits', 1e-3, [act, 'tanh']).evaluate(x, batch, gd);
      // The L2 sums differ only in grouping (head then conv vs one sum): compare without L2 bit for bit.
      expect(Math.abs(fc - fdense)).toBeLessThan(1e-14 * Math.abs(fdense));
      const gc0 = new Float64Array(x.length);
      const gd0 = new Float64Array(x.length);
      expect(new Conv1dLoss(conv, 11, 'bce-logits', 0, ['tanh']).evaluate(x, batch, gc0)).toBe(new MlpLoss(dense, 11, 'bce-logits', 0, [act, 'tanh']).evaluate(x, batch, gd0));
      expect(Array.from(gc0)).toEqual(Array.from(gd0));
    }
  });

  test('sizes and layout: F·C·k weights, F biases, then the head; Glorot limits from fan-in C·k and fan-out F·k', () => {
    const s = new Conv1dShape({ channels: 2, length: 32, filters: 8, width: 5, activation: 'tanh' }, [8, 16, 1]);
    expect(s.positions).toBe(28);
    expect(s.inputDim).toBe(64);
    expect(s.convWeights).toBe(80);
    expect(s.convCount).toBe(88);
    expect(s.paramCount).toBe(88 + 8 * 16 + 16 + 17);
    const x = s.glorotInit(new Rng(1));
    const limit = Math.sqrt(6 / (10 + 40));
    for (let j = 0; j < 80; j++) expect(Math.abs(x[j])).toBeLessThanOrEqual(limit);
    expect(x.subarray(80, 88).every((v) => v === 0)).toBe(true);
  });

  test('pooling averages: shifting a lone spike inside the signal leaves the loss unchanged', () => {
    const shape = new Conv1dShape({ channels: 1, length: 12, filters: 3, width: 3, activation: 'tanh' }, [3, 1]);
    const model = new Conv1dLoss(shape, 1, 'mse');
    const x = shape.glorotInit(new Rng(3));
    const spikeAt = (i: number) => batchFromRows(Float64Array.from({ length: 12 }, (_, t) => (t === i ? 1.5 : 0)), Float64Array.of(0.5), 12);
    // a spike at 4 or 7 is seen by all three taps of every filter (positions 2…4 or 5…7)
    expect(model.evaluate(x, spikeAt(4), null)).toBeCloseTo(model.evaluate(x, spikeAt(7), null), 14);
    expect(model.evaluate(x, spikeAt(0), null)).not.toBeCloseTo(model.evaluate(x, spikeAt(7), null), 6);
  });

  test('an ML test function with a conv layer runs the conv loss', () => {
    const rng = new Rng(5);
    const conv: Conv1dSpec = { channels: 1, length: 10, filters: 2, width: 3, activation: 'tanh' };
    const batch = data(rng, 6, 10, 'bce-logits', 1);
    const fn = mlTestFunction('conv', { sizes: [2, 1], activations: [], loss: 'bce-logits', l2: 0, batch, conv });
    const shape = new Conv1dShape(conv, [2, 1]);
    expect(fn.defaultDims).toBe(shape.paramCount);
    const x = shape.glorotInit(rng);
    expect(fn.f(x)).toBe(new Conv1dLoss(shape, 6, 'bce-logits').evaluate(x, batch, null));
  });

  test('bad shapes are refused with the reason', () => {
    const ok: Conv1dSpec = { channels: 1, length: 8, filters: 2, width: 3, activation: 'tanh' };
    expect(() => new Conv1dShape({ ...ok, width: 9 }, [2, 1])).toThrow(/width 9 is longer than the signal \(8 samples\)/);
    expect(() => new Conv1dShape({ ...ok, filters: 0 }, [0, 1])).toThrow(/filters must be a positive integer/);
    expect(() => new Conv1dShape(ok, [3, 1])).toThrow(/head's input size 3 is not the 2 conv filters/);
    expect(() => new Conv1dShape({ ...ok, activation: 'gelu' as never }, [2, 1])).toThrow(/unknown conv1d activation 'gelu'/);
  });
});
