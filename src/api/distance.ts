// The distance moved from the start, rms(x_t − x₀), read straight from the caller's tensors: the
// normalized rule's "distance" step unit (src/o1/normalized.ts) measures it at every step. The
// reference measures startRms over a flat f64 copy of x − x₀; this sums (x_i − x₀_i)² in the same
// index order from the tensors (an f32 value widens to f64 exactly), so it gives the same bits
// without the copy, and makes the copy only in the rare case startRms rescales (Σ under- or
// overflowed), where it calls startRms itself.
import { RMS_PLAIN_MIN, startRms } from '../o1/normalized.js';
import type { FloatArray } from './tensors.js';

/** startRms(x − x0) over the flat vector of `params` (tensor after tensor). */
export function distanceRms(params: readonly FloatArray[], x0: Float64Array): number {
  const n = x0.length;
  let xx = 0;
  let at = 0;
  for (const p of params) {
    for (let j = 0; j < p.length; j++, at++) {
      const d = p[j] - x0[at];
      xx += d * d;
    }
  }
  if (xx >= RMS_PLAIN_MIN && xx < Infinity) return Math.sqrt(xx / n);
  const diff = new Float64Array(n);
  at = 0;
  for (const p of params) for (let j = 0; j < p.length; j++, at++) diff[at] = p[j] - x0[at];
  return startRms(diff);
}
