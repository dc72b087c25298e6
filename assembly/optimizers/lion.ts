// Lion, src/optimizers/lion.ts: x ← x·(1 − lr·wd) − sign(m·β1 + g·(1 − β1))·lr,
// m ← m·β2 + g·(1 − β2); sign(0) = sign(NaN) = 0 (torch.sign), vsignTimes.
import { vadd, vsub, vmul, vload, vsignTimes, vsplat, vstore } from '../lanes';
import { LION_LR, LION_BETA1, LION_ONE_MINUS_BETA1, LION_BETA2, LION_ONE_MINUS_BETA2, LION_DECAY, LION_BUF_M } from '../generated/abi';
import { bufferAt, hyperAt } from './block';

export function lionStep<T>(n: i32, stride: usize, x: usize, g: usize, state: usize, hyper: usize): void {
  const lr = vsplat<T>(hyperAt(hyper, LION_LR));
  const beta1 = vsplat<T>(hyperAt(hyper, LION_BETA1));
  const oneMinusBeta1 = vsplat<T>(hyperAt(hyper, LION_ONE_MINUS_BETA1));
  const beta2 = vsplat<T>(hyperAt(hyper, LION_BETA2));
  const oneMinusBeta2 = vsplat<T>(hyperAt(hyper, LION_ONE_MINUS_BETA2));
  const decay = vsplat<T>(hyperAt(hyper, LION_DECAY));
  const mBuf = bufferAt(state, LION_BUF_M, n, stride);
  for (let i = 0; i < n; i++) {
    const ci = <usize>i * stride;
    const gi = vload<T>(g + ci);
    const m = vload<T>(mBuf + ci);
    const u = vadd<T>(vmul<T>(m, beta1), vmul<T>(gi, oneMinusBeta1));
    vstore<T>(x + ci, vsub<T>(vmul<T>(vload<T>(x + ci), decay), vsignTimes<T>(u, lr)));
    vstore<T>(mBuf + ci, vadd<T>(vmul<T>(m, beta2), vmul<T>(gi, oneMinusBeta2)));
  }
}
