// o1's own tanh, the o1 network's activation: the kernels' copy of src/o1/tanh.ts o1Tanh, operation
// for operation, so both return the same bits (test/o1.tanh.test.ts holds the scalar, the f64x2
// and the TS versions equal). Its derivation and accuracy are in src/o1/tanh.ts; in short
//   a = min(|x|, 19.1), 2a = k·ln2 + r, w = r²·P(r²), s = 2^k,
//   tanh a = N/M  (k < 3)  or  1 − 2·(2 − (r − w))/M  (k ≥ 3),
//   N = (s+1)·r + (s−1)·w + 2(s−1),  M = (s−1)·r + (s+1)·w + 2(s+1),
// then the sign of x. Only + − × ÷, floor, comparisons and an exact 2^k (built from k's bits):
// operations JS and WebAssembly round alike. Branch-free, so the f64x2 version does two lanes at
// once with no scalar fallback. (The fdlibm tanh in math.ts stays for the ML objectives.)

// ln 2 split, 1/ln 2 and exp's polynomial P1..P5 are fdlibm exp's, shared with math.ts.
import {
  LN2_HI, LN2_LO, INVLN2, EXP_P1 as P1, EXP_P2 as P2, EXP_P3 as P3, EXP_P4 as P4, EXP_P5 as P5,
  kv, K_0_5, K_1_0, K_2_0, K_3_0, K_INVLN2, K_LN2_HI, K_LN2_LO, K_SIGN, K_POW2_BIAS,
} from './math';

const BOUND = 19.1;
/** k + POW2_BIAS has k + 1023 in its low mantissa bits (k an integer in [0, 55]); shifted left
 *  by 52 they become the exponent field of 2^k, exactly the value the TS table holds. */
const POW2_BIAS = 1023.0 + 4503599627370496.0;

/** o1's tanh, one f64. */
function o1TanhS(x: f64): f64 {
  const ax = abs(x);
  const a = BOUND < ax ? BOUND : ax; // NaN stays NaN (as f64x2.pmin)
  const a2 = a + a;
  const k = floor(a2 * INVLN2 + 0.5);
  const r = a2 - k * LN2_HI - k * LN2_LO;
  const rr = r * r;
  const w = rr * (P1 + rr * (P2 + rr * (P3 + rr * (P4 + rr * P5))));
  const s = reinterpret<f64>(reinterpret<u64>(k + POW2_BIAS) << 52);
  const sm = s - 1.0;
  const sp = s + 1.0;
  const m = sm * r + sp * w + (sp + sp);
  const big = k >= 3.0;
  const q = (big ? 2.0 * (2.0 - (r - w)) : sp * r + sm * w + (sm + sm)) / m;
  const z = big ? 1.0 - q : q;
  // z ≥ +0 (or NaN): or-ing x's sign bit in is the reference's ±z, and ±0 for ±0
  return reinterpret<f64>(reinterpret<u64>(z) | (reinterpret<u64>(x) & 0x8000000000000000));
}

// f64x2 constants as lane tables (math.ts: one load each, where a v128.const costs several
// instructions to materialise)
// @ts-ignore: decorator
@lazy const K_BOUND = memory.data<f64>([BOUND, BOUND], 16);
// @ts-ignore: decorator
@lazy const K_P1 = memory.data<f64>([P1, P1], 16);
// @ts-ignore: decorator
@lazy const K_P2 = memory.data<f64>([P2, P2], 16);
// @ts-ignore: decorator
@lazy const K_P3 = memory.data<f64>([P3, P3], 16);
// @ts-ignore: decorator
@lazy const K_P4 = memory.data<f64>([P4, P4], 16);
// @ts-ignore: decorator
@lazy const K_P5 = memory.data<f64>([P5, P5], 16);

/** o1's tanh per f64x2 lane. */
// @ts-ignore: decorator
@inline function o1TanhV(x: v128): v128 {
  const ax = f64x2.abs(x);
  const a = f64x2.pmin(ax, kv(K_BOUND));
  const a2 = f64x2.add(a, a);
  const k = f64x2.floor(f64x2.add(f64x2.mul(a2, kv(K_INVLN2)), kv(K_0_5)));
  const r = f64x2.sub(f64x2.sub(a2, f64x2.mul(k, kv(K_LN2_HI))), f64x2.mul(k, kv(K_LN2_LO)));
  const rr = f64x2.mul(r, r);
  let p = f64x2.add(kv(K_P4), f64x2.mul(rr, kv(K_P5)));
  p = f64x2.add(kv(K_P3), f64x2.mul(rr, p));
  p = f64x2.add(kv(K_P2), f64x2.mul(rr, p));
  p = f64x2.add(kv(K_P1), f64x2.mul(rr, p));
  const w = f64x2.mul(rr, p);
  const s = i64x2.shl(f64x2.add(k, kv(K_POW2_BIAS)), 52);
  const one = kv(K_1_0);
  const two = kv(K_2_0);
  const sm = f64x2.sub(s, one);
  const sp = f64x2.add(s, one);
  const m = f64x2.add(f64x2.add(f64x2.mul(sm, r), f64x2.mul(sp, w)), f64x2.add(sp, sp));
  const big = f64x2.ge(k, kv(K_3_0));
  const n = f64x2.add(f64x2.add(f64x2.mul(sp, r), f64x2.mul(sm, w)), f64x2.add(sm, sm));
  const d2 = f64x2.mul(two, f64x2.sub(two, f64x2.sub(r, w)));
  const q = f64x2.div(v128.bitselect(d2, n, big), m);
  const z = v128.bitselect(f64x2.sub(one, q), q, big);
  return v128.or(z, v128.and(x, kv(K_SIGN)));
}

/** o1's tanh on a lane value (f64 or f64x2). */
// @ts-ignore: decorator
@inline export function vo1Tanh<T>(x: T): T {
  if (isVector<T>()) return o1TanhV(x);
  else return o1TanhS(x);
}
