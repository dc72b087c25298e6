// The baseline optimizers of the benchmark, PyTorch's formulas exactly as src/optimizers/*.ts
// write them (same operation order), for one lane group and every coordinate.
//
// Hyper-parameter block (f64, written by the host in this order):
//   sgd 1              [lr, weight_decay]
//   momentum 2, nesterov 3   [lr, momentum, dampening, weight_decay]
//   adagrad 4          [lr, lr_decay, weight_decay, initial_accumulator_value, eps]
//   rmsprop 5          [lr, alpha, eps, weight_decay, momentum, centered]
//   adam 6, adamw 7    [lr, beta1, beta2, eps, l2 (adam's weight_decay), decoupled decay (adamw's), amsgrad]
//   nadam 8            [lr, beta1, beta2, eps, weight_decay, momentum_decay]
//   sgd-hd 9           [lr (α₀), hypergrad_lr (β)]
//   adam-hd 10         [lr (α₀), beta1, beta2, eps, hypergrad_lr (β)]
//   dog 11             [lr (the multiplier of η), reps_rel]
// Per-step table (f64, step t at table + t·k·8), the scalars the TS code computes with `**`,
// computed by the host with the same JS expressions so they agree bit for bit:
//   adam, adamw  k = 2: [−lr/(1 − β1^(t+1)), √(1 − β2^(t+1))]
//   nadam        k = 3: [1 − β2^(t+1), gradWeight, momentumWeight]
//   adam-hd      k = 2: [1 − β1^(t+1), 1 − β2^(t+1)]
// State: up to three buffers of n lanes per group (buffer b of coordinate i at state + (b·n + i)·stride),
// then BASELINE_STATE_SCALARS per-run scalars (scalar k at state + (3n + k)·stride):
//   sgd-hd   buffer 0 the previous gradient; scalar 0 α
//   adam-hd  buffers m, v, and the previous direction m̂/(√v̂ + ε); scalar 0 α
//   dog      buffer 0 x₀; scalars 0 max distance, 1 Σ‖g‖²
// The step-size rules reduce over the run's coordinates (g·g_prev, ‖x − x₀‖², ‖g‖²) in the TS
// loops' order, coordinate 0 … n−1; the two lanes of a v128 are two runs, so each lane's sum is
// exactly the TS sum. Their lr (α or η, the same for every coordinate) goes to `lrOut` when not 0.
import { vadd, vsub, vmul, vdiv, vsqrt, vmax, vgt, vsel, vload, vstore, vsplat } from './lanes';

export const OPT_SGD = 1;
export const OPT_MOMENTUM = 2;
export const OPT_NESTEROV = 3;
export const OPT_ADAGRAD = 4;
export const OPT_RMSPROP = 5;
export const OPT_ADAM = 6;
export const OPT_ADAMW = 7;
export const OPT_NADAM = 8;
export const OPT_SGD_HD = 9;
export const OPT_ADAM_HD = 10;
export const OPT_DOG = 11;

export function knownBaseline(id: i32): bool {
  return id >= OPT_SGD && id <= OPT_DOG;
}

export const BASELINE_STATE_BUFFERS = 3;
export const BASELINE_STATE_SCALARS = 2;

// @ts-ignore: decorator
@inline function h(hyper: usize, k: i32): f64 {
  return load<f64>(hyper + (<usize>k << 3));
}

/** Fills the state of one lane group before step 0 (Adagrad's accumulator starts at its
 *  initial value, the hypergradient rules' α at α₀; everything else at 0). */
export function baselineInit<T>(opt: i32, n: i32, stride: usize, state: usize, hyper: usize): void {
  const init = vsplat<T>(opt == OPT_ADAGRAD ? h(hyper, 3) : 0.0);
  const zero = vsplat<T>(0);
  for (let b = 0; b < BASELINE_STATE_BUFFERS; b++) {
    for (let i = 0; i < n; i++) {
      vstore<T>(state + <usize>(b * n + i) * stride, b == 0 ? init : zero);
    }
  }
  const scalars = state + <usize>(BASELINE_STATE_BUFFERS * n) * stride;
  const alpha0 = vsplat<T>(opt == OPT_SGD_HD || opt == OPT_ADAM_HD ? h(hyper, 0) : 0.0);
  for (let k = 0; k < BASELINE_STATE_SCALARS; k++) vstore<T>(scalars + <usize>k * stride, k == 0 ? alpha0 : zero);
}

/** The same per-run lr in every coordinate of the lr trace. */
// @ts-ignore: decorator
@inline function storeLr<T>(lrOut: usize, n: i32, stride: usize, lr: T): void {
  if (lrOut != 0) for (let i = 0; i < n; i++) vstore<T>(lrOut + <usize>i * stride, lr);
}

