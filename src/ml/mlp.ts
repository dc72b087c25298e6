// A small multilayer perceptron as a training loss: tanh (default), relu or identity hidden
// layers, a linear output, a batch forward pass and backprop over a flat parameter vector,
// written for speed (typed arrays, activations preallocated for the largest batch, no
// allocation per call). With no hidden layer it is logistic ([d, 1], 'bce-logits'), linear
// ('mse') or softmax regression ([d, K], 'softmax-ce'). The WASM kernel (assembly/ml/mlp.ts)
// follows this file's operation order exactly, so both give the same bits.
//
// Flat layout (the same as o1's own network, docs/O1.md): for each layer in order, its weight
// matrix row-major (out × in, row r = the weights into output neuron r), then its `out` biases.
// [2, 16, 16, 1] has 2·16+16 + 16·16+16 + 16·1+1 = 337 parameters.
//
// Losses are means over the batch (so the scale does not depend on the batch size), summed over
// output units:
//   'bce-logits': binary cross-entropy on logits z with labels y ∈ {0,1},
//                 ℓ = max(z, 0) − z·y + log1p(exp(−|z|)), dℓ/dz = σ(z) − y — finite for any z.
//   'mse':        ℓ = (z − y)², dℓ/dz = 2(z − y).
//   'softmax-ce': K logits z per point and a class index y ∈ {0 … K−1} per point (targets: one
//                 per row): with m = max_j z_j (the first maximiser a), e_j = exp(z_j − m) and
//                 r = Σ_{j≠a} e_j, ℓ = (log1p(r) + m) − z_y and dℓ/dz_j = e_j / (1 + r) − [j = y].
//                 log1p of the non-maximal terms keeps full accuracy when one class dominates.
// Optional L2: + (l2/2)·Σ w² over weights only (biases are not decayed, the usual convention).
import type { Rng } from '../rng.js';
import { affineForward, backpropagate, weightGradient } from './kernels.js';

export type LossKind = 'bce-logits' | 'mse' | 'softmax-ce';
export const LOSS_KINDS: readonly LossKind[] = ['bce-logits', 'mse', 'softmax-ce'];

/** The hidden layers' activation (the output layer is always linear). relu(z) = z > 0 ? z : 0
 *  and its derivative [a > 0]; tanh's derivative is 1 − a² from the stored output a. */
export type HiddenActivation = 'tanh' | 'relu' | 'identity';
export const HIDDEN_ACTIVATIONS: readonly HiddenActivation[] = ['tanh', 'relu', 'identity'];

/** Layer sizes and the flat layout's offsets. */
export class MlpShape {
  readonly sizes: readonly number[];
  readonly paramCount: number;
  /** Start of layer l's weight matrix (l = 0 is the first weight layer). */
  readonly weightOffset: readonly number[];
  /** Start of layer l's biases (= weightOffset[l] + out·in). */
  readonly biasOffset: readonly number[];

  constructor(sizes: readonly number[]) {
    if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
      throw new Error(`layer sizes must be ≥ 2 positive integers, got [${sizes.join(', ')}]`);
    }
    this.sizes = [...sizes];
    const weightOffset: number[] = [];
    const biasOffset: number[] = [];
    let offset = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      weightOffset.push(offset);
      offset += sizes[l] * sizes[l + 1];
      biasOffset.push(offset);
      offset += sizes[l + 1];
    }
    this.weightOffset = weightOffset;
    this.biasOffset = biasOffset;
    this.paramCount = offset;
  }

  get inputDim(): number {
    return this.sizes[0];
  }

  get outputDim(): number {
    return this.sizes[this.sizes.length - 1];
  }

  /** Glorot (Xavier) uniform weights, U(±√(6/(in+out))), biases 0: keeps tanh units out of
   *  saturation at the start. Draws one uniform per weight in flat-layout order. */
  glorotInit(rng: Rng): Float64Array {
    const params = new Float64Array(this.paramCount);
    for (let l = 0; l + 1 < this.sizes.length; l++) {
      const nIn = this.sizes[l];
      const nOut = this.sizes[l + 1];
      const limit = Math.sqrt(6 / (nIn + nOut));
      const w0 = this.weightOffset[l];
      for (let j = 0; j < nIn * nOut; j++) params[w0 + j] = rng.range(-limit, limit);
    }
    return params;
  }
}

/**
 * Points in the layout the kernels read. Inputs are feature-major (feature k of point p at
 * k·count + p, the transpose of a dataset's rows), so the first layer runs along contiguous
 * points like the others. Transposing once per dataset rather than once per call matters for
 * logreg (2048 × 20 inputs, two multiply-adds per input). Targets stay row-major (count × outputDim).
 */
export interface Batch {
  readonly count: number;
  readonly inputs: Float64Array;
  readonly targets: Float64Array;
}

/** A Batch from row-major inputs (count × inputDim), copied and transposed. */
export function batchFromRows(rows: Float64Array, targets: Float64Array, inputDim: number): Batch {
  const count = rows.length / inputDim;
  if (!Number.isInteger(count)) throw new Error(`${rows.length} inputs are not rows of ${inputDim}`);
  const inputs = new Float64Array(count * inputDim);
  for (let p = 0; p < count; p++) for (let k = 0; k < inputDim; k++) inputs[k * count + p] = rows[p * inputDim + k];
  return { count, inputs, targets: targets.slice() };
}

