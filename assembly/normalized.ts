// o1's 'normalized' rule with the v3 features (docs/O1.md; the TS reference is
// src/o1/normalized.ts normalizedStep, mirrored here operation for operation, so both give the
// same bits): per coordinate
//   m ← β·m + g;  v ← β₂·v + (1 − β₂)·g²;  d = m·bc1 / (√(v·bc2) + ε)
//   ln s ← clamp(ln s + clamp(network(features), logLrMin, logLrMax), LOG_STEP_MIN, LOG_STEP_MAX)
//   x ← x − u·e^(ln s)·d
// with the step unit u = initStep·rms(x₀) of each run, set at t = 0, or, with the 'distance' unit
// (hyper flag), u_t = initStep·max(b, D_t), D_t = max_{s≤t} rms(x_s − x₀). Per-step scalars that the
// reference computes with Math.pow and Math.tanh (bc1, bc2 and the two time features) come from
// the host in a per-step table (src/engine/kernelParams.ts normalizedTable, the very expressions
// of the reference), the rule's fixed constants (β₂, 1 − β₂, ε, the step-level bounds, the rms
// threshold) in the hyper-parameter block. exp is fdlibm's (math.ts), as V8's Math.exp; the tanh of
// the network and of the level feature is o1's own (tanh.ts); the growth feature needs neither ln
// nor tanh (the reference's tanhOfLog).
//
// State per lane group, each buffer n lanes with coordinate stride `stride`: m, v, ln s, then
// two scalars: ‖g‖ of the previous step and the step unit u; with the 'distance' unit two more
// scalars, b (rms(x₀), or 1) and D, then the buffer x₀. The feature sets after v3 (v3-progress,
// v3-progress-noise: the reference's straightness and slow signal-to-noise inputs, 8 and 9) keep
// that layout under either unit, then the scalar path length and the buffer m_slow (allocated
// for the noise input only).
import {
  vadd, vsub, vmul, vdiv, vabs, vpmax, vsqrt, vsplat, vload, vstore, vloadSplat, vge, vle, vgt, vsel, vand,
} from './lanes';
import { vexp } from './math';
import { vo1Tanh } from './tanh';
import { forward } from './network';
import { forward32 } from './network32';
import { pack32, unpack64 } from './features32';
import { ACT_TANH, ACT_RELU, FEATURES_V3_PROGRESS, FEATURES_V3_PROGRESS_NOISE } from './memory';
import {
  netParams, netParams32, netLayers, netActs, netDepth, netWidest, oneHidden, hidden, hiddenAct, outputAct, hyper, table, scratch,
  featureSet,
} from './netModel';

export const V3_FEATURES: i32 = 8;
const GROWTH_RATIO_MIN: f64 = reinterpret<f64>(<u64>(1023 - 500) << 52); // 2^−500
const GROWTH_RATIO_MAX: f64 = reinterpret<f64>(<u64>(1023 + 500) << 52); // 2^500
/** Per-step table row: bc1, bc2, tanh(t/30), tanh(t/300), and with the noise input the slow
 *  momentum's bias correction (kernelParams.ts o1StepTable). */
const TABLE_ROW: i32 = 4;

// The model (netModel.ts, loaded by o1.ts loadO1Model): the network, [β, logLrMin, logLrMax,
// lr mode, initStep, lr cap, β₂, 1 − β₂, ε, LOG_STEP_MIN, LOG_STEP_MAX, RMS_PLAIN_MIN, the
// 'distance' unit (1) or 'start' (0), SLOW_BETA] in `hyper`
// (src/engine/kernelParams.ts modelParams), the per-step table, the scratch.

// @ts-ignore: decorator
@inline function activate<T>(act: i32, v: T): T {
  if (act == ACT_TANH) return vo1Tanh<T>(v);
  if (act == ACT_RELU) return vsel<T>(vgt<T>(v, vsplat<T>(0)), v, vsplat<T>(0));
  return v;
}

/** network.ts forward for [8, H, 1], the features in locals: each hidden neuron's sum
 *  Σ_c w[r][c]·f_c (c increasing, from 0) + bias, its activation, then its term of the output
 *  sum (r increasing, from 0) — the generic forward's operations in its order, without the
 *  scratch round trips. */
