// The network's input (docs/O1.md): W + 1 numbers from one coordinate's gradient window,
// oldest → newest. Mirrors src/o1/features.ts operation for operation: every quantity is
// computed on y_k = g_k / M with M = max|g_k| (so squares cannot overflow), and a window whose
// M is 0 gives all-zero features. Lane-generic (see lanes.ts); lanes with M = 0 are computed
// with M replaced by 1 and then zeroed, so no lane needs a branch. Each sum runs over k in
// increasing order from 0, as in TS, so fusing the loops changes no bit.
import {
  vadd, vsub, vmul, vdiv, vabs, vpmax, vsplat, vload, vstore, veq, vgt, vsel, vsignTimes, vanyTrue,
} from './lanes';
import { vexp } from './math';
import { FEATURES_V1 } from './memory';

/**
 * Features of the window win[0 .. W) (lane values, oldest first) into out[0 .. W] (W + 1 lane
 * values). `ys` is W lane values of scratch. The window holds finite values (the runner never
 * steps a run whose gradient is not finite), which is what lets M use the one-instruction max.
 */
export function computeFeatures<T>(set: i32, win: usize, W: i32, out: usize, ys: usize): void {
  const size = <usize>sizeof<T>();
  const zero = vsplat<T>(0);
  const Wf = vsplat<T>(<f64>W);
  let M = zero;
  for (let k = 0; k < W; k++) M = vpmax<T>(M, vabs<T>(vload<T>(win + <usize>k * size)));
  const emptyWindow = veq<T>(M, zero);
  const Ms = vsel<T>(emptyWindow, vsplat<T>(1), M);

  // y_k = g_k / M (|g_k|/M = |y_k| exactly, so one division serves every use), with the sums
  // Σ|y_k|, Σ y_k and Σ y_k² on the way
  let absSum = zero;
  let mean = zero;
  let sq = zero;
  for (let k = 0; k < W; k++) {
    const off = <usize>k * size;
    const y = vdiv<T>(vload<T>(win + off), Ms);
    vstore<T>(ys + off, y);
    absSum = vadd<T>(absSum, vabs<T>(y));
    mean = vadd<T>(mean, y);
    sq = vadd<T>(sq, vmul<T>(y, y));
  }

  // signed softmax of |g| (v1) or of u = |y|·W/Σ|y| (v2)
  let sum = zero;
  if (set == FEATURES_V1) {
    for (let k = 0; k < W; k++) {
      const off = <usize>k * size;
      const e = vexp<T>(vsub<T>(vabs<T>(vload<T>(win + off)), M));
      vstore<T>(out + off, e);
      sum = vadd<T>(sum, e);
    }
  } else {
    const scale = vdiv<T>(Wf, absSum);
    for (let k = 0; k < W; k++) {
      const off = <usize>k * size;
      const e = vexp<T>(vsub<T>(vmul<T>(vabs<T>(vload<T>(ys + off)), scale), scale));
      vstore<T>(out + off, e);
      sum = vadd<T>(sum, e);
    }
  }
  for (let k = 0; k < W; k++) {
    const off = <usize>k * size;
    vstore<T>(out + off, vdiv<T>(vsignTimes<T>(vload<T>(win + off), vload<T>(out + off)), sum));
  }

  // population variance of y (two passes)
  mean = vdiv<T>(mean, Wf);
  let v = zero;
  for (let k = 0; k < W; k++) {
    const d = vsub<T>(vload<T>(ys + <usize>k * size), mean);
    v = vadd<T>(v, vmul<T>(d, d));
  }
  const variance = vdiv<T>(v, Wf);
  let last: T;
  if (set == FEATURES_V1) {
    // var(g) / Σ|g| = M · var(y) / Σ|y|
    last = vmul<T>(M, vdiv<T>(variance, absSum));
  } else {
    // var(g) / mean(g²) = var(y) / mean(y²), clamped to 1 against a rounding excess
    const r = vdiv<T>(variance, vdiv<T>(sq, Wf));
    last = vsel<T>(vgt<T>(r, vsplat<T>(1)), vsplat<T>(1), r);
  }
  vstore<T>(out + <usize>W * size, last);

  if (vanyTrue<T>(emptyWindow)) {
    for (let k = 0; k <= W; k++) {
      const off = <usize>k * size;
      vstore<T>(out + off, vsel<T>(emptyWindow, zero, vload<T>(out + off)));
    }
  }
}
