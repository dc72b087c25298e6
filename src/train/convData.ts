// Signals for the generated 1-D conv training tasks (mlFamilies.ts, `o1 train --conv-tasks`):
// points of C channels × L samples, rows channel-major (sample t of channel c at c·L + t, the
// layout src/ml/conv1d.ts reads). Nothing here is a benchmark task: the ML suites have no signal
// data. Every draw comes from the given Rng.
//   motif: binary classification. Class 1 points carry the task's motif, class 0 points a decoy
//          of the same length and energy, each at a random position and sign-preserving gain, in
//          Gaussian noise; a channel's gain is fixed per task. What tells the classes apart is a
//          local shape, found anywhere: the case weight sharing is made for.
//   tone:  regression. A sinusoid of u ~ U(1, 6) cycles per window, random phase and amplitude,
//          a per-task phase lag between channels, in noise; the target is u standardised.
import type { Rng } from '../rng.js';
import type { Dataset } from '../ml/datasets.js';

/** Samples per channel of every generated conv task. */
export const CONV_SIGNAL_LENGTH = 32;

function unitRms(rng: Rng, n: number): Float64Array {
  const v = Float64Array.from({ length: n }, () => rng.normal());
  let ss = 0;
  for (const x of v) ss += x * x;
  const s = Math.sqrt(ss / n) || 1;
  for (let i = 0; i < n; i++) v[i] /= s;
  return v;
}

export function motifSignals(n: number, channels: number, length: number, rng: Rng): Dataset {
  const w = 4 + rng.int(3);
  const motif = unitRms(rng, w);
  const decoy = unitRms(rng, w);
  const gains = Array.from({ length: channels }, () => rng.range(0.5, 1.5));
  const noise = rng.range(0.3, 0.8);
  const amplitude = rng.range(1, 2);
  const d = channels * length;
  const inputs = new Float64Array(n * d);
  const targets = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    const label = p % 2;
    const shape = label ? motif : decoy;
    const at = rng.int(length - w + 1);
    const a = amplitude * rng.range(0.7, 1.3);
    for (let c = 0; c < channels; c++)
      for (let t = 0; t < length; t++) {
        const planted = t >= at && t < at + w ? a * gains[c] * shape[t - at] : 0;
        inputs[p * d + c * length + t] = planted + noise * rng.normal();
      }
    targets[p] = label;
  }
  return { inputDim: d, count: n, inputs, targets };
}

export function toneSignals(n: number, channels: number, length: number, rng: Rng): Dataset {
  const lags = Array.from({ length: channels }, () => rng.range(0, Math.PI));
  const noise = rng.range(0.1, 0.5);
  const d = channels * length;
  const inputs = new Float64Array(n * d);
  const targets = new Float64Array(n);
  const mean = 3.5;
  const sd = 5 / Math.sqrt(12); // of U(1, 6)
  for (let p = 0; p < n; p++) {
    const u = rng.range(1, 6);
    const phase = rng.range(0, 2 * Math.PI);
    const a = rng.range(0.5, 1.5);
    for (let c = 0; c < channels; c++)
      for (let t = 0; t < length; t++) inputs[p * d + c * length + t] = a * Math.sin((2 * Math.PI * u * t) / length + phase + lags[c]) + noise * rng.normal();
    targets[p] = (u - mean) / sd;
  }
  return { inputDim: d, count: n, inputs, targets };
}
