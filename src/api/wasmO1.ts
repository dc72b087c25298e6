// o1 steps of one flat parameter vector on the WASM kernels (assembly/o1.ts o1Step through the
// o1StepBatch export). Each coordinate is one "run" of dimension 1, so the SIMD lanes take two
// coordinates at a time, and the vector is cut into chunks of at most `maxChunkBytes` of linear
// memory. The state lives in host arrays between calls (each call copies a chunk in, steps it,
// copies it back), so the kernels' memory stays small whatever the model's size, and the shared
// engine's instance can be used: nothing stays in linear memory between calls.
//
// Two things a dimension-1 run would get wrong are done on the host, as in src/o1/o1.ts:
// the first step's window fill and the multiplicative rule's lr₋₁ (initialMultiplicativeLr) over the
// whole vector (a kernel run would take the max over its own coordinate only). The kernels are
// then called with a step index ≡ t (mod W) and > 0, which skips their own first-step branch.
import { initialMultiplicativeLr, type O1Model } from '../o1/o1.js';
import type { O1WasmExports } from '../engine/loadWasm.js';
import { ACT_CODES, DESCRIPTOR_BYTES, OPT_O1, scratchBytes } from '../engine/wasmAbi.js';
import { modelParams, type ModelParams } from '../engine/kernelParams.js';
import { WasmArena, type LayoutBuilder } from '../engine/wasmMemory.js';
import { largestFitting, measureCall, modelSlots, placeModel, reserveCall, writeDescriptor, writeModel } from '../engine/kernelCall.js';

/** Default cap on the linear memory one chunk of coordinates takes. */
export const DEFAULT_MAX_CHUNK_BYTES = 32 * 1024 * 1024;

// o1StepBatch steps the window rules (assembly/o1.ts); the normalized rule (v3) has the step API's
// own kernels (assembly/flat.ts, host ./wasmNormalized.ts).
const KERNEL_RULES: readonly (readonly [string, string])[] = [
  ['absolute', 'v1'], ['absolute', 'v2'], ['multiplicative', 'v1'], ['multiplicative', 'v2'], ['normalized', 'v3'],
];

/** Whether the kernels implement `model`'s rule exactly as src/o1/o1.ts does (feature set, lr
 *  rule, activations). A rule they do not know (a newer feature set or lr mode) runs on TS. */
export function kernelsSupportModel(model: O1Model): boolean {
  const c = model.config;
  return (
    KERNEL_RULES.some(([lrMode, features]) => c.lrMode === lrMode && c.features === features) &&
    c.activations.every((a) => Object.hasOwn(ACT_CODES, a))
  );
}

export class WasmO1Vector {
  readonly n: number;
  readonly W: number;
  /** Steps taken. */
  t = 0;
  /** Window ring, slot-major: slot s of coordinate i at s·n + i; before step t the oldest
   *  gradient is in slot t mod W. */
  readonly ring: Float64Array;
  readonly m: Float64Array;
  /** The lr of the last step per coordinate (the multiplicative rule's memory). */
  readonly lr: Float64Array;
  private readonly params: ModelParams;
  private readonly multiplicative: boolean;
  private readonly initStep: number;
  private readonly arena: WasmArena;
  private readonly lanes: number;
  private readonly chunk: number;

  constructor(
    private readonly kernels: O1WasmExports,
    model: O1Model,
    n: number,
    maxChunkBytes = DEFAULT_MAX_CHUNK_BYTES,
  ) {
    this.n = n;
    this.params = modelParams(model);
    this.W = this.params.window;
    this.multiplicative = model.config.lrMode === 'multiplicative';
    this.initStep = model.config.initStep;
    this.ring = new Float64Array(this.W * n);
    this.m = new Float64Array(n);
    this.lr = new Float64Array(n);
    this.arena = new WasmArena(kernels);
    this.lanes = kernels.lanes();
    // The most coordinates whose call (descriptor, model, scratch and the coordinates' x, g and
    // state) fits in maxChunkBytes, measured by placing it (kernelCall.ts).
    const lanes = this.lanes;
    const bytesOf = (count: number) => measureCall(this.arena.base, (at) => this.place(at, count));
    this.chunk = largestFitting(lanes, n, maxChunkBytes, bytesOf) ?? lanes;
  }

