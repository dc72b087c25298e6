// A 1-D convolutional layer under a dense head, as a training loss: weight sharing for the ML
// objectives. Each point is a signal of C channels × L samples; F filters of width k slide over
// it (stride 1, valid padding: T = L − k + 1 positions), an activation follows, global average
// pooling over the T positions gives F features, and those are the inputs of an MLP head (mlp.ts,
// its sizes [F, …hidden, out]; the head holds the loss and its L2 term).
//
// Flat layout: the conv weights W[f][c][j] at f·C·k + c·k + j, then the F conv biases, then the
// head's parameters in mlp.ts's layout. Inputs are a Batch (feature-major): sample t of channel c
// of point p is feature c·L + t, at (c·L + t)·count + p.
//
// Operation order (the WASM kernel, assembly/ml/conv1d.ts, repeats it exactly):
//   conv      z_ftp = b_f + Σ_{c asc} Σ_{j asc} W_fcj·x_c(t+j)p, then a = act(z)
//   pool      h_fp = (0 + Σ_{t asc} a_ftp) · (1/T)
//   backward  δ_ftp = (∂h_fp · (1/T)) · act'(a_ftp)   (tanh' = 1 − a², relu' = [a > 0])
//             bias grad = 0 + Σ_{t asc} Σ_{p asc} δ_ftp
//             weight grad W_fcj = 0 + Σ_{t asc} Σ_{p asc} δ_ftp·x_c(t+j)p
//   L2        loss = head loss (data + its L2) + (l2/2)·Σ W² (conv weights, flat order); ∇W += l2·W
import type { Rng } from '../rng.js';
import { type Batch, type HiddenActivation, type LossKind, HIDDEN_ACTIVATIONS, MlpLoss, MlpShape } from './mlp.js';

export interface Conv1dSpec {
  /** C: input channels. */
  readonly channels: number;
  /** L: samples per channel. */
  readonly length: number;
  /** F: filters (the head's input size). */
  readonly filters: number;
  /** k: samples each filter spans (≤ L). */
  readonly width: number;
  readonly activation: HiddenActivation;
}

/** Why `spec` is not a conv layer (undefined when it is). */
export function conv1dProblem(spec: Conv1dSpec): string | undefined {
  const { channels, length, filters, width } = spec;
  for (const [name, v] of [['channels', channels], ['length', length], ['filters', filters], ['width', width]] as const)
    if (!Number.isInteger(v) || v < 1) return `conv1d ${name} must be a positive integer, got ${v}`;
  if (width > length) return `conv1d width ${width} is longer than the signal (${length} samples)`;
  if (!HIDDEN_ACTIVATIONS.includes(spec.activation)) return `unknown conv1d activation '${String(spec.activation)}' (${HIDDEN_ACTIVATIONS.join(', ')})`;
  return undefined;
}

/** The conv layer's sizes and where the head starts in the flat vector. */
export class Conv1dShape {
  readonly spec: Conv1dSpec;
  /** T = L − k + 1 positions. */
  readonly positions: number;
  /** C·L: a point's inputs. */
  readonly inputDim: number;
  /** F·C·k weights, then F biases. */
  readonly convWeights: number;
  readonly convCount: number;
  readonly head: MlpShape;
  readonly paramCount: number;

  /** `headSizes`: [F, …hidden, out] (its first size must be the filter count). */
  constructor(spec: Conv1dSpec, headSizes: readonly number[]) {
    const why = conv1dProblem(spec);
    if (why) throw new Error(why);
    if (headSizes[0] !== spec.filters) throw new Error(`the head's input size ${headSizes[0]} is not the ${spec.filters} conv filters`);
    this.spec = { ...spec };
    this.positions = spec.length - spec.width + 1;
    this.inputDim = spec.channels * spec.length;
    this.convWeights = spec.filters * spec.channels * spec.width;
    this.convCount = this.convWeights + spec.filters;
    this.head = new MlpShape(headSizes);
    this.paramCount = this.convCount + this.head.paramCount;
  }

  /** Glorot-uniform conv weights (fan-in C·k, fan-out F·k), then the head's glorotInit; biases 0.
   *  One uniform per weight in flat-layout order. */
  glorotInit(rng: Rng): Float64Array {
    const { channels, filters, width } = this.spec;
    const params = new Float64Array(this.paramCount);
    const limit = Math.sqrt(6 / (channels * width + filters * width));
    for (let j = 0; j < this.convWeights; j++) params[j] = rng.range(-limit, limit);
    params.set(this.head.glorotInit(rng), this.convCount);
    return params;
  }
}

/**
 * Loss and gradient of conv1d → pool → MLP head on batches of up to `maxBatch` points. Holds
 * preallocated buffers, so one instance must not be used by two computations at once.
 */
