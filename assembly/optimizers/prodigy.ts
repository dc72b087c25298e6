// Prodigy, src/optimizers/prodigy.ts (prodigyopt): Adam scaled by the distance estimate d.
// Per lane (one run): dlr = d·lr·bc[k]; r ← β3·r + (d/d0)·dlr·⟨g, x0 − x⟩; m, v, s as Adam's with
// d's factors; when ‖s‖₁ > 0: d̂ = d_coef·r/‖s‖₁, d grows (never shrinks), x ← x − dlr·m/(√v + d·ε)
// and k advances; when ‖s‖₁ = 0 (only zero gradients so far) the run does not move.
// The sums over coordinates run 0 … n−1 as the TS loops do. The bias-correction row is indexed
// by the run's own k (a gather: the two runs of a lane group may differ).
import {
  vabs, vadd, vdiv, vgather, vgt, veq, vmax, vmin, vmul, vneg, vsel, vsqrt, vsub, vload, vsplat, vstore,
} from '../lanes';
import {
  PRODIGY_LR, PRODIGY_BETA1, PRODIGY_BETA2, PRODIGY_BETA3, PRODIGY_EPS, PRODIGY_COUPLED_DECAY, PRODIGY_DECOUPLED_DECAY,
  PRODIGY_SAFEGUARD_WARMUP, PRODIGY_D0, PRODIGY_D_COEF, PRODIGY_GROWTH_RATE, PRODIGY_BUF_M, PRODIGY_BUF_V,
  PRODIGY_BUF_S, PRODIGY_BUF_X0, PRODIGY_BUFFERS, PRODIGY_SCALARS, PRODIGY_SCALAR_D, PRODIGY_SCALAR_D_MAX,
  PRODIGY_SCALAR_D_NUMERATOR, PRODIGY_SCALAR_K, PRODIGY_ROW, PRODIGY_ROW_BIAS_CORRECTION,
} from '../generated/abi';
import { bufferAt, fillState, hyperAt, scalarAt, storeLr } from './block';

/** d and d_max start at d0; everything else at 0. */
export function prodigyInit<T>(n: i32, stride: usize, state: usize, hyper: usize): void {
  fillState<T>(state, PRODIGY_BUFFERS, PRODIGY_SCALARS, n, stride, 0);
  const d0 = vsplat<T>(hyperAt(hyper, PRODIGY_D0));
  vstore<T>(scalarAt(state, PRODIGY_BUFFERS, PRODIGY_SCALAR_D, n, stride), d0);
  vstore<T>(scalarAt(state, PRODIGY_BUFFERS, PRODIGY_SCALAR_D_MAX, n, stride), d0);
}

