// Adam-HD, src/optimizers/adamHd.ts: α += β·(g·d_prev) from the second step on; Adam's m, v;
// d = m / bc1 / (√(v / bc2) + ε); x −= α·d. bc1, bc2 (`**`) come per step in the row.
import { vadd, vsub, vmul, vdiv, vsqrt, vload, vsplat, vstore } from '../lanes';
import {
  ADAM_HD_LR, ADAM_HD_BETA1, ADAM_HD_BETA2, ADAM_HD_EPS, ADAM_HD_HYPERGRAD_LR, ADAM_HD_BUF_M, ADAM_HD_BUF_V,
  ADAM_HD_BUF_DIR, ADAM_HD_BUFFERS, ADAM_HD_SCALARS, ADAM_HD_SCALAR_ALPHA, ADAM_HD_ROW, ADAM_HD_ROW_BIAS_CORRECTION1,
  ADAM_HD_ROW_BIAS_CORRECTION2,
} from '../generated/abi';
import { bufferAt, fillState, hyperAt, rowAt, scalarAt, storeLr } from './block';

/** α starts at lr (α₀). */
export function adamHdInit<T>(n: i32, stride: usize, state: usize, hyper: usize): void {
  fillState<T>(state, ADAM_HD_BUFFERS, ADAM_HD_SCALARS, n, stride, 0);
  vstore<T>(scalarAt(state, ADAM_HD_BUFFERS, ADAM_HD_SCALAR_ALPHA, n, stride), vsplat<T>(hyperAt(hyper, ADAM_HD_LR)));
}

export function adamHdStep<T>(
  t: i32, n: i32, stride: usize, x: usize, g: usize, state: usize, hyper: usize, table: usize, lrOut: usize,
): void {
  const beta1S = hyperAt(hyper, ADAM_HD_BETA1);
  const beta2S = hyperAt(hyper, ADAM_HD_BETA2);
  const beta1 = vsplat<T>(beta1S);
  const beta2 = vsplat<T>(beta2S);
  const oneMinusBeta1 = vsplat<T>(1 - beta1S);
  const oneMinusBeta2 = vsplat<T>(1 - beta2S);
  const eps = vsplat<T>(hyperAt(hyper, ADAM_HD_EPS));
  const m = bufferAt(state, ADAM_HD_BUF_M, n, stride);
  const v = bufferAt(state, ADAM_HD_BUF_V, n, stride);
  const dir = bufferAt(state, ADAM_HD_BUF_DIR, n, stride);
  const alphaAt = scalarAt(state, ADAM_HD_BUFFERS, ADAM_HD_SCALAR_ALPHA, n, stride);
  let alpha = vload<T>(alphaAt);
  if (t > 0) {
    let dot = vsplat<T>(0);
    for (let i = 0; i < n; i++) {
      const ci = <usize>i * stride;
      dot = vadd<T>(dot, vmul<T>(vload<T>(g + ci), vload<T>(dir + ci)));
    }
    alpha = vadd<T>(alpha, vmul<T>(vsplat<T>(hyperAt(hyper, ADAM_HD_HYPERGRAD_LR)), dot));
  }
  const bc1 = vsplat<T>(rowAt(table, t, ADAM_HD_ROW, ADAM_HD_ROW_BIAS_CORRECTION1));
  const bc2 = vsplat<T>(rowAt(table, t, ADAM_HD_ROW, ADAM_HD_ROW_BIAS_CORRECTION2));
  for (let i = 0; i < n; i++) {
    const ci = <usize>i * stride;
    const gi = vload<T>(g + ci);
    const mi = vadd<T>(vmul<T>(beta1, vload<T>(m + ci)), vmul<T>(oneMinusBeta1, gi));
    const vi = vadd<T>(vmul<T>(beta2, vload<T>(v + ci)), vmul<T>(vmul<T>(oneMinusBeta2, gi), gi));
    vstore<T>(m + ci, mi);
    vstore<T>(v + ci, vi);
    const d = vdiv<T>(vdiv<T>(mi, bc1), vadd<T>(vsqrt<T>(vdiv<T>(vi, bc2)), eps));
    vstore<T>(dir + ci, d);
    vstore<T>(x + ci, vsub<T>(vload<T>(x + ci), vmul<T>(alpha, d)));
  }
  vstore<T>(alphaAt, alpha);
  storeLr<T>(lrOut, n, stride, alpha);
}
