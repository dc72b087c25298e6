// Direct access to single kernels (math functions, features, network, gradients, one o1 step)
// over arrays in linear memory, for the kernel-level tests and the micro-benchmark. Each
// `prepare*` lays the inputs out once and returns a `run` (the kernel call alone, what the
// benchmark times) and a `read` (the outputs, copied out). Layouts are structure-of-arrays:
// item r's k-th value at k·N + r, N padded to the lane count.
// The probes own their instance's memory above the heap base: do not share an instance with a
// WasmEngine (whose runBatch lays out the same region).
//
// They run on the bench build of the kernels (assembly/bench.ts → build/bench/, `npm run
// build:wasm-bench`): the shipped .wasm and library carry none of this.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestFunction } from '../src/functions/types.js';
import type { O1Model } from '../src/o1/o1.js';
import { instantiateO1Wasm, type O1WasmExports } from '../src/engine/loadWasm.js';
import { WasmArena, type LayoutBuilder } from '../src/engine/wasmMemory.js';
import { DESCRIPTOR_BYTES, MATH_OPS, OPT_O1, scratchBytes, transformScratchBytes, type MathOp } from '../src/engine/wasmAbi.js';
import { kernelFunction, modelParams, type ModelParams } from '../src/engine/kernelParams.js';
import { BUILD_DIR } from '../src/paths.js';

/** The bench build's exports: the shipped kernels' and the probes over arrays. */
export interface ProbeExports extends O1WasmExports {
  gradBatch(descriptor: number): void;
  featuresBatch(descriptor: number): void;
  forwardBatch(descriptor: number): void;
  mathApply(op: number, input: number, output: number, count: number): void;
}

/** A fresh instance of the bench build (SIMD unless simd: false), checked like the shipped one. */
export async function loadProbeKernels(opts: { simd?: boolean } = {}): Promise<ProbeExports> {
  const file = join(BUILD_DIR, 'bench', opts.simd === false ? 'o1-probes-scalar.wasm' : 'o1-probes.wasm');
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new Error(`cannot read the bench build of the kernels at ${file} (run \`npm run build:wasm-bench\`): ${(e as Error).message}`);
  }
  return (await instantiateO1Wasm(bytes as BufferSource)) as ProbeExports;
}
import { MlBlock, takeMlData, writeMlData } from '../src/engine/mlKernel.js';
import { modelSlots, placeModel, reserveCall, writeDescriptor, writeModel, type ModelBlocks, type Placement } from '../src/engine/kernelCall.js';

export interface Prepared<R> {
  /** The kernel call alone. */
  run(): void;
  /** The outputs of the last run, copied out of linear memory. */
  read(): R;
}

export class WasmProbes {
  private readonly arena: WasmArena;
  readonly lanes: number;

  constructor(readonly kernels: ProbeExports) {
    this.arena = new WasmArena(kernels);
    this.lanes = kernels.lanes();
  }

  private padded(count: number): number {
    return Math.ceil(count / this.lanes) * this.lanes;
  }

  /** Start of the free part of the arena: prepared kernels keep their memory until reset(). */
  private top = 0;

  /** Frees every prepared kernel's memory (their run/read must not be used afterwards). */
  reset(): void {
    this.top = 0;
  }

  /** Places a prepared kernel's blocks after the previously prepared ones (engine/kernelCall.ts:
   *  measured by the placement itself, then reserved); returns their addresses. */
  private place<A>(place: Placement<A>): A {
    const at = reserveCall(this.arena, place, { from: this.arena.base + this.top });
    this.top = at.end - this.arena.base;
    return at;
  }

  /** Writes run-major rows (items × width) as structure of arrays at byte offset `at`. */
  private writeSoA(at: number, rows: ArrayLike<number>, width: number, count: number, Np: number): void {
    const f64 = this.arena.f64;
    const b = at >> 3;
    for (let j = 0; j < Np; j++) {
      const src = (j < count ? j : 0) * width;
      for (let k = 0; k < width; k++) f64[b + k * Np + j] = rows[src + k];
    }
  }

  private readSoA(at: number, width: number, count: number, Np: number): Float64Array {
    const f64 = this.arena.f64;
    const out = new Float64Array(count * width);
    const b = at >> 3;
    for (let j = 0; j < count; j++) for (let k = 0; k < width; k++) out[j * width + k] = f64[b + k * Np + j];
    return out;
  }


  /** y = op(x) elementwise. */
  prepareMath(op: MathOp, xs: ArrayLike<number>): Prepared<Float64Array> {
    const count = xs.length;
    const Np = Math.ceil(count / 4) * 4; // the f32 ops take four lanes at a time
    const { input, output } = this.place((L) => ({ input: L.take(8 * Np), output: L.take(8 * Np) }));
    const f64 = this.arena.f64;
    for (let k = 0; k < Np; k++) f64[(input >> 3) + k] = k < count ? xs[k] : 0;
    const code = MATH_OPS[op];
    return {
      run: () => this.kernels.mathApply(code, input, output, Np),
      read: () => this.arena.f64.slice(output >> 3, (output >> 3) + count),
    };
  }

  /** Features of windows given run-major (count × W, oldest first) → count × (W + 1). */
  prepareFeatures(set: 'v1' | 'v2', windows: ArrayLike<number>, W: number): Prepared<Float64Array> {
    const count = windows.length / W;
    const Np = this.padded(count);
    const { desc, win, out, scratch } = this.place((L) => ({
      desc: L.take(DESCRIPTOR_BYTES),
      win: L.take(8 * W * Np),
      out: L.take(8 * (W + 1) * Np),
      scratch: L.take(scratchBytes(W, 1)),
    }));
    this.writeSoA(win, windows, W, count, Np);
    writeDescriptor(this.arena.i32, desc, { RUNS: Np, WINDOW: W, FEATURES: set === 'v1' ? 1 : 2, X: win, F: out, SCRATCH: scratch });
    return {
      run: () => this.kernels.featuresBatch(desc),
      read: () => this.readSoA(out, W + 1, count, Np),
    };
  }

