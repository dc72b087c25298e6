// The network's input: W + 1 numbers computed from one coordinate's gradient window
// (oldest → newest), exactly as docs/O1.md defines them.
//
// Numerics: every quantity is computed on the window divided by its largest magnitude
// M = max|g_k| (so the values lie in [-1, 1]) and scaled back where the feature has a scale.
// Squares of 1e300 or 1e-300 would overflow / underflow to Inf / 0; the scaled values cannot,
// so any finite window gives finite features. A window of zeros (M = 0) gives zeros. The result
// equals the textbook formula up to rounding (a few ulps), not bit for bit.
//
// No function here allocates: the stepper calls them once per coordinate per step.

/** v1, v2: window features (this file); v3 and the experimental sets after it: the normalized
 *  rule's own features (normalized.ts). */
import { NORMALIZED_FEATURE_SETS, normalizedFeatureCount, type NormalizedFeatureSet } from './normalized.js';

export type FeatureSet = 'v1' | 'v2' | NormalizedFeatureSet;
export const FEATURE_SETS: readonly FeatureSet[] = ['v1', 'v2', ...NORMALIZED_FEATURE_SETS];

/** True for the normalized rule's feature sets (v3, v3-progress, v3-progress-noise). */
export function isNormalizedFeatureSet(set: unknown): set is NormalizedFeatureSet {
  return NORMALIZED_FEATURE_SETS.includes(set as NormalizedFeatureSet);
}

/** The feature sets that only the TS reference and the batched kernels (`o1 train`, `o1 bench`,
 *  `o1 run`) run: the step API, TF.js and the Python port refuse them (docs/O1.md). */
export function isExperimentalFeatureSet(set: unknown): boolean {
  return isNormalizedFeatureSet(set) && set !== 'v3';
}

/** Number of network inputs: W + 1 for the window sets (v1, v2), 8 for v3, 9 or 10 after it. */
export function featureCount(window: number, set: FeatureSet = 'v2'): number {
  return isNormalizedFeatureSet(set) ? normalizedFeatureCount(set) : window + 1;
}

/** True when a network of features `from` is a prefix of one of features `to`: the same inputs
 *  first, so its weights widened with zero weights for the extra inputs give the same outputs
 *  (v3 → v3-progress → v3-progress-noise). */
export function featurePrefixOf(from: FeatureSet, to: FeatureSet): boolean {
  if (from === to) return true;
  if (!isNormalizedFeatureSet(from) || !isNormalizedFeatureSet(to)) return false;
  return NORMALIZED_FEATURE_SETS.indexOf(from) < NORMALIZED_FEATURE_SETS.indexOf(to);
}

