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
import { MlBlock, takeMlData, writeMlData, type MlData } from './mlKernel.js';
import { largestFitting, measureCall, modelSlots, placeModel, reserveCall, writeDescriptor, writeModel, type ModelBlocks } from './kernelCall.js';
import {
  D, DESCRIPTOR_BYTES, FLAG_ANSWER, FLAG_LOSS, FLAG_TRACE, OPT_O1,
  transformScratchBytes,
} from './wasmAbi.js';
import {
  baselineParams, kernelFunction, kernelKnowsBaseline, kernelKnowsFunction, modelParams, o1StateLanes, o1StepTable,
  type BaselineParams, type KernelFunction, type ModelParams,
} from './kernelParams.js';
import { isExperimentalFeatureSet } from '../o1/features.js';
import { InputError } from '../errors.js';

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
  lanes: number;
}

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
    // The blocks every chunk shares, then one chunk's run data after them: both placed, the
    // largest chunk's end reserved, then written (kernelCall.ts).
    const fixed = this.placeFixed(plan, new LayoutBuilder(this.arena.base));
    reserveCall(this.arena, (at) => this.placeChunk(plan, at, chunk), { from: fixed.end });
    this.writeFixed(plan, fixed);
    for (let r0 = 0; r0 < N; r0 += chunk) {
      const count = Math.min(chunk, N - r0);
      const blocks = this.placeChunk(plan, new LayoutBuilder(fixed.end), Math.ceil(count / plan.lanes) * plan.lanes);
      this.runChunk(spec, plan, fixed, blocks, r0, count, result);
    }
    return result;
  }

  /** How many runs of `spec` one kernel call takes (all of them unless the batch is chunked). */
  runsPerChunk(spec: BatchSpec): number {
    return this.chunkRuns(this.plan(spec));
  }

  /** Runs per chunk: as many as fit under maxBatchBytes (a multiple of the lane count), measured
   *  by placing the call (kernelCall.ts), not by a byte budget. */
  private chunkRuns(plan: Plan): number {
    const { lanes } = plan;
    const fixedEnd = this.placeFixed(plan, new LayoutBuilder(this.arena.base)).end;
    const bytesOf = (runs: number) => fixedEnd - this.arena.base + measureCall(fixedEnd, (at) => this.placeChunk(plan, at, runs));
    const chunk = largestFitting(lanes, plan.shape.N, this.maxBatchBytes, bytesOf);
    if (chunk === undefined) {
      throw new RangeError(
        `one run of this batch needs ${Math.ceil((bytesOf(2 * lanes) - bytesOf(lanes)) / lanes)} bytes of WASM memory (steps × dimension of the recordings), ` +
          `over the ${this.maxBatchBytes}-byte cap: record fewer steps or raise maxBatchBytes`,
      );
    }
    return chunk;
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
    if (spec.optimizer.kind === 'o1') {
      const features = spec.optimizer.model.config.features;
      if (this.network === 'f32' && isExperimentalFeatureSet(features))
        throw new InputError(`the WASM engine's f32 network runs features v1, v2 and v3; this model has features ${features} (load the engine with network 'f64', the default)`);
      model = modelParams(spec.optimizer.model);
      o1Table = o1StepTable(spec.optimizer.model, T);
      optId = OPT_O1;
      stateLanes = o1StateLanes(spec.optimizer.model, n);
    } else {
      baseline = baselineParams(spec.optimizer.spec, spec.optimizer.hyper, T);
      optId = spec.optimizer.spec.id;
      stateLanes = baseline.stateLanes(n);
    }
    const traceLr = recordTrace && tracesLr(spec);
    const answer = measuresAnswer(spec);
    return { shape, fn, baseline, model, o1Table, optId, stateLanes, recordLoss, recordTrace, traceLr, answer, lanes };
  }

  /** Places the blocks shared by every chunk (nothing written). */
  private placeFixed(plan: Plan, at: LayoutBuilder): FixedBlocks {
    const f64s = (data: Float64Array) => at.take(Math.max(8, data.length * 8));
    const desc = at.take(DESCRIPTOR_BYTES);
    const fnParams = f64s(plan.fn.params);
    const transform = plan.fn.transform ? f64s(plan.fn.transform) : 0;
    const transformScratch = plan.fn.transform ? at.take(transformScratchBytes(plan.shape.n)) : 0;
    const ml = plan.fn.ml;
    const mlBlock = ml ? new MlBlock(at, ml, ml.batch.count) : undefined;
    const mlData = ml ? takeMlData(at, ml, ml.batch.count, plan.lanes) : undefined;
    let model: ModelBlocks | undefined;
    let scratch = 0;
    let hyper = 0;
    let table = 0;
    if (plan.model) {
      model = placeModel(at, plan.model, this.network === 'f32');
      scratch = at.take(plan.model.scratchBytes);
      if (plan.o1Table && plan.o1Table.length) table = f64s(plan.o1Table);
    } else if (plan.baseline) {
      hyper = f64s(plan.baseline.hyper);
      table = f64s(plan.baseline.table);
    }
    return { desc, fnParams, transform, transformScratch, mlBlock, mlData, model, scratch, hyper, table, end: at.end };
  }

  /** Writes the shared blocks and the descriptor's fixed slots where placeFixed put them. */
  private writeFixed(plan: Plan, b: FixedBlocks): void {
    const f64 = this.arena.f64;
    const i32 = this.arena.i32;
    f64.set(plan.fn.params, b.fnParams >> 3);
    if (plan.fn.transform) f64.set(plan.fn.transform, b.transform >> 3);
    if (plan.fn.ml) {
      const ml = plan.fn.ml;
      b.mlBlock!.write(i32, f64);
      writeMlData(f64, ml, b.mlData!, ml.batch, plan.lanes);
      b.mlBlock!.setData(i32, b.mlData!);
    }
    if (plan.model && b.model) writeModel(this.arena, plan.model, b.model);
    if (plan.o1Table && plan.o1Table.length) f64.set(plan.o1Table, b.table >> 3);
    if (plan.baseline) {
      f64.set(plan.baseline.hyper, b.hyper >> 3);
      f64.set(plan.baseline.table, b.table >> 3);
    }
    writeDescriptor(i32, b.desc, {
      DIM: plan.shape.n,
      STEPS: plan.shape.T,
      OPT: plan.optId,
      FLAGS: (plan.recordLoss ? FLAG_LOSS : 0) | (plan.recordTrace ? FLAG_TRACE : 0) | (plan.answer ? FLAG_ANSWER : 0),
      HYPER: b.hyper,
      TABLE: b.table,
      FN: plan.fn.id,
      FN_PARAMS: b.fnParams,
      TRANSFORM: b.transform,
      TRANSFORM_SCRATCH: b.transformScratch,
      ML: b.mlBlock?.at ?? 0,
      ...(plan.model && b.model ? { ...modelSlots(plan.model, b.model), SCRATCH: b.scratch } : {}),
    });
  }

  /** Places one chunk's run data (Nc runs, a multiple of the lanes) after the shared blocks. */
  private placeChunk(plan: Plan, at: LayoutBuilder, Nc: number): ChunkBlocks {
    const { n, T } = plan.shape;
    return {
      x: at.take(8 * n * Nc),
      g: at.take(8 * n * Nc),
      f: at.take(8 * Nc),
      div: at.take(4 * Nc),
      state: at.take(8 * plan.stateLanes * Nc),
      loss: plan.recordLoss ? at.take(8 * (T + 1) * Nc) : 0,
      tx: plan.recordTrace ? at.take(8 * (T + 1) * n * Nc) : 0,
      tg: plan.recordTrace ? at.take(8 * Math.max(1, T) * n * Nc) : 0, // grad and lr take at least one row
      tlr: plan.traceLr ? at.take(8 * Math.max(1, T) * n * Nc) : 0,
      ex: plan.answer ? at.take(8 * n * Nc) : 0,
      eg: plan.answer ? at.take(8 * n * Nc) : 0,
      Nc,
    };
  }

  private runChunk(
    spec: BatchSpec, plan: Plan, fixed: FixedBlocks, chunk: ChunkBlocks, r0: number, count: number, result: BatchResult,
  ): void {
    const { n, T, N } = plan.shape;
    const { x, g, f, div, state, loss, tx, tg, tlr, ex, eg, Nc } = chunk;

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
  mlBlock?: MlBlock;
  mlData?: MlData;
  model?: ModelBlocks;
  scratch: number;
  hyper: number;
  table: number;
  end: number;
}

interface ChunkBlocks {
  x: number;
  g: number;
  f: number;
  div: number;
  state: number;
  loss: number;
  tx: number;
  tg: number;
  tlr: number;
  ex: number;
  eg: number;
  /** Runs the chunk holds (a multiple of the lanes). */
  Nc: number;
}
