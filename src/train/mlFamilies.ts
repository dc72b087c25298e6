// Generated ML training tasks for meta-training: real training losses (logistic regression and
// small tanh MLPs, classification and regression) on datasets drawn from families that the
// benchmark does NOT evaluate. The benchmark's ML suite uses two moons, two spirals, a noisy sine
// and one 20-feature blob problem, plus real datasets; none of those is generated here (the blob
// family here has 3–10 features and other scales, and its draws come from training seeds only).
//
// The conv families (`--conv-tasks`, convData.ts) are 1-D signals under a conv layer
// (src/ml/conv1d.ts) and a small dense head: weight sharing, which no MLP family has.
//
// A task is plain data (MlTrainSpec, structured-cloneable across workers); mlTrainObjective()
// rebuilds its dataset and loss from it, deterministically.
import { Rng, deriveSeed } from '../rng.js';
import { gaussianBlobs, type Dataset } from '../ml/datasets.js';
import { MlpShape, batchFromRows, type LossKind } from '../ml/mlp.js';
import { Conv1dShape, type Conv1dSpec } from '../ml/conv1d.js';
import type { TestFunction } from '../functions/types.js';
import type { Objective } from '../run/objective.js';
import { type MlModelLoss, type MlProblem, mlActivations, mlModelLoss, mlTestFunction } from '../ml/problem.js';
import { CONV_SIGNAL_LENGTH, motifSignals, toneSignals } from './convData.js';

export type MlFamily = 'teacher-classification' | 'teacher-regression' | 'checkerboard' | 'blobs' | 'bars' | ConvFamily;
/** The MLP families drawn by drawMlTrainSpec (`--ml-tasks`). */
export const ML_FAMILIES: readonly MlFamily[] = ['teacher-classification', 'teacher-regression', 'checkerboard', 'blobs', 'bars'];
export type ConvFamily = 'motif' | 'tone';
/** The conv families drawn by drawConvTrainSpec (`--conv-tasks`). */
export const CONV_FAMILIES: readonly ConvFamily[] = ['motif', 'tone'];

export interface MlTrainSpec {
  family: MlFamily;
  inputDim: number;
  /** Hidden layer widths of the trained model ([] = logistic / linear regression). */
  hidden: number[];
  nTrain: number;
  l2: number;
  dataSeed: number;
  /** The conv layer of a conv task (then inputDim = channels·length and `hidden` is the head's). */
  conv?: Conv1dSpec;
  /** Mini-batch size (absent: full batch): the runs take each step's gradient on this many of the
   *  task's points (src/train/miniBatch.ts). */
  batchSize?: number;
}

/** Points of every generated ML task. */
export const ML_TRAIN_POINTS = 64;

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];

/** One task of the family distribution, drawn from `rng`. */
/** The model sizes drawn: hidden widths and the most hidden layers (the default: 4, 8, 12 wide,
 *  0–2 layers; `o1 train --ml-widths 16,32,64 --ml-depth 3` draws deeper, wider MLPs). */
export interface MlSizeOptions {
  widths: readonly number[];
  maxDepth: number;
}
export const DEFAULT_ML_SIZES: MlSizeOptions = Object.freeze({ widths: Object.freeze([4, 8, 12]), maxDepth: 2 });

export function drawMlTrainSpec(rng: Rng, sizes: MlSizeOptions = DEFAULT_ML_SIZES): MlTrainSpec {
  const family = pick(rng, ML_FAMILIES);
  const depth = rng.int(sizes.maxDepth + 1); // 0 … maxDepth hidden layers
  const width = pick(rng, sizes.widths);
  const inputDim = family === 'checkerboard' ? 2 : family === 'bars' ? 16 : 2 + rng.int(7);
  const hidden = family === 'checkerboard' ? [width, width].slice(0, Math.max(depth, 1)) : Array.from({ length: depth }, () => width);
  return { family, inputDim, hidden, nTrain: ML_TRAIN_POINTS, l2: rng.int(2) === 0 ? 0 : 1e-4, dataSeed: rng.int(2 ** 31) };
}

