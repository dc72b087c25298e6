// The host's side of the ML kernel (assembly/ml/mlp.ts): the ML block that describes an MLP
// loss and its batch of points in linear memory. Mirrors the block layout documented there.
import type { Batch } from '../ml/mlp.js';
import { type MlProblem, mlInputDim } from '../ml/problem.js';
import { conv1dProblem } from '../ml/conv1d.js';
import { ACT_CODES } from './wasmAbi.js';
import type { LayoutBuilder } from './wasmMemory.js';
import type { DescriptorSlots } from './kernelCall.js';

/** D_FN of an ML objective (assembly/memory.ts FN_ML). */
export const FN_ML = 1000;
export const ML_LOSS_CODES = { 'bce-logits': 0, mse: 1, 'softmax-ce': 2 } as const;
/** assembly/ml/mlp.ts ML_MAX_DEPTH. */
export const ML_MAX_DEPTH = 32;
const BLOCK_BYTES = 72;

/** Why the kernels cannot run `problem` (undefined when they can). */
export function mlKernelProblem(problem: MlProblem): string | undefined {
  const { sizes, activations } = problem;
  if (sizes.length < 2 || sizes.length > ML_MAX_DEPTH) return `${sizes.length} layer sizes (the kernels take 2 … ${ML_MAX_DEPTH})`;
  if (activations.length !== sizes.length - 2) return `${activations.length} activations for ${sizes.length - 2} hidden layers`;
  if (!(problem.loss in ML_LOSS_CODES)) return `loss '${problem.loss}'`;
  if (problem.conv) {
    const why = conv1dProblem(problem.conv);
    if (why) return why;
    if (sizes[0] !== problem.conv.filters) return `the head's input size ${sizes[0]} is not the ${problem.conv.filters} conv filters`;
  }
  return undefined;
}

/** Σ_{l ≥ 1} sizes[l]: the units whose activations and deltas the scratch holds per point. */
function unitsAfterInput(sizes: readonly number[]): number {
  let u = 0;
  for (let l = 1; l < sizes.length; l++) u += sizes[l];
  return u;
}

/** Lanes between the rows of a batch of `count` points (assembly/ml/mlp.ts mlPitch): rows 2 or
 *  4 KiB apart would share their L1 sets. */
export function mlPitch(count: number): number {
  return count % 128 === 0 ? count + 4 : count;
}

/** Activations and deltas of any batch of up to maxCount points (mlPitch(c) ≤ maxCount + 4). */
function scratchBytes(problem: MlProblem, maxCount: number): number {
  return 2 * unitsAfterInput(problem.sizes) * (maxCount + 4) * 16;
}

/** The conv layer's activations, pooled features and their gradient for up to maxCount points
 *  (assembly/ml/mlp.ts block word 17). */
function convScratchBytes(problem: MlProblem, maxCount: number): number {
  const c = problem.conv;
  if (!c) return 0;
  return c.filters * (c.length - c.width + 3) * (maxCount + 4) * 16;
}

function targetsPerPoint(problem: MlProblem): number {
  return problem.loss === 'softmax-ce' ? 1 : problem.sizes[problem.sizes.length - 1];
}

/** Where a batch of points lives in linear memory. */
export interface MlData {
  inputs: number;
  targets: number;
  count: number;
}

/** Reserves room for a batch of up to `count` points (filled by writeMlData). */
export function takeMlData(layout: LayoutBuilder, problem: MlProblem, count: number, lanes: number): MlData {
  const inputs = layout.take(mlInputDim(problem) * mlPitch(count) * lanes * 8);
  const targets = layout.take(Math.max(8, count * targetsPerPoint(problem) * 8));
  return { inputs, targets, count };
}

/** Writes `batch` into `data` (each input value repeated in every lane; a feature's row of
 *  points mlPitch(count) lanes apart, the padding zero). */
