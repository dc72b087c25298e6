// Adagrad, src/optimizers/adagrad.ts: s += d², x ← x − clr·d/(√s + ε), clr = lr/(1 + t·lr_decay).
import { vadd, vmul, vdiv, vsqrt, vload, vsplat, vstore } from '../lanes';
import {
  ADAGRAD_LR, ADAGRAD_LR_DECAY, ADAGRAD_WEIGHT_DECAY, ADAGRAD_INITIAL_ACCUMULATOR_VALUE, ADAGRAD_EPS, ADAGRAD_BUF_SUM,
  ADAGRAD_BUFFERS, ADAGRAD_SCALARS,
} from '../generated/abi';
import { bufferAt, decayed, fillState, hyperAt } from './block';

/** The squared-gradient sum starts at initial_accumulator_value. */
export function adagradInit<T>(n: i32, stride: usize, state: usize, hyper: usize): void {
  fillState<T>(state, ADAGRAD_BUFFERS, ADAGRAD_SCALARS, n, stride, 0);
  fillState<T>(bufferAt(state, ADAGRAD_BUF_SUM, n, stride), 1, 0, n, stride, hyperAt(hyper, ADAGRAD_INITIAL_ACCUMULATOR_VALUE));
}

export function adagradStep<T>(t: i32, n: i32, stride: usize, x: usize, g: usize, state: usize, hyper: usize): void {
  const lr = hyperAt(hyper, ADAGRAD_LR);
  const lrDecay = hyperAt(hyper, ADAGRAD_LR_DECAY);
  const wdS = hyperAt(hyper, ADAGRAD_WEIGHT_DECAY);
  const eps = vsplat<T>(hyperAt(hyper, ADAGRAD_EPS));
  const negClr = vsplat<T>(-(lr / (1 + <f64>t * lrDecay)));
  const sum = bufferAt(state, ADAGRAD_BUF_SUM, n, stride);
  for (let i = 0; i < n; i++) {
    const ci = <usize>i * stride;
    const xi = vload<T>(x + ci);
    const d = decayed<T>(g, xi, wdS, ci);
    const s = vadd<T>(vload<T>(sum + ci), vmul<T>(d, d));
    vstore<T>(sum + ci, s);
    vstore<T>(x + ci, vadd<T>(xi, vdiv<T>(vmul<T>(negClr, d), vadd<T>(vsqrt<T>(s), eps))));
  }
}