/** One conv task (CONV_FAMILIES), drawn from `rng`: C = 1–2 channels of 32 samples, 4 or 8 relu
 *  filters of width 3, 5 or 7, a head with 0 or 1 tanh hidden layer of 8, 64 points; 21–201
 *  parameters. relu, as convnets are trained, and half the kernel time of tanh filters (measured:
 *  64 against 137 CPU ms per 1000 steps per start, docs/TRAINING.md "Conv and wide-MLP tasks"). */
export function drawConvTrainSpec(rng: Rng): MlTrainSpec {
  const family = pick(rng, CONV_FAMILIES);
  const channels = 1 + rng.int(2);
  const filters = pick(rng, [4, 8]);
  const width = pick(rng, [3, 5, 7]);
  const hidden = rng.int(2) === 0 ? [] : [8];
  const conv: Conv1dSpec = { channels, length: CONV_SIGNAL_LENGTH, filters, width, activation: 'relu' };
  return { family, inputDim: channels * CONV_SIGNAL_LENGTH, hidden, nTrain: ML_TRAIN_POINTS, l2: rng.int(2) === 0 ? 0 : 1e-4, dataSeed: rng.int(2 ** 31), conv };
}

function teacherData(spec: MlTrainSpec, regression: boolean, rng: Rng): Dataset {
  const d = spec.inputDim;
  const n = spec.nTrain;
  const H = 8;
  // Per-feature scales (log-uniform in [1/3, 3]) make the loss anisotropic, as raw features are.
  const scale = Array.from({ length: d }, () => Math.exp(rng.range(-1.1, 1.1)));
  const w1 = Array.from({ length: H * d }, () => rng.normal() / Math.sqrt(d));
  const w2 = Array.from({ length: H }, () => rng.normal());
  const inputs = new Float64Array(n * d);
  const targets = new Float64Array(n);
  const raw = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    let out = 0;
    for (let h = 0; h < H; h++) {
      let a = 0;
      for (let k = 0; k < d; k++) {
        const z = rng.normal();
        if (h === 0) inputs[p * d + k] = z * scale[k];
        a += w1[h * d + k] * inputs[p * d + k];
      }
      out += w2[h] * Math.tanh(a);
    }
    raw[p] = out;
  }
  let mean = 0;
  for (let p = 0; p < n; p++) mean += raw[p] / n;
  let sd = 0;
  for (let p = 0; p < n; p++) sd += (raw[p] - mean) ** 2 / n;
  sd = Math.sqrt(sd) || 1;
  for (let p = 0; p < n; p++) {
    const y = (raw[p] - mean) / sd;
    // Classification: the teacher's sign, 5% of labels flipped; regression: standardised + noise.
    targets[p] = regression ? y + 0.1 * rng.normal() : (y > 0) !== (rng.range(0, 1) < 0.05) ? 1 : 0;
  }
  return { inputDim: d, count: n, inputs, targets };
}

function checkerboardData(spec: MlTrainSpec, rng: Rng): Dataset {
  const n = spec.nTrain;
  const cells = 2 + rng.int(2);
  const inputs = new Float64Array(n * 2);
  const targets = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    const a = rng.range(-2, 2);
    const b = rng.range(-2, 2);
    inputs[2 * p] = a;
    inputs[2 * p + 1] = b;
    const ca = Math.floor(((a + 2) / 4) * cells);
    const cb = Math.floor(((b + 2) / 4) * cells);
    targets[p] = (ca + cb) % 2;
  }
  return { inputDim: 2, count: n, inputs, targets };
}

// 4×4 "images": a horizontal (class 0) or vertical (class 1) bar at a random row/column, plus noise.
function barsData(spec: MlTrainSpec, rng: Rng): Dataset {
  const n = spec.nTrain;
  const noise = rng.range(0.2, 0.6);
  const inputs = new Float64Array(n * 16);
  const targets = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    const vertical = p % 2;
    const at = rng.int(4);
    for (let r = 0; r < 4; r++)
      for (let c = 0; c < 4; c++) inputs[p * 16 + r * 4 + c] = ((vertical ? c === at : r === at) ? 1 : 0) + noise * rng.normal();
    targets[p] = vertical;
  }
  return { inputDim: 16, count: n, inputs, targets };
}

