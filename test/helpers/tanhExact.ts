// The correctly rounded tanh of a double, in BigInt fixed point (300 fraction bits), for measuring
// how far o1's tanh (src/o1/tanh.ts) and Math.tanh are from the true value. Slow (~15 µs a point).
const F = 300n;
const ONE = 1n << F;

/** The double x as a fixed-point BigInt (exact for |x| ≥ 2^−300). */
function toFixed(x: number): bigint {
  const bits = new BigUint64Array(new Float64Array([x]).buffer)[0];
  const e = Number((bits >> 52n) & 0x7ffn);
  let m = bits & ((1n << 52n) - 1n);
  let ex = -1074;
  if (e !== 0) {
    m |= 1n << 52n;
    ex = e - 1075;
  }
  const sh = BigInt(ex) + F;
  return sh >= 0n ? m << sh : m >> -sh;
}

/** tanh x rounded to nearest: e^(2|x|) − 1 = u by the series of e^(2|x|/2^12) and 12 squarings
 *  of 1 + u (kept as u, so no cancellation near 0), then u / (u + 2) as a 200-bit quotient that
 *  Number() rounds once. */
export function tanhCorrectlyRounded(x: number): number {
  if (Number.isNaN(x) || x === 0) return x;
  const a = Math.abs(x);
  const sign = x < 0 ? -1 : 1;
  if (a >= 20) return sign; // 1 − tanh < 2^−57
  if (a < 1e-25) return x; // a − a³/3 rounds to a
  const y = toFixed(2 * a) >> 12n;
  let term = ONE;
  let u = 0n;
  for (let n = 1n; n < 60n; n++) {
    term = (term * y >> F) / n;
    if (term === 0n) break;
    u += term;
  }
  for (let i = 0; i < 12; i++) u = 2n * u + ((u * u) >> F);
  const q = (u << 200n) / (u + 2n * ONE);
  return (sign * Number(q)) / 2 ** 200;
}
