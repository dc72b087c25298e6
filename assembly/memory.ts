// The batch descriptor: the one block of linear memory through which the host describes a batch.
// The host (src/engine/wasmLayout.ts mirrors these numbers) owns every byte above __heap_base:
// it writes this descriptor, lays out the arrays it points to, and calls runBatch(descriptor).
// Nothing here allocates (runtime stub: no GC, no per-call allocation).
//
// All arrays are structure-of-arrays over the N lanes of a chunk: coordinate i of run r lives at
// index i·N + r, so one v128 load reads runs r and r+1 (N is even: the host pads it).

// Every slot number, flag, code and id comes from the TS tables through the generated
// generated/abi.ts (scripts/gen-kernel-constants.mjs); the descriptor's slots, with what each
// holds, are documented where they are defined, src/engine/wasmAbi.ts `D`:
//   D_FN function id · D_DIM n · D_RUNS N (even) · D_STEPS T · D_OPT optimizer id · D_FLAGS FLAG_*
//   D_X f64[n·N] starts in, x_T out · D_G gradient scratch · D_F f64[N] f(x_T) (+Inf diverged)
//   D_DIVERGED i32[N] · D_LOSS f64[(T+1)·N] · D_TRACE_X/G/LR the traces · D_STATE optimizer state
//   D_HYPER hyper-parameter block · D_TABLE per-step rows · D_FN_PARAMS the function's parameters
//   D_NET_* the o1 network · D_WINDOW · D_FEATURES · D_SCRATCH · D_TRANSFORM(_SCRATCH)
export * from './generated/abi';
import { SCRATCH_LANES_PER_WINDOW, SCRATCH_LANES_FIXED, SCRATCH_LANES_PER_WIDEST } from './generated/abi';

/** Slot `slot` of the descriptor at `d`. */
// @ts-ignore: decorator
@inline export function field(d: usize, slot: i32): i32 {
  return load<i32>(d + (<usize>slot << 2));
}

/** A pointer slot of the descriptor. */
// @ts-ignore: decorator
@inline export function ptr(d: usize, slot: i32): usize {
  return <usize>load<u32>(d + (<usize>slot << 2));
}

/** Bytes of scratch one lane group needs, in 16-byte lanes (src/engine/wasmAbi.ts SCRATCH_LANES):
 *  two ordered windows (2W: the f32 path pairs coordinates), y = g/M (W), features (W + 1) and
 *  two network buffers as wide as the widest layer. */
export function scratchBytes(window: i32, widest: i32): i32 {
  return (SCRATCH_LANES_PER_WINDOW * window + SCRATCH_LANES_FIXED + SCRATCH_LANES_PER_WIDEST * widest) * 16;
}
