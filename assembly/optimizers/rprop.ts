// Rprop, src/optimizers/rprop.ts (torch.optim.Rprop): by the sign of g·g_prev the step size s
// grows by η⁺ (> 0), shrinks by η⁻ (< 0, and g counts as 0) or stays (= 0); s is clamped to
// [step_size_min, step_size_max]; x ← x − sign(g)·s; g_prev ← g (or 0).
import { vgt, vmax, vmin, vmul, vsel, vsignTimes, vsub, vload, vsplat, vstore } from '../lanes';
import {
  RPROP_LR, RPROP_ETAMINUS, RPROP_ETAPLUS, RPROP_STEP_SIZE_MIN, RPROP_STEP_SIZE_MAX, RPROP_BUF_PREV,
  RPROP_BUF_STEP_SIZE, RPROP_BUFFERS, RPROP_SCALARS,
} from '../generated/abi';
import { bufferAt, fillState, hyperAt } from './block';

/** Every step size starts at lr, the previous gradient at 0. */
export function rpropInit<T>(n: i32, stride: usize, state: usize, hyper: usize): void {
  fillState<T>(state, RPROP_BUFFERS, RPROP_SCALARS, n, stride, 0);
  fillState<T>(bufferAt(state, RPROP_BUF_STEP_SIZE, n, stride), 1, 0, n, stride, hyperAt(hyper, RPROP_LR));
}

export function rpropStep<T>(n: i32, stride: usize, x: usize, g: usize, state: usize, hyper: usize): void {
  const etaminus = vsplat<T>(hyperAt(hyper, RPROP_ETAMINUS));
  const etaplus = vsplat<T>(hyperAt(hyper, RPROP_ETAPLUS));
  const sMin = vsplat<T>(hyperAt(hyper, RPROP_STEP_SIZE_MIN));
  const sMax = vsplat<T>(hyperAt(hyper, RPROP_STEP_SIZE_MAX));
  const zero = vsplat<T>(0);
  const prev = bufferAt(state, RPROP_BUF_PREV, n, stride);
  const stepSize = bufferAt(state, RPROP_BUF_STEP_SIZE, n, stride);
  for (let i = 0; i < n; i++) {
    const ci = <usize>i * stride;
    const gi = vload<T>(g + ci);
    const p = vmul<T>(gi, vload<T>(prev + ci));
    const same = vgt<T>(p, zero);
    const flipped = vgt<T>(zero, p);
    let s = vload<T>(stepSize + ci);
    s = vsel<T>(same, vmul<T>(s, etaplus), vsel<T>(flipped, vmul<T>(s, etaminus), s));
    s = vmin<T>(vmax<T>(s, sMin), sMax);
    vstore<T>(stepSize + ci, s);
    const gEff = vsel<T>(flipped, zero, gi);
    vstore<T>(x + ci, vsub<T>(vload<T>(x + ci), vsignTimes<T>(gEff, s)));
    vstore<T>(prev + ci, gEff);
  }
}
