// The nets suite's tasks (`o1 bench --suite nets`): small networks of the kinds people train,
// in tfjs-layers, on data generated from a seed (nothing downloaded). Each run of a task draws its
// own training and test sets, initial weights and mini-batch order from its seed, so a run is a
// pure function of (task, optimizer, seed, steps).
//   strokes-convnet — 8×8 noisy images of a stroke in 4 orientations; conv 3×3×8 → pool → dense
//   spirals-mlp     — two spirals, MLP 2→32→32→1 (tanh)
//   teacher-mlp     — 16-D Gaussian inputs labelled by a random teacher net (3 classes), MLP 16→32→32→3 (relu)
//   adding-rnn      — the adding problem (Hochreiter & Schmidhuber 1997), length 10: SimpleRNN 16 → dense 1
//   blobs-autoencoder — 8×8 images of a Gaussian blob, autoencoder 64→32→6→32→64
// This module imports @tensorflow/tfjs: only the nets suite loads it, lazily (an optional peer).
import * as tf from '@tensorflow/tfjs';
import { Rng, deriveSeed } from '../rng.js';

export interface NetsSplit {
  x: tf.Tensor;
  y: tf.Tensor;
  count: number;
}

export type NetsBackend = 'cpu' | 'wasm';

export interface NetsTask {
  name: string;
  description: string;
  loss: 'binaryCrossentropy' | 'categoricalCrossentropy' | 'meanSquaredError';
  /** What the test metric is: accuracy (classification) or the loss on the test set. */
  testMetric: 'accuracy' | 'loss';
  batch: number;
  /** The backend it runs on (wasm where TF.js 4.22's wasm backend has every kernel it needs and
   *  was measured faster; docs/BENCHMARK.md "nets"). */
  backend: NetsBackend;
  /** A run's training and test sets, from its seed (independent streams). */
  splits(seed: number): { train: NetsSplit; test: NetsSplit };
  /** The model, every initialiser seeded from `seed`. */
  model(seed: number): tf.LayersModel;
}

/** Training and test set sizes of every task. */
export const NETS_TRAIN = 1024;
export const NETS_TEST = 1024;

function twoSplits(gen: (count: number, seed: number) => NetsSplit, seed: number): { train: NetsSplit; test: NetsSplit } {
  return { train: gen(NETS_TRAIN, deriveSeed(seed, 'train')), test: gen(NETS_TEST, deriveSeed(seed, 'test')) };
}

const glorot = (seed: number) => tf.initializers.glorotUniform({ seed });

/** Two spirals, one turn each, Gaussian noise σ = 0.05 (radius ≤ 1). (bench/tfjs uses it too.) */
export function spirals(count: number, seed: number): NetsSplit {
  const r = new Rng(seed);
  const xs = new Float32Array(count * 2);
  const ys = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const c = i % 2;
    const t = r.uniform();
    const angle = 2 * Math.PI * t + c * Math.PI;
    const rad = 0.1 + 0.9 * t;
    xs[2 * i] = rad * Math.cos(angle) + 0.05 * r.normal();
    xs[2 * i + 1] = rad * Math.sin(angle) + 0.05 * r.normal();
    ys[i] = c;
  }
  return { x: tf.tensor2d(xs, [count, 2]), y: tf.tensor2d(ys, [count, 1]), count };
}

const STROKE_SIZE = 8;
const STROKE_LENGTH = 5;

/** Draws one 8×8 stroke image of class c (0 horizontal, 1 vertical, 2 diagonal, 3
 *  anti-diagonal) into out[base … base + 64): Gaussian noise σ = 0.35, then a stroke of length 5
 *  at a random place, intensity 1. (bench/tfjs's strokes task draws its images with it too.) */
export function drawStroke(r: Rng, c: number, out: Float32Array, base: number): void {
  const S = STROKE_SIZE;
  const L = STROKE_LENGTH;
  const [di, dj] = [[0, 1], [1, 0], [1, 1], [1, -1]][c];
  const i0 = r.int(S - (di ? L - 1 : 0));
  const j0 = dj < 0 ? L - 1 + r.int(S - L + 1) : r.int(S - (dj ? L - 1 : 0));
  for (let p = 0; p < S * S; p++) out[base + p] = 0.35 * r.normal();
  for (let s = 0; s < L; s++) out[base + (i0 + s * di) * S + (j0 + s * dj)] += 1;
}

/** 8×8 images: a stroke of length 5 (horizontal, vertical, diagonal or anti-diagonal: the
 *  class) at a random place, intensity 1, plus Gaussian noise σ = 0.35 — given to the network as
 *  its 6×6 patches of 3×3 pixels (im2col), shape [36, 9]: a dense layer over that last axis is
 *  a 3×3 convolution (valid padding, stride 1), the same weights at every position. TF.js 4.22's
 *  wasm backend has no Conv2DBackpropFilter kernel; this form trains the same convolution on it. */
