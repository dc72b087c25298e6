// The batch descriptor: the one block of linear memory through which the host describes a batch.
// The host (src/engine/wasmLayout.ts mirrors these numbers) owns every byte above __heap_base:
// it writes this descriptor, lays out the arrays it points to, and calls runBatch(descriptor).
// Nothing here allocates (runtime stub: no GC, no per-call allocation).
//
// All arrays are structure-of-arrays over the N lanes of a chunk: coordinate i of run r lives at
// index i·N + r, so one v128 load reads runs r and r+1 (N is even: the host pads it).

/** i32 slots of the descriptor (byte offset = 4·slot). */
export const D_FN = 0; //            function id (src/functions ids; a transformed function's base id)
export const D_DIM = 1; //           n, dimension of every run
export const D_RUNS = 2; //          N, lanes in this chunk (even)
export const D_STEPS = 3; //         T
export const D_OPT = 4; //           optimizer id (src/optimizers ids; 20 = o1)
export const D_FLAGS = 5; //         FLAG_* bits
export const D_X = 6; //             f64[n·N]: starts in, x_T out
export const D_G = 7; //             f64[n·N]: gradient scratch
export const D_F = 8; //             f64[N]: f(x_T) out (+Inf when diverged)
export const D_DIVERGED = 9; //      i32[N]: step of divergence or −1
export const D_LOSS = 10; //         f64[(T+1)·N] when FLAG_LOSS: loss[t·N + r]
export const D_TRACE_X = 11; //      f64[(T+1)·n·N] when FLAG_TRACE: x_t at (t·n + i)·N + r
export const D_TRACE_G = 12; //      f64[T·n·N]
export const D_TRACE_LR = 13; //     f64[T·n·N] (o1 and the step-size rules; 0 when not recorded)
export const D_STATE = 14; //        f64[(S·n + K)·N]: optimizer state (S buffers of n·N, then K per-run scalars of N)
export const D_HYPER = 15; //        f64[…]: hyper-parameters (layout per optimizer, see optimizers.ts)
export const D_TABLE = 16; //        f64[T·k]: per-step scalars computed by the host with JS's ** (Adam, NAdam)
export const D_FN_PARAMS = 17; //    f64[…]: the function's parameters (rotated quadratic)
export const D_NET_PARAMS = 18; //   f64[P]: o1 network weights, flat layout of docs/O1.md
export const D_NET_LAYERS = 19; //   i32[depth]: layer sizes
export const D_NET_ACTS = 20; //     i32[depth−1]: ACT_* per weight layer
export const D_NET_DEPTH = 21; //    number of layer sizes (≥ 2)
export const D_WINDOW = 22; //       W
export const D_FEATURES = 23; //     1 = v1, 2 = v2
export const D_SCRATCH = 24; //      16-byte aligned scratch, scratchBytes(W, widest layer)
export const D_NET_PARAMS32 = 25; // f32[P]: the weights rounded to f32, or 0 for the f64 network
export const D_TRANSFORM = 26; //    f64[…]: the problem generator's transform of the function, or 0 (transform.ts)
export const D_TRANSFORM_SCRATCH = 27; // 16-byte aligned scratch of 2·n lanes (y, ∇f(y)) when D_TRANSFORM ≠ 0
export const DESCRIPTOR_SLOTS = 32;

export const FLAG_LOSS = 1;
export const FLAG_TRACE = 2;

export const ACT_IDENTITY = 0;
export const ACT_TANH = 1;
export const ACT_RELU = 2;

export const FEATURES_V1 = 1;
export const FEATURES_V2 = 2;

export const OPT_O1 = 20;

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

/** Bytes of scratch one lane group needs, in 16-byte lanes: two ordered windows (2W: the f32
 *  path pairs coordinates), y = g/M (W), features (W + 1) and two network buffers as wide as
 *  the widest layer. Mirrored by the host. */
export function scratchBytes(window: i32, widest: i32): i32 {
  return (4 * window + 1 + 2 * widest) * 16;
}
