// The WASM engine: the batched runner of assembly/runner.ts behind the Engine interface.
//
// Per call the host lays out one arena above the kernels' heap base: the descriptor and the
// model / hyper-parameter blocks, then the structure-of-arrays run data of one chunk of runs
// (coordinate i of lane j at i·Nc + j). Memory grows only when a call needs more than any
// earlier one; views are refreshed after growth (WasmArena). A batch whose arrays would exceed
// `maxBatchBytes` is cut into chunks of runs, which gives the same numbers since runs are
// independent. Functions or optimizers the kernels do not implement (a user's own
// TestFunction or OptimizerSpec) run on the TS reference instead. The problem generator's
// transformed functions (src/train/problems.ts) run in the kernels: their base function's
// kernel, with the affine map and the outer scale/log applied around it (assembly/transform.ts).
import type { BatchResult, BatchSpec, Engine } from './types.js';
import { allocateResult, batchShape, measuresAnswer, tracesLr, type BatchShape } from './batch.js';
import { runBatchTs } from './tsEngine.js';
import type { O1WasmExports } from './loadWasm.js';
import { LayoutBuilder, WasmArena } from './wasmMemory.js';
import { MlBlock, mlDataBytes, mlFixedBytes, takeMlData, writeMlData } from './mlKernel.js';
import {
  D, DESCRIPTOR_BYTES, FLAG_ANSWER, FLAG_LOSS, FLAG_TRACE, OPT_O1,
  transformScratchBytes,
} from './wasmAbi.js';
import {
  baselineParams, kernelFunction, kernelKnowsBaseline, kernelKnowsFunction, modelParams, o1StateLanes, o1StepTable,
  type BaselineParams, type KernelFunction, type ModelParams,
} from './kernelParams.js';

/** Default cap on the bytes one call lays out (beyond it, runs are chunked). */
export const DEFAULT_MAX_BATCH_BYTES = 256 * 1024 * 1024;

export interface WasmEngineOptions {
  /** Cap on the arena bytes of one chunk of runs (default 256 MiB). */
  maxBatchBytes?: number;
  /**
   * o1's network precision. 'f64' (default): the same bits as the TS reference. 'f32': the
   * network in f32x4 lanes (the window rules also compute their features after y = g/M in f32;
   * the normalized rule computes its features in f64 and rounds them), state still f64 — faster,
   * within the tolerances of test/engine.f32.test.ts. The scalar build always runs 'f64'.
   */
  network?: 'f64' | 'f32';
}

interface Plan {
  shape: BatchShape;
  fn: KernelFunction;
  baseline?: BaselineParams;
  model?: ModelParams;
  /** o1's per-step table (the normalized rule's; empty otherwise). */
  o1Table?: Float64Array;
  optId: number;
  /** f64 state values per run: buffers of n, then per-run scalars. */
  stateLanes: number;
  recordLoss: boolean;
  recordTrace: boolean;
  traceLr: boolean;
  /** f measured at the rule's answer (BatchSpec.evalAt). */
  answer: boolean;
  fixedBytes: number;
  perRunBytes: number;
  lanes: number;
}

const SLACK = 16; // alignment padding per array

export class WasmEngine implements Engine {
  readonly name = 'wasm' as const;
  /** True for the SIMD build (o1.wasm), false for the scalar build. */
  readonly simd: boolean;
  readonly maxBatchBytes: number;
  /** The network precision o1 batches actually run with (see WasmEngineOptions.network). */
  readonly network: 'f64' | 'f32';
  /** The linear memory this engine lays its batches out in (also used by the ML batch runner, mlBatch.ts). */
  readonly arena: WasmArena;

  constructor(readonly kernels: O1WasmExports, opts: WasmEngineOptions = {}) {
    this.simd = kernels.simdEnabled() === 1;
    this.maxBatchBytes = opts.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES;
    this.network = opts.network === 'f32' && this.simd ? 'f32' : 'f64';
    this.arena = new WasmArena(kernels);
  }

  /** Bytes of linear memory right now (for tests that watch for leaks). */
  get memoryBytes(): number {
    return this.arena.byteLength;
  }

