// Seeded synthetic datasets for the ML tasks: Gaussian blobs (logistic regression), two moons,
// two spirals (binary classification) and a noisy sine (regression). Every point comes from an
// explicit Rng, so a seed fixes every byte; nothing here reads Math.random.
//
// Inputs are stored row-major (row p = point p, inputDim numbers), targets one per row: a class
// label 0/1 for classifiers, a real value for regression. Moons, spirals and sine inputs are
// generated at O(1) scale (centred, within ≈ ±2) so tanh networks with Glorot initialisation
// start in their useful range without a standardisation step; the blobs are deliberately left
// unscaled and correlated, like raw features, to make logistic regression ill-conditioned.
import { Rng, deriveSeed } from '../rng.js';

export interface Dataset {
  readonly inputDim: number;
  readonly count: number;
  /** count × inputDim, row-major. */
  readonly inputs: Float64Array;
  /** One target per row: 0/1 for classification, a real value for regression. */
  readonly targets: Float64Array;
}

export interface DataSplit {
  readonly train: Dataset;
  readonly test: Dataset;
}

/** Draws n points (with any hidden parameters, such as the blobs' direction, drawn first). */
export type Generator = (n: number, rng: Rng) => Dataset;

function emptyDataset(n: number, inputDim: number): Dataset {
  return { inputDim, count: n, inputs: new Float64Array(n * inputDim), targets: new Float64Array(n) };
}

export interface BlobOptions {
  /** Number of features. */
  readonly dim: number;
  /** Distance between the two class means, in units of the (unscaled) noise std. */
  readonly separation: number;
  /** Fraction of labels flipped (so the data is not separable and the optimum is finite). The
   *  flipped rows follow a fixed pattern (both classes equally) rather than coin flips, so every
   *  draw has the same amount of noise and the optimal loss varies less from seed to seed. */
  readonly labelNoise: number;
  /** Feature k is multiplied by a scale drawn log-uniformly from [1/featureSpread, featureSpread]:
   *  unequal feature scales make the problem ill-conditioned, as raw real-world features are. */
  readonly featureSpread: number;
  /** Weight of a factor shared by all features (x += commonFactor·c·1, c ~ N(0,1) per point):
   *  correlated features make the ill-conditioning non-diagonal, which per-coordinate step sizes
   *  (Adam's, o1's) cannot undo. */
  readonly commonFactor: number;
}

/**
 * Two Gaussian blobs: a random unit direction u (the hidden "true weight vector"), class c ∈ {0,1}
 * with mean ±(separation/2)·u and identity covariance, plus a common factor shared by all
 * features, then per-feature scales, then label noise. Classes alternate (row p has class p mod 2
 * before flipping), so they are balanced; the pair of rows (2j, 2j+1) is flipped when
 * j mod period = period − 1, period = round(1 / labelNoise) (rows are i.i.d., so which rows are
 * flipped carries no information).
 */
export function gaussianBlobs(n: number, o: BlobOptions, rng: Rng): Dataset {
  const d = o.dim;
  const direction = new Float64Array(d);
  let norm = 0;
  for (let k = 0; k < d; k++) {
    direction[k] = rng.normal();
    norm += direction[k] * direction[k];
  }
  norm = Math.sqrt(norm);
  const logSpread = Math.log(o.featureSpread);
  const scale = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    direction[k] /= norm;
    scale[k] = Math.exp(rng.range(-logSpread, logSpread));
  }
  const out = emptyDataset(n, d);
  const halfGap = o.separation / 2;
  const flipPeriod = o.labelNoise > 0 ? Math.round(1 / o.labelNoise) : Infinity;
  for (let p = 0; p < n; p++) {
    const label = p % 2;
    const sign = label === 1 ? 1 : -1;
    const shared = o.commonFactor * rng.normal();
    for (let k = 0; k < d; k++) out.inputs[p * d + k] = scale[k] * (sign * halfGap * direction[k] + shared + rng.normal());
    out.targets[p] = (p >> 1) % flipPeriod === flipPeriod - 1 ? 1 - label : label;
  }
  return out;
}

