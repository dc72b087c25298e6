// An MLP training loss as a kernel objective (src/ml/mlp.ts is the reference): dense layers with
// tanh / relu / identity hidden activations and a linear output, the losses 'bce-logits', 'mse'
// and 'softmax-ce', an L2 term on the weights, on one batch of points in linear memory. It is an
// objective of the batched runner like the test functions: a lane group (1 run scalar, 2 runs
// SIMD) has its parameters at x + i·stride and gets its gradient at g + i·stride, so every
// arithmetic operation acts on the runs' own values lane by lane, and each lane computes the very
// sequence of roundings that MlpLoss computes for that run:
//   forward   z_rp = b_r + Σ_{k = 0..in−1} W_rk·a_kp          (from the bias, k ascending)
//   bias grad   = 0 + Σ_{p ascending} δ_rp
//   weight grad = 0 + Σ_{p ascending} δ_rp·a_kp
//   backprop  e_kp = 0 + Σ_{r ascending} W_rk·δ_rp, then ⊙ act'
//   losses    in src/ml/mlp.ts's expressions, exp / log1p / tanh bit-identical to V8's (math.ts)
// Blocking (2 output rows × 4 points, as src/ml/kernels.ts) only reorders independent sums.
//
// The ML block (written by the host, src/engine/mlKernel.ts), i32 words:
//   [0] L, number of layer sizes (≥ 2)   [1] loss: 0 bce-logits, 1 mse, 2 softmax-ce
//   [2] count, points in the batch       [3] inputs: f64, feature k of point p at (k·pitch + p),
//                                            each value repeated in every lane (so one load
//                                            feeds a lane group)
//   [4] targets: f64, row-major (count × out), class indices for softmax-ce
//   [5] scratch: 16-byte aligned, 2·Σ_{l ≥ 1} sizes[l]·pitch lanes (activations, deltas)
//   [6] sizes: i32[L]                    [7] activations: i32[L − 2] (ACT_* of memory.ts)
//   [8] flags: 1 = compute the gradient  [10..11] l2 (f64, byte offset 40)
//   [12] F, conv filters (0: no conv layer; then [13..17] are unused)   [13] C channels
//   [14] L samples   [15] k filter width   [16] conv activation (ACT_*)
//   [17] conv scratch: 16-byte aligned, (F·(L − k + 1) + 2F)·pitch lanes
// With a conv layer (conv1d.ts) the inputs are its signals, the conv's parameters come first in
// the flat vector and the MLP above (sizes[0] = F) reads the pooled features instead.
// Rows of points (a unit's values over the batch) are `pitch` lanes apart, mlPitch(count): a
// multiple of 128 points is padded by 4, because rows exactly 2 or 4 KiB apart all fall into the
// same L1 sets, and the products below walk 16–32 rows at once (measured on spirals-mlp, 256
// points: ≈ 1.2× faster without the aliasing). Padding lanes are computed on (the activation
// loops run over whole layers) but never read into a result.
import {
  lanesOf, vadd, vsub, vmul, vdiv, vneg, vabs, vmax, vsplat, vload, vstore, vloadSplat, vgt, vge, veq, vsel,
} from '../lanes';
import { vexp, vtanh, vlog1p } from '../math';
import { tanh4At } from './tanh4';
import { ACT_TANH, ACT_RELU, ML_LOSS_BCE_LOGITS, ML_LOSS_SOFTMAX_CE, ML_MAX_DEPTH } from '../memory';
import { convForward, convPool, convBackward, convSquares, convDecay } from './conv1d';

let depth: i32 = 0;
let lossKind: i32 = 0;
let count: i32 = 0;
let pitch: i32 = 0;
let inputs: usize = 0;
let targets: usize = 0;
let scratch: usize = 0;
let sizes: usize = 0;
let acts: usize = 0;
let withGrad: bool = true;
let l2: f64 = 0;
// The conv layer (convF = 0: none): its sizes, where its signals are (the block's inputs), its
// activations / pooled features / their gradient in its scratch, and its parameter count.
let convF: i32 = 0;
let convC: i32 = 0;
let convL: i32 = 0;
let convK: i32 = 0;
let convT: i32 = 0;
let convAct: i32 = 0;
let convWeights: i32 = 0;
let convParams: i32 = 0;
let rawInputs: usize = 0;
let convActs: usize = 0;
let convPooled: usize = 0;
let convPooledGrad: usize = 0;

