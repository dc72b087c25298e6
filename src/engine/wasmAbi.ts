// The kernels' ABI as the host writes it: the batch descriptor's slots, flags, codes and scratch
// sizes. This file is the source: scripts/gen-kernel-constants.mjs writes the kernels' copy
// (assembly/generated/abi.ts) from it and from the TS tables (src/engine/kernelAbi.ts), and
// loading a .wasm checks it was built from the same numbers (verifyKernels).
import { o1Spec } from '../o1/o1.js';

/** Bumped whenever the meaning of an export or of a block changes in a way the constants below
 *  do not show. */
export const ABI_VERSION = 6;

export const D = {
  FN: 0,
  DIM: 1,
  RUNS: 2,
  STEPS: 3,
  OPT: 4,
  FLAGS: 5,
  X: 6,
  G: 7,
  F: 8,
  DIVERGED: 9,
  LOSS: 10,
  TRACE_X: 11,
  TRACE_G: 12,
  TRACE_LR: 13,
  STATE: 14,
  HYPER: 15,
  TABLE: 16,
  FN_PARAMS: 17,
  NET_PARAMS: 18,
  NET_LAYERS: 19,
  NET_ACTS: 20,
  NET_DEPTH: 21,
  WINDOW: 22,
  FEATURES: 23,
  SCRATCH: 24,
  NET_PARAMS32: 25,
  TRANSFORM: 26,
  TRANSFORM_SCRATCH: 27,
  ML: 28,
  /** FLAG_ANSWER: the rule's answer (f64[n·N], x's layout) and a gradient scratch for f there. */
  EVAL_X: 29,
  EVAL_G: 30,
} as const;

export const DESCRIPTOR_SLOTS = 32;
export const DESCRIPTOR_BYTES = DESCRIPTOR_SLOTS * 4;

export const FLAG_LOSS = 1;
export const FLAG_TRACE = 2;
/** Measure f at the rule's answer (assembly/baselines.ts baselineEvalPoint), not its iterate. */
export const FLAG_ANSWER = 4;

export const ACT_CODES = { identity: 0, tanh: 1, relu: 2 } as const;
export const FEATURE_CODES = { v1: 1, v2: 2, v3: 3, 'v3-progress': 4, 'v3-progress-noise': 5 } as const;

/** The optimizer id the kernels use for o1 (src/o1/o1.ts's o1Spec.id). */
export const OPT_O1 = o1Spec.id;

/** Bytes of the transform scratch (y and ∇f(y), one 16-byte lane each per coordinate). */
export function transformScratchBytes(n: number): number {
  return 2 * n * 16;
}

/** o1's kernel scratch per lane group, in 16-byte lanes: two ordered windows (2W: the f32 path
 *  pairs coordinates), y = g/M (W), features (W + 1) and two network buffers as wide as the
 *  widest layer. */
/** The step row of the step API's normalized-rule kernels (assembly/flat.ts), f64 slots: the
 *  step's globals (the features 4..7, in feature order) and scalars, computed by the host with the
 *  reference's expressions. */
export const FLAT_ROW = { cos: 0, growth: 1, time1: 2, time2: 3, bc1: 4, bc2: 5, unit: 6 } as const;
export const FLAT_ROW_LENGTH = 7;

export const SCRATCH_LANES = { perWindow: 4, fixed: 1, perWidest: 2 } as const;

/** Bytes of kernel scratch (assembly/memory.ts scratchBytes). */
export function scratchBytes(window: number, widest: number): number {
  return (SCRATCH_LANES.perWindow * window + SCRATCH_LANES.fixed + SCRATCH_LANES.perWidest * widest) * 16;
}

/** math ops of mathApply. */
export const MATH_OPS = { exp: 0, expm1: 1, tanh: 2, sin: 3, cos: 4, exp32: 5, tanh32: 6, log1p: 7, log: 8, o1Tanh: 9 } as const;
export type MathOp = keyof typeof MATH_OPS;
