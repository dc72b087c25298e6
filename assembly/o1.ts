// One o1 step for a lane group, every coordinate (docs/O1.md):
//   1. window ← g (filled with g at t = 0, then the oldest slot is overwritten)
//   2. c = clamp(network(features(window oldest → newest)), logLrMin, logLrMax);
//      lr = exp(c) ('absolute' lrMode), or lr ← min(lr·exp(c), lrCap) ('multiplicative', starting
//      from lr₋₁ = min(min(initStep, max|x₀|) / max|g₀|, lrCap), initStep when g₀ = 0 and the
//      move initStep when x₀ = 0), as src/o1/o1.ts initialMultiplicativeLr / capMultiplicativeLr
//   3. m ← β·m + g
//   4. x ← x − lr·m
// The window is a ring in memory (slot t mod W holds the newest gradient); it is gathered into
// oldest → newest order before the features, which is what the TS reference's shifted window
// holds, so both engines feed the network the same sequence.
//
// Two network paths: f64 (default; the same bits as the TS reference) and, in the SIMD build
// when the host passes f32 weights, f32x4: coordinates are taken in pairs so that one f32x4
// holds 2 runs × 2 coordinates, features after y = g/M and the network run in f32, and
// lr, m and x stay f64 (tolerance in test/engine.f32.test.ts).
import {
  vadd, vsub, vmul, vdiv, vabs, vpmax, vsplat, vload, vstore, vloadSplat, vge, vle, vgt, vsel, vand,
} from './lanes';
import { vexp } from './math';
import { computeFeatures } from './features';
import { forward } from './network';
import { features32, unpack64 } from './features32';
import { forward32 } from './network32';
import { normalizedStep, normalizedStateLanes } from './normalized';
import { FEATURES_V3, FEATURES_V3_PROGRESS, FEATURES_V3_PROGRESS_NOISE } from './memory';
import {
  loadNetModel, netParams, netParams32, netLayers, netActs, netDepth, netWidest, hyper, scratch, featureSet,
  window as netWindow,
} from './netModel';

// The model of the batch, read once from the descriptor by loadO1Model (netModel.ts holds the
// network, the hyper-parameter block [β, logLrMin, logLrMax, multiplicative (0/1), initStep,
// lrCap, …] and the scratch, for the normalized rule too).
let W: i32 = 0;
let multiplicative: bool = false;

export function loadO1Model(d: usize): void {
  loadNetModel(d);
  W = netWindow;
  multiplicative = load<f64>(hyper + 24) != 0;
}

/** o1 state lanes of one run in dimension n: for the window rules W window slots of n
 *  coordinates, then n momenta, then the n learning rates of the last step (the multiplicative
 *  rule's memory); for the normalized rule its own layout (normalized.ts). */
export function o1StateLanes(n: i32): i32 {
  return normalizedRule() ? normalizedStateLanes(n) : (W + 2) * n;
}

/** The normalized rule's feature sets: v3 and the experimental sets after it. */
// @ts-ignore: decorator
@inline function normalizedRule(): bool {
  return featureSet == FEATURES_V3 || featureSet == FEATURES_V3_PROGRESS || featureSet == FEATURES_V3_PROGRESS_NOISE;
}

/** exp(clamp(o, lo, hi)); a NaN output maps to lo, as in the TS stepper. */
// @ts-ignore: decorator
@inline export function expClamped<T>(o: T, lo: T, hi: T): T {
  return vexp<T>(vsel<T>(vge<T>(o, lo), vsel<T>(vle<T>(o, hi), o, hi), lo));
}

/** lr capped at lrCap (src/o1/o1.ts capMultiplicativeLr: lr > cap ? cap : lr). */
// @ts-ignore: decorator
@inline function capLr<T>(lr: T): T {
  const cap = vloadSplat<T>(hyper + 40);
  return vsel<T>(vgt<T>(lr, cap), cap, lr);
}

/** The multiplicative rule's lr₋₁ for every coordinate (src/o1/o1.ts initialMultiplicativeLr):
 *  min(initStep, max|x|) / max|g| (the move initStep when x = 0; lr₋₁ = initStep when g = 0),
 *  capped, into the lr buffer. x and g are finite here (the runner retires a non-finite g). */
function initMultiplicativeLr<T>(n: i32, stride: usize, x: usize, g: usize, lrBase: usize): void {
  let gMax = vsplat<T>(0);
  let xMax = vsplat<T>(0);
  for (let i = 0; i < n; i++) {
    gMax = vpmax<T>(gMax, vabs<T>(vload<T>(g + <usize>i * stride)));
    xMax = vpmax<T>(xMax, vabs<T>(vload<T>(x + <usize>i * stride)));
  }
  const zero = vsplat<T>(0);
  const initStep = vloadSplat<T>(hyper + 32);
  const move = vsel<T>(vand<T>(vgt<T>(xMax, zero), vgt<T>(initStep, xMax)), xMax, initStep);
  const lr0 = capLr<T>(vsel<T>(vgt<T>(gMax, zero), vdiv<T>(move, gMax), initStep));
  for (let i = 0; i < n; i++) vstore<T>(lrBase + <usize>i * stride, lr0);
}

