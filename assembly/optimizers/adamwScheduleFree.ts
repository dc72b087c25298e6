// Schedule-free AdamW, src/optimizers/adamwScheduleFree.ts (schedulefree's AdamWScheduleFree and
// AdamWScheduleFreePaper): x holds y, the point where gradients are taken; z is the base sequence.
// With the step's lr_k, averaging weight c and bias correction bc2 (host-computed per step: they
// depend on k only; bc2 = 1 for the paper's class):
//   v ← β2·v + (1−β2)·g²,  u = g/(√(v/bc2) + ε) + weight_decay·y
//   y ← lerp(y, z, c) + lr_k·(β1(1 − c) − 1)·u,  z ← z − lr_k·u
import { vadd, vsub, vmul, vdiv, vsqrt, vload, vsplat, vstore } from '../lanes';
import {
  ADAMW_SCHEDULE_FREE_BETA1, ADAMW_SCHEDULE_FREE_BETA2, ADAMW_SCHEDULE_FREE_EPS, ADAMW_SCHEDULE_FREE_WEIGHT_DECAY,
  ADAMW_SCHEDULE_FREE_BUF_Z, ADAMW_SCHEDULE_FREE_BUF_V, ADAMW_SCHEDULE_FREE_ROW, ADAMW_SCHEDULE_FREE_ROW_LR,
  ADAMW_SCHEDULE_FREE_ROW_CKP1, ADAMW_SCHEDULE_FREE_ROW_BIAS_CORRECTION2, ADAMW_SCHEDULE_FREE_ROW_BIAS_CORRECTION1,
  ADAMW_SCHEDULE_FREE_INNER_MOMENTUM, ADAMW_SCHEDULE_FREE_BUF_M,
} from '../generated/abi';
import { bufferAt, hyperAt, rowAt, storeLr } from './block';

export function adamwScheduleFreeStep<T>(
  t: i32, n: i32, stride: usize, x: usize, g: usize, state: usize, hyper: usize, table: usize, lrOut: usize,
): void {
  const beta1S = hyperAt(hyper, ADAMW_SCHEDULE_FREE_BETA1);
  const beta2S = hyperAt(hyper, ADAMW_SCHEDULE_FREE_BETA2);
  const beta2 = vsplat<T>(beta2S);
  const oneMinusBeta2 = vsplat<T>(1 - beta2S);
  const eps = vsplat<T>(hyperAt(hyper, ADAMW_SCHEDULE_FREE_EPS));
  const decayS = hyperAt(hyper, ADAMW_SCHEDULE_FREE_WEIGHT_DECAY);
  const decay = vsplat<T>(decayS);
  const lrS = rowAt(table, t, ADAMW_SCHEDULE_FREE_ROW, ADAMW_SCHEDULE_FREE_ROW_LR);
  const ckp1S = rowAt(table, t, ADAMW_SCHEDULE_FREE_ROW, ADAMW_SCHEDULE_FREE_ROW_CKP1);
  const bc2 = vsplat<T>(rowAt(table, t, ADAMW_SCHEDULE_FREE_ROW, ADAMW_SCHEDULE_FREE_ROW_BIAS_CORRECTION2));
  const muS = hyperAt(hyper, ADAMW_SCHEDULE_FREE_INNER_MOMENTUM);
  const mu = vsplat<T>(muS);
  const oneMinusMu = vsplat<T>(1 - muS);
  const bc1 = vsplat<T>(rowAt(table, t, ADAMW_SCHEDULE_FREE_ROW, ADAMW_SCHEDULE_FREE_ROW_BIAS_CORRECTION1));
  const m = bufferAt(state, ADAMW_SCHEDULE_FREE_BUF_M, n, stride);
  const lr = vsplat<T>(lrS);
  const ckp1 = vsplat<T>(ckp1S);
  const oneMinusCkp1 = vsplat<T>(1 - ckp1S);
  const lowWeight = ckp1S < 0.5; // torch.lerp's two formulas
  const yScale = vsplat<T>(lrS * (beta1S * (1 - ckp1S) - 1));
  const z = bufferAt(state, ADAMW_SCHEDULE_FREE_BUF_Z, n, stride);
  const v = bufferAt(state, ADAMW_SCHEDULE_FREE_BUF_V, n, stride);
  if (t == 0) {
    for (let i = 0; i < n; i++) vstore<T>(z + <usize>i * stride, vload<T>(x + <usize>i * stride));
  }
  storeLr<T>(lrOut, n, stride, lr);
  for (let i = 0; i < n; i++) {
    const ci = <usize>i * stride;
    const gi = vload<T>(g + ci);
    const yi = vload<T>(x + ci);
    const zi = vload<T>(z + ci);
    const vi = vadd<T>(vmul<T>(beta2, vload<T>(v + ci)), vmul<T>(vmul<T>(oneMinusBeta2, gi), gi));
    vstore<T>(v + ci, vi);
    const denom = vadd<T>(vsqrt<T>(vdiv<T>(vi, bc2)), eps);
    let u: T;
    if (muS != 0) {
      const mi = vadd<T>(vmul<T>(vload<T>(m + ci), mu), vmul<T>(oneMinusMu, gi));
      vstore<T>(m + ci, mi);
      u = vdiv<T>(vdiv<T>(mi, bc1), denom);
    } else {
      u = vdiv<T>(gi, denom);
    }
    if (decayS != 0) u = vadd<T>(u, vmul<T>(decay, yi));
    const lerped = lowWeight ? vadd<T>(yi, vmul<T>(ckp1, vsub<T>(zi, yi))) : vsub<T>(zi, vmul<T>(vsub<T>(zi, yi), oneMinusCkp1));
    vstore<T>(x + ci, vadd<T>(lerped, vmul<T>(yScale, u)));
    vstore<T>(z + ci, vsub<T>(zi, vmul<T>(lr, u)));
  }
}

/** The answer x = lerp(y, z, 1 − 1/β1) (schedulefree's eval()); y itself before the first step or
 *  with β1 = 0 (see the TS spec). */
export function adamwScheduleFreeEvalPoint<T>(t: i32, n: i32, stride: usize, x: usize, state: usize, hyper: usize, out: usize): void {
  const beta1S = hyperAt(hyper, ADAMW_SCHEDULE_FREE_BETA1);
  const z = bufferAt(state, ADAMW_SCHEDULE_FREE_BUF_Z, n, stride);
  const plain = t == 0 || beta1S == 0;
  const w = vsplat<T>(plain ? 0 : 1 - 1 / beta1S); // < 0: torch.lerp's start + w·(end − start)
  for (let i = 0; i < n; i++) {
    const ci = <usize>i * stride;
    const yi = vload<T>(x + ci);
    vstore<T>(out + ci, plain ? yi : vadd<T>(yi, vmul<T>(w, vsub<T>(vload<T>(z + ci), yi))));
  }
}
