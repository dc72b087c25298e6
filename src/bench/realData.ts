// Held-out ML tasks on REAL data, for evaluation only (`o1 bench --suite real`; training refuses
// them, src/problems/heldout.ts). The data ship in the npm package vega-datasets (3.2.1, BSD-3-Clause
// package) and are read from node_modules at run time — no network:
//   penguins.json — Palmer Archipelago penguins (Gorman, Williams & Fraser 2014; CC0 1.0 via
//                   allisonhorst/palmerpenguins): 344 birds, 4 body measurements and the sex;
//   cars.json     — the StatLib "cars" (Auto MPG) data, distributed in 1982 for educational and
//                   scientific purposes: 406 cars, engine and body figures and the fuel economy.
// An instance (dataSeed) is a seeded 70/30 split of the complete rows; features (and the
// regression target) are standardised with the TRAINING split's mean and deviation, so nothing
// of the held-out rows leaks into training.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '../errors.js';
import type { DataSplit, Dataset } from '../ml/datasets.js';
import { task, type MlTask } from '../ml/tasks.js';
import { Rng, deriveSeed } from '../rng.js';
import { REAL_DATA_PACKAGE } from '../problems/heldout.js';

export { REAL_DATA_FILES, REAL_DATA_PACKAGE } from '../problems/heldout.js';

export const REAL_SUITE = 'real';

/** The package's data folder (its exports hide the files, so go from its main module). */
function dataDir(): string {
  try {
    return join(dirname(dirname(createRequire(import.meta.url).resolve(REAL_DATA_PACKAGE))), 'data');
  } catch {
    throw new InputError(`the real-data suite reads the npm package ${REAL_DATA_PACKAGE}, which is not installed: npm install ${REAL_DATA_PACKAGE}@3.2.1`);
  }
}

const cache = new Map<string, Record<string, unknown>[]>();
function rows(file: string): Record<string, unknown>[] {
  let r = cache.get(file);
  if (!r) cache.set(file, (r = JSON.parse(readFileSync(join(dataDir(), file), 'utf8')) as Record<string, unknown>[]));
  return r;
}

interface Table {
  /** Feature rows (complete rows only) and one target per row. */
  x: number[][];
  y: number[];
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function penguinsSex(): Table {
  const x: number[][] = [];
  const y: number[] = [];
  for (const r of rows('penguins.json')) {
    const f = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'].map((k) => num(r[k]));
    if (f.some((v) => v === undefined) || (r.Sex !== 'MALE' && r.Sex !== 'FEMALE')) continue;
    x.push(f as number[]);
    y.push(r.Sex === 'MALE' ? 1 : 0);
  }
  return { x, y };
}

function carsMpg(): Table {
  const x: number[][] = [];
  const y: number[] = [];
  for (const r of rows('cars.json')) {
    const year = typeof r.Year === 'string' ? Number(r.Year.slice(0, 4)) : NaN;
    const f = [num(r.Cylinders), num(r.Displacement), num(r.Horsepower), num(r.Weight_in_lbs), num(r.Acceleration), Number.isFinite(year) ? year : undefined];
    const mpg = num(r.Miles_per_Gallon);
    if (f.some((v) => v === undefined) || mpg === undefined) continue;
    x.push(f as number[]);
    y.push(mpg);
  }
  return { x, y };
}

/** A seeded 70/30 split, features (and a regression target) standardised with the training rows. */
export function realSplit(table: Table, seed: number, standardiseTarget: boolean): DataSplit {
  const n = table.x.length;
  const order = Array.from({ length: n }, (_, i) => i);
  const rng = new Rng(deriveSeed(seed, 'real-split'));
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const nTrain = Math.round(0.7 * n);
  const d = table.x[0].length;
  const mean = new Float64Array(d + 1);
  const sd = new Float64Array(d + 1);
  const value = (i: number, k: number) => (k < d ? table.x[i][k] : table.y[i]);
  for (let k = 0; k <= d; k++) {
    for (let a = 0; a < nTrain; a++) mean[k] += value(order[a], k) / nTrain;
    for (let a = 0; a < nTrain; a++) sd[k] += (value(order[a], k) - mean[k]) ** 2 / nTrain;
    sd[k] = Math.sqrt(sd[k]) || 1;
  }
  const make = (from: number, to: number): Dataset => {
    const count = to - from;
    const inputs = new Float64Array(count * d);
    const targets = new Float64Array(count);
    for (let a = from; a < to; a++) {
      const i = order[a];
      for (let k = 0; k < d; k++) inputs[(a - from) * d + k] = (table.x[i][k] - mean[k]) / sd[k];
      targets[a - from] = standardiseTarget ? (table.y[i] - mean[d]) / sd[d] : table.y[i];
    }
    return { inputDim: d, count, inputs, targets };
  };
  return { train: make(0, nTrain), test: make(nTrain, n) };
}

const unused = (): Dataset => {
  throw new Error('real-data tasks are split, not generated');
};

// targetLoss / adamLr: Adam's lr sweep (bench/calibrate.ts calibrateTarget over lrGrid(1e-3, 1),
// seeds 0–4, 300/500 steps), the rule of the synthetic tasks (docs/ML.md). Measured: penguins-sex
// lr 0.316, target 0.12; cars-mpg lr 0.1, target 0.093.
export const REAL_TASKS: readonly MlTask[] = [
  task({
    name: 'penguins-sex',
    description: 'MLP 4→8→1 (tanh) telling the sex of Palmer penguins from 4 standardised body measurements (real data, 333 birds)',
    kind: 'classification',
    layers: [4, 8, 1],
    loss: 'bce-logits',
    l2: 1e-4,
    generate: unused,
    nTrain: 0,
    nTest: 0,
    split: (seed) => realSplit(penguinsSex(), seed, false),
    targetLoss: 0.12,
    adamLr: 0.316,
  }),
  task({
    name: 'cars-mpg',
    description: 'MLP 6→8→1 (tanh) regressing the standardised fuel economy of 392 cars (StatLib) from 6 standardised features, MSE',
    kind: 'regression',
    layers: [6, 8, 1],
    loss: 'mse',
    l2: 0,
    generate: unused,
    nTrain: 0,
    nTest: 0,
    split: (seed) => realSplit(carsMpg(), seed, true),
    targetLoss: 0.093,
    adamLr: 0.1,
  }),
];

export function getRealTask(name: string): MlTask | undefined {
  return REAL_TASKS.find((t) => t.name === name.trim().toLowerCase());
}