function strokes(count: number, seed: number): NetsSplit {
  const r = new Rng(seed);
  const S = STROKE_SIZE;
  const P = S - 2;
  const img = new Float32Array(S * S);
  const xs = new Float32Array(count * P * P * 9);
  const ys = new Float32Array(count * 4);
  for (let k = 0; k < count; k++) {
    const c = k % 4;
    drawStroke(r, c, img, 0);
    for (let pi = 0; pi < P; pi++)
      for (let pj = 0; pj < P; pj++)
        for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) xs[((k * P + pi) * P + pj) * 9 + a * 3 + b] = img[(pi + a) * S + pj + b];
    ys[k * 4 + c] = 1;
  }
  return { x: tf.tensor3d(xs, [count, P * P, 9]), y: tf.tensor2d(ys, [count, 4]), count };
}

const TEACHER_IN = 16;
const TEACHER_HIDDEN = 8;
const TEACHER_CLASSES = 3;

/** 16-D standard Gaussian inputs; the class is the argmax of a random tanh teacher net
 *  16→8→3 whose weights come from `seed` (so a run's training and test sets share a teacher:
 *  both are drawn with the same seed's teacher, from different input streams). */
function teacher(count: number, seed: number, inputSeed: number): NetsSplit {
  const t = new Rng(seed);
  const w1 = Array.from({ length: TEACHER_HIDDEN * TEACHER_IN }, () => t.normal() / Math.sqrt(TEACHER_IN) * 2);
  const w2 = Array.from({ length: TEACHER_CLASSES * TEACHER_HIDDEN }, () => t.normal());
  const r = new Rng(inputSeed);
  const xs = new Float32Array(count * TEACHER_IN);
  const ys = new Float32Array(count * TEACHER_CLASSES);
  const h = new Float64Array(TEACHER_HIDDEN);
  for (let k = 0; k < count; k++) {
    for (let i = 0; i < TEACHER_IN; i++) xs[k * TEACHER_IN + i] = r.normal();
    for (let j = 0; j < TEACHER_HIDDEN; j++) {
      let s = 0;
      for (let i = 0; i < TEACHER_IN; i++) s += w1[j * TEACHER_IN + i] * xs[k * TEACHER_IN + i];
      h[j] = Math.tanh(s);
    }
    let best = 0;
    let bestV = -Infinity;
    for (let c = 0; c < TEACHER_CLASSES; c++) {
      let s = 0;
      for (let j = 0; j < TEACHER_HIDDEN; j++) s += w2[c * TEACHER_HIDDEN + j] * h[j];
      if (s > bestV) [best, bestV] = [c, s];
    }
    ys[k * TEACHER_CLASSES + best] = 1;
  }
  return { x: tf.tensor2d(xs, [count, TEACHER_IN]), y: tf.tensor2d(ys, [count, TEACHER_CLASSES]), count };
}

const ADD_LEN = 10;

/** The adding problem: a sequence of ADD_LEN (value ∈ U[0,1], marker) pairs with exactly two
 *  markers, one in each half; the target is the sum of the two marked values. */
function adding(count: number, seed: number): NetsSplit {
  const r = new Rng(seed);
  const xs = new Float32Array(count * ADD_LEN * 2);
  const ys = new Float32Array(count);
  const half = ADD_LEN / 2;
  for (let k = 0; k < count; k++) {
    const a = r.int(half);
    const b = half + r.int(half);
    let sum = 0;
    for (let t = 0; t < ADD_LEN; t++) {
      const v = r.uniform();
      const o = (k * ADD_LEN + t) * 2;
      xs[o] = v;
      if (t === a || t === b) {
        xs[o + 1] = 1;
        sum += v;
      }
    }
    ys[k] = sum;
  }
  return { x: tf.tensor3d(xs, [count, ADD_LEN, 2]), y: tf.tensor2d(ys, [count, 1]), count };
}

const BLOB = 8;

/** 8×8 images of one Gaussian blob, centre uniform in the image, width σ ∈ [0.8, 2], peak 1. */
function blobs(count: number, seed: number): NetsSplit {
  const r = new Rng(seed);
  const xs = new Float32Array(count * BLOB * BLOB);
  for (let k = 0; k < count; k++) {
    const ci = r.range(0, BLOB - 1);
    const cj = r.range(0, BLOB - 1);
    const s = r.range(0.8, 2);
    for (let i = 0; i < BLOB; i++) for (let j = 0; j < BLOB; j++) xs[k * BLOB * BLOB + i * BLOB + j] = Math.exp(-((i - ci) ** 2 + (j - cj) ** 2) / (2 * s * s));
  }
  const x = tf.tensor2d(xs, [count, BLOB * BLOB]);
  return { x, y: x.clone(), count };
}

