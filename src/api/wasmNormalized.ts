// The normalized rule (o1 v3, the shipped model) on the step API's kernels (assembly/flat.ts):
// one flat vector of coordinates sharing one network, the SIMD lanes over coordinates. Per step:
//   1. the globals' one reduction (Σg², Σm², Σg·m) in the kernels, chunk after chunk, the running
//      sums carried from call to call in the reference's order, so they are its bits;
//   2. the step's scalars on the host with the reference's expressions (src/o1/normalized.ts:
//      cos(g, m), growth, bc1, bc2, the time features, at t = 0 the step unit from startRms);
//   3. features → network → step per coordinate in the kernels ('exact': the reference's bits;
//      'f32': the network in f32x4, tolerance in test/api.f32.test.ts).
// The parameters and gradients go straight from the caller's tensors into linear memory and back,
// a chunk of at most `maxChunkBytes` at a time. The state (m, v, ln s: 24 bytes per coordinate)
// of a model that fits one chunk stays in linear memory between steps (resident: nothing but x and
// g is copied per step) until another user of the instance (the engine, another optimizer) lays
// out there: then it is evicted to host arrays first (wasmMemory.ts MemoryTenant) and copied back
// in at the next step. A bigger model's state lives in host arrays, each chunk copied in and out,
// so linear memory never holds more than one chunk; its g and m are read twice (pass 1, pass 2).
// The reference's per-coordinate lr buffer is not kept: lr() recomputes it from v and ln s with
// the reference's expression, the same bits.
// A model with stepUnit "distance" also keeps x₀ (8 bytes per coordinate, on the host: it is read
// once per step, by distanceRms, never by the kernels) and D; the unit initStep·max(b, D) goes to
// the kernels in the step row like the fixed one, so they are the same for both units.
import type { O1Model } from '../o1/o1.js';
import { grownDistance, NORMALIZED_EPS, STEP_SCALARS, startRms, stepScalars, tanhOfLog, unitBase, type NormalizedDistanceState, type NormalizedState } from '../o1/normalized.js';
import type { O1WasmExports } from '../engine/loadWasm.js';
import { DESCRIPTOR_BYTES, FEATURE_CODES, FLAT_ROW, FLAT_ROW_LENGTH } from '../engine/wasmAbi.js';
import { modelParams, type ModelParams } from '../engine/kernelParams.js';
import { LayoutBuilder, WasmArena, type MemoryTenant } from '../engine/wasmMemory.js';
import { largestFitting, measureCall, modelSlots, placeModel, reserveCall, writeDescriptor, writeModel } from '../engine/kernelCall.js';
import { distanceRms } from './distance.js';
import { anyNonFinite, gatherRange, scatterRange, tensorOffsets, type FloatArray } from './tensors.js';

export type Precision = 'exact' | 'f32';

/** The f32 path takes coordinates four at a time. */
const F32_LANES = 4;
const SLACK = 16;

/** The precision the normalized rule runs at on `kernels`: 'f32' needs the SIMD build and a
 *  network with one hidden layer ([8, H, 1], every shipped and trained v3 model). */
export function normalizedPrecision(kernels: O1WasmExports, model: O1Model, wanted: Precision): Precision {
  return wanted === 'f32' && kernels.simdEnabled() === 1 && model.config.layers.length === 3 ? 'f32' : 'exact';
}

export class WasmNormalizedVector implements MemoryTenant {
  readonly n: number;
  /** The precision the steps run at ('f32' needs the SIMD build and a one-hidden-layer net). */
  readonly precision: Precision;
  t = 0;
  readonly m: Float64Array;
  readonly v: Float64Array;
  /** ln(s / u) per coordinate. */
  readonly logStep: Float64Array;
  prevGradNorm = 0;
  stepUnit = 0;
  /** stepUnit "distance": the start x₀ (undefined for the fixed unit). */
  readonly x0: Float64Array | undefined;
  /** stepUnit "distance": D = max over the steps so far of rms(x_t − x₀). */
  maxDistance = 0;
  /** stepUnit "distance": b = rms(x₀) when positive and finite, else 1. */
  unitBase = 0;
  private readonly params: ModelParams;
  private readonly beta: number;
  private readonly initStep: number;
  private readonly arena: WasmArena;
  private readonly chunk: number;
  private readonly scalars = new Float64Array(STEP_SCALARS);
  /** m, v, ln s are in linear memory (the one-chunk layout), the host arrays stale. */
  private resident = false;