  /** Places an o1 model's blocks and its window-rule scratch (kernelCall.ts placeModel). */
  private placeModel(L: LayoutBuilder, m: ModelParams, f32: boolean): { model: ModelBlocks; scratch: number } {
    return { model: placeModel(L, m, f32), scratch: L.take(scratchBytes(m.window, m.widest)) };
  }

  /** Network outputs for inputs given run-major (count × layers[0]). */
  prepareForward(model: O1Model, inputs: ArrayLike<number>): Prepared<Float64Array> {
    const width = model.config.layers[0];
    const count = inputs.length / width;
    const Np = this.padded(count);
    const m = modelParams(model);
    const { desc, net, input, out } = this.place((L) => ({
      desc: L.take(DESCRIPTOR_BYTES),
      net: this.placeModel(L, m, false),
      input: L.take(8 * width * Np),
      out: L.take(8 * Np),
    }));
    writeModel(this.arena, m, net.model);
    this.writeSoA(input, inputs, width, count, Np);
    writeDescriptor(this.arena.i32, desc, { ...modelSlots(m, net.model), SCRATCH: net.scratch, RUNS: Np, X: input, F: out });
    return {
      run: () => this.kernels.forwardBatch(desc),
      read: () => this.arena.f64.slice(out >> 3, (out >> 3) + count),
    };
  }

  /** f and ∇f at points given run-major (count × n) (a transformed function's too). */
  prepareGrad(fn: TestFunction, n: number, xs: ArrayLike<number>): Prepared<{ f: Float64Array; g: Float64Array }> {
    const count = xs.length / n;
    const Np = this.padded(count);
    const kfn = kernelFunction(fn, n);
    const params = kfn.params;
    const tf = kfn.transform;
    const ml = kfn.ml;
    const lanes = this.kernels.lanes();
    const { desc, p, tfAt, tfScratch, block, data, x, g, f } = this.place((L) => ({
      desc: L.take(DESCRIPTOR_BYTES),
      p: L.take(8 * Math.max(1, params.length)),
      tfAt: tf ? L.take(8 * tf.length) : 0,
      tfScratch: tf ? L.take(transformScratchBytes(n)) : 0,
      block: ml ? new MlBlock(L, ml, ml.batch.count) : undefined,
      data: ml ? takeMlData(L, ml, ml.batch.count, lanes) : undefined,
      x: L.take(8 * n * Np),
      g: L.take(8 * n * Np),
      f: L.take(8 * Np),
    }));
    this.arena.f64.set(params, p >> 3);
    if (tf) this.arena.f64.set(tf, tfAt >> 3);
    if (ml && block && data) {
      block.write(this.arena.i32, this.arena.f64);
      writeMlData(this.arena.f64, ml, data, ml.batch, lanes);
      block.setData(this.arena.i32, data);
    }
    this.writeSoA(x, xs, n, count, Np);
    writeDescriptor(this.arena.i32, desc, {
      FN: kfn.id, DIM: n, RUNS: Np, X: x, G: g, F: f, FN_PARAMS: p, TRANSFORM: tfAt, TRANSFORM_SCRATCH: tfScratch, ML: block?.at ?? 0,
    });
    return {
      run: () => this.kernels.gradBatch(desc),
      read: () => ({ f: this.arena.f64.slice(f >> 3, (f >> 3) + count), g: this.readSoA(g, n, count, Np) }),
    };
  }

  /**
   * o1 steps of `count` runs of dimension n from x (run-major), with fixed gradients g
   * (run-major). `run()` takes step t and then advances t (the first call fills the windows).
   * read() gives x and the last lr.
   */
  prepareO1Step(
    model: O1Model, n: number, xs: ArrayLike<number>, gs: ArrayLike<number>, network: 'f64' | 'f32' = 'f64',
  ): Prepared<{ x: Float64Array; lr: Float64Array }> {
    const count = xs.length / n;
    const Np = this.padded(count);
    if (model.config.lrMode === 'normalized') throw new Error('prepareO1Step: the window rules only');
    const W = model.config.window;
    const m = modelParams(model);
    const f32 = network === 'f32' && this.lanes === 2;
    const { desc, net, x, g, state, lr } = this.place((L) => ({
      desc: L.take(DESCRIPTOR_BYTES),
      net: this.placeModel(L, m, f32),
      x: L.take(8 * n * Np),
      g: L.take(8 * n * Np),
      state: L.take(8 * (W + 2) * n * Np),
      lr: L.take(8 * n * Np),
    }));
    writeModel(this.arena, m, net.model);
    this.writeSoA(x, xs, n, count, Np);
    this.writeSoA(g, gs, n, count, Np);
    this.arena.f64.fill(0, state >> 3, (state >> 3) + (W + 2) * n * Np);
    writeDescriptor(this.arena.i32, desc, { ...modelSlots(m, net.model), SCRATCH: net.scratch, DIM: n, RUNS: Np, OPT: OPT_O1, X: x, G: g, STATE: state, TRACE_LR: lr });
    let t = 0;
    return {
      run: () => this.kernels.o1StepBatch(desc, t++),
      read: () => ({ x: this.readSoA(x, n, count, Np), lr: this.readSoA(lr, n, count, Np) }),
    };
  }
}
