// The step API's kernels for the normalized rule (v3): one model's parameters as one long vector
// of coordinates sharing one network (src/api/wasmNormalized.ts is the host). Structure of
// arrays with the SIMD lanes over coordinates (an f64x2 holds coordinates i, i + 1; the f32 path's
// f32x4 holds four), in two passes per step:
//   o1FlatReduce  the globals' one reduction: Σg², Σm², Σg·m over the coordinates of a call,
//                 continuing the host's running sums in the reference's order (a scalar chain,
//                 so the sums are the reference's bits, however the vector is chunked)
//   o1FlatStep    features → network → step per coordinate, fused, with the globals of the step
//                 (cos(g, m), growth, the time features, bc1, bc2 and the step unit, computed by
//                 the host with the reference's expressions) in the step row D_TABLE
// The exact path is src/o1/normalized.ts normalizedStep's per-coordinate loop operation for
// operation (same bits). The lr of each coordinate is not stored: the host recomputes it from v
// and ln s when asked, with the reference's expression.
//
// Descriptor slots used: D_DIM coordinates of this call, D_RUNS the state buffers' stride (in
// coordinates), D_X, D_G (f64), D_STATE (m, v, ln s: f64 buffers), D_F the three running sums,
// D_TABLE the step row (FLAT_ROW_*), D_SCRATCH, and the model (netModel.ts).
import {
  vadd, vsub, vmul, vdiv, vsqrt, vsplat, vload, vstore, vloadSplat, vge, vle, vgt, vsel,
} from './lanes';
import { vexp } from './math';
import { vo1Tanh } from './tanh';
import { forward } from './network';
import { tanh32Rational, exp32 } from './math32';
import { pack32 } from './features32';
import {
  field, ptr, D_DIM, D_RUNS, D_X, D_G, D_STATE, D_F, ACT_TANH, ACT_RELU,
  FLAT_ROW_BC1, FLAT_ROW_BC2, FLAT_ROW_TIME1, FLAT_ROW_TIME2, FLAT_ROW_COS, FLAT_ROW_GROWTH, FLAT_ROW_UNIT,
} from './memory';
import {
  loadNetModel, netParams, netParams32, netLayers, netActs, netDepth, netWidest, oneHidden, hidden, hiddenAct, outputAct,
  hyper, table, scratch,
} from './netModel';

const FEATURES: i32 = 8;
/** The first global feature: features GLOBAL0..7 are the same for every coordinate of a step. */
const GLOBAL0: i32 = 4;

let count: i32 = 0;
let xBase: usize = 0;
let gBase: usize = 0;
let mBase: usize = 0;
let vBase: usize = 0;
let lsBase: usize = 0;
let sums: usize = 0;
// w[r][c]·f_c of the global features (c = 4..7), per hidden neuron r: the same products for
// every coordinate, so made once per step (the exact path: the very doubles the per-coordinate
// products would be) — in scratch, after the generic forward's lanes
let products: usize = 0;

function loadFlat(d: usize): void {
  loadNetModel(d);
  count = field(d, D_DIM);
  const buffer = <usize>field(d, D_RUNS) << 3;
  xBase = ptr(d, D_X);
  gBase = ptr(d, D_G);
  mBase = ptr(d, D_STATE);
  vBase = mBase + buffer;
  lsBase = vBase + buffer;
  sums = ptr(d, D_F);
  products = scratch + (<usize>(FEATURES + 2 * netWidest) << 4);
}

/** Σg², Σm², Σg·m over this call's coordinates, added in index order to the sums at D_F. */
export function o1FlatReduce(d: usize): void {
  loadFlat(d);
  let gg = load<f64>(sums);
  let mm = load<f64>(sums + 8);
  let gm = load<f64>(sums + 16);
  for (let i = 0; i < count; i++) {
    const at = <usize>i << 3;
    const gi = load<f64>(gBase + at);
    const mi = load<f64>(mBase + at);
    gg += gi * gi;
    mm += mi * mi;
    gm += gi * mi;
  }
  store<f64>(sums, gg);
  store<f64>(sums + 8, mm);
  store<f64>(sums + 16, gm);
}

// @ts-ignore: decorator
@inline function activate<T>(act: i32, v: T): T {
  if (act == ACT_TANH) return vo1Tanh<T>(v);
  if (act == ACT_RELU) return vsel<T>(vgt<T>(v, vsplat<T>(0)), v, vsplat<T>(0));
  return v;
}