export class Conv1dLoss {
  readonly shape: Conv1dShape;
  readonly maxBatch: number;
  readonly l2: number;
  readonly head: MlpLoss;
  /** a_ftp at (f·T + t)·count + p; overwritten by δ_ftp in the backward pass. */
  private readonly acts: Float64Array;
  /** h_fp at f·count + p: the head's inputs. */
  private readonly pooled: Float64Array;
  /** ∂loss/∂h_fp, same layout. */
  private readonly pooledGrad: Float64Array;

  constructor(shape: Conv1dShape, maxBatch: number, loss: LossKind, l2 = 0, headActivation: HiddenActivation | readonly HiddenActivation[] = 'tanh') {
    this.head = new MlpLoss(shape.head, maxBatch, loss, l2, headActivation);
    this.shape = shape;
    this.maxBatch = maxBatch;
    this.l2 = l2;
    const F = shape.spec.filters;
    this.acts = new Float64Array(F * shape.positions * maxBatch);
    this.pooled = new Float64Array(F * maxBatch);
    this.pooledGrad = new Float64Array(F * maxBatch);
  }

  /** Mean loss over the batch's points plus the L2 terms; the gradient into `grad` when given. */
  evaluate(params: Float64Array, batch: Batch, grad: Float64Array | null): number {
    const { shape } = this;
    const count = batch.count;
    if (params.length !== shape.paramCount) throw new Error(`expected ${shape.paramCount} parameters, got ${params.length}`);
    if (!Number.isInteger(count) || count < 1 || count > this.maxBatch) throw new Error(`batch of ${count} points; this Conv1dLoss holds 1…${this.maxBatch}`);
    if (batch.inputs.length < count * shape.inputDim) throw new Error(`batch of ${count} points needs ${count * shape.inputDim} inputs`);
    this.forward(params, batch.inputs, count);
    const headBatch: Batch = { count, inputs: this.pooled, targets: batch.targets };
    const headParams = params.subarray(shape.convCount);
    let loss = this.head.evaluate(headParams, headBatch, grad === null ? null : grad.subarray(shape.convCount));
    if (this.l2 > 0) {
      let sq = 0;
      for (let j = 0; j < shape.convWeights; j++) sq += params[j] * params[j];
      loss += 0.5 * this.l2 * sq;
    }
    if (grad !== null) {
      this.head.inputGradient(headParams, count, this.pooledGrad);
      this.backward(params, batch.inputs, count, grad);
    }
    return loss;
  }

  private forward(params: Float64Array, x: Float64Array, count: number): void {
    const { channels: C, length: L, filters: F, width: k, activation } = this.shape.spec;
    const T = this.shape.positions;
    const invT = 1 / T;
    const a = this.acts;
    const h = this.pooled;
    const b0 = this.shape.convWeights;
    for (let f = 0; f < F; f++) {
      const bias = params[b0 + f];
      for (let t = 0; t < T; t++) {
        const row = (f * T + t) * count;
        for (let p = 0; p < count; p++) {
          let z = bias;
          for (let c = 0; c < C; c++) {
            const w = f * C * k + c * k;
            const xr = (c * L + t) * count + p;
            for (let j = 0; j < k; j++) z += params[w + j] * x[xr + j * count];
          }
          a[row + p] = activation === 'tanh' ? Math.tanh(z) : activation === 'relu' ? (z > 0 ? z : 0) : z;
        }
      }
      for (let p = 0; p < count; p++) {
        let s = 0;
        for (let t = 0; t < T; t++) s += a[(f * T + t) * count + p];
        h[f * count + p] = s * invT;
      }
    }
  }

  private backward(params: Float64Array, x: Float64Array, count: number, grad: Float64Array): void {
    const { channels: C, length: L, filters: F, width: k, activation } = this.shape.spec;
    const T = this.shape.positions;
    const invT = 1 / T;
    const d = this.acts; // δ replaces a in place
    const dh = this.pooledGrad;
    const b0 = this.shape.convWeights;
    for (let f = 0; f < F; f++) {
      for (let t = 0; t < T; t++) {
        const row = (f * T + t) * count;
        for (let p = 0; p < count; p++) {
          const u = dh[f * count + p] * invT;
          const av = d[row + p];
          d[row + p] = activation === 'tanh' ? u * (1 - av * av) : activation === 'relu' ? (av > 0 ? u : 0) : u;
        }
      }
      let sb = 0;
      for (let t = 0; t < T; t++) for (let p = 0; p < count; p++) sb += d[(f * T + t) * count + p];
      grad[b0 + f] = sb;
      for (let c = 0; c < C; c++) {
        for (let j = 0; j < k; j++) {
          let s = 0;
          for (let t = 0; t < T; t++) {
            const row = (f * T + t) * count;
            const xr = (c * L + t + j) * count;
            for (let p = 0; p < count; p++) s += d[row + p] * x[xr + p];
          }
          grad[f * C * k + c * k + j] = s;
        }
      }
    }
    if (this.l2 > 0) for (let j = 0; j < this.shape.convWeights; j++) grad[j] += this.l2 * params[j];
  }
}
