// f32x4 exp and tanh for the optional f32 network path (o1.ts, network32.ts). Four lanes per
// instruction and short polynomials; not bit-compatible with V8's Math (the f64 path is), but
// accurate to about one f32 ulp. Measured against Math.* in f64 on f32 inputs (4·10⁵ random
// points; test/wasm.math.test.ts asserts the bounds in brackets):
//   exp32  on [−87, 88]      : relative error 9.7e-8  [≤ 1.5e-7]
//   tanh32 on [−10, 10]      : relative error 1.8e-7  [≤ 2.5e-7], largest just above |x| = 0.4
//          on [−0.4, 0.4]    : relative error 6.2e-8  [≤ 1e-7]; near 0 (|x| ≤ 1e-6) 3e-13: the odd
//                              Taylor polynomial keeps relative accuracy where 1 − 2/(e^2x + 1)
//                              would cancel
// Inputs are clamped so that no lane ever produces a subnormal (those cost ~100 cycles each).

// @ts-ignore: decorator
@inline function f(c: f32): v128 {
  return f32x4.splat(c);
}

const LOG2E: f32 = 1.44269504;
const LN2_HI_F: f32 = 0.693359375; // 9 bits: n·LN2_HI_F is exact for |n| < 2^15
const LN2_LO_F: f32 = -2.12194440e-4;

/** e^x per f32 lane; x is clamped to [−87, 88] (e^−87 ≈ 1.6e-38 is the smallest normal result). */
// @ts-ignore: decorator
@inline export function exp32(x: v128): v128 {
  const xc = f32x4.pmin(f32x4.pmax(x, f(-87.0)), f(88.0));
  const n = f32x4.nearest(f32x4.mul(xc, f(LOG2E)));
  const r = f32x4.sub(f32x4.sub(xc, f32x4.mul(n, f(LN2_HI_F))), f32x4.mul(n, f(LN2_LO_F)));
  // Taylor to r⁷ on |r| ≤ ln2/2: truncation < 5e-9
  let p = f32x4.add(f(1.0 / 720.0), f32x4.mul(r, f(1.0 / 5040.0)));
  p = f32x4.add(f(1.0 / 120.0), f32x4.mul(r, p));
  p = f32x4.add(f(1.0 / 24.0), f32x4.mul(r, p));
  p = f32x4.add(f(1.0 / 6.0), f32x4.mul(r, p));
  p = f32x4.add(f(0.5), f32x4.mul(r, p));
  p = f32x4.add(f(1.0), f32x4.mul(r, p));
  p = f32x4.add(f(1.0), f32x4.mul(r, p));
  // 2^n from the exponent field (n ∈ [−126, 127])
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(p, scale);
}

// tanh x = x + x³·P(x²) near 0: Taylor coefficients to x¹³ (truncation < 4e-9 relative on |x| ≤ 0.4)
const T3: f32 = -1.0 / 3.0;
const T5: f32 = 2.0 / 15.0;
const T7: f32 = -17.0 / 315.0;
const T9: f32 = 62.0 / 2835.0;
const T11: f32 = -1382.0 / 155925.0;
const T13: f32 = 21844.0 / 6081075.0;

/** tanh per f32 lane. */
// @ts-ignore: decorator
@inline export function tanh32(x: v128): v128 {
  const ax = f32x4.abs(x);
  // |x| ≥ 9 rounds to ±1 in f32; the clamp also keeps exp32 far from overflow
  const axc = f32x4.pmin(ax, f(9.0));
  const e = exp32(f32x4.add(axc, axc));
  const far = f32x4.sub(f(1.0), f32x4.div(f(2.0), f32x4.add(e, f(1.0))));
  const x2 = f32x4.mul(axc, axc);
  let p = f32x4.add(f(T11), f32x4.mul(x2, f(T13)));
  p = f32x4.add(f(T9), f32x4.mul(x2, p));
  p = f32x4.add(f(T7), f32x4.mul(x2, p));
  p = f32x4.add(f(T5), f32x4.mul(x2, p));
  p = f32x4.add(f(T3), f32x4.mul(x2, p));
  const near = f32x4.add(axc, f32x4.mul(f32x4.mul(axc, x2), p));
  const t = v128.bitselect(near, far, f32x4.lt(ax, f(0.4)));
  // sign back on; NaN lanes stay NaN (pmin keeps a NaN first operand)
  return v128.or(t, v128.and(x, f(-0.0)));
}