/** sign(v) as the reference's: 1, −1, or 0 (for ±0 and NaN). */
// @ts-ignore: decorator
@inline function vsign<T>(v: T): T {
  const zero = vsplat<T>(0);
  return vsel<T>(vgt<T>(v, zero), vsplat<T>(1), vsel<T>(vgt<T>(zero, v), vsplat<T>(-1), zero));
}

/** The network [8, H, 1] on the four per-coordinate features, the global ones entering as their
 *  per-step products: per hidden neuron ((((((((0 + w0·f0) + w1·f1) + w2·f2) + w3·f3) + p4) + p5)
 *  + p6) + p7) + bias, the reference's operations in its order. */
// @ts-ignore: decorator
@inline function forwardFlat<T>(f0: T, f1: T, f2: T, f3: T): T {
  const H = hidden;
  const biases = netParams + (<usize>(FEATURES * H) << 3);
  const w2 = biases + (<usize>H << 3);
  let out = vsplat<T>(0);
  for (let r = 0; r < H; r++) {
    const row = netParams + (<usize>(FEATURES * r) << 3);
    const pr = products + (<usize>(4 * r) << 3);
    let acc = vadd<T>(vsplat<T>(0), vmul<T>(vloadSplat<T>(row), f0));
    acc = vadd<T>(acc, vmul<T>(vloadSplat<T>(row + 8), f1));
    acc = vadd<T>(acc, vmul<T>(vloadSplat<T>(row + 16), f2));
    acc = vadd<T>(acc, vmul<T>(vloadSplat<T>(row + 24), f3));
    acc = vadd<T>(acc, vloadSplat<T>(pr));
    acc = vadd<T>(acc, vloadSplat<T>(pr + 8));
    acc = vadd<T>(acc, vloadSplat<T>(pr + 16));
    acc = vadd<T>(acc, vloadSplat<T>(pr + 24));
    const h = activate<T>(hiddenAct, vadd<T>(acc, vloadSplat<T>(biases + (<usize>r << 3))));
    out = vadd<T>(out, vmul<T>(vloadSplat<T>(w2 + (<usize>r << 3)), h));
  }
  return activate<T>(outputAct, vadd<T>(out, vloadSplat<T>(w2 + (<usize>H << 3))));
}

/** Coordinates [from, to) of the exact step, `sizeof<T>() / 8` at a time. */
// @ts-ignore: decorator
@inline function stepRange<T>(from: i32, to: i32): void {
  const size = <usize>sizeof<T>();
  const beta = vloadSplat<T>(hyper);
  const lo = vloadSplat<T>(hyper + 8);
  const hi = vloadSplat<T>(hyper + 16);
  const beta2 = vloadSplat<T>(hyper + 48);
  const oneMinusBeta2 = vloadSplat<T>(hyper + 56);
  const eps = vloadSplat<T>(hyper + 64);
  const lsMin = vloadSplat<T>(hyper + 72);
  const lsMax = vloadSplat<T>(hyper + 80);
  const bc1 = vloadSplat<T>(table + (<usize>FLAT_ROW_BC1 << 3));
  const bc2 = vloadSplat<T>(table + (<usize>FLAT_ROW_BC2 << 3));
  const unit = vloadSplat<T>(table + (<usize>FLAT_ROW_UNIT << 3));
  const quarter = vsplat<T>(0.25); // ·¼ = /4 exactly (the reference divides)
  const feats = scratch;
  const net = scratch + <usize>FEATURES * size;
  if (!oneHidden) {
    for (let k = GLOBAL0; k < FEATURES; k++) {
      vstore<T>(feats + <usize>k * size, vloadSplat<T>(table + (<usize>(FLAT_ROW_COS + k - GLOBAL0) << 3)));
    }
  }
  const lanes = <i32>(size >> 3);
  for (let i = from; i < to; i += lanes) {
    const ci = <usize>i << 3;
    const gi = vload<T>(gBase + ci);
    const mPrev = vload<T>(mBase + ci);
    const agree = vsign<T>(vmul<T>(gi, mPrev));
    const mi = vadd<T>(vmul<T>(beta, mPrev), gi);
    vstore<T>(mBase + ci, mi);
    // β₂·v + ((1 − β₂)·g)·g: the reference's left-to-right order
    const vi = vadd<T>(vmul<T>(beta2, vload<T>(vBase + ci)), vmul<T>(vmul<T>(oneMinusBeta2, gi), gi));
    vstore<T>(vBase + ci, vi);
    const den = vadd<T>(vsqrt<T>(vmul<T>(vi, bc2)), eps);
    const dd = vdiv<T>(vmul<T>(mi, bc1), den);
    const lsPrev = vload<T>(lsBase + ci);
    const r = vdiv<T>(gi, den);
    const level = vo1Tanh<T>(vmul<T>(lsPrev, quarter));
    let o: T;
    if (oneHidden) {
      o = forwardFlat<T>(r, dd, agree, level);
    } else {
      vstore<T>(feats, r);
      vstore<T>(feats + size, dd);
      vstore<T>(feats + 2 * size, agree);
      vstore<T>(feats + 3 * size, level);
      o = forward<T>(netParams, netLayers, netActs, netDepth, feats, net, netWidest);
    }
    // a NaN output maps to logLrMin, as in the reference
    const c = vsel<T>(vge<T>(o, lo), vsel<T>(vle<T>(o, hi), o, hi), lo);
    let ls = vadd<T>(lsPrev, c);
    ls = vsel<T>(vgt<T>(lsMin, ls), lsMin, vsel<T>(vgt<T>(ls, lsMax), lsMax, ls));
    vstore<T>(lsBase + ci, ls);
    const step = vmul<T>(unit, vexp<T>(ls));
    vstore<T>(xBase + ci, vsub<T>(vload<T>(xBase + ci), vmul<T>(step, dd)));
  }
}