  /** Whether `spec` runs in the kernels (otherwise runBatch uses the TS reference). */
  supports(spec: BatchSpec): boolean {
    if (!kernelKnowsFunction(spec.fn)) return false;
    // o1: every lr rule is in the kernels ('absolute' and 'multiplicative' in assembly/o1.ts,
    // 'normalized' in assembly/normalized.ts); every rule with a kernel binding in
    // assembly/optimizers/<kernel>.ts.
    if (spec.optimizer.kind === 'o1') return true;
    return kernelKnowsBaseline(spec.optimizer.spec);
  }

  runBatch(spec: BatchSpec): BatchResult {
    if (!this.supports(spec)) return runBatchTs(spec);
    const plan = this.plan(spec);
    const result = allocateResult(spec, plan.shape);
    const { N } = plan.shape;
    if (N === 0) return result;
    const chunk = this.chunkRuns(plan);
    this.arena.reserve(plan.fixedBytes + chunk * plan.perRunBytes);
    const layout = new LayoutBuilder(this.arena.base);
    const fixed = this.writeFixed(plan, layout);
    for (let r0 = 0; r0 < N; r0 += chunk) {
      const count = Math.min(chunk, N - r0);
      this.runChunk(spec, plan, fixed, new LayoutBuilder(layout.end), r0, count, result);
    }
    return result;
  }

  /** How many runs of `spec` one kernel call takes (all of them unless the batch is chunked). */
  runsPerChunk(spec: BatchSpec): number {
    return this.chunkRuns(this.plan(spec));
  }

  /** Runs per chunk: as many as fit under maxBatchBytes (a multiple of the lane count). */
  private chunkRuns(plan: Plan): number {
    const { lanes } = plan;
    const room = this.maxBatchBytes - plan.fixedBytes;
    let chunk = Math.floor(room / plan.perRunBytes / lanes) * lanes;
    if (chunk < lanes) {
      throw new RangeError(
        `one run of this batch needs ${plan.perRunBytes} bytes of WASM memory (steps × dimension of the recordings), ` +
          `over the ${this.maxBatchBytes}-byte cap: record fewer steps or raise maxBatchBytes`,
      );
    }
    const padded = Math.ceil(plan.shape.N / lanes) * lanes;
    return Math.min(chunk, padded);
  }

  private plan(spec: BatchSpec): Plan {
    const shape = batchShape(spec);
    const { n, T } = shape;
    const lanes = this.kernels.lanes();
    const fn = kernelFunction(spec.fn, n);
    const recordLoss = spec.recordLoss === true;
    const recordTrace = spec.recordTrace === true;
    let baseline: BaselineParams | undefined;
    let model: ModelParams | undefined;
    let o1Table: Float64Array | undefined;
    let optId: number;
    let stateLanes: number;
    let fixedBytes = DESCRIPTOR_BYTES + SLACK + (fn.params.length * 8 + SLACK);
    if (fn.transform) fixedBytes += fn.transform.length * 8 + SLACK + transformScratchBytes(n) + SLACK;
    if (fn.ml) fixedBytes += mlFixedBytes(fn.ml, fn.ml.batch.count) + mlDataBytes(fn.ml, fn.ml.batch.count, lanes) + 8 * SLACK;
    if (spec.optimizer.kind === 'o1') {
      model = modelParams(spec.optimizer.model);
      o1Table = o1StepTable(spec.optimizer.model, T);
      optId = OPT_O1;
      stateLanes = o1StateLanes(spec.optimizer.model, n);
      fixedBytes += model.hyper.length * 8 + SLACK + o1Table.length * 8 + SLACK;
      fixedBytes += model.weights.length * (this.network === 'f32' ? 12 : 8) + 2 * SLACK;
      fixedBytes += (model.layers.length + model.acts.length) * 4 + 2 * SLACK;
      fixedBytes += model.scratchBytes + SLACK;
    } else {
      baseline = baselineParams(spec.optimizer.spec, spec.optimizer.hyper, T);
      optId = spec.optimizer.spec.id;
      stateLanes = baseline.stateLanes(n);
      fixedBytes += baseline.hyper.length * 8 + SLACK + baseline.table.length * 8 + SLACK;
    }
    const traceLr = recordTrace && tracesLr(spec);
    const answer = measuresAnswer(spec);
    let perRunBytes = 8 * (2 * n + 1) + 4 + 8 * stateLanes;
    if (answer) perRunBytes += 8 * 2 * n;
    if (recordLoss) perRunBytes += 8 * (T + 1);
    const traceRows = Math.max(1, T); // grad and lr take at least one row (runChunk)
    if (recordTrace) perRunBytes += 8 * n * (T + 1 + traceRows + (traceLr ? traceRows : 0));
    fixedBytes += 12 * SLACK; // the per-run arrays' alignment
    return { shape, fn, baseline, model, o1Table, optId, stateLanes, recordLoss, recordTrace, traceLr, answer, fixedBytes, perRunBytes, lanes };
  }

