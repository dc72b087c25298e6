// Heavy-ball and Nesterov momentum, src/optimizers/momentum.ts (nesterov: one flag):
// b = d on the first step (or always when μ = 0), else b = μ·b + (1 − dampening)·d;
// x ← x − lr_t·b, or x ← x − lr_t·(d + μ·b) with Nesterov; d = g + wd·x. −lr_t comes per step in
// the row (lr itself, or momentum-cosine's scheduled lr).
import { vadd, vmul, vload, vsplat, vstore } from '../lanes';
import {
  MOMENTUM_MOMENTUM, MOMENTUM_DAMPENING, MOMENTUM_WEIGHT_DECAY, MOMENTUM_NESTEROV, MOMENTUM_BUF_BUF, MOMENTUM_ROW,
  MOMENTUM_ROW_NEG_LR, MOMENTUM_ROW_LR,
} from '../generated/abi';
import { bufferAt, decayed, hyperAt, rowAt, storeLr } from './block';

export function momentumStep<T>(t: i32, n: i32, stride: usize, x: usize, g: usize, state: usize, hyper: usize, table: usize, lrOut: usize): void {
  storeLr<T>(lrOut, n, stride, vsplat<T>(rowAt(table, t, MOMENTUM_ROW, MOMENTUM_ROW_LR))); // momentum-cosine's lr trace
  const negLr = vsplat<T>(rowAt(table, t, MOMENTUM_ROW, MOMENTUM_ROW_NEG_LR));
  const muS = hyperAt(hyper, MOMENTUM_MOMENTUM);
  const mu = vsplat<T>(muS);
  const gradScale = vsplat<T>(1 - hyperAt(hyper, MOMENTUM_DAMPENING));
  const wdS = hyperAt(hyper, MOMENTUM_WEIGHT_DECAY);
  const nesterov = hyperAt(hyper, MOMENTUM_NESTEROV) != 0;
  const buf = bufferAt(state, MOMENTUM_BUF_BUF, n, stride);
  // PyTorch starts the buffer as the first gradient, and keeps none at all when μ = 0.
  const first = t == 0 || muS == 0;
  for (let i = 0; i < n; i++) {
    const ci = <usize>i * stride;
    const xi = vload<T>(x + ci);
    const d = decayed<T>(g, xi, wdS, ci);
    const b = first ? d : vadd<T>(vmul<T>(mu, vload<T>(buf + ci)), vmul<T>(gradScale, d));
    vstore<T>(buf + ci, b);
    const dir = nesterov ? vadd<T>(d, vmul<T>(mu, b)) : b;
    vstore<T>(x + ci, vadd<T>(xi, vmul<T>(negLr, dir)));
  }
}
