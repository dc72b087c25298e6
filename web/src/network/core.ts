// The demo's real network, without the DOM (the e2e test runs it in Node too): a TF-Playground-
// like 2-D classification — a seeded dataset, an MLP 2→16→16→1 (tanh, sigmoid output) with seeded
// initial weights, and one model per optimizer (o1 and Adam) from the same weights, trained
// full-batch with tfjs-layers' trainOnBatch on TF.js's cpu backend (plain JS: the same numbers in
// every browser and in Node). o1 is O1Optimizer from o1/tfjs, stepping on the page's .wasm.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { O1Optimizer } from '../../../src/tfjs/stepOptimizer.js';
import type { O1Model } from '../../../src/o1/o1.js';
import type { O1WasmExports } from '../../../src/engine/loadWasm.js';
import { Rng } from '../../../src/rng.js';

export const NETWORK_DATASETS = ['spirals', 'circle', 'xor'] as const;
export type NetworkDataset = (typeof NETWORK_DATASETS)[number];

export interface Points {
  /** count × 2, row-major, in [-1, 1]². */
  xs: Float32Array;
  /** 0 or 1 per point. */
  ys: Float32Array;
  count: number;
}

/** `count` labelled points of a dataset, from `seed`. */
export function networkDataset(name: NetworkDataset, count: number, seed: number): Points {
  const r = new Rng(seed);
  const xs = new Float32Array(2 * count);
  const ys = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    let x: number;
    let y: number;
    let c: number;
    if (name === 'spirals') {
      c = i % 2;
      const t = r.uniform();
      const a = 2.5 * Math.PI * t + c * Math.PI;
      x = (0.1 + 0.8 * t) * Math.cos(a) + 0.05 * r.normal();
      y = (0.1 + 0.8 * t) * Math.sin(a) + 0.05 * r.normal();
    } else if (name === 'circle') {
      c = i % 2;
      const a = 2 * Math.PI * r.uniform();
      const rad = c === 0 ? 0.45 * Math.sqrt(r.uniform()) : 0.6 + 0.3 * r.uniform();
      x = rad * Math.cos(a);
      y = rad * Math.sin(a);
    } else {
      x = r.range(-0.95, 0.95);
      y = r.range(-0.95, 0.95);
      c = x * y > 0 ? 1 : 0;
    }
    xs[2 * i] = x;
    xs[2 * i + 1] = y;
    ys[i] = c;
  }
  return { xs, ys, count };
}

/** The MLP with every initialiser seeded: the same seed, the same initial weights. */
export function networkModel(seed: number): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ units: 16, activation: 'tanh', inputShape: [2], kernelInitializer: tfl.initializers.glorotUniform({ seed }) }));
  m.add(tfl.layers.dense({ units: 16, activation: 'tanh', kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }));
  m.add(tfl.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 2 }) }));
  return m;
}

export interface NetworkSetup {
  dataset: NetworkDataset;
  seed: number;
  /** Adam's lr (TF.js's tf.train.adam). */
  adamLr: number;
  o1Model: O1Model;
  /** The page's WASM kernels (o1 steps on them); undefined: the TS reference. */
  kernels?: O1WasmExports;
}

export interface NetworkRun {
  name: 'o1' | 'adam';
  label: string;
  model: tfl.LayersModel;
  losses: number[];
}

export const TRAIN_POINTS = 200;

/** Both runs from the same initial weights, and the training tensors. */
export async function createNetworkRuns(s: NetworkSetup): Promise<{ runs: NetworkRun[]; x: tf.Tensor2D; y: tf.Tensor2D; points: Points }> {
  await tf.setBackend('cpu');
  await tf.ready();
  const points = networkDataset(s.dataset, TRAIN_POINTS, s.seed);
  const x = tf.tensor2d(points.xs, [points.count, 2]);
  const y = tf.tensor2d(points.ys, [points.count, 1]);
  const o1 = networkModel(s.seed);
  o1.compile({ optimizer: new O1Optimizer({ model: s.o1Model, kernels: s.kernels, engine: s.kernels ? 'wasm' : 'ts' }), loss: 'binaryCrossentropy' });
  const adam = networkModel(s.seed);
  adam.compile({ optimizer: tf.train.adam(s.adamLr), loss: 'binaryCrossentropy' });
  return {
    runs: [
      { name: 'o1', label: 'o1', model: o1, losses: [] },
      { name: 'adam', label: `Adam lr=${s.adamLr}`, model: adam, losses: [] },
    ],
    x,
    y,
    points,
  };
}

/** One full-batch step of every run; appends each run's loss (before its step). */
export async function stepNetworkRuns(runs: NetworkRun[], x: tf.Tensor, y: tf.Tensor): Promise<void> {
  for (const r of runs) {
    const l = (await r.model.trainOnBatch(x, y)) as number;
    r.losses.push(l);
  }
}

/** The predicted probability of class 1 on a g × g grid over [-1, 1]² (row 0 at y = 1). */
export function predictGrid(model: tfl.LayersModel, g: number): Float32Array {
  return tf.tidy(() => {
    const pts = new Float32Array(2 * g * g);
    for (let i = 0; i < g; i++) {
      for (let j = 0; j < g; j++) {
        pts[2 * (i * g + j)] = -1 + (2 * (j + 0.5)) / g;
        pts[2 * (i * g + j) + 1] = 1 - (2 * (i + 0.5)) / g;
      }
    }
    return (model.predict(tf.tensor2d(pts, [g * g, 2])) as tf.Tensor).dataSync() as Float32Array;
  });
}

/** Trains both runs for `steps` steps headless; returns each run's losses (for the e2e test). */
export async function trainNetworkHeadless(s: NetworkSetup, steps: number): Promise<Record<string, number[]>> {
  const { runs, x, y } = await createNetworkRuns(s);
  for (let t = 0; t < steps; t++) await stepNetworkRuns(runs, x, y);
  const out = Object.fromEntries(runs.map((r) => [r.name, r.losses]));
  runs.forEach((r) => r.model.dispose());
  tf.dispose([x, y]);
  return out;
}
