// The notebook's Layer/Network: a small multilayer perceptron over a flat parameter vector.
//
// Flat layout (docs/O1.md): for each layer in order, its weight matrix row-major (out × in,
// row r = the weights into output neuron r), then its `out` biases. A flat Float64Array is what
// evolution mutates, what the model files store and what the WASM kernels read, so there is no
// per-layer object at all.
//
// Summation order, per neuron: acc = Σ_c w[r][c]·x[c] in increasing c, then acc + bias
// (numpy's `W @ x + b`). Engines that sum differently agree up to rounding only.
import type { Rng } from '../rng.js';
import { o1Tanh } from './tanh.js';

/** 'tanh' is o1's own tanh (./tanh.ts), which the kernels reproduce bit for bit; not Math.tanh. */
export type Activation = 'tanh' | 'relu' | 'identity';
export const ACTIVATIONS: readonly Activation[] = ['tanh', 'relu', 'identity'];

export interface NetworkConfig {
  /** Layer sizes, input first: [6, 8, 1] is 6 inputs, 8 hidden neurons, 1 output. */
  layers: number[];
  /** One per weight layer (layers.length − 1), applied to that layer's outputs. */
  activations: Activation[];
}

/** Default starting output bias: ln(1e-3), so a random network starts at lr ≈ 1e-3. */
export const DEFAULT_INIT_LOG_LR = Math.log(1e-3);

/** Number of parameters: Σ_l (in_l · out_l + out_l). [6, 8, 1] → 65. */
export function paramCount(cfg: Pick<NetworkConfig, 'layers'>): number {
  const L = cfg.layers;
  let p = 0;
  for (let l = 0; l + 1 < L.length; l++) p += L[l] * L[l + 1] + L[l + 1];
  return p;
}

/** Length of the scratch buffer `forward` needs: two ping-pong buffers as wide as the widest
 *  non-input layer. */
export function scratchSize(cfg: Pick<NetworkConfig, 'layers'>): number {
  let w = 1;
  for (let l = 1; l < cfg.layers.length; l++) w = Math.max(w, cfg.layers[l]);
  return 2 * w;
}

/**
 * Seeded initialisation: weights ~ N(0, 1/in), biases 0, except the output layer's biases,
 * set to `initLogLr` so that a random network starts at a sane learning rate. Normals are drawn
 * in flat-layout order (one per weight), so a seed fixes every bit.
 */
export function initParams(cfg: NetworkConfig, rng: Rng, initLogLr = DEFAULT_INIT_LOG_LR): Float64Array {
  const L = cfg.layers;
  const p = new Float64Array(paramCount(cfg));
  let k = 0;
  for (let l = 0; l + 1 < L.length; l++) {
    const nIn = L[l];
    const nOut = L[l + 1];
    const std = 1 / Math.sqrt(nIn);
    for (let j = 0; j < nIn * nOut; j++) p[k++] = std * rng.normal();
    const bias = l + 2 === L.length ? initLogLr : 0;
    for (let r = 0; r < nOut; r++) p[k++] = bias;
  }
  return p;
}

/**
 * Forward pass of the network on input[inOff .. inOff + layers[0]). Returns output neuron 0
 * (o1's networks have one output; all outputs are left in `scratch`). `scratch` must have
 * length ≥ scratchSize(cfg). No allocation.
 */
export function forwardAt(
  cfg: NetworkConfig,
  params: Float64Array,
  input: ArrayLike<number>,
  inOff: number,
  scratch: Float64Array,
): number {
  const L = cfg.layers;
  const acts = cfg.activations;
  const half = scratch.length >> 1;
  let src: ArrayLike<number> = input;
  let srcOff = inOff;
  let dstOff = 0;
  let p = 0;
  for (let l = 0; l + 1 < L.length; l++) {
    const nIn = L[l];
    const nOut = L[l + 1];
    const b = p + nIn * nOut;
    for (let r = 0, row = p; r < nOut; r++, row += nIn) {
      let acc = 0;
      for (let c = 0; c < nIn; c++) acc += params[row + c] * src[srcOff + c];
      scratch[dstOff + r] = acc + params[b + r];
    }
    // Activation as a separate pass: one string test per layer, not per neuron.
    const act = acts[l];
    if (act === 'tanh') for (let r = 0; r < nOut; r++) scratch[dstOff + r] = o1Tanh(scratch[dstOff + r]);
    else if (act === 'relu') for (let r = 0; r < nOut; r++) scratch[dstOff + r] = scratch[dstOff + r] > 0 ? scratch[dstOff + r] : 0;
    p = b + nOut;
    src = scratch;
    srcOff = dstOff;
    dstOff = dstOff === 0 ? half : 0;
  }
  return scratch[srcOff];
}

/** forwardAt with the input starting at index 0. */
export function forward(cfg: NetworkConfig, params: Float64Array, input: ArrayLike<number>, scratch: Float64Array): number {
  return forwardAt(cfg, params, input, 0, scratch);
}

/**
 * θ′ = θ + σ·ε, ε ~ N(0, I), as a new array. One normal is drawn per parameter whatever σ is, so
 * the generator advances identically; σ = 0 returns an exact copy (including -0).
 */
export function mutate(params: Float64Array, sigma: number, rng: Rng): Float64Array {
  const out = new Float64Array(params.length);
  for (let i = 0; i < params.length; i++) {
    const e = rng.normal();
    out[i] = sigma === 0 ? params[i] : params[i] + sigma * e;
  }
  return out;
}