/** Puts g into coordinate i's window ring (winI: its slot 0) and copies the window, oldest
 *  first, to `ordered`. */
// @ts-ignore: decorator
@inline function pushAndGather<T>(t: i32, winI: usize, slotStride: usize, gi: T, ordered: usize): void {
  const size = <usize>sizeof<T>();
  const newest = t % W;
  if (t == 0) {
    for (let s = 0; s < W; s++) vstore<T>(winI + <usize>s * slotStride, gi);
  } else {
    vstore<T>(winI + <usize>newest * slotStride, gi);
  }
  // oldest → newest: position k is slot (t + 1 + k) mod W
  let slot = newest + 1;
  for (let k = 0; k < W; k++) {
    if (slot == W) slot = 0;
    vstore<T>(ordered + <usize>k * size, vload<T>(winI + <usize>slot * slotStride));
    slot++;
  }
}

/** The lr from the network output, then steps 3–4, for coordinate offset ci. */
// @ts-ignore: decorator
@inline function finish<T>(o: T, gi: T, ci: usize, x: usize, mBase: usize, lrBase: usize, lrOut: usize): void {
  const e = expClamped<T>(o, vloadSplat<T>(hyper + 8), vloadSplat<T>(hyper + 16));
  const lr = multiplicative ? capLr<T>(vmul<T>(vload<T>(lrBase + ci), e)) : e;
  vstore<T>(lrBase + ci, lr);
  const mp = mBase + ci;
  const m = vadd<T>(vmul<T>(vloadSplat<T>(hyper), vload<T>(mp)), gi);
  vstore<T>(mp, m);
  vstore<T>(x + ci, vsub<T>(vload<T>(x + ci), vmul<T>(lr, m)));
  if (lrOut != 0) vstore<T>(lrOut + ci, lr);
}

/**
 * Step t of the runs in one lane group. `x`, `g` point at coordinate 0 of the group, `state` at
 * its state (see o1StateLanes), all with coordinate stride `stride`. When `lrOut` is not 0 the
 * per-coordinate lr is stored there (same layout).
 */
export function o1Step<T>(t: i32, n: i32, stride: usize, x: usize, g: usize, state: usize, lrOut: usize): void {
  if (normalizedRule()) {
    // the normalized rule has an f64 network only (an f32 weights block is ignored)
    normalizedStep<T>(t, n, stride, x, g, state, lrOut);
    return;
  }
  if (isVector<T>()) {
    if (netParams32 != 0) {
      o1StepF32(t, n, stride, x, g, state, lrOut);
      return;
    }
  }
  const size = <usize>sizeof<T>();
  const ordered = scratch;
  const ys = ordered + <usize>(2 * W) * size;
  const feats = ys + <usize>W * size;
  const net = feats + <usize>(W + 1) * size;
  const slotStride = <usize>n * stride; // from one window slot to the next
  const mBase = state + <usize>W * slotStride;
  const lrBase = mBase + slotStride;
  if (t == 0 && multiplicative) initMultiplicativeLr<T>(n, stride, x, g, lrBase);
  for (let i = 0; i < n; i++) {
    const ci = <usize>i * stride;
    const gi = vload<T>(g + ci);
    pushAndGather<T>(t, state + ci, slotStride, gi, ordered);
    computeFeatures<T>(featureSet, ordered, W, feats, ys);
    const o = forward<T>(netParams, netLayers, netActs, netDepth, feats, net, netWidest);
    finish<T>(o, gi, ci, x, mBase, lrBase, lrOut);
  }
}

/** The f32-network step (SIMD build): coordinates in pairs (i, i + 1), the last one alone
 *  when n is odd (its partner lanes then repeat it and are dropped). */
function o1StepF32(t: i32, n: i32, stride: usize, x: usize, g: usize, state: usize, lrOut: usize): void {
  const orderedA = scratch;
  const orderedB = orderedA + (<usize>W << 4);
  const ys = orderedB + (<usize>W << 4);
  const feats = ys + (<usize>W << 4);
  const net = feats + (<usize>(W + 1) << 4);
  const slotStride = <usize>n * stride;
  const mBase = state + <usize>W * slotStride;
  const lrBase = mBase + slotStride;
  if (t == 0 && multiplicative) initMultiplicativeLr<v128>(n, stride, x, g, lrBase);
  for (let i = 0; i < n; i += 2) {
    const ca = <usize>i * stride;
    const ga = v128.load(g + ca);
    pushAndGather<v128>(t, state + ca, slotStride, ga, orderedA);
    const paired = i + 1 < n;
    const cb = paired ? ca + stride : ca;
    const gb = v128.load(g + cb);
    if (paired) pushAndGather<v128>(t, state + cb, slotStride, gb, orderedB);
    features32(featureSet, orderedA, paired ? orderedB : orderedA, W, feats, ys);
    const o = forward32(netParams32, netLayers, netActs, netDepth, feats, net, netWidest);
    finish<v128>(unpack64(o, 0), ga, ca, x, mBase, lrBase, lrOut);
    if (paired) finish<v128>(unpack64(o, 1), gb, cb, x, mBase, lrBase, lrOut);
  }
}
