// One o1 step for a lane group, every coordinate (docs/O1.md):
//   1. window ← g (filled with g at t = 0, then the oldest slot is overwritten)
//   2. lr = exp(clamp(network(features(window oldest → newest)), logLrMin, logLrMax))
//   3. m ← β·m + g
//   4. x ← x − lr·m
// The window is a ring in memory (slot t mod W holds the newest gradient); it is gathered into
// oldest → newest order before the features, which is what the TS reference's shifted window
// holds, so both engines feed the network the same sequence.
import { vadd, vsub, vmul, vload, vstore, vloadSplat, vge, vle, vsel } from './lanes';
import { vexp } from './math';
import { computeFeatures } from './features';
import { forward } from './network';
import {
  field, ptr, D_WINDOW, D_FEATURES, D_NET_PARAMS, D_NET_LAYERS, D_NET_ACTS, D_NET_DEPTH, D_HYPER, D_SCRATCH,
} from './memory';

// The model of the batch, read once from the descriptor by loadO1Model.
let W: i32 = 0;
let featureSet: i32 = 0;
let netParams: usize = 0;
let netLayers: usize = 0;
let netActs: usize = 0;
let netDepth: i32 = 0;
let netWidest: i32 = 0;
let hyper: usize = 0; // [β, logLrMin, logLrMax]
let scratch: usize = 0;

export function loadO1Model(d: usize): void {
  W = field(d, D_WINDOW);
  featureSet = field(d, D_FEATURES);
  netParams = ptr(d, D_NET_PARAMS);
  netLayers = ptr(d, D_NET_LAYERS);
  netActs = ptr(d, D_NET_ACTS);
  netDepth = field(d, D_NET_DEPTH);
  hyper = ptr(d, D_HYPER);
  scratch = ptr(d, D_SCRATCH);
  let widest = 1;
  for (let l = 1; l < netDepth; l++) widest = max(widest, load<i32>(netLayers + (<usize>l << 2)));
  netWidest = widest;
}

/** o1 state buffers per lane group: W window slots of n coordinates, then n momenta. */
export function o1StateBuffers(window: i32): i32 {
  return window + 1;
}

/** lr = exp(clamp(o, lo, hi)); a NaN output maps to lo, as in the TS stepper. */
// @ts-ignore: decorator
@inline export function lrFromOutput<T>(o: T, lo: T, hi: T): T {
  return vexp<T>(vsel<T>(vge<T>(o, lo), vsel<T>(vle<T>(o, hi), o, hi), lo));
}

/**
 * Step t of the runs in one lane group. `x`, `g` point at coordinate 0 of the group, `state` at
 * its state (see o1StateBuffers), all with coordinate stride `stride`. When `lrOut` is not 0 the
 * per-coordinate lr is stored there (same layout).
 */
export function o1Step<T>(t: i32, n: i32, stride: usize, x: usize, g: usize, state: usize, lrOut: usize): void {
  const size = <usize>sizeof<T>();
  const beta = vloadSplat<T>(hyper);
  const lo = vloadSplat<T>(hyper + 8);
  const hi = vloadSplat<T>(hyper + 16);
  const ordered = scratch;
  const ys = ordered + <usize>W * size;
  const feats = ys + <usize>W * size;
  const net = feats + <usize>(W + 1) * size;
  const slotStride = <usize>n * stride; // from one window slot to the next
  const mBase = state + <usize>W * slotStride;
  const newest = t % W;
  for (let i = 0; i < n; i++) {
    const ci = <usize>i * stride;
    const gi = vload<T>(g + ci);
    const winI = state + ci;
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
    computeFeatures<T>(featureSet, ordered, W, feats, ys);
    const o = forward<T>(netParams, netLayers, netActs, netDepth, feats, net, netWidest);
    const lr = lrFromOutput<T>(o, lo, hi);
    const mp = mBase + ci;
    const m = vadd<T>(vmul<T>(beta, vload<T>(mp)), gi);
    vstore<T>(mp, m);
    vstore<T>(x + ci, vsub<T>(vload<T>(x + ci), vmul<T>(lr, m)));
    if (lrOut != 0) vstore<T>(lrOut + ci, lr);
  }
}
