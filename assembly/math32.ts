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