  /** Writes the blocks shared by every chunk; returns their addresses. */
  private writeFixed(plan: Plan, layout: LayoutBuilder): FixedBlocks {
    const f64 = this.arena.f64;
    const i32 = this.arena.i32;
    const put = (data: Float64Array): number => {
      const at = layout.take(Math.max(8, data.length * 8));
      f64.set(data, at >> 3);
      return at;
    };
    const putInt = (data: Int32Array): number => {
      const at = layout.take(Math.max(4, data.length * 4));
      i32.set(data, at >> 2);
      return at;
    };
    const desc = layout.take(DESCRIPTOR_BYTES);
    i32.fill(0, desc >> 2, (desc + DESCRIPTOR_BYTES) >> 2);
    const blocks: FixedBlocks = {
      desc, fnParams: put(plan.fn.params), transform: 0, transformScratch: 0,
      hyper: 0, table: 0, weights: 0, weights32: 0, layers: 0, acts: 0, scratch: 0, ml: 0,
    };
    if (plan.fn.transform) {
      blocks.transform = put(plan.fn.transform);
      blocks.transformScratch = layout.take(transformScratchBytes(plan.shape.n));
    }
    if (plan.fn.ml) {
      const ml = plan.fn.ml;
      const block = new MlBlock(layout, i32, f64, ml, ml.batch.count);
      const data = takeMlData(layout, ml, ml.batch.count, plan.lanes);
      writeMlData(f64, ml, data, ml.batch, plan.lanes);
      block.setData(i32, data);
      blocks.ml = block.at;
    }
    if (plan.model) {
      const m = plan.model;
      blocks.hyper = put(m.hyper);
      blocks.weights = put(m.weights);
      if (this.network === 'f32') {
        const w32 = Float32Array.from(m.weights); // rounds each weight (Math.fround)
        blocks.weights32 = layout.take(w32.length * 4);
        new Float32Array(this.arena.f64.buffer, blocks.weights32, w32.length).set(w32);
      }
      blocks.layers = putInt(m.layers);
      blocks.acts = putInt(m.acts);
      blocks.scratch = layout.take(m.scratchBytes);
      if (plan.o1Table && plan.o1Table.length) blocks.table = put(plan.o1Table);
    } else if (plan.baseline) {
      blocks.hyper = put(plan.baseline.hyper);
      blocks.table = put(plan.baseline.table);
    }
    const slot = (s: number, v: number) => {
      i32[(desc >> 2) + s] = v;
    };
    slot(D.DIM, plan.shape.n);
    slot(D.STEPS, plan.shape.T);
    slot(D.OPT, plan.optId);
    slot(D.FLAGS, (plan.recordLoss ? FLAG_LOSS : 0) | (plan.recordTrace ? FLAG_TRACE : 0) | (plan.answer ? FLAG_ANSWER : 0));
    slot(D.HYPER, blocks.hyper);
    slot(D.TABLE, blocks.table);
    slot(D.FN, plan.fn.id);
    slot(D.FN_PARAMS, blocks.fnParams);
    slot(D.TRANSFORM, blocks.transform);
    slot(D.TRANSFORM_SCRATCH, blocks.transformScratch);
    slot(D.ML, blocks.ml);
    if (plan.model) {
      slot(D.NET_PARAMS, blocks.weights);
      slot(D.NET_PARAMS32, blocks.weights32);
      slot(D.NET_LAYERS, blocks.layers);
      slot(D.NET_ACTS, blocks.acts);
      slot(D.NET_DEPTH, plan.model.layers.length);
      slot(D.WINDOW, plan.model.window);
      slot(D.FEATURES, plan.model.features);
      slot(D.SCRATCH, blocks.scratch);
    }
    return blocks;
  }