// @ts-ignore: decorator
@inline function forwardOneHidden<T>(f0: T, f1: T, f2: T, f3: T, f4: T, f5: T, f6: T, f7: T): T {
  const H = hidden;
  const biases = netParams + (<usize>(8 * H) << 3);
  const w2 = biases + (<usize>H << 3);
  let out = vsplat<T>(0);
  for (let r = 0; r < H; r++) {
    const row = netParams + (<usize>(8 * r) << 3);
    let acc = vsplat<T>(0);
    acc = vadd<T>(acc, vmul<T>(vloadSplat<T>(row), f0));
    acc = vadd<T>(acc, vmul<T>(vloadSplat<T>(row + 8), f1));
    acc = vadd<T>(acc, vmul<T>(vloadSplat<T>(row + 16), f2));
    acc = vadd<T>(acc, vmul<T>(vloadSplat<T>(row + 24), f3));
    acc = vadd<T>(acc, vmul<T>(vloadSplat<T>(row + 32), f4));
    acc = vadd<T>(acc, vmul<T>(vloadSplat<T>(row + 40), f5));
    acc = vadd<T>(acc, vmul<T>(vloadSplat<T>(row + 48), f6));
    acc = vadd<T>(acc, vmul<T>(vloadSplat<T>(row + 56), f7));
    const h = activate<T>(hiddenAct, vadd<T>(acc, vloadSplat<T>(biases + (<usize>r << 3))));
    out = vadd<T>(out, vmul<T>(vloadSplat<T>(w2 + (<usize>r << 3)), h));
  }
  return activate<T>(outputAct, vadd<T>(out, vloadSplat<T>(w2 + (<usize>H << 3))));
}

/** True when the model's step unit is 'distance' (hyper slot 12; the model must be loaded). */
// @ts-ignore: decorator
@inline function distanceUnit(): bool {
  return load<f64>(hyper + 96) != 0;
}

/** The straightness input (feature 8): the sets v3-progress and v3-progress-noise. */
// @ts-ignore: decorator
@inline function progressInput(): bool {
  return featureSet == FEATURES_V3_PROGRESS || featureSet == FEATURES_V3_PROGRESS_NOISE;
}

/** The slow signal-to-noise input (feature 9): the set v3-progress-noise. */
// @ts-ignore: decorator
@inline function noiseInput(): bool {
  return featureSet == FEATURES_V3_PROGRESS_NOISE;
}

/** State lanes of one run in dimension n: three buffers of n, two scalars ('distance': four
 *  buffers, four scalars; the sets after v3: also the path length, and m_slow with the noise
 *  input). */
export function normalizedStateLanes(n: i32): i32 {
  if (noiseInput()) return 5 * n + 5;
  if (progressInput()) return 4 * n + 5;
  return distanceUnit() ? 4 * n + 4 : 3 * n + 2;
}

/** sign(v) as the reference's: 1, −1, or 0 (for ±0). */
// @ts-ignore: decorator
@inline function vsign<T>(v: T): T {
  const zero = vsplat<T>(0);
  return vsel<T>(vgt<T>(v, zero), vsplat<T>(1), vsel<T>(vgt<T>(zero, v), vsplat<T>(-1), zero));
}

/** x_i, or x_i − from_i when `from` is not 0 (the reference's startRms(x, from)). */
// @ts-ignore: decorator
@inline function rmsTerm<T>(x: usize, from: usize, ci: usize): T {
  const xi = vload<T>(x + ci);
  return from != 0 ? vsub<T>(xi, vload<T>(from + ci)) : xi;
}

/** src/o1/normalized.ts startRms: √(Σx²/n), or M·√(Σ(x/M)²/n) when Σx² is below RMS_PLAIN_MIN
 *  or infinite (and M = max|x| is positive and finite). Both formulas are computed, one chosen
 *  per lane; the lanes that do not take one ignore its NaN or Inf. Of x − from when `from` is
 *  not 0 (the 'distance' unit's rms(x_t − x₀)). */