// ---- tanh as one rational function (the step API's f32 path, assembly/flat.ts) ----------------
// Eigen's ptanh_float: x clamped to ±7.90531110763549805 (beyond, tanh rounds to ±1 in f32), then
// x·P(x²)/Q(x²), P of degree 6 and Q of degree 3 in x², one division; x itself below |x| = 4e-4.
// Measured against Math.tanh in f64 on f32 inputs (2·10⁶ points on [−10, 10], on a JS model of
// these operations with each one rounded by Math.fround): within 4.0e-7, relative and absolute
// (tanh32: 2.5e-7). The f32 path's tolerance (test/api.f32.test.ts) holds it end to end. Constants in lane
// tables (one load each; a v128.const costs several instructions).
// @ts-ignore: decorator
@lazy const R_CLAMP = memory.data<f32>([7.90531110763549805, 7.90531110763549805, 7.90531110763549805, 7.90531110763549805], 16);
// @ts-ignore: decorator
@lazy const R_NCLAMP = memory.data<f32>([-7.90531110763549805, -7.90531110763549805, -7.90531110763549805, -7.90531110763549805], 16);
// @ts-ignore: decorator
@lazy const R_TINY = memory.data<f32>([4e-4, 4e-4, 4e-4, 4e-4], 16);
// @ts-ignore: decorator
@lazy const R_A1 = memory.data<f32>([4.89352455891786e-03, 4.89352455891786e-03, 4.89352455891786e-03, 4.89352455891786e-03], 16);
// @ts-ignore: decorator
@lazy const R_A3 = memory.data<f32>([6.37261928875436e-04, 6.37261928875436e-04, 6.37261928875436e-04, 6.37261928875436e-04], 16);
// @ts-ignore: decorator
@lazy const R_A5 = memory.data<f32>([1.48572235717979e-05, 1.48572235717979e-05, 1.48572235717979e-05, 1.48572235717979e-05], 16);
// @ts-ignore: decorator
@lazy const R_A7 = memory.data<f32>([5.12229709037114e-08, 5.12229709037114e-08, 5.12229709037114e-08, 5.12229709037114e-08], 16);
// @ts-ignore: decorator
@lazy const R_A9 = memory.data<f32>([-8.60467152213735e-11, -8.60467152213735e-11, -8.60467152213735e-11, -8.60467152213735e-11], 16);
// @ts-ignore: decorator
@lazy const R_A11 = memory.data<f32>([2.00018790482477e-13, 2.00018790482477e-13, 2.00018790482477e-13, 2.00018790482477e-13], 16);
// @ts-ignore: decorator
@lazy const R_A13 = memory.data<f32>([-2.76076847742355e-16, -2.76076847742355e-16, -2.76076847742355e-16, -2.76076847742355e-16], 16);
// @ts-ignore: decorator
@lazy const R_B0 = memory.data<f32>([4.89352518554385e-03, 4.89352518554385e-03, 4.89352518554385e-03, 4.89352518554385e-03], 16);
// @ts-ignore: decorator
@lazy const R_B2 = memory.data<f32>([2.26843463243900e-03, 2.26843463243900e-03, 2.26843463243900e-03, 2.26843463243900e-03], 16);
// @ts-ignore: decorator
@lazy const R_B4 = memory.data<f32>([1.18534705686654e-04, 1.18534705686654e-04, 1.18534705686654e-04, 1.18534705686654e-04], 16);
// @ts-ignore: decorator
@lazy const R_B6 = memory.data<f32>([1.19825839466702e-06, 1.19825839466702e-06, 1.19825839466702e-06, 1.19825839466702e-06], 16);

/** tanh per f32 lane as one rational function (see above). NaN stays NaN. */
// @ts-ignore: decorator
@inline export function tanh32Rational(x: v128): v128 {
  const xc = f32x4.pmax(f32x4.pmin(x, v128.load(R_CLAMP)), v128.load(R_NCLAMP));
  const x2 = f32x4.mul(xc, xc);
  let p = f32x4.add(f32x4.mul(x2, v128.load(R_A13)), v128.load(R_A11));
  p = f32x4.add(f32x4.mul(x2, p), v128.load(R_A9));
  p = f32x4.add(f32x4.mul(x2, p), v128.load(R_A7));
  p = f32x4.add(f32x4.mul(x2, p), v128.load(R_A5));
  p = f32x4.add(f32x4.mul(x2, p), v128.load(R_A3));
  p = f32x4.add(f32x4.mul(x2, p), v128.load(R_A1));
  p = f32x4.mul(xc, p);
  let q = f32x4.add(f32x4.mul(x2, v128.load(R_B6)), v128.load(R_B4));
  q = f32x4.add(f32x4.mul(x2, q), v128.load(R_B2));
  q = f32x4.add(f32x4.mul(x2, q), v128.load(R_B0));
  const r = f32x4.div(p, q);
  return v128.bitselect(x, r, f32x4.lt(f32x4.abs(x), v128.load(R_TINY)));
}
