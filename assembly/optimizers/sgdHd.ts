// SGD-HD, src/optimizers/sgdHd.ts: α += β·(g·g_prev) from the second step on; x −= α·g.
// The dot product runs over coordinates 0 … n−1 as the TS loop does (each lane is one run).
import { vadd, vsub, vmul, vload, vsplat, vstore } from '../lanes';
import {
  SGD_HD_LR, SGD_HD_HYPERGRAD_LR, SGD_HD_BUF_PREV_G, SGD_HD_BUFFERS, SGD_HD_SCALARS, SGD_HD_SCALAR_ALPHA,
} from '../generated/abi';
import { bufferAt, fillState, hyperAt, scalarAt, storeLr } from './block';

/** α starts at lr (α₀). */
export function sgdHdInit<T>(n: i32, stride: usize, state: usize, hyper: usize): void {
  fillState<T>(state, SGD_HD_BUFFERS, SGD_HD_SCALARS, n, stride, 0);
  vstore<T>(scalarAt(state, SGD_HD_BUFFERS, SGD_HD_SCALAR_ALPHA, n, stride), vsplat<T>(hyperAt(hyper, SGD_HD_LR)));
}

export function sgdHdStep<T>(t: i32, n: i32, stride: usize, x: usize, g: usize, state: usize, hyper: usize, lrOut: usize): void {
  const prev = bufferAt(state, SGD_HD_BUF_PREV_G, n, stride);
  const alphaAt = scalarAt(state, SGD_HD_BUFFERS, SGD_HD_SCALAR_ALPHA, n, stride);
  let alpha = vload<T>(alphaAt);
  if (t > 0) {
    let dot = vsplat<T>(0);
    for (let i = 0; i < n; i++) {
      const ci = <usize>i * stride;
      dot = vadd<T>(dot, vmul<T>(vload<T>(g + ci), vload<T>(prev + ci)));
    }
    alpha = vadd<T>(alpha, vmul<T>(vsplat<T>(hyperAt(hyper, SGD_HD_HYPERGRAD_LR)), dot));
  }
  for (let i = 0; i < n; i++) {
    const ci = <usize>i * stride;
    const gi = vload<T>(g + ci);
    vstore<T>(x + ci, vsub<T>(vload<T>(x + ci), vmul<T>(alpha, gi)));
    vstore<T>(prev + ci, gi);
  }
  vstore<T>(alphaAt, alpha);
  storeLr<T>(lrOut, n, stride, alpha);
}