/**
 * Loss and gradient of an MLP on batches of up to `maxBatch` points. Holds the preallocated
 * activations and deltas, so one instance must not be used by two computations at once.
 */
export class MlpLoss {
  readonly shape: MlpShape;
  readonly maxBatch: number;
  readonly loss: LossKind;
  readonly l2: number;
  /** Activation of each hidden layer (activations[l − 1] follows weight layer l − 1). */
  readonly activations: readonly HiddenActivation[];
  /** acts[l], l ≥ 1: outputs of weight layer l−1 (tanh for hidden layers, logits for the last),
   *  unit-major like Batch.inputs (unit u of point p at u·count + p). acts[0] is unused: the
   *  batch's inputs are read in place. */
  private readonly acts: Float64Array[];
  /** deltas[l], l ≥ 1: ∂loss/∂(pre-activation) of the units of acts[l], same layout. */
  private readonly deltas: Float64Array[];

  /** `activation`: one for every hidden layer, or one per hidden layer. */
  constructor(shape: MlpShape, maxBatch: number, loss: LossKind, l2 = 0, activation: HiddenActivation | readonly HiddenActivation[] = 'tanh') {
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new Error(`maxBatch must be a positive integer, got ${maxBatch}`);
    if (!(l2 >= 0)) throw new Error(`l2 must be ≥ 0, got ${l2}`);
    if (!LOSS_KINDS.includes(loss)) throw new Error(`unknown loss '${String(loss)}' (${LOSS_KINDS.join(', ')})`);
    const hidden = shape.sizes.length - 2;
    const activations = typeof activation === 'string' ? Array.from({ length: hidden }, () => activation) : [...activation];
    if (activations.length !== hidden) throw new Error(`${activations.length} activations for ${hidden} hidden layers`);
    for (const a of activations) if (!HIDDEN_ACTIVATIONS.includes(a)) throw new Error(`unknown activation '${String(a)}' (${HIDDEN_ACTIVATIONS.join(', ')})`);
    this.shape = shape;
    this.maxBatch = maxBatch;
    this.loss = loss;
    this.l2 = l2;
    this.activations = activations;
    this.acts = shape.sizes.map((s, l) => new Float64Array(l === 0 ? 0 : maxBatch * s));
    this.deltas = shape.sizes.map((s, l) => new Float64Array(l === 0 ? 0 : maxBatch * s));
  }

  /**
   * Mean loss over the batch's points plus the L2 term. When `grad` is given (length
   * paramCount) the gradient is written into it.
   */
  evaluate(params: Float64Array, batch: Batch, grad: Float64Array | null): number {
    const count = batch.count;
    this.checkBatch(params, batch);
    this.forward(params, batch.inputs, count);
    let loss = this.outputLoss(batch.targets, count, grad !== null);
    if (this.l2 > 0) loss += this.l2Penalty(params);
    if (grad !== null) this.backward(params, batch.inputs, count, grad);
    return loss;
  }

  /** Network outputs (logits for classifiers) for the batch's points, into out (count × outputDim, row-major). */
  predict(params: Float64Array, batch: Batch, out: Float64Array): void {
    const count = batch.count;
    this.checkBatch(params, batch);
    this.forward(params, batch.inputs, count);
    const z = this.acts[this.shape.sizes.length - 1];
    const nOut = this.shape.outputDim;
    for (let j = 0; j < nOut; j++) for (let p = 0; p < count; p++) out[p * nOut + j] = z[j * count + p];
  }

  private checkBatch(params: Float64Array, batch: Batch): void {
    const { count } = batch;
    if (params.length !== this.shape.paramCount) {
      throw new Error(`expected ${this.shape.paramCount} parameters, got ${params.length}`);
    }
    if (!Number.isInteger(count) || count < 1 || count > this.maxBatch) {
      throw new Error(`batch of ${count} points; this MlpLoss holds 1…${this.maxBatch}`);
    }
    const targetsPerPoint = this.loss === 'softmax-ce' ? 1 : this.shape.outputDim;
    if (batch.inputs.length < count * this.shape.inputDim || batch.targets.length < count * targetsPerPoint) {
      throw new Error(`batch of ${count} points needs ${count * this.shape.inputDim} inputs and ${count * targetsPerPoint} targets`);
    }
  }

  private forward(params: Float64Array, inputs: Float64Array, count: number): void {
    const sizes = this.shape.sizes;
    const last = sizes.length - 1;
    for (let l = 1; l <= last; l++) {
      const z = this.acts[l];
      const a = l === 1 ? inputs : this.acts[l - 1];
      affineForward(params, this.shape.weightOffset[l - 1], this.shape.biasOffset[l - 1], sizes[l], sizes[l - 1], a, count, z);
      if (l < last) {
        const act = this.activations[l - 1];
        const m = sizes[l] * count;
        if (act === 'tanh') for (let i = 0; i < m; i++) z[i] = Math.tanh(z[i]);
        else if (act === 'relu') for (let i = 0; i < m; i++) z[i] = z[i] > 0 ? z[i] : 0;
      }
    }
  }