  constructor(
    private readonly kernels: O1WasmExports,
    model: O1Model,
    n: number,
    maxChunkBytes: number,
    precision: Precision = 'exact',
  ) {
    this.n = n;
    this.params = modelParams(model);
    if (this.params.features !== FEATURE_CODES.v3) throw new Error(`WasmNormalizedVector: model '${model.name}' is not a v3 (normalized) model`);
    this.precision = normalizedPrecision(kernels, model, precision);
    this.beta = model.config.beta;
    this.initStep = model.config.initStep;
    this.m = new Float64Array(n);
    this.v = new Float64Array(n);
    this.logStep = new Float64Array(n);
    this.x0 = usesDistanceUnit(model) ? new Float64Array(n) : undefined;
    this.arena = new WasmArena(kernels);
    // The most coordinates (a multiple of the f32 path's 4) whose call fits in maxChunkBytes,
    // measured by placing it (engine/kernelCall.ts).
    this.chunk = largestFitting(F32_LANES, n, maxChunkBytes, (count) => this.callBytes(count)) ?? F32_LANES;
  }

  /** Coordinates per kernel call. */
  get chunkSize(): number {
    return this.chunk;
  }

  /** Bytes of linear memory one call lays out (above the kernels' heap base) for `count` coordinates. */
  callBytes(count: number): number {
    return measureCall(this.arena.base, (at) => this.place(at, count));
  }

  /** The blocks of one call of `count` coordinates (nothing written). */
  private place(L: LayoutBuilder, count: number) {
    const p = this.params;
    const cap = Math.ceil(count / F32_LANES) * F32_LANES;
    const scratchBytes = (8 + 2 * p.widest) * 16 + 32 * p.widest + SLACK;
    return {
      desc: L.take(DESCRIPTOR_BYTES),
      model: placeModel(L, p, true),
      row: L.take(8 * FLAT_ROW_LENGTH),
      sums: L.take(8 * 3),
      scratch: L.take(scratchBytes),
      x: L.take(8 * cap),
      g: L.take(8 * cap),
      state: L.take(3 * 8 * cap),
      cap,
    };
  }

  /** The blocks of one call, placed from the arena's base (nothing written). */
  private layout(count: number) {
    return this.place(new LayoutBuilder(this.arena.base), count);
  }

  /** Lays out one call of `count` coordinates and writes its descriptor and model; a one-chunk
   *  model's vector stays the memory's tenant. */
  private prepare(count: number) {
    const at = reserveCall(this.arena, (L) => this.place(L, count), { tenant: this.n <= this.chunk ? this : undefined });
    const p = this.params;
    writeModel(this.arena, p, at.model);
    writeDescriptor(this.arena.i32, at.desc, {
      ...modelSlots(p, at.model),
      DIM: count, RUNS: at.cap, X: at.x, G: at.g, STATE: at.state, F: at.sums, TABLE: at.row, SCRATCH: at.scratch,
    });
    return at;
  }

