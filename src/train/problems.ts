// The problem generator (after Wichrowska et al. 2017): each training problem is a base test
// function seen through a random transform, so the learned controller meets varied scales,
// orientations and conditionings instead of three fixed landscapes:
//   h(x) = c · f(y),  y = R·(a ⊙ x) + b          (or log(1 + c·(f(y) − f*)) with logObjective)
// R a random rotation, a per-axis scales (anisotropic: ill-conditioning), b a shift, c an
// f-scale. ∇h(x) = c · a ⊙ (Rᵀ ∇f(y)). Transforms are plain data, drawn from (seed, generation),
// so they cross worker boundaries and reproduce exactly.
import type { Box, MutVec, TestFunction, Vec } from '../functions/types.js';
import type { Rng } from '../rng.js';

export interface TransformOptions {
  /** Random rotation of the input. */
  rotate: boolean;
  /** Per-axis input scales, log-uniform in [1/scaleX, scaleX] (1 = off). */
  scaleX: number;
  /** Shift of the minimiser, uniform in ±shift × the domain's half-width per axis (0 = off). */
  shift: number;
  /** Objective scale, log-uniform in [1/scaleF, scaleF] (1 = off). */
  scaleF: number;
  /** Minimise log(1 + c·(f − f*)) instead of c·f. */
  logObjective: boolean;
}

export const NO_TRANSFORM: Readonly<TransformOptions> = Object.freeze({ rotate: false, scaleX: 1, shift: 0, scaleF: 1, logObjective: false });

export const isIdentityTransform = (o: TransformOptions) => !o.rotate && o.scaleX === 1 && o.shift === 0 && o.scaleF === 1 && !o.logObjective;

/** One drawn transform (plain JSON). R is row-major n×n. */
export interface Transform {
  R: number[];
  a: number[];
  b: number[];
  c: number;
  log: boolean;
}

const logUniform = (rng: Rng, s: number) => (s === 1 ? 1 : Math.exp(rng.range(-Math.log(s), Math.log(s))));

/** A uniformly random rotation: Gram–Schmidt on a Gaussian matrix (sign-fixed QR). */
function randomRotation(n: number, rng: Rng): number[] {
  const q: number[][] = [];
  for (let i = 0; i < n; i++) {
    let v = Array.from({ length: n }, () => rng.normal());
    for (const u of q) {
      const d = v.reduce((s, vi, k) => s + vi * u[k], 0);
      v = v.map((vi, k) => vi - d * u[k]);
    }
    const norm = Math.sqrt(v.reduce((s, vi) => s + vi * vi, 0));
    q.push(v.map((vi) => vi / norm));
  }
  return q.flat();
}

export function drawTransform(fn: TestFunction, n: number, o: TransformOptions, rng: Rng): Transform {
  const R = o.rotate ? randomRotation(n, rng) : Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0));
  const a = Array.from({ length: n }, () => logUniform(rng, o.scaleX));
  const box = fn.domain(n);
  const b = box.lo.map((lo, i) => (o.shift === 0 ? 0 : o.shift * ((box.hi[i] - lo) / 2) * rng.range(-1, 1)));
  return { R, a, b, c: logUniform(rng, o.scaleF), log: o.logObjective };
}

/** x-space point of a y-space point: x = a⁻¹ ⊙ (Rᵀ (y − b)). */
function toX(t: Transform, y: Vec): number[] {
  const n = t.a.length;
  const x = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += t.R[k * n + i] * (y[k] - t.b[k]);
    x[i] = s / t.a[i];
  }
  return x;
}

/** The smallest box containing the x-space preimage of a y-space box: x_i is linear in y, so
 *  each bound takes, per y_k, whichever end of [lo_k, hi_k] makes its term smallest/largest. */
function preimageBox(t: Transform, box: Box): Box {
  const n = t.a.length;
  const lo = new Array<number>(n).fill(0);
  const hi = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const c = t.R[k * n + i] / t.a[i];
      const p = c * (box.lo[k] - t.b[k]);
      const q = c * (box.hi[k] - t.b[k]);
      lo[i] += Math.min(p, q);
      hi[i] += Math.max(p, q);
    }
  }
  return { lo, hi };
}

/** A transformed function: a TestFunction that also names its base function and transform. */
export interface TransformedFunction extends TestFunction {
  readonly base: TestFunction;
  readonly transform: Transform;
}

/** h = base seen through t, as a TestFunction (id −1). `base` and `transform` let the WASM
 *  engine run it in its kernels (the base function's kernel inside the same affine map,
 *  src/engine/kernelParams.ts); the TS engine calls f and grad below. Its domain is the box
 *  around the transformed base domain's corners. */
export function transformedFunction(base: TestFunction, n: number, t: Transform): TransformedFunction {
  const fmin = base.fmin(n);
  const y = new Float64Array(n);
  const gy = new Float64Array(n);
  const forward = (x: Vec) => {
    for (let k = 0; k < n; k++) {
      let s = t.b[k];
      for (let i = 0; i < n; i++) s += t.R[k * n + i] * t.a[i] * x[i];
      y[k] = s;
    }
  };
  const outer = (f: number) => (t.log ? Math.log1p(t.c * Math.max(f - fmin, 0)) : t.c * f);
  const domain = preimageBox(t, base.domain(n));
  return {
    name: `${base.name}~`,
    id: -1,
    kind: 'transformed',
    base,
    transform: t,
    description: `${base.name} under a random transform`,
    tags: base.tags,
    nd: false,
    defaultDims: n,
    domain: () => domain,
    minimisers: () => base.minimisers(n).map((m) => toX(t, m)),
    fmin: () => (t.log ? 0 : t.c * fmin),
    f(x: Vec) {
      forward(x);
      return outer(base.f(y));
    },
    grad(x: Vec, g: MutVec) {
      forward(x);
      const f = base.grad(y, gy);
      const scale = t.log ? t.c / (1 + t.c * Math.max(f - fmin, 0)) : t.c;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += t.R[k * n + i] * gy[k];
        g[i] = scale * t.a[i] * s;
      }
      return outer(f);
    },
  };
}

/** Starts for a transformed problem: uniform in the base domain, mapped to x-space, so every
 *  problem's starts cover its landscape the same way. */
export function transformStarts(t: Transform, yStarts: number[], n: number): number[] {
  const out: number[] = [];
  // A loop, not push(...x): spreading a high-dimensional start passes n arguments (stack overflow).
  for (let r = 0; r < yStarts.length / n; r++) for (const xi of toX(t, yStarts.slice(r * n, (r + 1) * n))) out.push(xi);
  return out;
}