function startRms<T>(n: i32, stride: usize, x: usize, from: usize): T {
  let xx = vsplat<T>(0);
  let M = vsplat<T>(0);
  for (let i = 0; i < n; i++) {
    const xi = rmsTerm<T>(x, from, <usize>i * stride);
    xx = vadd<T>(xx, vmul<T>(xi, xi));
    M = vpmax<T>(M, vabs<T>(xi));
  }
  const nf = vsplat<T>(<f64>n);
  const plain = vsqrt<T>(vdiv<T>(xx, nf));
  const inf = vsplat<T>(Infinity);
  const plainOk = vand<T>(vge<T>(xx, vloadSplat<T>(hyper + 88)), vgt<T>(inf, xx));
  const scalable = vand<T>(vgt<T>(M, vsplat<T>(0)), vgt<T>(inf, M));
  let yy = vsplat<T>(0);
  for (let i = 0; i < n; i++) {
    const y = vdiv<T>(rmsTerm<T>(x, from, <usize>i * stride), M);
    yy = vadd<T>(yy, vmul<T>(y, y));
  }
  const scaled = vmul<T>(M, vsqrt<T>(vdiv<T>(yy, nf)));
  return vsel<T>(plainOk, plain, vsel<T>(scalable, scaled, plain));
}

/**
 * Step t of the runs in one lane group (the reference's normalizedStep). `x`, `g` point at
 * coordinate 0 of the group, `state` at its state, all with coordinate stride `stride`; the lr of
 * each coordinate is stored at `lrOut` when it is not 0.
 */