  private runChunk(
    spec: BatchSpec, plan: Plan, fixed: FixedBlocks, layout: LayoutBuilder, r0: number, count: number, result: BatchResult,
  ): void {
    const { n, T, N } = plan.shape;
    const Nc = Math.ceil(count / plan.lanes) * plan.lanes;
    const x = layout.take(8 * n * Nc);
    const g = layout.take(8 * n * Nc);
    const f = layout.take(8 * Nc);
    const div = layout.take(4 * Nc);
    const state = layout.take(8 * plan.stateLanes * Nc);
    const loss = plan.recordLoss ? layout.take(8 * (T + 1) * Nc) : 0;
    const tx = plan.recordTrace ? layout.take(8 * (T + 1) * n * Nc) : 0;
    const tg = plan.recordTrace ? layout.take(8 * Math.max(1, T) * n * Nc) : 0;
    const tlr = plan.traceLr ? layout.take(8 * Math.max(1, T) * n * Nc) : 0;
    const ex = plan.answer ? layout.take(8 * n * Nc) : 0;
    const eg = plan.answer ? layout.take(8 * n * Nc) : 0;

    const f64 = this.arena.f64;
    const i32 = this.arena.i32;
    const d = fixed.desc >> 2;
    i32[d + D.RUNS] = Nc;
    i32[d + D.X] = x;
    i32[d + D.G] = g;
    i32[d + D.F] = f;
    i32[d + D.DIVERGED] = div;
    i32[d + D.LOSS] = loss;
    i32[d + D.TRACE_X] = tx;
    i32[d + D.TRACE_G] = tg;
    i32[d + D.TRACE_LR] = tlr;
    i32[d + D.STATE] = state;
    i32[d + D.EVAL_X] = ex;
    i32[d + D.EVAL_G] = eg;

    // starts, run-major → structure of arrays; padding lanes repeat the chunk's first run
    const starts = spec.starts;
    const xi = x >> 3;
    for (let j = 0; j < Nc; j++) {
      const src = (r0 + (j < count ? j : 0)) * n;
      for (let i = 0; i < n; i++) f64[xi + i * Nc + j] = starts[src + i];
    }

    this.kernels.runBatch(fixed.desc);

    const { finalX, finalF, divergedAt } = result;
    const fi = f >> 3;
    const di = div >> 2;
    for (let j = 0; j < count; j++) {
      const r = r0 + j;
      finalF[r] = f64[fi + j];
      divergedAt[r] = i32[di + j];
      for (let i = 0; i < n; i++) finalX[r * n + i] = f64[xi + i * Nc + j];
    }
    if (result.loss) {
      const li = loss >> 3;
      for (let t = 0; t <= T; t++) result.loss.set(f64.subarray(li + t * Nc, li + t * Nc + count), t * N + r0);
    }
    const trace = result.trace;
    if (trace) {
      const copyRows = (rows: Float64Array[], base: number) => {
        const b = base >> 3;
        for (let t = 0; t < rows.length; t++) {
          const row = rows[t];
          const rb = b + t * n * Nc;
          for (let j = 0; j < count; j++) {
            const at = (r0 + j) * n;
            for (let i = 0; i < n; i++) row[at + i] = f64[rb + i * Nc + j];
          }
        }
      };
      copyRows(trace.x, tx);
      copyRows(trace.grad, tg);
      if (trace.lr) copyRows(trace.lr, tlr);
    }
  }
}

interface FixedBlocks {
  desc: number;
  fnParams: number;
  transform: number;
  transformScratch: number;
  hyper: number;
  table: number;
  weights: number;
  weights32: number;
  layers: number;
  acts: number;
  scratch: number;
  ml: number;
}

