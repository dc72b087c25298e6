// DoG, src/optimizers/dog.ts: at step 0 x₀ ← x and r = reps_rel·(1 + ‖x₀‖); then
// r ← max(r, ‖x − x₀‖), G ← G + ‖g‖², η = lr·r/√G (0 while G = 0); x −= η·g.
// The norms run over coordinates 0 … n−1 as the TS loops do (each lane is one run).
import { vadd, vsub, vmul, vdiv, vsqrt, vmax, vgt, vsel, vload, vsplat, vstore } from '../lanes';
import { DOG_LR, DOG_REPS_REL, DOG_BUF_X0, DOG_BUFFERS, DOG_SCALAR_MAX_DIST, DOG_SCALAR_GRAD_SQ } from '../generated/abi';
import { bufferAt, hyperAt, scalarAt, storeLr } from './block';

export function dogStep<T>(t: i32, n: i32, stride: usize, x: usize, g: usize, state: usize, hyper: usize, lrOut: usize): void {
  const zero = vsplat<T>(0);
  const x0 = bufferAt(state, DOG_BUF_X0, n, stride);
  const maxDistAt = scalarAt(state, DOG_BUFFERS, DOG_SCALAR_MAX_DIST, n, stride);
  const gradSqAt = scalarAt(state, DOG_BUFFERS, DOG_SCALAR_GRAD_SQ, n, stride);
  if (t == 0) {
    let norm0 = zero;
    for (let i = 0; i < n; i++) {
      const ci = <usize>i * stride;
      const xi = vload<T>(x + ci);
      vstore<T>(x0 + ci, xi);
      norm0 = vadd<T>(norm0, vmul<T>(xi, xi));
    }
    vstore<T>(maxDistAt, vmul<T>(vsplat<T>(hyperAt(hyper, DOG_REPS_REL)), vadd<T>(vsplat<T>(1), vsqrt<T>(norm0))));
  }
  let dist = zero;
  let gg = zero;
  for (let i = 0; i < n; i++) {
    const ci = <usize>i * stride;
    const d = vsub<T>(vload<T>(x + ci), vload<T>(x0 + ci));
    dist = vadd<T>(dist, vmul<T>(d, d));
    const gi = vload<T>(g + ci);
    gg = vadd<T>(gg, vmul<T>(gi, gi));
  }
  const maxDist = vmax<T>(vload<T>(maxDistAt), vsqrt<T>(dist));
  const gradSq = vadd<T>(vload<T>(gradSqAt), gg);
  const eta = vsel<T>(vgt<T>(gradSq, zero), vdiv<T>(vmul<T>(vsplat<T>(hyperAt(hyper, DOG_LR)), maxDist), vsqrt<T>(gradSq)), zero);
  for (let i = 0; i < n; i++) {
    const ci = <usize>i * stride;
    vstore<T>(x + ci, vsub<T>(vload<T>(x + ci), vmul<T>(eta, vload<T>(g + ci))));
  }
  vstore<T>(maxDistAt, maxDist);
  vstore<T>(gradSqAt, gradSq);
  storeLr<T>(lrOut, n, stride, eta);
}