// Per layer l (1 … L−1): the flat layout's weight and bias offsets of weight layer l − 1, and the
// byte offsets of that layer's activations and deltas in the scratch (as lanes of 16 bytes).
const weightOffset = memory.data(ML_MAX_DEPTH * 4, 4);
const biasOffset = memory.data(ML_MAX_DEPTH * 4, 4);
const actOffset = memory.data(ML_MAX_DEPTH * 4, 4);
const deltaOffset = memory.data(ML_MAX_DEPTH * 4, 4);

// @ts-ignore: decorator
@inline function at(table: usize, l: i32): i32 {
  return load<i32>(table + (<usize>l << 2));
}

// @ts-ignore: decorator
@inline function sizeOf(l: i32): i32 {
  return load<i32>(sizes + (<usize>l << 2));
}

/** Reads the ML block at `block` (once per call). */
export function loadMlBlock(block: usize): void {
  depth = load<i32>(block);
  lossKind = load<i32>(block, 4);
  count = load<i32>(block, 8);
  pitch = mlPitch(count);
  inputs = <usize>load<u32>(block, 12);
  targets = <usize>load<u32>(block, 16);
  scratch = <usize>load<u32>(block, 20);
  sizes = <usize>load<u32>(block, 24);
  acts = <usize>load<u32>(block, 28);
  withGrad = (load<i32>(block, 32) & 1) != 0;
  l2 = load<f64>(block, 40);
  convF = load<i32>(block, 48);
  if (convF > 0) {
    convC = load<i32>(block, 52);
    convL = load<i32>(block, 56);
    convK = load<i32>(block, 60);
    convAct = load<i32>(block, 64);
    convT = convL - convK + 1;
    convWeights = convF * convC * convK;
    convParams = convWeights + convF;
    rawInputs = inputs;
    convActs = <usize>load<u32>(block, 68);
    convPooled = convActs + (<usize>(convF * convT * pitch) << 4);
    convPooledGrad = convPooled + (<usize>(convF * pitch) << 4);
    inputs = convPooled; // the head's layer 0
  }
  let offset = 0;
  let lanesUsed = 0;
  for (let l = 1; l < depth; l++) {
    const nIn = sizeOf(l - 1);
    const nOut = sizeOf(l);
    store<i32>(weightOffset + (<usize>l << 2), offset);
    offset += nIn * nOut;
    store<i32>(biasOffset + (<usize>l << 2), offset);
    offset += nOut;
    store<i32>(actOffset + (<usize>l << 2), lanesUsed << 4);
    lanesUsed += nOut * pitch;
    store<i32>(deltaOffset + (<usize>l << 2), lanesUsed << 4);
    lanesUsed += nOut * pitch;
  }
}

/** Lanes from one point's row to the next for a batch of `points` (the host mirrors this). */
export function mlPitch(points: i32): i32 {
  return points % 128 == 0 ? points + 4 : points;
}

/** Bytes of scratch an ML batch needs (the host mirrors this). */
export function mlScratchBytes(unitsAfterInput: i32, points: i32): i32 {
  return 2 * unitsAfterInput * (points + 4) * 16; // mlPitch(c) ≤ points + 4 for every c ≤ points
}

/** Base address of layer l's activations (l = 0: the inputs), lanes of sizeof<T>() bytes… */
// @ts-ignore: decorator
@inline function actBase(l: i32): usize {
  return l == 0 ? inputs : scratch + <usize>at(actOffset, l);
}

/** The loss of the lane group whose parameters are at x (lane stride `stride`); the gradient into
 *  g when the block asks for it. With a conv layer: conv, pool, the MLP head on the pooled
 *  features, its L2, then the conv's (src/ml/conv1d.ts Conv1dLoss.evaluate's order). */
