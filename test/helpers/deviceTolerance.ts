// The device path's tolerance against the f64 TS reference (docs/TFJS.md, "The device path"),
// shared by test/tfjs.device.test.ts (cpu, wasm) and e2e/tfjs.webgl.e2e.ts (webgl in Chromium).
// A seeded problem — variables of four shapes, a start and a gradient sequence — is stepped by
// both; each quantity's error is divided by its bound, so every ratio must be ≤ 1.
import { createO1Optimizer } from '../../src/api/index.js';
import type { O1Model } from '../../src/o1/o1.js';
import { Rng } from '../../src/rng.js';

/** float32's unit roundoff */
export const U32 = 2 ** -24;

export const SHAPES = [[7, 5], [5], [3, 3, 2, 4], [1]];
export const sizeOf = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** A seeded start and gradient sequence: per-tensor scales 1…4, decaying, with exact zeros. */
export function problem(seed: number, steps: number, shapes: number[][] = SHAPES, startScale = 0.5): { x0: Float32Array[]; grads: Float32Array[][] } {
  const r = new Rng(seed);
  const x0 = shapes.map((s) => Float32Array.from({ length: sizeOf(s) }, () => startScale * r.normal()));
  const grads = Array.from({ length: steps }, (_, t) =>
    x0.map((x, k) => Float32Array.from(x, (_, i) => (i % 11 === 3 && t % 4 === 1 ? 0 : (k + 1) * Math.exp(-t / 20) * r.normal()))),
  );
  return { x0, grads };
}

/** What the device path ended with (flat over all variables, state widened to f64). */
export interface DeviceResult {
  t: number;
  x: ArrayLike<number>[];
  m: ArrayLike<number>;
  v: ArrayLike<number>;
  logStep: ArrayLike<number>;
  stepUnit: number;
  prevGradNorm: number;
  /** The 'distance' step unit's state. */
  x0?: ArrayLike<number>;
  unitBase?: number;
  maxDistance?: number;
}

/** Each quantity's worst error over its bound, against the TS reference on the same gradients:
 *   m        8·u·Σ_k β^(t−1−k)|g_k|          (m's own magnitude can cancel to 0; its terms cannot)
 *   v        (3t + 10)·u·v                  (a sum of positive terms: relative, growing with t)
 *   ln(s/u)  1e-5 absolute                   (the network's f32 error, summed over the steps)
 *   x        2e-5·Σ_k|Δx_k| + t·u·|x|       (each step's relative error, plus x rounded to f32)
 *   unit     4·u relative; ‖g‖ of the last step t·u relative
 *   with the 'distance' unit: x₀ and b as the start's (x₀ exact: the f32 start itself, b 4·u
 *            relative); D (and u = initStep·max(b, D)) within rms_i(x's bound) + (n + 10)·u·D,
 *            because |rms(a) − rms(b)| ≤ rms(a − b) carries x's error into D and the f32 sum of
 *            n squares adds at most n·u relative (a max over steps adds nothing:
 *            |max a − max b| ≤ max |a − b|, and x's bound only grows with t)
 * with u = 2^−24. */
export function worstRatios(model: O1Model, x0: Float32Array[], grads: Float32Array[][], dev: DeviceResult): Record<string, number> {
  const T = grads.length;
  const ref = createO1Optimizer({ model, engine: 'ts' });
  const xr = x0.map((x) => Float64Array.from(x));
  const moved = xr.map((x) => new Float64Array(x.length));
  const mScale: number[] = [];
  const beta = model.config.beta;
  for (let t = 0; t < T; t++) {
    const before = xr.map((x) => Float64Array.from(x));
    ref.step(xr, grads[t].map((g) => Float64Array.from(g)));
    let i = 0;
    xr.forEach((x, k) =>
      x.forEach((xi, j) => {
        moved[k][j] += Math.abs(xi - before[k][j]);
        mScale[i] = beta * (mScale[i] ?? 0) + Math.abs(grads[t][k][j]);
        i++;
      }),
    );
  }
  const want = ref.state();
  const worst: Record<string, number> = { t: dev.t === want.t ? 0 : Infinity, m: 0, v: 0, logStep: 0, x: 0, unit: 0, gradNorm: 0, moved: 0 };
  let xBound2 = 0;
  for (let i = 0; i < mScale.length; i++) {
    worst.m = Math.max(worst.m, Math.abs(dev.m[i] - want.buffers.m[i]) / (8 * U32 * mScale[i]));
    worst.v = Math.max(worst.v, Math.abs(dev.v[i] - want.buffers.v[i]) / ((3 * T + 10) * U32 * want.buffers.v[i]));
    worst.logStep = Math.max(worst.logStep, Math.abs(dev.logStep[i] - want.buffers.logStep[i]) / 1e-5);
  }
  dev.x.forEach((x, k) => {
    for (let j = 0; j < x.length; j++) {
      const bound = 2e-5 * moved[k][j] + T * U32 * Math.abs(xr[k][j]);
      xBound2 += bound * bound;
      worst.x = Math.max(worst.x, Math.abs(x[j] - xr[k][j]) / bound);
      worst.moved = Math.max(worst.moved, moved[k][j]);
    }
  });
  const D = want.scalars.maxDistance;
  if (D === undefined) worst.unit = Math.abs(dev.stepUnit - want.scalars.stepUnit) / (4 * U32 * want.scalars.stepUnit);
  else {
    const n = mScale.length;
    const dBound = Math.sqrt(xBound2 / n) + (n + 10) * U32 * D;
    const b = want.scalars.unitBase;
    worst.x0 = dev.x0 && Array.from(dev.x0).every((v, i) => v === want.buffers.x0[i]) ? 0 : Infinity;
    worst.unitBase = Math.abs((dev.unitBase ?? NaN) - b) / (4 * U32 * b);
    worst.maxDistance = Math.abs((dev.maxDistance ?? NaN) - D) / dBound;
    worst.unit = Math.abs(dev.stepUnit - want.scalars.stepUnit) / (model.config.initStep * Math.max(dBound, 4 * U32 * b) + 4 * U32 * want.scalars.stepUnit);
    worst.grew = D / b; // > 1: the run moved farther than the start's own scale, so D set the unit
  }
  worst.gradNorm = Math.abs(dev.prevGradNorm - want.scalars.prevGradNorm) / (T * U32 * want.scalars.prevGradNorm);
  return worst;
}
