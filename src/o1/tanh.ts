// o1's own tanh, the activation of the o1 network (docs/O1.md, "The network's tanh").
//
// Why not Math.tanh: the kernels (assembly/tanh.ts) must return the very same bits as this
// reference, and fdlibm's tanh (V8's Math.tanh) is branchy, so its two-lane kernel computed every
// branch and spent most of a step there. This one is branch-free and uses only operations that JS
// and WebAssembly both round the same way (+ − × ÷, floor, comparisons, exact powers of two), so
// the kernels evaluate it per lane and agree bit for bit.
//
// For a = min(|x|, TANH_BOUND): 2a = k·ln2 + r, k = ⌊2a/ln2 + ½⌋, |r| ≤ ½·ln2, and
//   e^r = 1 + 2r/D,  D = 2 − r + w,  w = r²·P(r²)   (fdlibm exp's polynomial, error < 2^−59)
// so with s = 2^k, e^(2a) = s·(D + 2r)/D and, expanded so that no rounded D enters,
//   tanh a = (e^(2a) − 1)/(e^(2a) + 1) = N/M,  N = (s+1)·r + (s−1)·w + 2(s−1),
//                                              M = (s−1)·r + (s+1)·w + 2(s+1).
// For k = 0 (|x| < ~0.17) N = 2r with r = 2a exact, so small |x| keeps full relative accuracy
// (down to subnormals, where it returns x). For k ≥ 3 (|x| > ~0.87) it is 1 − 2D/M instead
// (M − N = 2D), whose small quotient carries little error. One division either way. The sign of
// x is put back at the end: tanh(±0) = ±0, NaN stays NaN, ±Inf gives ±1.
//
// Accuracy (test/o1.tanh.test.ts, a dense sweep plus edges): within 3 ulp of the correctly rounded
// tanh (Math.tanh: within 2) and within 4 ulp of Math.tanh.

/** The double with these IEEE-754 bits (the constants are given as fdlibm gives them, in hex). */
function fromBits(bits: bigint): number {
  const b = new BigUint64Array([bits]);
  return new Float64Array(b.buffer)[0];
}

/** Above this |x|, tanh x rounds to 1 (1 − tanh x < 2^−54 from |x| ≈ 19.06 on). */
export const TANH_BOUND = 19.1;
export const TANH_LN2_HI = fromBits(0x3fe62e42fee00000n); // k·LN2_HI is exact for k < 2^20
export const TANH_LN2_LO = fromBits(0x3dea39ef35793c76n);
export const TANH_INVLN2 = fromBits(0x3ff71547652b82fen);
export const TANH_P1 = fromBits(0x3fc555555555553en);
export const TANH_P2 = fromBits(0xbf66c16c16bebd93n);
export const TANH_P3 = fromBits(0x3f11566aaf25de2cn);
export const TANH_P4 = fromBits(0xbebbbd41c5d26bf1n);
export const TANH_P5 = fromBits(0x3e66376972bea4d0n);

/** Largest k: ⌊2·TANH_BOUND/ln2 + ½⌋ = 55. */
const K_MAX = Math.floor(2 * TANH_BOUND * TANH_INVLN2 + 0.5);
/** 2^k, k = 0..K_MAX, by doubling (exact). */
const POW2 = new Float64Array(K_MAX + 1);
POW2[0] = 1;
for (let k = 1; k <= K_MAX; k++) POW2[k] = POW2[k - 1] * 2;

/** o1's tanh (see above). Same bits as the kernels' o1TanhS / o1TanhV (assembly/tanh.ts). */
export function o1Tanh(x: number): number {
  const ax = Math.abs(x);
  const a = ax > TANH_BOUND ? TANH_BOUND : ax; // NaN stays NaN
  const a2 = a + a;
  const k = Math.floor(a2 * TANH_INVLN2 + 0.5);
  const r = a2 - k * TANH_LN2_HI - k * TANH_LN2_LO;
  const rr = r * r;
  const w = rr * (TANH_P1 + rr * (TANH_P2 + rr * (TANH_P3 + rr * (TANH_P4 + rr * TANH_P5))));
  const s = POW2[k | 0];
  const sm = s - 1;
  const sp = s + 1;
  const m = sm * r + sp * w + (sp + sp);
  const z = k >= 3 ? 1 - (2 * (2 - (r - w))) / m : (sp * r + sm * w + (sm + sm)) / m;
  return x > 0 ? z : x < 0 ? -z : x;
}
