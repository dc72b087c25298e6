// Adam, AdamW and adamw-cosine, src/optimizers/adam.ts: x ← x·(1 − lr_t·wd) first for AdamW; d = g + l2·x;
// m = β1·m + (1−β1)·d, v = β2·v + (1−β2)·d², x ← x + (−lr/(1−β1^t))·m/(√v̂/√(1−β2^t) + ε),
// v̂ = v or the running max of v (AMSGrad). The two `**` scalars and the decay factor (lr_t:
// the step's lr, scheduled for adamw-cosine) come per step in the row.
import { vadd, vmul, vdiv, vsqrt, vmax, vload, vsplat, vstore } from '../lanes';
import {
  ADAM_BETA1, ADAM_BETA2, ADAM_EPS, ADAM_L2, ADAM_DECOUPLED_DECAY, ADAM_AMSGRAD, ADAM_BUF_M, ADAM_BUF_V,
  ADAM_BUF_V_MAX, ADAM_ROW, ADAM_ROW_NEG_STEP_SIZE, ADAM_ROW_BIAS_CORRECTION2_SQRT, ADAM_ROW_DECAY_FACTOR, ADAM_ROW_LR,
} from '../generated/abi';
import { bufferAt, decayed, hyperAt, rowAt, storeLr } from './block';

export function adamStep<T>(t: i32, n: i32, stride: usize, x: usize, g: usize, state: usize, hyper: usize, table: usize, lrOut: usize): void {
  storeLr<T>(lrOut, n, stride, vsplat<T>(rowAt(table, t, ADAM_ROW, ADAM_ROW_LR))); // adamw-cosine's lr trace
  const beta1S = hyperAt(hyper, ADAM_BETA1);
  const beta2S = hyperAt(hyper, ADAM_BETA2);
  const beta1 = vsplat<T>(beta1S);
  const beta2 = vsplat<T>(beta2S);
  const oneMinusBeta1 = vsplat<T>(1 - beta1S);
  const oneMinusBeta2 = vsplat<T>(1 - beta2S);
  const eps = vsplat<T>(hyperAt(hyper, ADAM_EPS));
  const l2S = hyperAt(hyper, ADAM_L2);
  const decayS = hyperAt(hyper, ADAM_DECOUPLED_DECAY);
  const decoupled = decayS != 0;
  const decayFactor = vsplat<T>(rowAt(table, t, ADAM_ROW, ADAM_ROW_DECAY_FACTOR));
  const amsgrad = hyperAt(hyper, ADAM_AMSGRAD) != 0;
  const negStepSize = vsplat<T>(rowAt(table, t, ADAM_ROW, ADAM_ROW_NEG_STEP_SIZE));
  const biasCorrection2Sqrt = vsplat<T>(rowAt(table, t, ADAM_ROW, ADAM_ROW_BIAS_CORRECTION2_SQRT));
  const m = bufferAt(state, ADAM_BUF_M, n, stride);
  const v = bufferAt(state, ADAM_BUF_V, n, stride);
  const vMax = bufferAt(state, ADAM_BUF_V_MAX, n, stride);
  for (let i = 0; i < n; i++) {
    const ci = <usize>i * stride;
    let xi = vload<T>(x + ci);
    if (decoupled) xi = vmul<T>(xi, decayFactor);
    const d = decayed<T>(g, xi, l2S, ci);
    const mi = vadd<T>(vmul<T>(beta1, vload<T>(m + ci)), vmul<T>(oneMinusBeta1, d));
    const vi = vadd<T>(vmul<T>(beta2, vload<T>(v + ci)), vmul<T>(vmul<T>(oneMinusBeta2, d), d));
    vstore<T>(m + ci, mi);
    vstore<T>(v + ci, vi);
    let vHat = vi;
    if (amsgrad) {
      vHat = vmax<T>(vload<T>(vMax + ci), vi);
      vstore<T>(vMax + ci, vHat);
    }
    const denom = vadd<T>(vdiv<T>(vsqrt<T>(vHat), biasCorrection2Sqrt), eps);
    vstore<T>(x + ci, vadd<T>(xi, vdiv<T>(vmul<T>(negStepSize, mi), denom)));
  }
}
