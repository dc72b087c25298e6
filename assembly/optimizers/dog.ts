// DoG and dog-avg, src/optimizers/dog.ts (formll/dog 1.0.3): with g = ∇f + wd·x,
//   step 0: x₀ ← x, r̄ = reps_rel·(1 + ‖x₀‖), G = ‖g‖² + eps;  step t: r̄ ← max(r̄, ‖x − x₀‖), G ← G + ‖g‖²
//   η = lr·r̄/√G (0 while G = 0; init_eta at step 0 when it is > 0);  x ← x − η·g.
// With γ ≥ 0 (dog-avg) the polynomial-decay average x̄ ← x̄·(1 − w) + w·x, w = (γ+1)/(γ+t+1),
// is kept in `avg` (x̄₀ = x₀); γ < 0 (dog) keeps none. The norms run over coordinates 0 … n−1 as
// the TS loops do (each lane is one run).
import { vadd, vsub, vmul, vdiv, vsqrt, vmax, vgt, vsel, vload, vsplat, vstore } from '../lanes';
import {
  DOG_LR, DOG_REPS_REL, DOG_WEIGHT_DECAY, DOG_EPS, DOG_INIT_ETA, DOG_GAMMA, DOG_BUF_X0, DOG_BUF_AVG, DOG_BUFFERS,
  DOG_SCALAR_MAX_DIST, DOG_SCALAR_GRAD_SQ,
} from '../generated/abi';
import { bufferAt, hyperAt, scalarAt, storeLr } from './block';

/** g + wd·x, or g when wd = 0 (the package adds only when wd > 0; wd ≥ 0 here). */
// @ts-ignore: decorator
@inline function decayedGrad<T>(g: usize, x: usize, ci: usize, wdS: f64): T {
  return wdS > 0 ? vadd<T>(vload<T>(g + ci), vmul<T>(vsplat<T>(wdS), vload<T>(x + ci))) : vload<T>(g + ci);
}

export function dogStep<T>(t: i32, n: i32, stride: usize, x: usize, g: usize, state: usize, hyper: usize, lrOut: usize): void {
  const zero = vsplat<T>(0);
  const wdS = hyperAt(hyper, DOG_WEIGHT_DECAY);
  const initEtaS = hyperAt(hyper, DOG_INIT_ETA);
  const gammaS = hyperAt(hyper, DOG_GAMMA);
  const x0 = bufferAt(state, DOG_BUF_X0, n, stride);
  const avg = bufferAt(state, DOG_BUF_AVG, n, stride);
  const maxDistAt = scalarAt(state, DOG_BUFFERS, DOG_SCALAR_MAX_DIST, n, stride);
  const gradSqAt = scalarAt(state, DOG_BUFFERS, DOG_SCALAR_GRAD_SQ, n, stride);
  let gg = zero;
  for (let i = 0; i < n; i++) {
    const gi = decayedGrad<T>(g, x, <usize>i * stride, wdS);
    gg = vadd<T>(gg, vmul<T>(gi, gi));
  }
  let maxDist: T;
  let gradSq: T;
  if (t == 0) {
    let norm0 = zero;
    for (let i = 0; i < n; i++) {
      const ci = <usize>i * stride;
      const xi = vload<T>(x + ci);
      vstore<T>(x0 + ci, xi);
      if (gammaS >= 0) vstore<T>(avg + ci, xi);
      norm0 = vadd<T>(norm0, vmul<T>(xi, xi));
    }
    maxDist = vmul<T>(vsplat<T>(hyperAt(hyper, DOG_REPS_REL)), vadd<T>(vsplat<T>(1), vsqrt<T>(norm0)));
    gradSq = vadd<T>(gg, vsplat<T>(hyperAt(hyper, DOG_EPS)));
  } else {
    let dist = zero;
    for (let i = 0; i < n; i++) {
      const ci = <usize>i * stride;
      const d = vsub<T>(vload<T>(x + ci), vload<T>(x0 + ci));
      dist = vadd<T>(dist, vmul<T>(d, d));
    }
    maxDist = vmax<T>(vload<T>(maxDistAt), vsqrt<T>(dist));
    gradSq = vadd<T>(vload<T>(gradSqAt), gg);
  }
  let eta = vsel<T>(vgt<T>(gradSq, zero), vdiv<T>(vmul<T>(vsplat<T>(hyperAt(hyper, DOG_LR)), maxDist), vsqrt<T>(gradSq)), zero);
  if (t == 0 && initEtaS > 0) eta = vsplat<T>(initEtaS);
  for (let i = 0; i < n; i++) {
    const ci = <usize>i * stride;
    const gi = decayedGrad<T>(g, x, ci, wdS);
    vstore<T>(x + ci, vsub<T>(vload<T>(x + ci), vmul<T>(eta, gi)));
  }
  vstore<T>(maxDistAt, maxDist);
  vstore<T>(gradSqAt, gradSq);
  storeLr<T>(lrOut, n, stride, eta);
  if (gammaS >= 0) {
    const wS = (gammaS + 1) / (gammaS + <f64>(t + 1));
    const w = vsplat<T>(wS);
    const keep = vsplat<T>(1 - wS);
    for (let i = 0; i < n; i++) {
      const ci = <usize>i * stride;
      vstore<T>(avg + ci, vadd<T>(vmul<T>(vload<T>(avg + ci), keep), vmul<T>(w, vload<T>(x + ci))));
    }
  }
}

/** dog-avg's answer, the averaged iterate (x itself before the first step); plain dog: x. */
export function dogEvalPoint<T>(t: i32, n: i32, stride: usize, x: usize, state: usize, hyper: usize, out: usize): void {
  const from = t > 0 && hyperAt(hyper, DOG_GAMMA) >= 0 ? bufferAt(state, DOG_BUF_AVG, n, stride) : x;
  for (let i = 0; i < n; i++) vstore<T>(out + <usize>i * stride, vload<T>(from + <usize>i * stride));
}