export function mlTrainData(spec: MlTrainSpec): Dataset {
  const rng = new Rng(deriveSeed(spec.dataSeed, 'ml-train-data'));
  switch (spec.family) {
    case 'teacher-classification':
      return teacherData(spec, false, rng);
    case 'teacher-regression':
      return teacherData(spec, true, rng);
    case 'checkerboard':
      return checkerboardData(spec, rng);
    case 'bars':
      return barsData(spec, rng);
    case 'motif':
      return motifSignals(spec.nTrain, spec.conv!.channels, spec.conv!.length, rng);
    case 'tone':
      return toneSignals(spec.nTrain, spec.conv!.channels, spec.conv!.length, rng);
    case 'blobs':
      return gaussianBlobs(
        spec.nTrain,
        { dim: spec.inputDim, separation: rng.range(2, 4), labelNoise: 0.05, featureSpread: rng.range(1, 10), commonFactor: rng.range(0, 5) },
        rng,
      );
  }
}

export const mlTrainLoss = (spec: MlTrainSpec): LossKind => (spec.family === 'teacher-regression' || spec.family === 'tone' ? 'mse' : 'bce-logits');
/** The dense layers' sizes: the MLP's, or a conv task's head (its input the filters). */
const denseSizes = (spec: MlTrainSpec) => [spec.conv ? spec.conv.filters : spec.inputDim, ...spec.hidden, 1];
export const mlTrainShape = (spec: MlTrainSpec): MlpShape | Conv1dShape => (spec.conv ? new Conv1dShape(spec.conv, denseSizes(spec)) : new MlpShape(denseSizes(spec)));
export const mlTrainLabel = (spec: MlTrainSpec) =>
  `ml:${spec.family}[${spec.conv ? `conv ${spec.conv.channels}x${spec.conv.length} ${spec.conv.filters}@${spec.conv.width} | ` : ''}${denseSizes(spec).join('-')}]${spec.batchSize ? ` batch ${spec.batchSize}` : ''}`;

/** The task's model loss (MLP or conv) for batches of up to maxBatch points. */
export const mlTrainModel = (spec: MlTrainSpec, maxBatch: number): MlModelLoss => {
  const sizes = denseSizes(spec);
  return mlModelLoss({ sizes, activations: mlActivations(sizes, 'tanh'), loss: mlTrainLoss(spec), l2: spec.l2, conv: spec.conv }, maxBatch);
};

/** The task's full-batch training loss over the flat parameter vector. */
export function mlTrainObjective(spec: MlTrainSpec): Objective {
  const shape = mlTrainShape(spec);
  const data = mlTrainData(spec);
  const loss = mlTrainModel(spec, data.count);
  const batch = batchFromRows(data.inputs, data.targets, data.inputDim);
  const n = shape.paramCount;
  const buf = new Float64Array(n);
  const asParams = (x: ArrayLike<number>): Float64Array => {
    if (x instanceof Float64Array) return x;
    for (let i = 0; i < n; i++) buf[i] = x[i];
    return buf;
  };
  return {
    name: mlTrainLabel(spec),
    n,
    fmin: 0,
    f: (x) => loss.evaluate(asParams(x), batch, null),
    valueAndGrad: (x, g) => loss.evaluate(asParams(x), batch, g as Float64Array),
  };
}

/** The task as plain data (src/ml/problem.ts): what the ML kernel runs. */
export function mlTrainProblem(spec: MlTrainSpec): MlProblem {
  const data = mlTrainData(spec);
  const sizes = denseSizes(spec);
  const problem: MlProblem = { sizes, activations: mlActivations(sizes, 'tanh'), loss: mlTrainLoss(spec), l2: spec.l2, batch: batchFromRows(data.inputs, data.targets, data.inputDim) };
  return spec.conv ? { ...problem, conv: spec.conv } : problem;
}

/** The task's full-batch training loss as a test function: the WASM engine runs it in the ML
 *  kernel (assembly/ml/mlp.ts), the TS engine through MlpLoss — the same doubles as
 *  mlTrainObjective's. */
export const mlTrainFunction = (spec: MlTrainSpec): TestFunction => mlTestFunction(mlTrainLabel(spec), mlTrainProblem(spec));

/** `count` Glorot-initialised starting points, run-major. */
export function mlTrainStarts(spec: MlTrainSpec, count: number, rng: Rng): number[] {
  const shape = mlTrainShape(spec);
  const out: number[] = [];
  for (let r = 0; r < count; r++) out.push(...shape.glorotInit(rng));
  return out;
}
