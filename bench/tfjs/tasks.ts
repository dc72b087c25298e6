// The TF.js benchmark's two tasks, generated from a seed (no download): two interleaved spirals
// for an MLP, and 8×8 images of four stroke orientations for a small convnet. Each split
// (train / validation / test) is drawn from its own seed.
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../src/rng.js';
// the spirals data and MLP are the nets suite's (same bytes); the strokes images are drawn alike
// but kept as [8, 8, 1] images for a real conv2d (the nets suite feeds 3×3 patches to a dense layer)
import { drawStroke, spirals, spiralsMlp } from '../../src/bench/netsTasks.js';

export interface Split {
  x: tf.Tensor;
  y: tf.Tensor;
  count: number;
}

export interface TfjsTask {
  name: string;
  description: string;
  loss: 'binaryCrossentropy' | 'categoricalCrossentropy';
  /** Steps of one training run (mini-batches of `batch`). */
  steps: number;
  batch: number;
  /** Training-loss level that "steps to target" counts to: a round number fixed before the
   *  measurements (docs/TFJS.md). */
  target: number;
  data(split: 'train' | 'val' | 'test', count: number, seed: number): Split;
  /** The model with every initialiser seeded by `seed`: same seed, same initial weights. */
  model(seed: number): tf.LayersModel;
}

const glorot = (seed: number) => tf.initializers.glorotUniform({ seed });

/** 8×8 images: a stroke of length 5 (horizontal, vertical, diagonal or anti-diagonal, the
 *  class) at a random place, intensity 1, plus Gaussian noise σ = 0.35. */
function strokes(count: number, seed: number): Split {
  const r = new Rng(seed);
  const S = 8;
  const xs = new Float32Array(count * S * S);
  const ys = new Float32Array(count * 4);
  for (let k = 0; k < count; k++) {
    const c = k % 4;
    drawStroke(r, c, xs, k * S * S);
    ys[k * 4 + c] = 1;
  }
  return { x: tf.tensor4d(xs, [count, S, S, 1]), y: tf.tensor2d(ys, [count, 4]), count };
}

export const TFJS_TASKS: TfjsTask[] = [
  {
    name: 'spirals-mlp',
    description: 'two spirals (2-D points, one turn each, 2 classes), MLP 2→32→32→1, tanh, sigmoid output',
    loss: 'binaryCrossentropy',
    steps: 500,
    batch: 32,
    target: 0.3,
    data: (_split, count, seed) => spirals(count, seed),
    model: spiralsMlp,
  },
  {
    name: 'strokes-convnet',
    description: '8×8 noisy images of a stroke in one of 4 orientations, conv 3×3×8 relu → maxpool 2 → dense 4 softmax',
    loss: 'categoricalCrossentropy',
    steps: 250,
    batch: 32,
    target: 0.3,
    data: (_split, count, seed) => strokes(count, seed),
    model(seed) {
      const m = tf.sequential();
      m.add(tf.layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu', inputShape: [8, 8, 1], kernelInitializer: glorot(seed) }));
      m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
      m.add(tf.layers.flatten());
      m.add(tf.layers.dense({ units: 4, activation: 'softmax', kernelInitializer: glorot(seed + 1) }));
      return m;
    },
  },
];