/** Step t (0-based) of optimizer `opt` for the lane group at x, g, state; the step-size rules
 *  write their lr to lrOut (same layout as x) when it is not 0. */
export function baselineStep<T>(
  opt: i32, t: i32, n: i32, stride: usize, x: usize, g: usize, state: usize, hyper: usize, table: usize, lrOut: usize,
): void {
  const s0 = state;
  const s1 = state + <usize>n * stride;
  const s2 = s1 + <usize>n * stride;
  const sc0 = s2 + <usize>n * stride; // the per-run scalars
  const sc1 = sc0 + stride;
  switch (opt) {
    case OPT_SGD: {
      const negLr = vsplat<T>(-h(hyper, 0));
      const wdS = h(hyper, 1);
      const wd = vsplat<T>(wdS);
      for (let i = 0; i < n; i++) {
        const ci = <usize>i * stride;
        const xi = vload<T>(x + ci);
        const d = wdS != 0 ? vadd<T>(vload<T>(g + ci), vmul<T>(wd, xi)) : vload<T>(g + ci);
        vstore<T>(x + ci, vadd<T>(xi, vmul<T>(negLr, d)));
      }
      break;
    }
    case OPT_MOMENTUM:
    case OPT_NESTEROV: {
      const negLr = vsplat<T>(-h(hyper, 0));
      const muS = h(hyper, 1);
      const mu = vsplat<T>(muS);
      const gradScale = vsplat<T>(1 - h(hyper, 2));
      const wdS = h(hyper, 3);
      const wd = vsplat<T>(wdS);
      // PyTorch starts the buffer as the first gradient, and keeps none at all when μ = 0.
      const first = t == 0 || muS == 0;
      for (let i = 0; i < n; i++) {
        const ci = <usize>i * stride;
        const xi = vload<T>(x + ci);
        const d = wdS != 0 ? vadd<T>(vload<T>(g + ci), vmul<T>(wd, xi)) : vload<T>(g + ci);
        const b = first ? d : vadd<T>(vmul<T>(mu, vload<T>(s0 + ci)), vmul<T>(gradScale, d));
        vstore<T>(s0 + ci, b);
        const dir = opt == OPT_NESTEROV ? vadd<T>(d, vmul<T>(mu, b)) : b;
        vstore<T>(x + ci, vadd<T>(xi, vmul<T>(negLr, dir)));
      }
      break;
    }
    case OPT_ADAGRAD: {
      const lr = h(hyper, 0);
      const lrDecay = h(hyper, 1);
      const wdS = h(hyper, 2);
      const wd = vsplat<T>(wdS);
      const eps = vsplat<T>(h(hyper, 4));
      const negClr = vsplat<T>(-(lr / (1 + <f64>t * lrDecay)));
      for (let i = 0; i < n; i++) {
        const ci = <usize>i * stride;
        const xi = vload<T>(x + ci);
        const d = wdS != 0 ? vadd<T>(vload<T>(g + ci), vmul<T>(wd, xi)) : vload<T>(g + ci);
        const s = vadd<T>(vload<T>(s0 + ci), vmul<T>(d, d));
        vstore<T>(s0 + ci, s);
        vstore<T>(x + ci, vadd<T>(xi, vdiv<T>(vmul<T>(negClr, d), vadd<T>(vsqrt<T>(s), eps))));
      }
      break;
    }
    case OPT_RMSPROP: {
      const negLr = vsplat<T>(-h(hyper, 0));
      const alphaS = h(hyper, 1);
      const alpha = vsplat<T>(alphaS);
      const oneMinusAlpha = vsplat<T>(1 - alphaS);
      const eps = vsplat<T>(h(hyper, 2));
      const wdS = h(hyper, 3);
      const wd = vsplat<T>(wdS);
      const muS = h(hyper, 4);
      const mu = vsplat<T>(muS);
      const centered = h(hyper, 5) != 0;
      for (let i = 0; i < n; i++) {
        const ci = <usize>i * stride;
        const xi = vload<T>(x + ci);
        const d = wdS != 0 ? vadd<T>(vload<T>(g + ci), vmul<T>(wd, xi)) : vload<T>(g + ci);
        const v = vadd<T>(vmul<T>(alpha, vload<T>(s0 + ci)), vmul<T>(vmul<T>(oneMinusAlpha, d), d));
        vstore<T>(s0 + ci, v);
        let avg: T;
        if (centered) {
          const m = vadd<T>(vmul<T>(alpha, vload<T>(s1 + ci)), vmul<T>(oneMinusAlpha, d));
          vstore<T>(s1 + ci, m);
          avg = vadd<T>(vsqrt<T>(vsub<T>(v, vmul<T>(m, m))), eps);
        } else {
          avg = vadd<T>(vsqrt<T>(v), eps);
        }
        if (muS > 0) {
          const b = vadd<T>(vmul<T>(mu, vload<T>(s2 + ci)), vdiv<T>(d, avg));
          vstore<T>(s2 + ci, b);
          vstore<T>(x + ci, vadd<T>(xi, vmul<T>(negLr, b)));
        } else {
          vstore<T>(x + ci, vadd<T>(xi, vdiv<T>(vmul<T>(negLr, d), avg)));
        }
      }
      break;
    }
    case OPT_ADAM:
    case OPT_ADAMW: {
      const lrS = h(hyper, 0);
      const beta1S = h(hyper, 1);
      const beta2S = h(hyper, 2);
      const beta1 = vsplat<T>(beta1S);
      const beta2 = vsplat<T>(beta2S);
      const oneMinusBeta1 = vsplat<T>(1 - beta1S);
      const oneMinusBeta2 = vsplat<T>(1 - beta2S);
      const eps = vsplat<T>(h(hyper, 3));
      const l2S = h(hyper, 4);
      const l2 = vsplat<T>(l2S);
      const decayS = h(hyper, 5);
      const decoupled = decayS != 0;
      const decayFactor = vsplat<T>(1 - lrS * decayS);
      const amsgrad = h(hyper, 6) != 0;
      const row = table + (<usize>t << 4);
      const negStepSize = vsplat<T>(load<f64>(row));
      const biasCorrection2Sqrt = vsplat<T>(load<f64>(row + 8));
      for (let i = 0; i < n; i++) {
        const ci = <usize>i * stride;
        let xi = vload<T>(x + ci);
        if (decoupled) xi = vmul<T>(xi, decayFactor);
        const d = l2S != 0 ? vadd<T>(vload<T>(g + ci), vmul<T>(l2, xi)) : vload<T>(g + ci);
        const mi = vadd<T>(vmul<T>(beta1, vload<T>(s0 + ci)), vmul<T>(oneMinusBeta1, d));
        const vi = vadd<T>(vmul<T>(beta2, vload<T>(s1 + ci)), vmul<T>(vmul<T>(oneMinusBeta2, d), d));
        vstore<T>(s0 + ci, mi);
        vstore<T>(s1 + ci, vi);
        let vHat = vi;
        if (amsgrad) {
          vHat = vmax<T>(vload<T>(s2 + ci), vi);
          vstore<T>(s2 + ci, vHat);
        }
        const denom = vadd<T>(vdiv<T>(vsqrt<T>(vHat), biasCorrection2Sqrt), eps);
        vstore<T>(x + ci, vadd<T>(xi, vdiv<T>(vmul<T>(negStepSize, mi), denom)));
      }
      break;
    }
    case OPT_NADAM: {
      const beta1S = h(hyper, 1);
      const beta2S = h(hyper, 2);
      const beta1 = vsplat<T>(beta1S);
      const beta2 = vsplat<T>(beta2S);
      const oneMinusBeta1 = vsplat<T>(1 - beta1S);
      const oneMinusBeta2 = vsplat<T>(1 - beta2S);
      const eps = vsplat<T>(h(hyper, 3));
      const wdS = h(hyper, 4);
      const wd = vsplat<T>(wdS);
      const row = table + <usize>t * 24;
      const biasCorrection2 = vsplat<T>(load<f64>(row));
      const gradWeight = vsplat<T>(load<f64>(row + 8));
      const momentumWeight = vsplat<T>(load<f64>(row + 16));
      for (let i = 0; i < n; i++) {
        const ci = <usize>i * stride;
        const x0 = vload<T>(x + ci);
        const d = wdS != 0 ? vadd<T>(vload<T>(g + ci), vmul<T>(wd, x0)) : vload<T>(g + ci);
        const mi = vadd<T>(vmul<T>(beta1, vload<T>(s0 + ci)), vmul<T>(oneMinusBeta1, d));
        const vi = vadd<T>(vmul<T>(beta2, vload<T>(s1 + ci)), vmul<T>(vmul<T>(oneMinusBeta2, d), d));
        vstore<T>(s0 + ci, mi);
        vstore<T>(s1 + ci, vi);
        const denom = vadd<T>(vsqrt<T>(vdiv<T>(vi, biasCorrection2)), eps);
        const x1 = vadd<T>(x0, vdiv<T>(vmul<T>(gradWeight, d), denom));
        vstore<T>(x + ci, vadd<T>(x1, vdiv<T>(vmul<T>(momentumWeight, mi), denom)));
      }
      break;
    }
    case OPT_SGD_HD: {
      // src/optimizers/sgdHd.ts: α += β·(g·g_prev) from the second step on; x −= α·g
      let alpha = vload<T>(sc0);
      if (t > 0) {
        let dot = vsplat<T>(0);
        for (let i = 0; i < n; i++) {
          const ci = <usize>i * stride;
          dot = vadd<T>(dot, vmul<T>(vload<T>(g + ci), vload<T>(s0 + ci)));
        }
        alpha = vadd<T>(alpha, vmul<T>(vsplat<T>(h(hyper, 1)), dot));
      }
      for (let i = 0; i < n; i++) {
        const ci = <usize>i * stride;
        const gi = vload<T>(g + ci);
        vstore<T>(x + ci, vsub<T>(vload<T>(x + ci), vmul<T>(alpha, gi)));
        vstore<T>(s0 + ci, gi);
      }
      vstore<T>(sc0, alpha);
      storeLr<T>(lrOut, n, stride, alpha);
      break;
    }
    case OPT_ADAM_HD: {
      // src/optimizers/adamHd.ts: α += β·(g·d_prev) from the second step on; Adam's m, v;
      // d = m / bc1 / (√(v / bc2) + ε); x −= α·d
      const beta1S = h(hyper, 1);
      const beta2S = h(hyper, 2);
      const beta1 = vsplat<T>(beta1S);
      const beta2 = vsplat<T>(beta2S);
      const oneMinusBeta1 = vsplat<T>(1 - beta1S);
      const oneMinusBeta2 = vsplat<T>(1 - beta2S);
      const eps = vsplat<T>(h(hyper, 3));
      let alpha = vload<T>(sc0);
      if (t > 0) {
        let dot = vsplat<T>(0);
        for (let i = 0; i < n; i++) {
          const ci = <usize>i * stride;
          dot = vadd<T>(dot, vmul<T>(vload<T>(g + ci), vload<T>(s2 + ci)));
        }
        alpha = vadd<T>(alpha, vmul<T>(vsplat<T>(h(hyper, 4)), dot));
      }
      const row = table + (<usize>t << 4);
      const bc1 = vsplat<T>(load<f64>(row));
      const bc2 = vsplat<T>(load<f64>(row + 8));
      for (let i = 0; i < n; i++) {
        const ci = <usize>i * stride;
        const gi = vload<T>(g + ci);
        const mi = vadd<T>(vmul<T>(beta1, vload<T>(s0 + ci)), vmul<T>(oneMinusBeta1, gi));
        const vi = vadd<T>(vmul<T>(beta2, vload<T>(s1 + ci)), vmul<T>(vmul<T>(oneMinusBeta2, gi), gi));
        vstore<T>(s0 + ci, mi);
        vstore<T>(s1 + ci, vi);
        const d = vdiv<T>(vdiv<T>(mi, bc1), vadd<T>(vsqrt<T>(vdiv<T>(vi, bc2)), eps));
        vstore<T>(s2 + ci, d);
        vstore<T>(x + ci, vsub<T>(vload<T>(x + ci), vmul<T>(alpha, d)));
      }
      vstore<T>(sc0, alpha);
      storeLr<T>(lrOut, n, stride, alpha);
      break;
    }
    case OPT_DOG: {
      // src/optimizers/dog.ts: at step 0 x₀ ← x and r = reps_rel·(1 + ‖x₀‖); then
      // r ← max(r, ‖x − x₀‖), G ← G + ‖g‖², η = lr·r/√G (0 while G = 0); x −= η·g
      const zero = vsplat<T>(0);
      if (t == 0) {
        let norm0 = zero;
        for (let i = 0; i < n; i++) {
          const ci = <usize>i * stride;
          const xi = vload<T>(x + ci);
          vstore<T>(s0 + ci, xi);
          norm0 = vadd<T>(norm0, vmul<T>(xi, xi));
        }
        vstore<T>(sc0, vmul<T>(vsplat<T>(h(hyper, 1)), vadd<T>(vsplat<T>(1), vsqrt<T>(norm0))));
      }
      let dist = zero;
      let gg = zero;
      for (let i = 0; i < n; i++) {
        const ci = <usize>i * stride;
        const d = vsub<T>(vload<T>(x + ci), vload<T>(s0 + ci));
        dist = vadd<T>(dist, vmul<T>(d, d));
        const gi = vload<T>(g + ci);
        gg = vadd<T>(gg, vmul<T>(gi, gi));
      }
      const maxDist = vmax<T>(vload<T>(sc0), vsqrt<T>(dist));
      const gradSq = vadd<T>(vload<T>(sc1), gg);
      const eta = vsel<T>(vgt<T>(gradSq, zero), vdiv<T>(vmul<T>(vsplat<T>(h(hyper, 0)), maxDist), vsqrt<T>(gradSq)), zero);
      for (let i = 0; i < n; i++) {
        const ci = <usize>i * stride;
        vstore<T>(x + ci, vsub<T>(vload<T>(x + ci), vmul<T>(eta, vload<T>(g + ci))));
      }
      vstore<T>(sc0, maxDist);
      vstore<T>(sc1, gradSq);
      storeLr<T>(lrOut, n, stride, eta);
      break;
    }
    default:
      break;
  }
}