export function normalizedStep<T>(t: i32, n: i32, stride: usize, x: usize, g: usize, state: usize, lrOut: usize): void {
  const zero = vsplat<T>(0);
  const buffer = <usize>n * stride;
  const mBase = state;
  const vBase = state + buffer;
  const lsBase = vBase + buffer;
  const prevNormAt = lsBase + buffer;
  const unitAt = prevNormAt + stride;

  // global features: reductions over the gradient and the previous momentum
  let gg = zero;
  let mm = zero;
  let gm = zero;
  for (let i = 0; i < n; i++) {
    const ci = <usize>i * stride;
    const gi = vload<T>(g + ci);
    const mi = vload<T>(mBase + ci);
    gg = vadd<T>(gg, vmul<T>(gi, gi));
    mm = vadd<T>(mm, vmul<T>(mi, mi));
    gm = vadd<T>(gm, vmul<T>(gi, mi));
  }
  const gNorm = vsqrt<T>(gg);
  const mNorm = vsqrt<T>(mm);
  const cosGM = vsel<T>(vand<T>(vgt<T>(gNorm, zero), vgt<T>(mNorm, zero)), vdiv<T>(gm, vmul<T>(gNorm, mNorm)), zero);
  const prev = vload<T>(prevNormAt);
  let growth = zero;
  if (t > 0) {
    const grows = vand<T>(vgt<T>(prev, zero), vgt<T>(gNorm, zero));
    const ratio = vsel<T>(grows, vdiv<T>(gNorm, prev), vsplat<T>(1));
    // tanh(ln q) as (q − 1)(q + 1)/(q·q + 1), q clamped to [2^−500, 2^500]: the reference's tanhOfLog
    const qMin = vsplat<T>(GROWTH_RATIO_MIN);
    const qMax = vsplat<T>(GROWTH_RATIO_MAX);
    const q = vsel<T>(vgt<T>(qMin, ratio), qMin, vsel<T>(vgt<T>(ratio, qMax), qMax, ratio));
    const one = vsplat<T>(1);
    const th = vdiv<T>(vmul<T>(vsub<T>(q, one), vadd<T>(q, one)), vadd<T>(vmul<T>(q, q), one));
    growth = vsel<T>(grows, th, zero);
  }
  vstore<T>(prevNormAt, gNorm);
  const progress = progressInput();
  const noise = noiseInput();
  const row = table + (<usize>(t * (noise ? TABLE_ROW + 1 : TABLE_ROW)) << 3);
  const bc1 = vloadSplat<T>(row);
  const bc2 = vloadSplat<T>(row + 8);
  const time1 = vloadSplat<T>(row + 16);
  const time2 = vloadSplat<T>(row + 24);

  const initStep = vloadSplat<T>(hyper + 32);
  // the 'distance' unit's scalars b, D and buffer x₀, then the path length and m_slow of the sets
  // after v3 (normalizedStateLanes)
  const baseAt = unitAt + stride;
  const distAt = baseAt + stride;
  const x0Base = distAt + stride;
  const pathAt = x0Base + buffer;
  const mSlowBase = pathAt + stride;
  const keepsStart = distanceUnit() || progress;
  const one = vsplat<T>(1);
  let straight = zero;
  if (t == 0) {
    // b = rms(x₀), or 1; u = initStep·b (initStep·1 = initStep: the reference's bits)
    const rms = startRms<T>(n, stride, x, 0);
    const usable = vand<T>(vgt<T>(rms, zero), vgt<T>(vsplat<T>(Infinity), rms));
    const b = vsel<T>(usable, rms, one);
    vstore<T>(unitAt, vmul<T>(initStep, b));
    if (keepsStart) {
      vstore<T>(baseAt, b);
      vstore<T>(distAt, zero);
      for (let i = 0; i < n; i++) vstore<T>(x0Base + <usize>i * stride, vload<T>(x + <usize>i * stride));
    }
    if (progress) vstore<T>(pathAt, zero);
    if (noise) for (let i = 0; i < n; i++) vstore<T>(mSlowBase + <usize>i * stride, zero);
  } else if (keepsStart) {
    const dist = startRms<T>(n, stride, x, x0Base);
    if (distanceUnit()) {
      // D ← max(D, rms(x_t − x₀)), u = initStep·max(b, D), as comparisons (a NaN distance keeps D)
      const dPrev = vload<T>(distAt);
      const D = vsel<T>(vgt<T>(dist, dPrev), dist, dPrev);
      vstore<T>(distAt, D);
      const b = vload<T>(baseAt);
      vstore<T>(unitAt, vmul<T>(initStep, vsel<T>(vgt<T>(D, b), D, b)));
    }
    if (progress) {
      // the reference's straightness(dist, path): 0 unless path > 0, else min(dist/path, 1) (NaN → 1)
      const path = vload<T>(pathAt);
      const q = vdiv<T>(dist, path);
      straight = vsel<T>(vgt<T>(path, zero), vsel<T>(vgt<T>(one, q), q, one), zero);
    }
  }
  const unit = vload<T>(unitAt);

  const beta = vloadSplat<T>(hyper);
  const lo = vloadSplat<T>(hyper + 8);
  const hi = vloadSplat<T>(hyper + 16);
  const beta2 = vloadSplat<T>(hyper + 48);
  const oneMinusBeta2 = vloadSplat<T>(hyper + 56);
  const eps = vloadSplat<T>(hyper + 64);
  const lsMin = vloadSplat<T>(hyper + 72);
  const lsMax = vloadSplat<T>(hyper + 80);
  const quarter = vsplat<T>(0.25); // ·¼ = /4 exactly (the reference divides)
  const size = <usize>sizeof<T>();
  const featureCount = V3_FEATURES + (progress ? 1 : 0) + (noise ? 1 : 0);
  const feats = scratch;
  const net = scratch + <usize>featureCount * size;
  // the globals are the same for every coordinate of the group
  vstore<T>(feats + 4 * size, cosGM);
  vstore<T>(feats + 5 * size, growth);
  vstore<T>(feats + 6 * size, time1);
  vstore<T>(feats + 7 * size, time2);
  if (progress) vstore<T>(feats + 8 * size, straight);
  const slowBeta = vloadSplat<T>(hyper + 104);
  const bcSlow = noise ? vloadSplat<T>(row + 32) : zero;
  let stepSq = zero; // Σ (e^(ln s_i)·d_i)², the reference's order
  // the f32 network is v3's alone (the host refuses it for the later sets)
  if (isVector<T>() && !progress) {
    if (netParams32 != 0) {
      stepPairsF32(n, stride, x, g, state, row, lrOut);
      return;
    }
  }
  for (let i = 0; i < n; i++) {
    const ci = <usize>i * stride;
    const gi = vload<T>(g + ci);
    const mPrev = vload<T>(mBase + ci);
    const agree = vsign<T>(vmul<T>(gi, mPrev));
    const mi = vadd<T>(vmul<T>(beta, mPrev), gi);
    vstore<T>(mBase + ci, mi);
    // β₂·v + ((1 − β₂)·g)·g: the reference's left-to-right order
    const vi = vadd<T>(vmul<T>(beta2, vload<T>(vBase + ci)), vmul<T>(vmul<T>(oneMinusBeta2, gi), gi));
    vstore<T>(vBase + ci, vi);
    const den = vadd<T>(vsqrt<T>(vmul<T>(vi, bc2)), eps);
    const d = vdiv<T>(vmul<T>(mi, bc1), den);
    const lsPrev = vload<T>(lsBase + ci);
    const r = vdiv<T>(gi, den);
    const level = vo1Tanh<T>(vmul<T>(lsPrev, quarter)); // o1's tanh, as the reference's
    if (noise) {
      // m_slow ← β_slow·m_slow + g; |m_slow·bc_slow| / den (the reference's order)
      const ms = vadd<T>(vmul<T>(slowBeta, vload<T>(mSlowBase + ci)), gi);
      vstore<T>(mSlowBase + ci, ms);
      vstore<T>(feats + 9 * size, vdiv<T>(vabs<T>(vmul<T>(ms, bcSlow)), den));
    }
    let o: T;
    if (oneHidden && !progress) {
      o = forwardOneHidden<T>(r, d, agree, level, cosGM, growth, time1, time2);
    } else {
      vstore<T>(feats, r);
      vstore<T>(feats + size, d);
      vstore<T>(feats + 2 * size, agree);
      vstore<T>(feats + 3 * size, level);
      o = forward<T>(netParams, netLayers, netActs, netDepth, feats, net, netWidest);
    }
    // a NaN output maps to logLrMin, as in the reference
    const c = vsel<T>(vge<T>(o, lo), vsel<T>(vle<T>(o, hi), o, hi), lo);
    let ls = vadd<T>(lsPrev, c);
    ls = vsel<T>(vgt<T>(lsMin, ls), lsMin, vsel<T>(vgt<T>(ls, lsMax), lsMax, ls));
    vstore<T>(lsBase + ci, ls);
    const e = vexp<T>(ls);
    const step = vmul<T>(unit, e);
    if (lrOut != 0) vstore<T>(lrOut + ci, vdiv<T>(vmul<T>(step, bc1), den));
    vstore<T>(x + ci, vsub<T>(vload<T>(x + ci), vmul<T>(step, d)));
    if (progress) {
      const a = vmul<T>(e, d);
      stepSq = vadd<T>(stepSq, vmul<T>(a, a));
    }
  }
  // path += u·√(Σ(e^(ln s)·d)² / n): rms(x_{t+1} − x_t), the reference's expression
  if (progress) vstore<T>(pathAt, vadd<T>(vload<T>(pathAt), vmul<T>(unit, vsqrt<T>(vdiv<T>(stepSq, vsplat<T>(<f64>n))))));
}