export function mlObjective<T>(x: usize, g: usize, stride: usize): T {
  if (convF == 0) return headObjective<T>(x, g, stride);
  convForward<T>(x, stride, rawInputs, convActs, count, pitch, convC, convL, convF, convK);
  activate<T>(convActs, convF * convT * pitch, convAct);
  convPool<T>(convActs, convPooled, count, pitch, convF, convT);
  const hx = x + <usize>convParams * stride;
  const hg = g + <usize>convParams * stride;
  let loss = headObjective<T>(hx, hg, stride);
  if (l2 > 0) loss = vadd<T>(loss, vmul<T>(vsplat<T>(0.5 * l2), convSquares<T>(x, stride, convWeights)));
  if (withGrad) {
    backpropagate<T>(hx, stride, at(weightOffset, 1), sizeOf(1), sizeOf(0), scratch + <usize>at(deltaOffset, 1), convPooledGrad);
    convBackward<T>(x, g, stride, rawInputs, convActs, convPooledGrad, count, pitch, convC, convL, convF, convK, convAct);
    if (l2 > 0) convDecay<T>(x, g, stride, convWeights, l2);
  }
  return loss;
}

/** A hidden activation over m values at z, in place (identity: nothing). */
function activate<T>(z: usize, m: i32, act: i32): void {
  const size = <usize>sizeof<T>();
  if (act == ACT_TANH) {
    let i = 0;
    // four vectors at a time where there are lanes (tanh4.ts: same bits, 1.6× the rate)
    if (isVector<T>()) for (; i + 4 <= m; i += 4) tanh4At(z + <usize>i * size);
    for (; i < m; i++) {
      const p = z + <usize>i * size;
      vstore<T>(p, vtanh<T>(vload<T>(p)));
    }
  } else if (act == ACT_RELU) {
    const zero = vsplat<T>(0);
    for (let i = 0; i < m; i++) {
      const p = z + <usize>i * size;
      const v = vload<T>(p);
      vstore<T>(p, vsel<T>(vgt<T>(v, zero), v, zero));
    }
  }
}

/** The MLP's loss (and gradient) on its layer-0 activations (the inputs, or the pooled conv
 *  features); parameters at x in mlp.ts's layout. */
function headObjective<T>(x: usize, g: usize, stride: usize): T {
  const last = depth - 1;
  for (let l = 1; l <= last; l++) {
    affineForward<T>(x, stride, at(weightOffset, l), at(biasOffset, l), sizeOf(l), sizeOf(l - 1), actBase(l - 1), actBase(l));
    if (l < last) activate<T>(actBase(l), sizeOf(l) * pitch, load<i32>(acts + (<usize>(l - 1) << 2)));
  }
  let loss = lossKind == ML_LOSS_SOFTMAX_CE ? softmaxLoss<T>() : pointwiseLoss<T>();
  if (l2 > 0) loss = vadd<T>(loss, vmul<T>(vsplat<T>(0.5 * l2), l2Squares<T>(x, stride)));
  if (withGrad) backward<T>(x, g, stride);
  return loss;
}