/** The per-step products w[r][c]·f_c of the global features (one hidden layer). */
function globalProducts(): void {
  if (!oneHidden) return;
  for (let r = 0; r < hidden; r++) {
    const row = netParams + (<usize>(FEATURES * r) << 3);
    for (let k = GLOBAL0; k < FEATURES; k++) {
      const f = load<f64>(table + (<usize>(FLAT_ROW_COS + k - GLOBAL0) << 3));
      store<f64>(products + (<usize>(4 * r + k - GLOBAL0) << 3), load<f64>(row + (<usize>k << 3)) * f);
    }
  }
}

/** One exact step of this call's coordinates (the globals in the step row). */
export function o1FlatStep(d: usize): void {
  loadFlat(d);
  globalProducts();
  if (ASC_FEATURE_SIMD) {
    const pairs = count & ~1;
    stepRange<v128>(0, pairs);
    if (pairs < count) stepRange<f64>(pairs, count);
  } else {
    stepRange<f64>(0, count);
  }
}

// ---- the f32 path (SIMD build; precision 'f32', not bit-exact: test/api.f32.test.ts) ----------
// m, v, den, d and r in f64x2 with the reference's operations (the state stays f64, so a
// checkpoint moves between paths unchanged); the level feature, the network and e^(ln s) in f32x4,
// four coordinates per instruction, with each hidden neuron's global part (w₄..₇·f₄..₇ + bias)
// summed once per step in f64 and rounded; ln s and x updated in f64 from the f32 network output.
// tanh is one rational function (math32.ts tanh32Rational: ~20 operations and one division per
// four lanes, where tanh32's exp and Taylor branches take ~45).

/** Coordinate pair ci's f64 part: m and v updated; r, d, agree and den at `at` (4 lanes). */
// @ts-ignore: decorator
@inline function beforeNetwork(ci: usize, at: usize): void {
  const gi = v128.load(gBase + ci);
  const mPrev = v128.load(mBase + ci);
  const agree = vsign<v128>(f64x2.mul(gi, mPrev));
  const mi = f64x2.add(f64x2.mul(v128.load64_splat(hyper), mPrev), gi);
  v128.store(mBase + ci, mi);
  const vi = f64x2.add(
    f64x2.mul(v128.load64_splat(hyper + 48), v128.load(vBase + ci)),
    f64x2.mul(f64x2.mul(v128.load64_splat(hyper + 56), gi), gi),
  );
  v128.store(vBase + ci, vi);
  const den = f64x2.add(f64x2.sqrt(f64x2.mul(vi, v128.load64_splat(table + (<usize>FLAT_ROW_BC2 << 3)))), v128.load64_splat(hyper + 64));
  v128.store(at, f64x2.div(gi, den));
  v128.store(at + 16, f64x2.div(f64x2.mul(mi, v128.load64_splat(table + (<usize>FLAT_ROW_BC1 << 3))), den));
  v128.store(at + 32, agree);
}

/** Each hidden neuron's global part in f32: Σ_{c≥4} w[r][c]·f_c + bias, summed in f64. */
function globalParts32(): void {
  const H = hidden;
  const biases = netParams + (<usize>(FEATURES * H) << 3);
  for (let r = 0; r < H; r++) {
    const row = netParams + (<usize>(FEATURES * r) << 3);
    let s = load<f64>(biases + (<usize>r << 3));
    for (let k = GLOBAL0; k < FEATURES; k++) s += load<f64>(row + (<usize>k << 3)) * load<f64>(table + (<usize>(FLAT_ROW_COS + k - GLOBAL0) << 3));
    store<f32>(products + (<usize>r << 2), <f32>s);
  }
}