// ---- the f32x4 network (SIMD build, engine network 'f32'; not bit-exact: test/engine.f32.test.ts) ----
// As the window rules' f32 path: coordinates in pairs (i, i + 1), so one f32x4 holds 2 runs ×
// 2 coordinates; the features are computed in f64 and rounded to f32 for the network, whose output
// comes back as f64; the state (m, v, ln s, x) stays f64 with the reference's operations.

/** Coordinate ci's f64 part before the network, in the reference's order: m and v updated, then
 *  r, d, agree, level and den stored at `at` (5 lanes). `row` is the step's table row. */
// @ts-ignore: decorator
@inline function beforeNetwork(ci: usize, g: usize, mBase: usize, vBase: usize, lsBase: usize, row: usize, at: usize): void {
  const gi = v128.load(g + ci);
  const mPrev = v128.load(mBase + ci);
  const agree = vsign<v128>(f64x2.mul(gi, mPrev));
  const mi = f64x2.add(f64x2.mul(v128.load64_splat(hyper), mPrev), gi);
  v128.store(mBase + ci, mi);
  const vi = f64x2.add(
    f64x2.mul(v128.load64_splat(hyper + 48), v128.load(vBase + ci)),
    f64x2.mul(f64x2.mul(v128.load64_splat(hyper + 56), gi), gi),
  );
  v128.store(vBase + ci, vi);
  const den = f64x2.add(f64x2.sqrt(f64x2.mul(vi, v128.load64_splat(row + 8))), v128.load64_splat(hyper + 64));
  v128.store(at, f64x2.div(gi, den));
  v128.store(at + 16, f64x2.div(f64x2.mul(mi, v128.load64_splat(row)), den));
  v128.store(at + 32, agree);
  v128.store(at + 48, vo1Tanh<v128>(f64x2.mul(v128.load(lsBase + ci), f64x2.splat(0.25))));
  v128.store(at + 64, den);
}