  /** Coordinates per kernel call. */
  get chunkSize(): number {
    return this.chunk;
  }

  /** One o1 step of x (in place) with gradient g, both of length n. */
  step(x: Float64Array, g: Float64Array): void {
    const { n, W } = this;
    if (this.t === 0) {
      for (let s = 0; s < W; s++) this.ring.set(g, s * n);
      if (this.multiplicative) {
        // the TS stepper's own computation (src/o1/o1.ts), so both engines start alike
        this.lr.fill(initialMultiplicativeLr(x, g, this.initStep));
      }
    }
    const kernelT = W + (this.t % W);
    for (let c0 = 0; c0 < n; c0 += this.chunk) this.stepChunk(x, g, c0, Math.min(this.chunk, n - c0), kernelT);
    this.t++;
  }

  /** The blocks of one call of `count` coordinates (nothing written): the call's size is
   *  measured by the very placement that is then written. */
  private place(L: LayoutBuilder, count: number) {
    const { W, params: p } = this;
    const Nc = Math.ceil(count / this.lanes) * this.lanes;
    return {
      desc: L.take(DESCRIPTOR_BYTES),
      model: placeModel(L, p, false),
      scratch: L.take(scratchBytes(W, p.widest)),
      xs: L.take(8 * Nc),
      gs: L.take(8 * Nc),
      state: L.take(8 * Nc * (W + 2)),
      Nc,
    };
  }

  private stepChunk(x: Float64Array, g: Float64Array, c0: number, count: number, kernelT: number): void {
    const { n, W, params: p } = this;
    const { desc, model, scratch, xs, gs, state, Nc } = reserveCall(this.arena, (at) => this.place(at, count));
    writeModel(this.arena, p, model);
    writeDescriptor(this.arena.i32, desc, { ...modelSlots(p, model), DIM: 1, RUNS: Nc, OPT: OPT_O1, X: xs, G: gs, STATE: state, SCRATCH: scratch });
    const f64 = this.arena.f64;

    // Copy in: x, g, then the state buffers (W ring slots, m, lr), each Nc lanes; a padding
    // lane (odd count) is zero and its result dropped.
    const put = (at: number, src: Float64Array, from: number) => {
      f64.set(src.subarray(from, from + count), at);
      if (Nc > count) f64.fill(0, at + count, at + Nc);
    };
    put(xs >> 3, x, c0);
    put(gs >> 3, g, c0);
    const s0 = state >> 3;
    for (let s = 0; s < W; s++) put(s0 + s * Nc, this.ring, s * n + c0);
    put(s0 + W * Nc, this.m, c0);
    put(s0 + (W + 1) * Nc, this.lr, c0);

    this.kernels.o1StepBatch(desc, kernelT);

    const out = this.arena.f64;
    x.set(out.subarray(xs >> 3, (xs >> 3) + count), c0);
    for (let s = 0; s < W; s++) this.ring.set(out.subarray(s0 + s * Nc, s0 + s * Nc + count), s * n + c0);
    this.m.set(out.subarray(s0 + W * Nc, s0 + W * Nc + count), c0);
    this.lr.set(out.subarray(s0 + (W + 1) * Nc, s0 + (W + 1) * Nc + count), c0);
  }

  /** The window in the TS reference's layout (row i = coordinate i, oldest → newest). */
  windowRows(): Float64Array {
    const { n, W, t } = this;
    const out = new Float64Array(n * W);
    if (t === 0) return out;
    for (let k = 0; k < W; k++) {
      const slot = (t + k) % W;
      for (let i = 0; i < n; i++) out[i * W + k] = this.ring[slot * n + i];
    }
    return out;
  }

  /** Sets the state from the TS reference's layout (window rows, m, lr) after t steps. */
  setState(t: number, windowRows: Float64Array, m: Float64Array, lr: Float64Array): void {
    const { n, W } = this;
    this.t = t;
    this.m.set(m);
    this.lr.set(lr);
    for (let k = 0; k < W; k++) {
      const slot = (t + k) % W;
      for (let i = 0; i < n; i++) this.ring[slot * n + i] = windowRows[i * W + k];
    }
  }
}