/** Lanes 0, 1 (which = 0) or 2, 3 (which = 1) of an f32x4 as f64x2. */
// @ts-ignore: decorator
@inline function half64(v: v128, which: i32): v128 {
  return f64x2.promote_low_f32x4(which == 0 ? v : v128.shuffle<i64>(v, v, 1, 1));
}

// @ts-ignore: decorator
@inline function activate32(act: i32, v: v128): v128 {
  if (act == ACT_TANH) return tanh32Rational(v);
  if (act == ACT_RELU) return v128.and(v, f32x4.gt(v, f32x4.splat(0)));
  return v;
}

/** One f32-path step of this call's coordinates, four at a time (the host pads the call to a
 *  multiple of 4 with zero coordinates, whose results it drops). One hidden layer only (the host
 *  runs other networks on the exact path). */
export function o1FlatStepF32(d: usize): void {
  loadFlat(d);
  globalParts32();
  const H = hidden;
  const w32 = netParams32;
  const w2 = w32 + (<usize>(FEATURES * H + H) << 2);
  const at = scratch; // two pairs × 3 f64x2 lanes
  const quarter = f32x4.splat(0.25);
  for (let i = 0; i < count; i += 4) {
    const ca = <usize>i << 3;
    const cb = ca + 16;
    beforeNetwork(ca, at);
    beforeNetwork(cb, at + 48);
    const r = pack32(v128.load(at), v128.load(at + 48));
    const dd = pack32(v128.load(at + 16), v128.load(at + 64));
    const agree = pack32(v128.load(at + 32), v128.load(at + 80));
    const level = tanh32Rational(f32x4.mul(pack32(v128.load(lsBase + ca), v128.load(lsBase + cb)), quarter));
    let out = f32x4.splat(0);
    for (let h = 0; h < H; h++) {
      const row = w32 + (<usize>(FEATURES * h) << 2);
      let acc = f32x4.mul(v128.load32_splat(row), r);
      acc = f32x4.add(acc, f32x4.mul(v128.load32_splat(row + 4), dd));
      acc = f32x4.add(acc, f32x4.mul(v128.load32_splat(row + 8), agree));
      acc = f32x4.add(acc, f32x4.mul(v128.load32_splat(row + 12), level));
      acc = f32x4.add(acc, v128.load32_splat(products + (<usize>h << 2)));
      out = f32x4.add(out, f32x4.mul(v128.load32_splat(w2 + (<usize>h << 2)), activate32(hiddenAct, acc)));
    }
    const o = activate32(outputAct, f32x4.add(out, v128.load32_splat(w2 + (<usize>H << 2))));
    // e^(ln s) needs the new ln s, which is f64: clamp and add in f64, exp in f32
    const oa = half64(o, 0);
    const ob = half64(o, 1);
    const lo = v128.load64_splat(hyper + 8);
    const hi = v128.load64_splat(hyper + 16);
    const lsMin = v128.load64_splat(hyper + 72);
    const lsMax = v128.load64_splat(hyper + 80);
    let lsa = f64x2.add(v128.load(lsBase + ca), vsel<v128>(f64x2.ge(oa, lo), vsel<v128>(f64x2.le(oa, hi), oa, hi), lo));
    lsa = vsel<v128>(f64x2.gt(lsMin, lsa), lsMin, vsel<v128>(f64x2.gt(lsa, lsMax), lsMax, lsa));
    let lsb = f64x2.add(v128.load(lsBase + cb), vsel<v128>(f64x2.ge(ob, lo), vsel<v128>(f64x2.le(ob, hi), ob, hi), lo));
    lsb = vsel<v128>(f64x2.gt(lsMin, lsb), lsMin, vsel<v128>(f64x2.gt(lsb, lsMax), lsMax, lsb));
    const e = exp32(pack32(lsa, lsb));
    v128.store(lsBase + ca, lsa);
    v128.store(lsBase + cb, lsb);
    const unit = v128.load64_splat(table + (<usize>FLAT_ROW_UNIT << 3));
    v128.store(xBase + ca, f64x2.sub(v128.load(xBase + ca), f64x2.mul(f64x2.mul(unit, half64(e, 0)), v128.load(at + 16))));
    v128.store(xBase + cb, f64x2.sub(v128.load(xBase + cb), f64x2.mul(f64x2.mul(unit, half64(e, 1)), v128.load(at + 64))));
  }
}