/** Z = W·A + b for one layer. a: nIn rows, z: nOut rows (unit-major, rows `pitch` lanes apart). */
function affineForward<T>(x: usize, stride: usize, w0: i32, b0: i32, nOut: i32, nIn: i32, a: usize, z: usize): void {
  const size = <usize>sizeof<T>();
  const n = count;
  const rEnd = nOut - (nOut % 2);
  const pEnd = n - (n % 4);
  const rowBytes = <usize>pitch * size;
  for (let r = 0; r < rEnd; r += 2) {
    const wr = x + <usize>(w0 + r * nIn) * stride;
    const ws = wr + <usize>nIn * stride;
    const br = vload<T>(x + <usize>(b0 + r) * stride);
    const bs = vload<T>(x + <usize>(b0 + r + 1) * stride);
    const zr = z + <usize>r * rowBytes;
    const zs = zr + rowBytes;
    for (let p = 0; p < pEnd; p += 4) {
      let r0 = br, r1 = br, r2 = br, r3 = br;
      let s0 = bs, s1 = bs, s2 = bs, s3 = bs;
      let ak = a + <usize>p * size;
      for (let k = 0; k < nIn; k++) {
        const u = vload<T>(wr + <usize>k * stride);
        const v = vload<T>(ws + <usize>k * stride);
        const x0 = vload<T>(ak), x1 = vload<T>(ak + size), x2 = vload<T>(ak + 2 * size), x3 = vload<T>(ak + 3 * size);
        r0 = vadd<T>(r0, vmul<T>(u, x0)); r1 = vadd<T>(r1, vmul<T>(u, x1)); r2 = vadd<T>(r2, vmul<T>(u, x2)); r3 = vadd<T>(r3, vmul<T>(u, x3));
        s0 = vadd<T>(s0, vmul<T>(v, x0)); s1 = vadd<T>(s1, vmul<T>(v, x1)); s2 = vadd<T>(s2, vmul<T>(v, x2)); s3 = vadd<T>(s3, vmul<T>(v, x3));
        ak += rowBytes;
      }
      const q = <usize>p * size;
      vstore<T>(zr + q, r0); vstore<T>(zr + q + size, r1); vstore<T>(zr + q + 2 * size, r2); vstore<T>(zr + q + 3 * size, r3);
      vstore<T>(zs + q, s0); vstore<T>(zs + q + size, s1); vstore<T>(zs + q + 2 * size, s2); vstore<T>(zs + q + 3 * size, s3);
    }
  }
  if (rEnd < nOut) {
    const r = rEnd;
    const wr = x + <usize>(w0 + r * nIn) * stride;
    const br = vload<T>(x + <usize>(b0 + r) * stride);
    const zr = z + <usize>r * rowBytes;
    for (let p = 0; p < pEnd; p += 4) {
      let r0 = br, r1 = br, r2 = br, r3 = br;
      let ak = a + <usize>p * size;
      for (let k = 0; k < nIn; k++) {
        const u = vload<T>(wr + <usize>k * stride);
        r0 = vadd<T>(r0, vmul<T>(u, vload<T>(ak))); r1 = vadd<T>(r1, vmul<T>(u, vload<T>(ak + size)));
        r2 = vadd<T>(r2, vmul<T>(u, vload<T>(ak + 2 * size))); r3 = vadd<T>(r3, vmul<T>(u, vload<T>(ak + 3 * size)));
        ak += rowBytes;
      }
      const q = <usize>p * size;
      vstore<T>(zr + q, r0); vstore<T>(zr + q + size, r1); vstore<T>(zr + q + 2 * size, r2); vstore<T>(zr + q + 3 * size, r3);
    }
  }
  for (let r = 0; r < nOut; r++) {
    const wr = x + <usize>(w0 + r * nIn) * stride;
    for (let p = pEnd; p < n; p++) {
      let s = vload<T>(x + <usize>(b0 + r) * stride);
      for (let k = 0; k < nIn; k++) s = vadd<T>(s, vmul<T>(vload<T>(wr + <usize>k * stride), vload<T>(a + <usize>(k * pitch + p) * size)));
      vstore<T>(z + <usize>(r * pitch + p) * size, s);
    }
  }
}

/** Mean bce-logits or mse over the batch, unit-major sum (j outer, p inner); with the gradient,
 *  ∂loss/∂logit into the last layer's deltas. */
function pointwiseLoss<T>(): T {
  const size = <usize>sizeof<T>();
  const last = depth - 1;
  const nOut = sizeOf(last);
  const z = actBase(last);
  const delta = scratch + <usize>at(deltaOffset, last);
  const invCount = vsplat<T>(1 / <f64>count);
  const zero = vsplat<T>(0);
  const one = vsplat<T>(1);
  const two = vsplat<T>(2);
  const bce = lossKind == ML_LOSS_BCE_LOGITS;
  let sum = zero;
  for (let j = 0; j < nOut; j++) {
    for (let p = 0; p < count; p++) {
      const i = <usize>(j * pitch + p) * size;
      const zi = vload<T>(z + i);
      const y = vloadSplat<T>(targets + (<usize>(p * nOut + j) << 3));
      if (bce) {
        const e = vexp<T>(vneg<T>(vabs<T>(zi)));
        sum = vadd<T>(sum, vadd<T>(vsub<T>(vmax<T>(zi, zero), vmul<T>(zi, y)), vlog1p<T>(e)));
        if (withGrad) {
          const denom = vadd<T>(one, e);
          const sig = vsel<T>(vge<T>(zi, zero), vdiv<T>(one, denom), vdiv<T>(e, denom));
          vstore<T>(delta + i, vmul<T>(vsub<T>(sig, y), invCount));
        }
      } else {
        const residual = vsub<T>(zi, y);
        sum = vadd<T>(sum, vmul<T>(residual, residual));
        if (withGrad) vstore<T>(delta + i, vmul<T>(vmul<T>(two, residual), invCount));
      }
    }
  }
  return vmul<T>(sum, invCount);
}

/** Mean softmax cross-entropy (src/ml/mlp.ts softmaxLoss): per point, the first maximiser a of
 *  the logits, r = Σ_{j≠a} exp(z_j − m), ℓ = (log1p(r) + m) − z_y. */