export function prodigyStep<T>(
  t: i32, n: i32, stride: usize, x: usize, g: usize, state: usize, hyper: usize, table: usize, lrOut: usize,
): void {
  const lr = vsplat<T>(hyperAt(hyper, PRODIGY_LR));
  const beta1S = hyperAt(hyper, PRODIGY_BETA1);
  const beta2S = hyperAt(hyper, PRODIGY_BETA2);
  const beta1 = vsplat<T>(beta1S);
  const beta2 = vsplat<T>(beta2S);
  const beta3 = vsplat<T>(hyperAt(hyper, PRODIGY_BETA3));
  const eps = vsplat<T>(hyperAt(hyper, PRODIGY_EPS));
  const coupledS = hyperAt(hyper, PRODIGY_COUPLED_DECAY);
  const decoupledS = hyperAt(hyper, PRODIGY_DECOUPLED_DECAY);
  const safeguard = hyperAt(hyper, PRODIGY_SAFEGUARD_WARMUP) != 0;
  const d0 = vsplat<T>(hyperAt(hyper, PRODIGY_D0));
  const dCoef = vsplat<T>(hyperAt(hyper, PRODIGY_D_COEF));
  const growthRate = vsplat<T>(hyperAt(hyper, PRODIGY_GROWTH_RATE));
  const zero = vsplat<T>(0);
  const m = bufferAt(state, PRODIGY_BUF_M, n, stride);
  const v = bufferAt(state, PRODIGY_BUF_V, n, stride);
  const s = bufferAt(state, PRODIGY_BUF_S, n, stride);
  const x0 = bufferAt(state, PRODIGY_BUF_X0, n, stride);
  const dAt = scalarAt(state, PRODIGY_BUFFERS, PRODIGY_SCALAR_D, n, stride);
  const dMaxAt = scalarAt(state, PRODIGY_BUFFERS, PRODIGY_SCALAR_D_MAX, n, stride);
  const dNumAt = scalarAt(state, PRODIGY_BUFFERS, PRODIGY_SCALAR_D_NUMERATOR, n, stride);
  const kAt = scalarAt(state, PRODIGY_BUFFERS, PRODIGY_SCALAR_K, n, stride);
  if (t == 0) {
    for (let i = 0; i < n; i++) vstore<T>(x0 + <usize>i * stride, vload<T>(x + <usize>i * stride));
  }
  const k = vload<T>(kAt);
  let d = vload<T>(dAt);
  const bc = vgather<T>(table + (<usize>PRODIGY_ROW_BIAS_CORRECTION << 3), vmul<T>(k, vsplat<T>(PRODIGY_ROW)));
  const dlr = vmul<T>(vmul<T>(d, lr), bc);
  storeLr<T>(lrOut, n, stride, dlr);
  // the gradient with coupled (L2) decay, as prodigyopt's grad.add_(p, alpha=decay)
  let dot = zero;
  for (let i = 0; i < n; i++) {
    const ci = <usize>i * stride;
    const xi = vload<T>(x + ci);
    const gi = coupledS != 0 ? vadd<T>(vload<T>(g + ci), vmul<T>(vsplat<T>(coupledS), xi)) : vload<T>(g + ci);
    dot = vadd<T>(dot, vmul<T>(gi, vsub<T>(vload<T>(x0 + ci), xi)));
  }
  const dOverD0 = vdiv<T>(d, d0);
  const dNumerator = vadd<T>(vmul<T>(vload<T>(dNumAt), beta3), vmul<T>(vmul<T>(dOverD0, dlr), dot));
  const mScale = vmul<T>(d, vsplat<T>(1 - beta1S));
  const vScale = vmul<T>(vmul<T>(d, d), vsplat<T>(1 - beta2S));
  const sScale = safeguard ? vmul<T>(dOverD0, d) : vmul<T>(dOverD0, dlr);
  let dDenom = zero;
  for (let i = 0; i < n; i++) {
    const ci = <usize>i * stride;
    const gi = coupledS != 0 ? vadd<T>(vload<T>(g + ci), vmul<T>(vsplat<T>(coupledS), vload<T>(x + ci))) : vload<T>(g + ci);
    vstore<T>(m + ci, vadd<T>(vmul<T>(beta1, vload<T>(m + ci)), vmul<T>(mScale, gi)));
    vstore<T>(v + ci, vadd<T>(vmul<T>(beta2, vload<T>(v + ci)), vmul<T>(vmul<T>(vScale, gi), gi)));
    const si = vadd<T>(vmul<T>(beta3, vload<T>(s + ci)), vmul<T>(sScale, gi));
    vstore<T>(s + ci, si);
    dDenom = vadd<T>(dDenom, vabs<T>(si));
  }
  // lanes with ‖s‖₁ = 0 return before the step (prodigyopt): nothing below changes them
  const moves = vgt<T>(dDenom, zero);
  const dHat = vdiv<T>(vmul<T>(dCoef, dNumerator), dDenom);
  const first = veq<T>(d, d0);
  d = vsel<T>(first, vmax<T>(d, dHat), d);
  const dMax = vmax<T>(vload<T>(dMaxAt), dHat);
  d = vmin<T>(dMax, vmul<T>(d, growthRate));
  vstore<T>(dNumAt, vsel<T>(moves, dNumerator, vload<T>(dNumAt)));
  vstore<T>(dAt, vsel<T>(moves, d, vload<T>(dAt)));
  vstore<T>(dMaxAt, vsel<T>(moves, dMax, vload<T>(dMaxAt)));
  vstore<T>(kAt, vsel<T>(moves, vadd<T>(k, vsplat<T>(1)), k));
  const dEps = vmul<T>(d, eps);
  const decay = vmul<T>(vsplat<T>(-decoupledS), dlr);
  const negDlr = vneg<T>(dlr);
  // β1 = 0: prodigyopt steps along d·g with the updated d (m holds the old d·g)
  const noMomentum = beta1S == 0;
  const negDlrD = vmul<T>(negDlr, d);
  for (let i = 0; i < n; i++) {
    const ci = <usize>i * stride;
    let xi = vload<T>(x + ci);
    const before = xi;
    if (decoupledS != 0) xi = vadd<T>(xi, vmul<T>(decay, xi));
    let num: T;
    if (noMomentum) {
      const gi = coupledS != 0 ? vadd<T>(vload<T>(g + ci), vmul<T>(vsplat<T>(coupledS), before)) : vload<T>(g + ci);
      num = vmul<T>(negDlrD, gi);
    } else {
      num = vmul<T>(negDlr, vload<T>(m + ci));
    }
    xi = vadd<T>(xi, vdiv<T>(num, vadd<T>(vsqrt<T>(vload<T>(v + ci)), dEps)));
    vstore<T>(x + ci, vsel<T>(moves, xi, before));
  }
}
