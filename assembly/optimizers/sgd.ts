// SGD, src/optimizers/sgd.ts: x ← x − lr·(g + wd·x).
import { vadd, vmul, vload, vsplat, vstore } from '../lanes';
import { SGD_LR, SGD_WEIGHT_DECAY } from '../generated/abi';
import { decayed, hyperAt } from './block';

export function sgdStep<T>(n: i32, stride: usize, x: usize, g: usize, hyper: usize): void {
  const negLr = vsplat<T>(-hyperAt(hyper, SGD_LR));
  const wdS = hyperAt(hyper, SGD_WEIGHT_DECAY);
  for (let i = 0; i < n; i++) {
    const ci = <usize>i * stride;
    const xi = vload<T>(x + ci);
    vstore<T>(x + ci, vadd<T>(xi, vmul<T>(negLr, decayed<T>(g, xi, wdS, ci))));
  }
}