// sign(0) = 0 (and sign(-0) = 0, so a -0 gradient never produces a "-0" feature).
function sign(v: number): number {
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

// M = max |g_k| over win[off .. off+W). Math.max propagates NaN, so a NaN gradient yields NaN
// features instead of silently looking like a smaller window.
function maxAbs(win: ArrayLike<number>, off: number, W: number): number {
  let M = 0;
  for (let k = 0; k < W; k++) M = Math.max(M, Math.abs(win[off + k]));
  return M;
}

function zeros(out: Float64Array, off: number, len: number): void {
  for (let k = 0; k < len; k++) out[off + k] = 0;
}

// v1 softmax_abs: s_k = sign(g_k) · exp(a_k − max a) / Σ_j exp(a_j − max a).
function softmaxAbsRaw(win: ArrayLike<number>, off: number, W: number, M: number, out: Float64Array, o: number): void {
  let sum = 0;
  for (let k = 0; k < W; k++) {
    const e = Math.exp(Math.abs(win[off + k]) - M);
    out[o + k] = e;
    sum += e;
  }
  for (let k = 0; k < W; k++) out[o + k] = (sign(win[off + k]) * out[o + k]) / sum;
}

// v2 softmax_abs: u_k = a_k / mean(a), then the same signed softmax on u.
// u_k = W·(a_k/M) / Σ_j (a_j/M); the largest a_k/M is exactly 1, so max u = W / S.
function softmaxAbsScaled(win: ArrayLike<number>, off: number, W: number, M: number, out: Float64Array, o: number): void {
  let S = 0;
  for (let k = 0; k < W; k++) S += Math.abs(win[off + k]) / M;
  const scale = W / S;
  let sum = 0;
  for (let k = 0; k < W; k++) {
    const e = Math.exp((Math.abs(win[off + k]) / M) * scale - scale);
    out[o + k] = e;
    sum += e;
  }
  for (let k = 0; k < W; k++) out[o + k] = (sign(win[off + k]) * out[o + k]) / sum;
}

// Population variance of y_k = g_k / M (values in [-1, 1]): two-pass, no cancellation trouble.
function scaledVariance(win: ArrayLike<number>, off: number, W: number, M: number): number {
  let mean = 0;
  for (let k = 0; k < W; k++) mean += win[off + k] / M;
  mean /= W;
  let v = 0;
  for (let k = 0; k < W; k++) {
    const d = win[off + k] / M - mean;
    v += d * d;
  }
  return v / W;
}

// v1: var(g) / Σ a_k = M · var(y) / Σ|y_k|  (Σ|y_k| ≥ 1, so this cannot overflow past M).
function varOverAbsSumScaled(win: ArrayLike<number>, off: number, W: number, M: number): number {
  let s = 0;
  for (let k = 0; k < W; k++) s += Math.abs(win[off + k]) / M;
  return M * (scaledVariance(win, off, W, M) / s);
}

// v2: var(g) / mean(g²) = var(y) / mean(y²), in [0, 1]; clamped to 1 against a rounding excess.
function varScaleFreeScaled(win: ArrayLike<number>, off: number, W: number, M: number): number {
  let sq = 0;
  for (let k = 0; k < W; k++) {
    const y = win[off + k] / M;
    sq += y * y;
  }
  const r = scaledVariance(win, off, W, M) / (sq / W);
  return r > 1 ? 1 : r;
}

/**
 * The hot-path entry: features of win[winOff .. winOff+W) written to out[outOff .. outOff+W+1).
 * Offsets let the stepper read a coordinate's slice of its n×W window buffer in place.
 * Fused version of the kernels above (same operations in the same order, so bit-identical):
 * y_k = g_k/M is computed once and parked in `out` until the softmax overwrites it.
 */
export function computeFeaturesAt(
  set: FeatureSet,
  win: ArrayLike<number>,
  winOff: number,
  W: number,
  out: Float64Array,
  outOff: number,
): void {
  const M = maxAbs(win, winOff, W);
  if (M === 0) {
    zeros(out, outOff, W + 1);
    return;
  }
  let sumY = 0;
  let sumA = 0;
  for (let k = 0; k < W; k++) {
    const y = win[winOff + k] / M;
    out[outOff + k] = y;
    sumY += y;
    sumA += Math.abs(y);
  }
  const mean = sumY / W;
  let v = 0;
  let sq = 0;
  for (let k = 0; k < W; k++) {
    const y = out[outOff + k];
    const d = y - mean;
    v += d * d;
    sq += y * y;
  }
  const variance = v / W;
  let sum = 0;
  if (set === 'v1') {
    out[outOff + W] = M * (variance / sumA);
    for (let k = 0; k < W; k++) {
      const e = Math.exp(Math.abs(win[winOff + k]) - M);
      out[outOff + k] = e;
      sum += e;
    }
  } else {
    const r = variance / (sq / W);
    out[outOff + W] = r > 1 ? 1 : r;
    const scale = W / sumA;
    for (let k = 0; k < W; k++) {
      const e = Math.exp(Math.abs(out[outOff + k]) * scale - scale);
      out[outOff + k] = e;
      sum += e;
    }
  }
  for (let k = 0; k < W; k++) out[outOff + k] = (sign(win[winOff + k]) * out[outOff + k]) / sum;
}

/** All W + 1 features of `window` (oldest → newest, length W) into out[0 .. W+1). */
export function computeFeatures(set: FeatureSet, window: ArrayLike<number>, out: Float64Array): void {
  const W = window.length;
  if (out.length < W + 1) throw new RangeError(`features need an output of length ${W + 1}, got ${out.length}`);
  computeFeaturesAt(set, window, 0, W, out, 0);
}

/** v1 softmax_abs of the window into out[offset .. offset+W). */
export function softmaxAbs(window: ArrayLike<number>, out: Float64Array, offset = 0): void {
  const W = window.length;
  const M = maxAbs(window, 0, W);
  if (M === 0) zeros(out, offset, W);
  else softmaxAbsRaw(window, 0, W, M, out, offset);
}

/** v2 (scale-free) softmax_abs of the window into out[offset .. offset+W). */
export function softmaxAbsScaleFree(window: ArrayLike<number>, out: Float64Array, offset = 0): void {
  const W = window.length;
  const M = maxAbs(window, 0, W);
  if (M === 0) zeros(out, offset, W);
  else softmaxAbsScaled(window, 0, W, M, out, offset);
}

/** v1 variance feature: var(g) / Σ|g_k|, 0 when Σ|g_k| = 0. Has the gradient's scale. */
export function varianceOverAbsSum(window: ArrayLike<number>): number {
  const W = window.length;
  const M = maxAbs(window, 0, W);
  return M === 0 ? 0 : varOverAbsSumScaled(window, 0, W, M);
}

/** v2 variance feature: var(g) / mean(g²), 0 when mean(g²) = 0. Lies in [0, 1]. */
export function varianceScaleFree(window: ArrayLike<number>): number {
  const W = window.length;
  const M = maxAbs(window, 0, W);
  return M === 0 ? 0 : varScaleFreeScaled(window, 0, W, M);
}
