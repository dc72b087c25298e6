// NAdam, src/optimizers/nadam.ts: m, v as in Adam; x ← x + gradWeight·d/denom + momentumWeight·m/denom,
// denom = √(v/(1−β2^t)) + ε; the three per-step scalars (μ schedule, `**`) come in the row.
import { vadd, vmul, vdiv, vsqrt, vload, vsplat, vstore } from '../lanes';
import {
  NADAM_BETA1, NADAM_BETA2, NADAM_EPS, NADAM_WEIGHT_DECAY, NADAM_BUF_M, NADAM_BUF_V, NADAM_ROW,
  NADAM_ROW_BIAS_CORRECTION2, NADAM_ROW_GRAD_WEIGHT, NADAM_ROW_MOMENTUM_WEIGHT,
} from '../generated/abi';
import { bufferAt, decayed, hyperAt, rowAt } from './block';

export function nadamStep<T>(t: i32, n: i32, stride: usize, x: usize, g: usize, state: usize, hyper: usize, table: usize): void {
  const beta1S = hyperAt(hyper, NADAM_BETA1);
  const beta2S = hyperAt(hyper, NADAM_BETA2);
  const beta1 = vsplat<T>(beta1S);
  const beta2 = vsplat<T>(beta2S);
  const oneMinusBeta1 = vsplat<T>(1 - beta1S);
  const oneMinusBeta2 = vsplat<T>(1 - beta2S);
  const eps = vsplat<T>(hyperAt(hyper, NADAM_EPS));
  const wdS = hyperAt(hyper, NADAM_WEIGHT_DECAY);
  const biasCorrection2 = vsplat<T>(rowAt(table, t, NADAM_ROW, NADAM_ROW_BIAS_CORRECTION2));
  const gradWeight = vsplat<T>(rowAt(table, t, NADAM_ROW, NADAM_ROW_GRAD_WEIGHT));
  const momentumWeight = vsplat<T>(rowAt(table, t, NADAM_ROW, NADAM_ROW_MOMENTUM_WEIGHT));
  const m = bufferAt(state, NADAM_BUF_M, n, stride);
  const v = bufferAt(state, NADAM_BUF_V, n, stride);
  for (let i = 0; i < n; i++) {
    const ci = <usize>i * stride;
    const x0 = vload<T>(x + ci);
    const d = decayed<T>(g, x0, wdS, ci);
    const mi = vadd<T>(vmul<T>(beta1, vload<T>(m + ci)), vmul<T>(oneMinusBeta1, d));
    const vi = vadd<T>(vmul<T>(beta2, vload<T>(v + ci)), vmul<T>(vmul<T>(oneMinusBeta2, d), d));
    vstore<T>(m + ci, mi);
    vstore<T>(v + ci, vi);
    const denom = vadd<T>(vsqrt<T>(vdiv<T>(vi, biasCorrection2)), eps);
    const x1 = vadd<T>(x0, vdiv<T>(vmul<T>(gradWeight, d), denom));
    vstore<T>(x + ci, vadd<T>(x1, vdiv<T>(vmul<T>(momentumWeight, mi), denom)));
  }
}