function softmaxLoss<T>(): T {
  const size = <usize>sizeof<T>();
  const last = depth - 1;
  const K = sizeOf(last);
  const z = actBase(last);
  const delta = scratch + <usize>at(deltaOffset, last);
  const rowBytes = <usize>pitch * size;
  const invCount = vsplat<T>(1 / <f64>count);
  const zero = vsplat<T>(0);
  const one = vsplat<T>(1);
  let sum = zero;
  for (let p = 0; p < count; p++) {
    const zp = z + <usize>p * size;
    let m = vload<T>(zp);
    let a = zero;
    for (let j = 1; j < K; j++) {
      const zj = vload<T>(zp + <usize>j * rowBytes);
      const bigger = vgt<T>(zj, m);
      m = vsel<T>(bigger, zj, m);
      a = vsel<T>(bigger, vsplat<T>(<f64>j), a);
    }
    const y = vloadSplat<T>(targets + (<usize>p << 3));
    let rest = zero;
    let zy = zero;
    for (let j = 0; j < K; j++) {
      const zj = vload<T>(zp + <usize>j * rowBytes);
      const jv = vsplat<T>(<f64>j);
      // adding +0 where j = a leaves rest's bits as skipping the term does (rest starts at +0)
      rest = vadd<T>(rest, vsel<T>(veq<T>(jv, a), zero, vexp<T>(vsub<T>(zj, m))));
      zy = vsel<T>(veq<T>(jv, y), zj, zy);
    }
    sum = vadd<T>(sum, vsub<T>(vadd<T>(vlog1p<T>(rest), m), zy));
    if (withGrad) {
      const total = vadd<T>(one, rest);
      for (let j = 0; j < K; j++) {
        const off = <usize>p * size + <usize>j * rowBytes;
        const jv = vsplat<T>(<f64>j);
        const s = vdiv<T>(vexp<T>(vsub<T>(vload<T>(z + off), m)), total);
        vstore<T>(delta + off, vmul<T>(vsub<T>(s, vsel<T>(veq<T>(jv, y), one, zero)), invCount));
      }
    }
  }
  return vmul<T>(sum, invCount);
}

/** Σ w² over the weights (not the biases), layer by layer in flat order. */
function l2Squares<T>(x: usize, stride: usize): T {
  let sq = vsplat<T>(0);
  for (let l = 1; l < depth; l++) {
    const w1 = at(biasOffset, l);
    for (let j = at(weightOffset, l); j < w1; j++) {
      const w = vload<T>(x + <usize>j * stride);
      sq = vadd<T>(sq, vmul<T>(w, w));
    }
  }
  return sq;
}

function backward<T>(x: usize, g: usize, stride: usize): void {
  const size = <usize>sizeof<T>();
  const n = count;
  const rowBytes = <usize>pitch * size;
  for (let l = depth - 1; l >= 1; l--) {
    const delta = scratch + <usize>at(deltaOffset, l);
    const nIn = sizeOf(l - 1);
    const nOut = sizeOf(l);
    const w0 = at(weightOffset, l);
    const b0 = at(biasOffset, l);
    for (let r = 0; r < nOut; r++) {
      let s = vsplat<T>(0);
      const dr = delta + <usize>r * rowBytes;
      for (let p = 0; p < n; p++) s = vadd<T>(s, vload<T>(dr + <usize>p * size));
      vstore<T>(g + <usize>(b0 + r) * stride, s);
    }
    const below = actBase(l - 1);
    weightGradient<T>(g, stride, w0, nOut, nIn, delta, below);
    if (l == 1) break;
    const deltaBelow = scratch + <usize>at(deltaOffset, l - 1);
    backpropagate<T>(x, stride, w0, nOut, nIn, delta, deltaBelow);
    const act = load<i32>(acts + (<usize>(l - 2) << 2));
    const m = nIn * pitch;
    if (act == ACT_TANH) {
      const one = vsplat<T>(1);
      for (let i = 0; i < m; i++) {
        const q = <usize>i * size;
        const b = vload<T>(below + q);
        vstore<T>(deltaBelow + q, vmul<T>(vload<T>(deltaBelow + q), vsub<T>(one, vmul<T>(b, b))));
      }
    } else if (act == ACT_RELU) {
      const zero = vsplat<T>(0);
      for (let i = 0; i < m; i++) {
        const q = <usize>i * size;
        vstore<T>(deltaBelow + q, vsel<T>(vgt<T>(vload<T>(below + q), zero), vload<T>(deltaBelow + q), zero));
      }
    }
  }
  if (l2 > 0) {
    const c = vsplat<T>(l2);
    for (let l = 1; l < depth; l++) {
      const w1 = at(biasOffset, l);
      for (let j = at(weightOffset, l); j < w1; j++) {
        const q = <usize>j * stride;
        vstore<T>(g + q, vadd<T>(vload<T>(g + q), vmul<T>(c, vload<T>(x + q))));
      }
    }
  }
}