/**
 * scikit-learn's two interleaving half circles, centred at the origin: class 0 on
 * (cos t, sin t), class 1 on (1 − cos t, 1/2 − sin t), t ~ U(0, π), then shifted by (−1/2, −1/4)
 * and Gaussian noise of std `noise` added to both coordinates. t is random (not a linspace) so
 * train and test points differ.
 */
export function twoMoons(n: number, noise: number, rng: Rng): Dataset {
  const out = emptyDataset(n, 2);
  for (let p = 0; p < n; p++) {
    const label = p % 2;
    const t = Math.PI * rng.uniform();
    const x = label === 0 ? Math.cos(t) : 1 - Math.cos(t);
    const y = label === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
    out.inputs[2 * p] = x - 0.5 + noise * rng.normal();
    out.inputs[2 * p + 1] = y - 0.25 + noise * rng.normal();
    out.targets[p] = label;
  }
  return out;
}

/** Turns of each spiral arm. 1.5 turns keeps the arms apart at the scale the 2→32→32→1 network
 *  can learn in a few hundred steps; the classic benchmark's 3 turns needs thousands. */
export const SPIRAL_TURNS = 1.5;
/** Outer radius of the arms (inputs stay within ≈ ±2). */
export const SPIRAL_RADIUS = 2;

/**
 * Two interleaved Archimedean spirals: angle θ = √u · turns · 2π (u ~ U(0,1), the square root
 * spreads points evenly along the arm), radius r = radius·θ/(turns·2π), class 1 rotated by π;
 * Gaussian noise of std `noise` on both coordinates.
 */
export function twoSpirals(n: number, noise: number, rng: Rng, turns = SPIRAL_TURNS, radius = SPIRAL_RADIUS): Dataset {
  const out = emptyDataset(n, 2);
  const maxAngle = turns * 2 * Math.PI;
  for (let p = 0; p < n; p++) {
    const label = p % 2;
    const angle = Math.sqrt(rng.uniform()) * maxAngle;
    const r = (radius * angle) / maxAngle;
    const phase = angle + label * Math.PI;
    out.inputs[2 * p] = r * Math.cos(phase) + noise * rng.normal();
    out.inputs[2 * p + 1] = r * Math.sin(phase) + noise * rng.normal();
    out.targets[p] = label;
  }
  return out;
}

/** y = sin(π·x) + noise·N(0, 1), x ~ U(−2, 2): two full periods, so a network must bend twice
 *  each way; the noise variance is the floor of the MSE. */
export function noisySine(n: number, noise: number, rng: Rng): Dataset {
  const out = emptyDataset(n, 1);
  for (let p = 0; p < n; p++) {
    const x = rng.range(-2, 2);
    out.inputs[p] = x;
    out.targets[p] = Math.sin(Math.PI * x) + noise * rng.normal();
  }
  return out;
}

/** Rows [from, to) of a dataset, copied. */
export function sliceRows(data: Dataset, from: number, to: number): Dataset {
  const d = data.inputDim;
  return {
    inputDim: d,
    count: to - from,
    inputs: data.inputs.slice(from * d, to * d),
    targets: data.targets.slice(from, to),
  };
}

/**
 * A train/test split from one seed: nTrain + nTest points from one draw (so both halves share the
 * hidden parameters, e.g. the blobs' direction), the first nTrain for training, the rest held out.
 * Points are i.i.d., so taking the first rows is as good as a shuffle.
 */
export function makeSplit(seed: number, generate: Generator, nTrain: number, nTest: number): DataSplit {
  const all = generate(nTrain + nTest, new Rng(deriveSeed(seed, 'ml-data')));
  return { train: sliceRows(all, 0, nTrain), test: sliceRows(all, nTrain, nTrain + nTest) };
}