export function writeMlData(f64: Float64Array, problem: MlProblem, data: MlData, batch: Batch, lanes: number): void {
  const count = batch.count;
  const pitch = mlPitch(count);
  const base = data.inputs >> 3;
  const src = batch.inputs;
  const inputDim = mlInputDim(problem);
  f64.fill(0, base, base + inputDim * pitch * lanes);
  for (let k = 0; k < inputDim; k++) {
    const row = base + k * pitch * lanes;
    if (lanes === 1) f64.set(src.subarray(k * count, (k + 1) * count), row);
    else for (let p = 0; p < count; p++) for (let j = 0; j < lanes; j++) f64[row + p * lanes + j] = src[k * count + p];
  }
  f64.set(batch.targets.subarray(0, batch.count * targetsPerPoint(problem)), data.targets >> 3);
  data.count = batch.count;
}

/** The ML block and its tables: placed by the constructor (nothing written, so a call's layout
 *  can be measured first: kernelCall.ts), written by `write`; `setData` points it at a batch,
 *  `setGradient` turns ∇ on/off. */
export class MlBlock {
  readonly at: number;
  /** Where the kernel keeps its activations and deltas (layer 1's activations first). */
  readonly scratch: number;
  private readonly sizes: number;
  private readonly acts: number;
  private readonly scratchBytes: number;
  private readonly convScratch: number;
  private readonly convScratchBytes: number;
  constructor(layout: LayoutBuilder, private readonly problem: MlProblem, maxCount: number) {
    const L = problem.sizes.length;
    this.at = layout.take(BLOCK_BYTES);
    this.sizes = layout.take(L * 4);
    this.acts = layout.take(Math.max(4, L * 4));
    this.scratchBytes = scratchBytes(problem, maxCount);
    this.scratch = layout.take(this.scratchBytes);
    this.convScratchBytes = convScratchBytes(problem, maxCount);
    this.convScratch = problem.conv ? layout.take(this.convScratchBytes) : 0;
  }

  /** Writes the block, its tables and a zero scratch. */
  write(i32: Int32Array, f64: Float64Array): void {
    const { problem, scratch } = this;
    const L = problem.sizes.length;
    f64.fill(0, scratch >> 3, (scratch + this.scratchBytes) >> 3);
    i32.set(Int32Array.from(problem.sizes), this.sizes >> 2);
    i32.set(Int32Array.from(problem.activations, (a) => ACT_CODES[a]), this.acts >> 2);
    const w = this.at >> 2;
    i32.fill(0, w, w + BLOCK_BYTES / 4);
    i32[w] = L;
    i32[w + 1] = ML_LOSS_CODES[problem.loss];
    i32[w + 5] = scratch;
    i32[w + 6] = this.sizes;
    i32[w + 7] = this.acts;
    i32[w + 8] = 1;
    f64[(this.at + 40) >> 3] = problem.l2;
    const c = problem.conv;
    if (c) {
      f64.fill(0, this.convScratch >> 3, (this.convScratch + this.convScratchBytes) >> 3);
      i32[w + 12] = c.filters;
      i32[w + 13] = c.channels;
      i32[w + 14] = c.length;
      i32[w + 15] = c.width;
      i32[w + 16] = ACT_CODES[c.activation];
      i32[w + 17] = this.convScratch;
    }
  }

  setData(i32: Int32Array, data: MlData): void {
    const w = this.at >> 2;
    i32[w + 2] = data.count;
    i32[w + 3] = data.inputs;
    i32[w + 4] = data.targets;
  }

  setGradient(i32: Int32Array, on: boolean): void {
    i32[(this.at >> 2) + 8] = on ? 1 : 0;
  }
}

/** The descriptor slots of an ML objective: `runs` runs of `n` parameters with their x, ∇f and f
 *  buffers, and the ML block that describes the loss (mlGradBatch's input). */
export function mlDescriptorSlots(block: MlBlock, n: number, runs: number, xAt: number, gAt: number, fAt: number): DescriptorSlots {
  return { FN: FN_ML, DIM: n, RUNS: runs, X: xAt, G: gAt, F: fAt, ML: block.at };
}