/** The spirals MLP 2→32→32→1, tanh, sigmoid output, initialisers seeded from `seed`. (bench/tfjs uses it too.) */
export function spiralsMlp(seed: number): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.dense({ units: 32, activation: 'tanh', inputShape: [2], kernelInitializer: glorot(seed) }));
  m.add(tf.layers.dense({ units: 32, activation: 'tanh', kernelInitializer: glorot(seed + 1) }));
  m.add(tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: glorot(seed + 2) }));
  return m;
}

export const NETS_TASKS: readonly NetsTask[] = [
  {
    name: 'strokes-convnet',
    description: '8×8 noisy images of a stroke in 4 orientations; conv 3×3×8 relu (as 3×3 patches × a shared dense layer) → max-pool 2 → dense 4 softmax',
    loss: 'categoricalCrossentropy',
    testMetric: 'accuracy',
    batch: 32,
    backend: 'wasm',
    splits: (seed) => twoSplits(strokes, seed),
    model(seed) {
      const m = tf.sequential();
      // conv 3×3×8 as one dense layer shared by the 36 patches (see strokes()), initialised as
      // conv2d's glorot-uniform would be (fan-in 3·3·1, fan-out 3·3·8: limit √(6/81))
      const limit = Math.sqrt(6 / 81);
      m.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [36, 9], kernelInitializer: tf.initializers.randomUniform({ minval: -limit, maxval: limit, seed }) }));
      m.add(tf.layers.reshape({ targetShape: [6, 6, 8] }));
      m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
      m.add(tf.layers.flatten());
      m.add(tf.layers.dense({ units: 4, activation: 'softmax', kernelInitializer: glorot(seed + 1) }));
      return m;
    },
  },
  {
    name: 'spirals-mlp',
    description: 'two spirals (2-D points, 2 classes); MLP 2→32→32→1, tanh, sigmoid output',
    loss: 'binaryCrossentropy',
    testMetric: 'accuracy',
    batch: 32,
    backend: 'wasm',
    splits: (seed) => twoSplits(spirals, seed),
    model: spiralsMlp,
  },
  {
    name: 'teacher-mlp',
    description: '16-D Gaussian inputs labelled by a random tanh teacher 16→8→3; MLP 16→32→32→3, relu, softmax',
    loss: 'categoricalCrossentropy',
    testMetric: 'accuracy',
    batch: 32,
    backend: 'wasm',
    splits: (seed) => ({ train: teacher(NETS_TRAIN, seed, deriveSeed(seed, 'train')), test: teacher(NETS_TEST, seed, deriveSeed(seed, 'test')) }),
    model(seed) {
      const m = tf.sequential();
      m.add(tf.layers.dense({ units: 32, activation: 'relu', inputShape: [TEACHER_IN], kernelInitializer: glorot(seed) }));
      m.add(tf.layers.dense({ units: 32, activation: 'relu', kernelInitializer: glorot(seed + 1) }));
      m.add(tf.layers.dense({ units: TEACHER_CLASSES, activation: 'softmax', kernelInitializer: glorot(seed + 2) }));
      return m;
    },
  },
  {
    name: 'adding-rnn',
    // SimpleRNN, not GRU: a GRU step is ~3× the ops, and on the wasm backend a recurrent net's
    // cost is its op count (GRU 16 measured ~20 ms a training step, the rest of the suite 2–4 ms)
    description: `the adding problem, sequences of ${ADD_LEN} (value, marker) pairs, target the sum of the 2 marked values; SimpleRNN 16 units, tanh → dense 1, MSE`,
    loss: 'meanSquaredError',
    testMetric: 'loss',
    batch: 32,
    backend: 'wasm',
    splits: (seed) => twoSplits(adding, seed),
    model(seed) {
      const m = tf.sequential();
      m.add(tf.layers.simpleRNN({ units: 16, inputShape: [ADD_LEN, 2], kernelInitializer: glorot(seed), recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 1 }) }));
      m.add(tf.layers.dense({ units: 1, kernelInitializer: glorot(seed + 2) }));
      return m;
    },
  },
  {
    name: 'blobs-autoencoder',
    description: '8×8 images of a Gaussian blob; autoencoder 64→32→6→32→64, tanh, linear code and output, MSE',
    loss: 'meanSquaredError',
    testMetric: 'loss',
    batch: 32,
    backend: 'wasm',
    splits: (seed) => twoSplits(blobs, seed),
    model(seed) {
      const m = tf.sequential();
      m.add(tf.layers.dense({ units: 32, activation: 'tanh', inputShape: [BLOB * BLOB], kernelInitializer: glorot(seed) }));
      m.add(tf.layers.dense({ units: 6, kernelInitializer: glorot(seed + 1) }));
      m.add(tf.layers.dense({ units: 32, activation: 'tanh', kernelInitializer: glorot(seed + 2) }));
      m.add(tf.layers.dense({ units: BLOB * BLOB, kernelInitializer: glorot(seed + 3) }));
      return m;
    },
  },
];

export function getNetsTask(name: string): NetsTask | undefined {
  return NETS_TASKS.find((t) => t.name === name);
}