/** G = D·Aᵀ into g (weights of one layer). d: nOut rows, a: nIn rows (`pitch` lanes apart). */
function weightGradient<T>(g: usize, stride: usize, w0: i32, nOut: i32, nIn: i32, d: usize, a: usize): void {
  const size = <usize>sizeof<T>();
  const n = count;
  const rowBytes = <usize>pitch * size;
  const rEnd = nOut - (nOut % 2);
  const kEnd = nIn - (nIn % 4);
  for (let r = 0; r < rEnd; r += 2) {
    const dr = d + <usize>r * rowBytes;
    const ds = dr + rowBytes;
    for (let k = 0; k < kEnd; k += 4) {
      const a0 = a + <usize>k * rowBytes, a1 = a0 + rowBytes, a2 = a1 + rowBytes, a3 = a2 + rowBytes;
      let r0 = vsplat<T>(0), r1 = r0, r2 = r0, r3 = r0;
      let s0 = r0, s1 = r0, s2 = r0, s3 = r0;
      for (let p = 0; p < n; p++) {
        const q = <usize>p * size;
        const u = vload<T>(dr + q);
        const v = vload<T>(ds + q);
        const x0 = vload<T>(a0 + q), x1 = vload<T>(a1 + q), x2 = vload<T>(a2 + q), x3 = vload<T>(a3 + q);
        r0 = vadd<T>(r0, vmul<T>(u, x0)); r1 = vadd<T>(r1, vmul<T>(u, x1)); r2 = vadd<T>(r2, vmul<T>(u, x2)); r3 = vadd<T>(r3, vmul<T>(u, x3));
        s0 = vadd<T>(s0, vmul<T>(v, x0)); s1 = vadd<T>(s1, vmul<T>(v, x1)); s2 = vadd<T>(s2, vmul<T>(v, x2)); s3 = vadd<T>(s3, vmul<T>(v, x3));
      }
      const gr = g + <usize>(w0 + r * nIn + k) * stride;
      const gs = gr + <usize>nIn * stride;
      vstore<T>(gr, r0); vstore<T>(gr + stride, r1); vstore<T>(gr + 2 * stride, r2); vstore<T>(gr + 3 * stride, r3);
      vstore<T>(gs, s0); vstore<T>(gs + stride, s1); vstore<T>(gs + 2 * stride, s2); vstore<T>(gs + 3 * stride, s3);
    }
  }
  if (rEnd < nOut) {
    const dr = d + <usize>rEnd * rowBytes;
    for (let k = 0; k < kEnd; k += 4) {
      const a0 = a + <usize>k * rowBytes, a1 = a0 + rowBytes, a2 = a1 + rowBytes, a3 = a2 + rowBytes;
      let r0 = vsplat<T>(0), r1 = r0, r2 = r0, r3 = r0;
      for (let p = 0; p < n; p++) {
        const q = <usize>p * size;
        const u = vload<T>(dr + q);
        r0 = vadd<T>(r0, vmul<T>(u, vload<T>(a0 + q))); r1 = vadd<T>(r1, vmul<T>(u, vload<T>(a1 + q)));
        r2 = vadd<T>(r2, vmul<T>(u, vload<T>(a2 + q))); r3 = vadd<T>(r3, vmul<T>(u, vload<T>(a3 + q)));
      }
      const gr = g + <usize>(w0 + rEnd * nIn + k) * stride;
      vstore<T>(gr, r0); vstore<T>(gr + stride, r1); vstore<T>(gr + 2 * stride, r2); vstore<T>(gr + 3 * stride, r3);
    }
  }
  for (let r = 0; r < nOut; r++) {
    const dr = d + <usize>r * rowBytes;
    for (let k = kEnd; k < nIn; k++) {
      const ak = a + <usize>k * rowBytes;
      let s = vsplat<T>(0);
      for (let p = 0; p < n; p++) s = vadd<T>(s, vmul<T>(vload<T>(dr + <usize>p * size), vload<T>(ak + <usize>p * size)));
      vstore<T>(g + <usize>(w0 + r * nIn + k) * stride, s);
    }
  }
}