  /** Copies coordinates [c0, c0 + count) of x (from the tensors), g, m, v, ln s into a call. */
  private copyIn(at: ReturnType<WasmNormalizedVector['layout']>, c0: number, count: number, what: { x: boolean; state: boolean }, io: Io): void {
    const f64 = this.arena.f64;
    const { cap } = at;
    if (what.x) gatherRange(io.params, io.offsets, c0, count, f64, at.x >> 3);
    gatherRange(io.grads, io.offsets, c0, count, f64, at.g >> 3);
    const s = at.state >> 3;
    if (!this.resident) {
      f64.set(this.m.subarray(c0, c0 + count), s);
      if (what.state) {
        f64.set(this.v.subarray(c0, c0 + count), s + cap);
        f64.set(this.logStep.subarray(c0, c0 + count), s + 2 * cap);
      }
    }
    if (cap > count) {
      // the f32 path's padding coordinates: zeros (finite results, dropped)
      for (const b of [at.x >> 3, at.g >> 3, s, s + cap, s + 2 * cap]) f64.fill(0, b + count, b + cap);
    }
  }

  /** One step of the tensors in place. False (nothing changed) when a gradient is NaN or ±Inf. */
  step(params: readonly FloatArray[], grads: readonly FloatArray[]): boolean {
    const { n, chunk } = this;
    const io: Io = { params, grads, offsets: tensorOffsets(params) };
    const single = n <= chunk;
    // 1. the reduction, in index order across chunks
    // (the fixed blocks, the sums among them, sit at the same addresses whatever a call's size)
    let at = this.prepare(Math.min(n, chunk));
    let f64 = this.arena.f64;
    f64.fill(0, at.sums >> 3, (at.sums >> 3) + 3);
    for (let c0 = 0; c0 < n; c0 += chunk) {
      const count = Math.min(chunk, n - c0);
      if (c0 > 0) at = this.prepare(count);
      this.copyIn(at, c0, count, { x: single, state: single }, io);
      this.kernels.o1FlatReduce(at.desc);
    }
    this.resident = single;
    f64 = this.arena.f64;
    const gg = f64[at.sums >> 3];
    const mm = f64[(at.sums >> 3) + 1];
    const gm = f64[(at.sums >> 3) + 2];
    // Σg² is finite unless a gradient is NaN or ±Inf (or huge: then the step goes on, as the reference's)
    if (!Number.isFinite(gg) && anyNonFinite(grads)) return false;

    // 2. the step's scalars: src/o1/normalized.ts normalizedStep's expressions
    const t = this.t;
    const gNorm = Math.sqrt(gg);
    const mNorm = Math.sqrt(mm);
    const cosGM = gNorm > 0 && mNorm > 0 ? gm / (gNorm * mNorm) : 0;
    const growth = t > 0 && this.prevGradNorm > 0 && gNorm > 0 ? tanhOfLog(gNorm / this.prevGradNorm) : 0;
    if (t === 0) {
      let start: Float64Array;
      if (single) start = f64.subarray(at.x >> 3, (at.x >> 3) + n);
      else {
        start = new Float64Array(n);
        gatherRange(params, io.offsets, 0, n, start, 0);
      }
      const b = unitBase(startRms(start));
      this.stepUnit = this.initStep * b;
      if (this.x0) {
        this.x0.set(start);
        this.unitBase = b;
        this.maxDistance = 0;
      }
    } else if (this.x0) {
      // the distance unit: D ← max(D, rms(x_t − x₀)), u = initStep·max(b, D) (D = 0 at t = 0)
      const D = grownDistance(this.maxDistance, distanceRms(params, this.x0));
      this.maxDistance = D;
      this.stepUnit = this.initStep * (D > this.unitBase ? D : this.unitBase);
    }
    this.prevGradNorm = gNorm;
    const sc = this.scalars;
    stepScalars(this.beta, t, sc, 0);
    const row = new Float64Array(FLAT_ROW_LENGTH);
    row[FLAT_ROW.bc1] = sc[0];
    row[FLAT_ROW.bc2] = sc[1];
    row[FLAT_ROW.time1] = sc[2];
    row[FLAT_ROW.time2] = sc[3];
    row[FLAT_ROW.cos] = cosGM;
    row[FLAT_ROW.growth] = growth;
    row[FLAT_ROW.unit] = this.stepUnit;

    // 3. the per-coordinate step
    const f32 = this.precision === 'f32';
    for (let c0 = 0; c0 < n; c0 += chunk) {
      const count = Math.min(chunk, n - c0);
      if (!single) {
        at = this.prepare(count);
        this.copyIn(at, c0, count, { x: true, state: true }, io);
      }
      f64 = this.arena.f64;
      f64.set(row, at.row >> 3);
      if (f32) this.kernels.o1FlatStepF32(at.desc);
      else this.kernels.o1FlatStep(at.desc);
      f64 = this.arena.f64;
      scatterRange(f64, at.x >> 3, params, io.offsets, c0, count);
      if (!single) this.copyOut(at, c0, count);
    }
    this.t = t + 1;
    return true;
  }

