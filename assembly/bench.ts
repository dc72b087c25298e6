// The bench build (build/bench/o1-probes.wasm and o1-probes-scalar.wasm, `npm run build:wasm-bench`):
// every export of the shipped kernels plus the probes over arrays that only the micro-benchmark
// and the kernel-level tests call. Not shipped.
export * from './index';
import { gradBatchWith } from './runner';
import { mathApplyWith, featuresBatchWith, forwardBatchWith } from './probes';

/** f and ∇f of every run at D_X (f → D_F, ∇f → D_G). */
export function gradBatch(descriptor: usize): void {
  if (ASC_FEATURE_SIMD) gradBatchWith<v128>(descriptor);
  else gradBatchWith<f64>(descriptor);
}

/** Features of N windows (probes.ts). */
export function featuresBatch(descriptor: usize): void {
  if (ASC_FEATURE_SIMD) featuresBatchWith<v128>(descriptor);
  else featuresBatchWith<f64>(descriptor);
}

/** Network outputs of N inputs (probes.ts). */
export function forwardBatch(descriptor: usize): void {
  if (ASC_FEATURE_SIMD) forwardBatchWith<v128>(descriptor);
  else forwardBatchWith<f64>(descriptor);
}

/** out[k] = op(in[k]), op: 0 exp, 1 expm1, 2 tanh, 3 sin, 4 cos, 5 exp32, 6 tanh32 (f32x4, SIMD build),
 *  7 log1p, 8 log, 9 o1's tanh (tanh.ts). */
export function mathApply(op: i32, input: usize, output: usize, count: i32): void {
  if (ASC_FEATURE_SIMD) mathApplyWith<v128>(op, input, output, count);
  else mathApplyWith<f64>(op, input, output, count);
}
