// RMSprop, src/optimizers/rmsprop.ts: v = α·v + (1−α)·d², x ← x − lr·d/(√v + ε); centered
// (√(v − ḡ²)) and with momentum (b = μ·b + d/avg, x ← x − lr·b) as options.
import { vadd, vsub, vmul, vdiv, vsqrt, vload, vsplat, vstore } from '../lanes';
import {
  RMSPROP_LR, RMSPROP_ALPHA, RMSPROP_EPS, RMSPROP_WEIGHT_DECAY, RMSPROP_MOMENTUM, RMSPROP_CENTERED,
  RMSPROP_BUF_SQUARE_AVG, RMSPROP_BUF_GRAD_AVG, RMSPROP_BUF_BUF,
} from '../generated/abi';
import { bufferAt, decayed, hyperAt } from './block';

export function rmspropStep<T>(n: i32, stride: usize, x: usize, g: usize, state: usize, hyper: usize): void {
  const negLr = vsplat<T>(-hyperAt(hyper, RMSPROP_LR));
  const alphaS = hyperAt(hyper, RMSPROP_ALPHA);
  const alpha = vsplat<T>(alphaS);
  const oneMinusAlpha = vsplat<T>(1 - alphaS);
  const eps = vsplat<T>(hyperAt(hyper, RMSPROP_EPS));
  const wdS = hyperAt(hyper, RMSPROP_WEIGHT_DECAY);
  const muS = hyperAt(hyper, RMSPROP_MOMENTUM);
  const mu = vsplat<T>(muS);
  const centered = hyperAt(hyper, RMSPROP_CENTERED) != 0;
  const squareAvg = bufferAt(state, RMSPROP_BUF_SQUARE_AVG, n, stride);
  const gradAvg = bufferAt(state, RMSPROP_BUF_GRAD_AVG, n, stride);
  const buf = bufferAt(state, RMSPROP_BUF_BUF, n, stride);
  for (let i = 0; i < n; i++) {
    const ci = <usize>i * stride;
    const xi = vload<T>(x + ci);
    const d = decayed<T>(g, xi, wdS, ci);
    const v = vadd<T>(vmul<T>(alpha, vload<T>(squareAvg + ci)), vmul<T>(vmul<T>(oneMinusAlpha, d), d));
    vstore<T>(squareAvg + ci, v);
    let avg: T;
    if (centered) {
      const m = vadd<T>(vmul<T>(alpha, vload<T>(gradAvg + ci)), vmul<T>(oneMinusAlpha, d));
      vstore<T>(gradAvg + ci, m);
      avg = vadd<T>(vsqrt<T>(vsub<T>(v, vmul<T>(m, m))), eps);
    } else {
      avg = vadd<T>(vsqrt<T>(v), eps);
    }
    if (muS > 0) {
      const b = vadd<T>(vmul<T>(mu, vload<T>(buf + ci)), vdiv<T>(d, avg));
      vstore<T>(buf + ci, b);
      vstore<T>(x + ci, vadd<T>(xi, vmul<T>(negLr, b)));
    } else {
      vstore<T>(x + ci, vadd<T>(xi, vdiv<T>(vmul<T>(negLr, d), avg)));
    }
  }
}
