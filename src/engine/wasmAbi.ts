// The descriptor layout of assembly/memory.ts, mirrored for the host. Keep both in step (and bump
// abiVersion in assembly/index.ts and WASM_ABI_VERSION in loadWasm.ts when they change).

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
} as const;

export const DESCRIPTOR_SLOTS = 32;
export const DESCRIPTOR_BYTES = DESCRIPTOR_SLOTS * 4;

export const FLAG_LOSS = 1;
export const FLAG_TRACE = 2;

export const ACT_CODES = { identity: 0, tanh: 1, relu: 2 } as const;
export const FEATURE_CODES = { v1: 1, v2: 2 } as const;

/** The optimizer id the kernels use for o1 (src/o1/o1.ts's o1Spec.id). */
export const OPT_O1 = 20;

/** Baseline state buffers per coordinate (Adam: m, v, vMax; RMSprop: v, ḡ, b). */
export const BASELINE_STATE_BUFFERS = 3;

/** Per-run scalars after the baseline buffers (the step-size rules' α, or DoG's distance and Σ‖g‖²). */
export const BASELINE_STATE_SCALARS = 2;

/** Bytes of the transform scratch (y and ∇f(y), one 16-byte lane each per coordinate). */
export function transformScratchBytes(n: number): number {
  return 2 * n * 16;
}

/** Bytes of kernel scratch (assembly/memory.ts scratchBytes). */
export function scratchBytes(window: number, widest: number): number {
  return (4 * window + 1 + 2 * widest) * 16;
}

/** math ops of mathApply. */
export const MATH_OPS = { exp: 0, expm1: 1, tanh: 2, sin: 3, cos: 4, exp32: 5, tanh32: 6, log1p: 7 } as const;
export type MathOp = keyof typeof MATH_OPS;