/** Coordinate ci's f64 part after the network output o (f64x2): ln s, the lr, x. */
// @ts-ignore: decorator
@inline function afterNetwork(ci: usize, o: v128, x: usize, lsBase: usize, unit: v128, row: usize, at: usize, lrOut: usize): void {
  const lo = v128.load64_splat(hyper + 8);
  const hi = v128.load64_splat(hyper + 16);
  const lsMin = v128.load64_splat(hyper + 72);
  const lsMax = v128.load64_splat(hyper + 80);
  const c = vsel<v128>(f64x2.ge(o, lo), vsel<v128>(f64x2.le(o, hi), o, hi), lo);
  let ls = f64x2.add(v128.load(lsBase + ci), c);
  ls = vsel<v128>(f64x2.gt(lsMin, ls), lsMin, vsel<v128>(f64x2.gt(ls, lsMax), lsMax, ls));
  v128.store(lsBase + ci, ls);
  const step = f64x2.mul(unit, vexp<v128>(ls));
  const den = v128.load(at + 64);
  if (lrOut != 0) v128.store(lrOut + ci, f64x2.div(f64x2.mul(step, v128.load64_splat(row)), den));
  v128.store(x + ci, f64x2.sub(v128.load(x + ci), f64x2.mul(step, v128.load(at + 16))));
}

/** The per-coordinate part of a step with the f32x4 network; the last coordinate goes alone when
 *  n is odd (its partner lanes repeat it and are dropped). The globals are at scratch lanes 4..7
 *  (f64x2, stored by normalizedStep). */
function stepPairsF32(n: i32, stride: usize, x: usize, g: usize, state: usize, row: usize, lrOut: usize): void {
  const buffer = <usize>n * stride;
  const mBase = state;
  const vBase = state + buffer;
  const lsBase = vBase + buffer;
  const unit = v128.load(lsBase + buffer + stride);
  const feats32 = scratch; // 8 f32x4 inputs: [coordinate a's 2 runs, coordinate b's 2 runs]
  const net32 = scratch + (<usize>V3_FEATURES << 4);
  const slotsA = net32 + (<usize>(2 * netWidest) << 4);
  const slotsB = slotsA + 80;
  // the globals, the same for every coordinate: rounded in place (f64x2 lanes → f32x4 lanes)
  for (let k = 4; k < V3_FEATURES; k++) {
    const at = feats32 + (<usize>k << 4);
    const v = v128.load(at);
    v128.store(at, pack32(v, v));
  }
  for (let i = 0; i < n; i += 2) {
    const ca = <usize>i * stride;
    const paired = i + 1 < n;
    const cb = ca + stride;
    beforeNetwork(ca, g, mBase, vBase, lsBase, row, slotsA);
    if (paired) beforeNetwork(cb, g, mBase, vBase, lsBase, row, slotsB);
    const srcB = paired ? slotsB : slotsA;
    for (let k = 0; k < 4; k++) {
      const off = <usize>k << 4;
      v128.store(feats32 + off, pack32(v128.load(slotsA + off), v128.load(srcB + off)));
    }
    const o = forward32(netParams32, netLayers, netActs, netDepth, feats32, net32, netWidest);
    afterNetwork(ca, unpack64(o, 0), x, lsBase, unit, row, slotsA, lrOut);
    if (paired) afterNetwork(cb, unpack64(o, 1), x, lsBase, unit, row, slotsB, lrOut);
  }
}
