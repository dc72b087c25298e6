// One kernel call's memory, built the same way by every caller (the batched engine, the ML batch
// runner, the step API's two paths): a pure placement function lays the call's blocks out from a
// base (a dry run: addresses only, nothing written), the call's size is where that placement ends,
// that much is reserved, and the caller writes at the very addresses the dry run gave. No byte
// budget is kept by hand next to the code that places, so the two cannot drift apart.
import { D, DESCRIPTOR_BYTES } from './wasmAbi.js';
import type { ModelParams } from './kernelParams.js';
import { LayoutBuilder, type MemoryTenant, type WasmArena } from './wasmMemory.js';

/** Places a call's blocks with a LayoutBuilder; returns their addresses. Must not write. */
export type Placement<A> = (at: LayoutBuilder) => A;

/** The bytes from `from` to the end of `place`'s blocks (the dry run). */
export function measureCall<A>(from: number, place: Placement<A>): number {
  const at = new LayoutBuilder(from);
  place(at);
  return at.end - from;
}

/** Places a call from `from` (default: the arena's base), reserves up to its end and returns the
 *  addresses with that end; write there before the next reserve by anyone. */
export function reserveCall<A>(arena: WasmArena, place: Placement<A>, opts: { from?: number; tenant?: MemoryTenant } = {}): A & { end: number } {
  const at = new LayoutBuilder(opts.from ?? arena.base);
  const blocks = place(at);
  arena.reserve(at.end - arena.base, opts.tenant);
  return { ...blocks, end: at.end };
}

/** The largest count (a multiple of `lanes`, at most `upTo` rounded up to the lanes) whose call
 *  `bytesOf(count)` fits in `maxBytes`; undefined when not even `lanes` fits. `bytesOf` must grow
 *  with count (every layout does: each block's size is monotone in it). */
export function largestFitting(lanes: number, upTo: number, maxBytes: number, bytesOf: (count: number) => number): number | undefined {
  if (bytesOf(lanes) > maxBytes) return undefined;
  let lo = 1; // in units of `lanes`: lo fits, hi does not (or is the cap)
  const cap = Math.max(1, Math.ceil(upTo / lanes));
  if (bytesOf(cap * lanes) <= maxBytes) return cap * lanes;
  let hi = cap;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (bytesOf(mid * lanes) <= maxBytes) lo = mid;
    else hi = mid;
  }
  return lo * lanes;
}

/** The descriptor's slots a call sets (the rest are zero). */
export type DescriptorSlots = Partial<Record<keyof typeof D, number>>;

/** Zeroes the descriptor at `desc` and sets `slots`. */
export function writeDescriptor(i32: Int32Array, desc: number, slots: DescriptorSlots): void {
  const d = desc >> 2;
  i32.fill(0, d, d + DESCRIPTOR_BYTES / 4);
  for (const [name, v] of Object.entries(slots) as [keyof typeof D, number][]) i32[d + D[name]] = v;
}

/** Where an o1 model's blocks are (assembly/netModel.ts reads them through the descriptor). */
export interface ModelBlocks {
  weights: number;
  /** The weights rounded to f32 (0 when the call has no f32 network). */
  weights32: number;
  layers: number;
  acts: number;
  hyper: number;
}

/** Places a model's weights (and their f32 copy when `f32`), layer sizes, activations and
 *  hyper-parameters, in that order. */
export function placeModel(at: LayoutBuilder, p: ModelParams, f32: boolean): ModelBlocks {
  return {
    weights: at.take(Math.max(8, 8 * p.weights.length)),
    weights32: f32 ? at.take(4 * p.weights.length) : 0,
    layers: at.take(Math.max(4, 4 * p.layers.length)),
    acts: at.take(Math.max(4, 4 * p.acts.length)),
    hyper: at.take(Math.max(8, 8 * p.hyper.length)),
  };
}

/** Writes a model's blocks where placeModel put them. */
export function writeModel(arena: WasmArena, p: ModelParams, at: ModelBlocks): void {
  const f64 = arena.f64;
  const i32 = arena.i32;
  f64.set(p.weights, at.weights >> 3);
  if (at.weights32) new Float32Array(f64.buffer, at.weights32, p.weights.length).set(Float32Array.from(p.weights)); // rounds each weight
  i32.set(p.layers, at.layers >> 2);
  i32.set(p.acts, at.acts >> 2);
  f64.set(p.hyper, at.hyper >> 3);
}

/** The descriptor slots that point the kernels at a model. */
export function modelSlots(p: ModelParams, at: ModelBlocks): DescriptorSlots {
  return {
    NET_PARAMS: at.weights,
    NET_PARAMS32: at.weights32,
    NET_LAYERS: at.layers,
    NET_ACTS: at.acts,
    NET_DEPTH: p.layers.length,
    WINDOW: p.window,
    FEATURES: p.features,
    HYPER: at.hyper,
  };
}