/** E = Wᵀ·D. d: nOut rows, e: nIn rows (`pitch` lanes apart). */
function backpropagate<T>(x: usize, stride: usize, w0: i32, nOut: i32, nIn: i32, d: usize, e: usize): void {
  const size = <usize>sizeof<T>();
  const n = count;
  const rowBytes = <usize>pitch * size;
  const kEnd = nIn - (nIn % 2);
  const pEnd = n - (n % 4);
  for (let k = 0; k < kEnd; k += 2) {
    const ek = e + <usize>k * rowBytes;
    const el = ek + rowBytes;
    for (let p = 0; p < pEnd; p += 4) {
      let r0 = vsplat<T>(0), r1 = r0, r2 = r0, r3 = r0;
      let s0 = r0, s1 = r0, s2 = r0, s3 = r0;
      let dp = d + <usize>p * size;
      let wk = x + <usize>(w0 + k) * stride;
      for (let r = 0; r < nOut; r++) {
        const u = vload<T>(wk);
        const v = vload<T>(wk + stride);
        const x0 = vload<T>(dp), x1 = vload<T>(dp + size), x2 = vload<T>(dp + 2 * size), x3 = vload<T>(dp + 3 * size);
        r0 = vadd<T>(r0, vmul<T>(u, x0)); r1 = vadd<T>(r1, vmul<T>(u, x1)); r2 = vadd<T>(r2, vmul<T>(u, x2)); r3 = vadd<T>(r3, vmul<T>(u, x3));
        s0 = vadd<T>(s0, vmul<T>(v, x0)); s1 = vadd<T>(s1, vmul<T>(v, x1)); s2 = vadd<T>(s2, vmul<T>(v, x2)); s3 = vadd<T>(s3, vmul<T>(v, x3));
        dp += rowBytes;
        wk += <usize>nIn * stride;
      }
      const q = <usize>p * size;
      vstore<T>(ek + q, r0); vstore<T>(ek + q + size, r1); vstore<T>(ek + q + 2 * size, r2); vstore<T>(ek + q + 3 * size, r3);
      vstore<T>(el + q, s0); vstore<T>(el + q + size, s1); vstore<T>(el + q + 2 * size, s2); vstore<T>(el + q + 3 * size, s3);
    }
  }
  if (kEnd < nIn) {
    const k = kEnd;
    const ek = e + <usize>k * rowBytes;
    for (let p = 0; p < pEnd; p += 4) {
      let r0 = vsplat<T>(0), r1 = r0, r2 = r0, r3 = r0;
      let dp = d + <usize>p * size;
      let wk = x + <usize>(w0 + k) * stride;
      for (let r = 0; r < nOut; r++) {
        const u = vload<T>(wk);
        r0 = vadd<T>(r0, vmul<T>(u, vload<T>(dp))); r1 = vadd<T>(r1, vmul<T>(u, vload<T>(dp + size)));
        r2 = vadd<T>(r2, vmul<T>(u, vload<T>(dp + 2 * size))); r3 = vadd<T>(r3, vmul<T>(u, vload<T>(dp + 3 * size)));
        dp += rowBytes;
        wk += <usize>nIn * stride;
      }
      const q = <usize>p * size;
      vstore<T>(ek + q, r0); vstore<T>(ek + q + size, r1); vstore<T>(ek + q + 2 * size, r2); vstore<T>(ek + q + 3 * size, r3);
    }
  }
  for (let k = 0; k < nIn; k++) {
    for (let p = pEnd; p < n; p++) {
      let s = vsplat<T>(0);
      for (let r = 0; r < nOut; r++) s = vadd<T>(s, vmul<T>(vload<T>(x + <usize>(w0 + r * nIn + k) * stride), vload<T>(d + <usize>(r * pitch + p) * size)));
      vstore<T>(e + <usize>(k * pitch + p) * size, s);
    }
  }
}
