// Kernel entry points over arrays, for the kernel-level tests and the micro-benchmark: the math
// functions, the features and the network forward pass, each applied to many lanes at once.
// (The batched runner, gradients and the o1 step over a batch are in runner.ts.)
import { lanesOf, vload, vstore } from './lanes';
import { vexp, vexpm1, vtanh, vsin, vcos, vlog1p, vlog } from './math';
import { exp32, tanh32 } from './math32';
import { vo1Tanh } from './tanh';
import { pack32, unpack64 } from './features32';
import { computeFeatures } from './features';
import { forward } from './network';
import { loadO1Model } from './o1';
import {
  field, ptr, D_RUNS, D_WINDOW, D_FEATURES, D_NET_PARAMS, D_NET_LAYERS, D_NET_ACTS, D_NET_DEPTH, D_SCRATCH, D_X, D_F,
} from './memory';

export const MATH_EXP = 0;
export const MATH_EXPM1 = 1;
export const MATH_TANH = 2;
export const MATH_SIN = 3;
export const MATH_COS = 4;
export const MATH_EXP32 = 5;
export const MATH_TANH32 = 6;
export const MATH_LOG1P = 7;
export const MATH_LOG = 8;
export const MATH_O1_TANH = 9;

/** out[k] = op(in[k]) for k < count (count even in the SIMD build; a multiple of 4 for the f32
 *  ops, which exist in the SIMD build only: the scalar build writes NaN for them). */
export function mathApplyWith<T>(op: i32, input: usize, output: usize, count: i32): void {
  const lanes = lanesOf<T>();
  if (op == MATH_EXP32 || op == MATH_TANH32) {
    if (isVector<T>()) {
      for (let k = 0; k < count; k += 4) {
        const p = <usize>k << 3;
        const v = pack32(v128.load(input + p), v128.load(input + p + 16));
        const y = op == MATH_EXP32 ? exp32(v) : tanh32(v);
        v128.store(output + p, unpack64(y, 0));
        v128.store(output + p + 16, unpack64(y, 1));
      }
    } else {
      for (let k = 0; k < count; k++) store<f64>(output + (<usize>k << 3), NaN);
    }
    return;
  }
  for (let k = 0; k < count; k += lanes) {
    const p = <usize>k << 3;
    const v = vload<T>(input + p);
    let y: T;
    switch (op) {
      case MATH_EXP: y = vexp<T>(v); break;
      case MATH_EXPM1: y = vexpm1<T>(v); break;
      case MATH_TANH: y = vtanh<T>(v); break;
      case MATH_SIN: y = vsin<T>(v); break;
      case MATH_LOG1P: y = vlog1p<T>(v); break;
      case MATH_LOG: y = vlog<T>(v); break;
      case MATH_O1_TANH: y = vo1Tanh<T>(v); break;
      default: y = vcos<T>(v); break;
    }
    vstore<T>(output + p, y);
  }
}

/**
 * Features of N windows (N = D_RUNS): window k of item r at D_X[k·N + r] (oldest first), the
 * W + 1 features written to D_F[j·N + r].
 */
export function featuresBatchWith<T>(d: usize): void {
  const N = field(d, D_RUNS);
  const W = field(d, D_WINDOW);
  const set = field(d, D_FEATURES);
  const win = ptr(d, D_X);
  const out = ptr(d, D_F);
  const scratch = ptr(d, D_SCRATCH);
  const size = <usize>sizeof<T>();
  const ordered = scratch;
  const ys = ordered + <usize>W * size;
  const feats = ys + <usize>W * size;
  const stride = <usize>N << 3;
  for (let r = 0; r < N; r += lanesOf<T>()) {
    const off = <usize>r << 3;
    for (let k = 0; k < W; k++) vstore<T>(ordered + <usize>k * size, vload<T>(win + <usize>k * stride + off));
    computeFeatures<T>(set, ordered, W, feats, ys);
    for (let j = 0; j <= W; j++) vstore<T>(out + <usize>j * stride + off, vload<T>(feats + <usize>j * size));
  }
}

/** Network outputs of N inputs: input j of item r at D_X[j·N + r], output at D_F[r]. */
export function forwardBatchWith<T>(d: usize): void {
  loadO1Model(d);
  const N = field(d, D_RUNS);
  const depth = field(d, D_NET_DEPTH);
  const layers = ptr(d, D_NET_LAYERS);
  const params = ptr(d, D_NET_PARAMS);
  const acts = ptr(d, D_NET_ACTS);
  const input = ptr(d, D_X);
  const out = ptr(d, D_F);
  const scratch = ptr(d, D_SCRATCH);
  const nIn = load<i32>(layers);
  let widest = 1;
  for (let l = 1; l < depth; l++) widest = max(widest, load<i32>(layers + (<usize>l << 2)));
  const size = <usize>sizeof<T>();
  const inBuf = scratch;
  const net = scratch + <usize>nIn * size;
  const stride = <usize>N << 3;
  for (let r = 0; r < N; r += lanesOf<T>()) {
    const off = <usize>r << 3;
    for (let j = 0; j < nIn; j++) vstore<T>(inBuf + <usize>j * size, vload<T>(input + <usize>j * stride + off));
    vstore<T>(out + off, forward<T>(params, layers, acts, depth, inBuf, net, widest));
  }
}