  /** Copies m, v, ln s of a call back to the host arrays. */
  private copyOut(at: ReturnType<WasmNormalizedVector['layout']>, c0: number, count: number): void {
    const f64 = this.arena.f64;
    const s = at.state >> 3;
    this.m.set(f64.subarray(s, s + count), c0);
    this.v.set(f64.subarray(s + at.cap, s + at.cap + count), c0);
    this.logStep.set(f64.subarray(s + 2 * at.cap, s + 2 * at.cap + count), c0);
  }

  /** The host arrays up to date (the state stays resident). */
  private sync(): void {
    if (this.resident) this.copyOut(this.layout(this.n), 0, this.n);
  }

  evict(): void {
    this.sync();
    this.resident = false;
  }

  /** The lr of the last step per coordinate, as the reference keeps it: s·bc1/(√(v·bc2) + ε). */
  lr(): Float64Array {
    this.sync();
    const { n } = this;
    const out = new Float64Array(n);
    if (this.t === 0) return out;
    const sc = new Float64Array(STEP_SCALARS);
    stepScalars(this.beta, this.t - 1, sc, 0);
    const bc1 = sc[0];
    const bc2 = sc[1];
    const unit = this.stepUnit;
    const { v, logStep } = this;
    for (let i = 0; i < n; i++) {
      const den = Math.sqrt(v[i] * bc2) + NORMALIZED_EPS;
      const step = unit * Math.exp(logStep[i]);
      out[i] = (step * bc1) / den;
    }
    return out;
  }

  /** The state into the reference's layout (`s` from its stepper's init(n)). */
  exportInto(s: NormalizedState): void {
    this.sync();
    s.t = this.t;
    s.m.set(this.m);
    s.v.set(this.v);
    s.logStep.set(this.logStep);
    s.lr.set(this.lr());
    s.prevGradNorm = this.prevGradNorm;
    s.stepUnit = this.stepUnit;
    if (this.x0) {
      // the distance unit's stepper made `s` with its keys
      const sd = s as NormalizedDistanceState;
      sd.x0.set(this.x0);
      sd.unitBase = this.unitBase;
      sd.maxDistance = this.maxDistance;
    }
  }

  /** Continues from the reference's state (its lr buffer is implied by v and ln s). */
  importFrom(s: NormalizedState): void {
    this.t = s.t;
    this.m.set(s.m);
    this.v.set(s.v);
    this.logStep.set(s.logStep);
    this.prevGradNorm = s.prevGradNorm;
    this.stepUnit = s.stepUnit;
    if (this.x0) {
      const sd = s as NormalizedDistanceState;
      this.x0.set(sd.x0);
      this.unitBase = sd.unitBase;
      this.maxDistance = sd.maxDistance;
    }
    this.resident = false;
  }
}

/** Does the model's normalized rule take its step unit from the distance moved? */
export function usesDistanceUnit(model: O1Model): boolean {
  return model.config.lrMode === 'normalized' && model.config.stepUnit === 'distance';
}

interface Io {
  params: readonly FloatArray[];
  grads: readonly FloatArray[];
  offsets: number[];
}
