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
import { LayoutBuilder, WasmArena } from '../src/engine/wasmMemory.js';
import { D, DESCRIPTOR_BYTES, MATH_OPS, OPT_O1, scratchBytes, transformScratchBytes, type MathOp } from '../src/engine/wasmAbi.js';
import { kernelFunction, modelParams } from '../src/engine/kernelParams.js';
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
import { measureCall } from '../src/engine/kernelCall.js';

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

  /** Reserves `bytes` after the previously prepared kernels; returns a layout starting there. */
  private begin(bytes: number): LayoutBuilder {
    const start = this.arena.base + this.top;
    this.arena.reserve(this.top + bytes + 1024);
    this.top += bytes + 1024;
    return new LayoutBuilder(start);
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

  private descriptor(layout: LayoutBuilder): number {
    const at = layout.take(DESCRIPTOR_BYTES);
    this.arena.i32.fill(0, at >> 2, (at + DESCRIPTOR_BYTES) >> 2);
    return at;
  }

  private set(desc: number, slot: number, value: number): void {
    this.arena.i32[(desc >> 2) + slot] = value;
  }

  /** y = op(x) elementwise. */
  prepareMath(op: MathOp, xs: ArrayLike<number>): Prepared<Float64Array> {
    const count = xs.length;
    const Np = Math.ceil(count / 4) * 4; // the f32 ops take four lanes at a time
    const layout = this.begin(16 * Np + 64);
    const input = layout.take(8 * Np);
    const output = layout.take(8 * Np);
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
    const layout = this.begin(DESCRIPTOR_BYTES + 8 * Np * (2 * W + 1) + scratchBytes(W, 1) + 256);
    const desc = this.descriptor(layout);
    const win = layout.take(8 * W * Np);
    const out = layout.take(8 * (W + 1) * Np);
    const scratch = layout.take(scratchBytes(W, 1));
    this.writeSoA(win, windows, W, count, Np);
    this.set(desc, D.RUNS, Np);
    this.set(desc, D.WINDOW, W);
    this.set(desc, D.FEATURES, set === 'v1' ? 1 : 2);
    this.set(desc, D.X, win);
    this.set(desc, D.F, out);
    this.set(desc, D.SCRATCH, scratch);
    return {
      run: () => this.kernels.featuresBatch(desc),
      read: () => this.readSoA(out, W + 1, count, Np),
    };
  }

  /** Lays out an o1 model's blocks; returns their addresses written into `desc`. */
  private writeModel(desc: number, layout: LayoutBuilder, model: O1Model): ReturnType<typeof modelParams> {
    const m = modelParams(model);
    const f64 = this.arena.f64;
    const i32 = this.arena.i32;
    const weights = layout.take(8 * m.weights.length);
    f64.set(m.weights, weights >> 3);
    const layers = layout.take(4 * m.layers.length);
    i32.set(m.layers, layers >> 2);
    const acts = layout.take(4 * Math.max(1, m.acts.length));
    i32.set(m.acts, acts >> 2);
    const hyper = layout.take(8 * m.hyper.length);
    f64.set(m.hyper, hyper >> 3);
    const scratch = layout.take(scratchBytes(m.window, m.widest));
    this.set(desc, D.NET_PARAMS, weights);
    this.set(desc, D.NET_LAYERS, layers);
    this.set(desc, D.NET_ACTS, acts);
    this.set(desc, D.NET_DEPTH, m.layers.length);
    this.set(desc, D.WINDOW, m.window);
    this.set(desc, D.FEATURES, m.features);
    this.set(desc, D.HYPER, hyper);
    this.set(desc, D.SCRATCH, scratch);
    return m;
  }

  private modelBytes(model: O1Model): number {
    const { layers } = model.config;
    const window = model.config.lrMode === 'normalized' ? 0 : model.config.window;
    let widest = 1;
    let params = 0;
    for (let l = 0; l + 1 < layers.length; l++) {
      widest = Math.max(widest, layers[l + 1]);
      params += layers[l] * layers[l + 1] + layers[l + 1];
    }
    return 8 * params + 8 * layers.length + 64 + scratchBytes(window, widest) + 256;
  }

  /** Network outputs for inputs given run-major (count × layers[0]). */
  prepareForward(model: O1Model, inputs: ArrayLike<number>): Prepared<Float64Array> {
    const width = model.config.layers[0];
    const count = inputs.length / width;
    const Np = this.padded(count);
    const layout = this.begin(DESCRIPTOR_BYTES + this.modelBytes(model) + 8 * Np * (width + 1) + 256);
    const desc = this.descriptor(layout);
    this.writeModel(desc, layout, model);
    const input = layout.take(8 * width * Np);
    const out = layout.take(8 * Np);
    this.writeSoA(input, inputs, width, count, Np);
    this.set(desc, D.RUNS, Np);
    this.set(desc, D.X, input);
    this.set(desc, D.F, out);
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
    const tfBytes = tf ? 8 * tf.length + transformScratchBytes(n) + 32 : 0;
    const ml = kfn.ml;
    const lanes = this.kernels.lanes();
    const mlBytes = ml ? measureCall(0, (L) => [new MlBlock(L, ml, ml.batch.count), takeMlData(L, ml, ml.batch.count, lanes)]) + 64 : 0;
    const layout = this.begin(DESCRIPTOR_BYTES + 8 * params.length + tfBytes + mlBytes + 8 * Np * (2 * n + 1) + 256);
    const desc = this.descriptor(layout);
    const p = layout.take(8 * Math.max(1, params.length));
    this.arena.f64.set(params, p >> 3);
    if (tf) {
      const at = layout.take(8 * tf.length);
      this.arena.f64.set(tf, at >> 3);
      this.set(desc, D.TRANSFORM, at);
      this.set(desc, D.TRANSFORM_SCRATCH, layout.take(transformScratchBytes(n)));
    }
    if (ml) {
      const block = new MlBlock(layout, ml, ml.batch.count);
      block.write(this.arena.i32, this.arena.f64);
      const data = takeMlData(layout, ml, ml.batch.count, lanes);
      writeMlData(this.arena.f64, ml, data, ml.batch, lanes);
      block.setData(this.arena.i32, data);
      this.set(desc, D.ML, block.at);
    }
    const x = layout.take(8 * n * Np);
    const g = layout.take(8 * n * Np);
    const f = layout.take(8 * Np);
    this.writeSoA(x, xs, n, count, Np);
    this.set(desc, D.FN, kfn.id);
    this.set(desc, D.DIM, n);
    this.set(desc, D.RUNS, Np);
    this.set(desc, D.X, x);
    this.set(desc, D.G, g);
    this.set(desc, D.F, f);
    this.set(desc, D.FN_PARAMS, p);
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
    const layout = this.begin(DESCRIPTOR_BYTES + 2 * this.modelBytes(model) + 8 * Np * n * (W + 5) + 256);
    const desc = this.descriptor(layout);
    this.writeModel(desc, layout, model);
    const x = layout.take(8 * n * Np);
    const g = layout.take(8 * n * Np);
    const state = layout.take(8 * (W + 2) * n * Np);
    const lr = layout.take(8 * n * Np);
    this.writeSoA(x, xs, n, count, Np);
    this.writeSoA(g, gs, n, count, Np);
    this.arena.f64.fill(0, state >> 3, (state >> 3) + (W + 2) * n * Np);
    this.set(desc, D.DIM, n);
    this.set(desc, D.RUNS, Np);
    this.set(desc, D.OPT, OPT_O1);
    this.set(desc, D.X, x);
    this.set(desc, D.G, g);
    this.set(desc, D.STATE, state);
    this.set(desc, D.TRACE_LR, lr);
    if (network === 'f32' && this.lanes === 2) {
      const w32 = Float32Array.from(model.weights);
      const at = layout.take(4 * w32.length);
      new Float32Array(this.arena.f64.buffer, at, w32.length).set(w32);
      this.set(desc, D.NET_PARAMS32, at);
    }
    let t = 0;
    return {
      run: () => this.kernels.o1StepBatch(desc, t++),
      read: () => ({ x: this.readSoA(x, n, count, Np), lr: this.readSoA(lr, n, count, Np) }),
    };
  }
}