  /** Mean data loss; with `withDelta`, also ∂loss/∂logit into the last layer's deltas. */
  private outputLoss(targets: Float64Array, count: number, withDelta: boolean): number {
    const last = this.shape.sizes.length - 1;
    const nOut = this.shape.outputDim;
    const z = this.acts[last];
    const delta = this.deltas[last];
    const invCount = 1 / count;
    if (this.loss === 'softmax-ce') return this.softmaxLoss(z, delta, targets, count, withDelta);
    const bce = this.loss === 'bce-logits';
    let sum = 0;
    for (let j = 0; j < nOut; j++) {
      for (let p = 0; p < count; p++) {
        const i = j * count + p; // unit-major activations
        const zi = z[i];
        const y = targets[p * nOut + j]; // row-major targets
        if (bce) {
          const e = Math.exp(-Math.abs(zi)); // ≤ 1: never overflows
          sum += Math.max(zi, 0) - zi * y + Math.log1p(e);
          if (withDelta) delta[i] = ((zi >= 0 ? 1 / (1 + e) : e / (1 + e)) - y) * invCount;
        } else {
          const residual = zi - y;
          sum += residual * residual;
          if (withDelta) delta[i] = 2 * residual * invCount;
        }
      }
    }
    return sum * invCount;
  }

  /** Mean softmax cross-entropy over the points (z: K × count, unit-major; targets: class indices). */
  private softmaxLoss(z: Float64Array, delta: Float64Array, targets: Float64Array, count: number, withDelta: boolean): number {
    const K = this.shape.outputDim;
    const invCount = 1 / count;
    let sum = 0;
    for (let p = 0; p < count; p++) {
      let m = z[p];
      let a = 0;
      for (let j = 1; j < K; j++) {
        if (z[j * count + p] > m) {
          m = z[j * count + p];
          a = j;
        }
      }
      let rest = 0;
      for (let j = 0; j < K; j++) if (j !== a) rest += Math.exp(z[j * count + p] - m);
      const y = targets[p];
      let zy = 0;
      for (let j = 0; j < K; j++) if (j === y) zy = z[j * count + p];
      sum += Math.log1p(rest) + m - zy;
      if (withDelta) {
        const total = 1 + rest;
        for (let j = 0; j < K; j++) {
          const i = j * count + p;
          delta[i] = (Math.exp(z[i] - m) / total - (j === y ? 1 : 0)) * invCount;
        }
      }
    }
    return sum * invCount;
  }

  private l2Penalty(params: Float64Array): number {
    const sizes = this.shape.sizes;
    let sq = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const w1 = this.shape.biasOffset[l];
      for (let j = this.shape.weightOffset[l]; j < w1; j++) sq += params[j] * params[j];
    }
    return 0.5 * this.l2 * sq;
  }

  /** ∂loss/∂input = W₀ᵀ·δ₁ of the last evaluate() with a gradient (its params and count), into
   *  out (inputDim × count, unit-major): what a layer below the MLP (conv1d.ts) backpropagates. */
  inputGradient(params: Float64Array, count: number, out: Float64Array): void {
    backpropagate(params, this.shape.weightOffset[0], this.shape.sizes[1], this.shape.sizes[0], this.deltas[1], count, out);
  }

  private backward(params: Float64Array, inputs: Float64Array, count: number, grad: Float64Array): void {
    const sizes = this.shape.sizes;
    for (let l = sizes.length - 1; l >= 1; l--) {
      const delta = this.deltas[l];
      const nIn = sizes[l - 1];
      const nOut = sizes[l];
      const w0 = this.shape.weightOffset[l - 1];
      const b0 = this.shape.biasOffset[l - 1];
      for (let r = 0; r < nOut; r++) {
        let s = 0;
        for (let p = 0; p < count; p++) s += delta[r * count + p];
        grad[b0 + r] = s;
      }
      const below = l === 1 ? inputs : this.acts[l - 1];
      weightGradient(grad, w0, nOut, nIn, delta, below, count);
      if (l === 1) break; // nothing to propagate into the inputs
      // δ_below = (Wᵀ δ) ⊙ act'(pre-activation), from the stored output a: tanh' = 1 − a²,
      // relu' = [a > 0].
      const deltaBelow = this.deltas[l - 1];
      backpropagate(params, w0, nOut, nIn, delta, count, deltaBelow);
      const act = this.activations[l - 2];
      const m = nIn * count;
      if (act === 'tanh') for (let i = 0; i < m; i++) deltaBelow[i] *= 1 - below[i] * below[i];
      else if (act === 'relu') for (let i = 0; i < m; i++) deltaBelow[i] = below[i] > 0 ? deltaBelow[i] : 0;
    }
    if (this.l2 > 0) {
      for (let l = 0; l + 1 < sizes.length; l++) {
        const w1 = this.shape.biasOffset[l];
        for (let j = this.shape.weightOffset[l]; j < w1; j++) grad[j] += this.l2 * params[j];
      }
    }
  }
}
