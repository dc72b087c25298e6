// WASM entry points of the shipped kernels (build/o1.wasm, build/o1-scalar.wasm). The probes
// that only the micro-benchmark and kernel-level tests use are in the bench build (bench.ts).
// One source, two builds: the `release` target enables SIMD and every kernel
// is instantiated over v128 (two runs per f64x2 lane); the `scalar` target instantiates the same
// kernels over f64. ASC_FEATURE_SIMD is a compile-time constant, so each build keeps one branch.
//
// ABI: the host lays out a batch descriptor (memory.ts) and the arrays it points to above
// heapBase(), then passes the descriptor's address. No export allocates.
import { runBatchWith, o1StepBatchWith, gradBatchWith } from './runner';
import { knownFunction } from './generated/functions';
import { knownBaseline } from './baselines';
import { checkDescriptor } from './check';
import { o1FlatReduce as flatReduce, o1FlatStep as flatStep, o1FlatStepF32 as flatStepF32 } from './flat';
import { DESCRIPTOR_SLOTS, scratchBytes as scratchBytesOf } from './memory';
import { ABI_VERSION, ABI_CONSTANT_COUNT, abiConstant as constantAt, abiConstantName as constantNameAt } from './generated/abi';

/** src/engine/wasmAbi.ts ABI_VERSION, through generated/abi.ts. */
export function abiVersion(): i32 {
  return ABI_VERSION;
}

/** The ids and layout constants the kernels were compiled with (generated/abi.ts, from the TS
 *  tables): the host compares them one by one with its own when it loads the module. */
export function abiConstantCount(): i32 {
  return ABI_CONSTANT_COUNT;
}

export function abiConstant(k: i32): i32 {
  return constantAt(k);
}

/** FNV-1a hash of constant k's name. */
export function abiConstantName(k: i32): i32 {
  return constantNameAt(k);
}

/** 1 in the SIMD build, 0 in the scalar build. */
export function simdEnabled(): i32 {
  return ASC_FEATURE_SIMD ? 1 : 0;
}

/** Runs per lane group: the host pads N to a multiple of this. */
export function lanes(): i32 {
  return ASC_FEATURE_SIMD ? 2 : 1;
}

/** First byte the host may use (16-byte aligned). */
export function heapBase(): usize {
  return (__heap_base + 15) & ~(<usize>15);
}

export function descriptorSlots(): i32 {
  return DESCRIPTOR_SLOTS;
}

export function scratchBytes(window: i32, widest: i32): i32 {
  return scratchBytesOf(window, widest);
}

export function hasFunction(id: i32): i32 {
  return knownFunction(id) ? 1 : 0;
}

export function hasBaseline(id: i32): i32 {
  return knownBaseline(id) ? 1 : 0;
}

/** The batched runner (runner.ts), after checking the descriptor (check.ts: a bad one aborts). */
export function runBatch(descriptor: usize): void {
  if (ASC_FEATURE_SIMD) {
    checkDescriptor<v128>(descriptor);
    runBatchWith<v128>(descriptor);
  } else {
    checkDescriptor<f64>(descriptor);
    runBatchWith<f64>(descriptor);
  }
}

/** One o1 step t of every run from the state in memory. */
export function o1StepBatch(descriptor: usize, t: i32): void {
  if (ASC_FEATURE_SIMD) o1StepBatchWith<v128>(descriptor, t);
  else o1StepBatchWith<f64>(descriptor, t);
}

/** Loss and gradient of every run at D_X of an ML batch (D_FN = FN_ML; loss → D_F, ∇ → D_G):
 *  the ML benchmark's runner steps each run's own optimizer on the host (src/engine/mlBatch.ts). */
export function mlGradBatch(descriptor: usize): void {
  if (ASC_FEATURE_SIMD) gradBatchWith<v128>(descriptor);
  else gradBatchWith<f64>(descriptor);
}

/** The step API's normalized-rule kernels (flat.ts): the globals' reduction over one call's
 *  coordinates, then the exact step, or the f32 path's (SIMD build; the scalar build runs exact). */
export function o1FlatReduce(descriptor: usize): void {
  flatReduce(descriptor);
}

export function o1FlatStep(descriptor: usize): void {
  flatStep(descriptor);
}

export function o1FlatStepF32(descriptor: usize): void {
  if (ASC_FEATURE_SIMD) flatStepF32(descriptor);
  else flatStep(descriptor);
}
