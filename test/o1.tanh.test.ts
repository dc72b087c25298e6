// o1's own tanh (src/o1/tanh.ts, the o1 network's activation): its accuracy against Math.tanh and
// the correctly rounded tanh, its special values, and the kernels' copies (assembly/tanh.ts,
// scalar and f64x2) returning the TS reference's bits.
import { beforeAll, describe, expect, test } from 'vitest';
import { WasmProbes, loadProbeKernels } from '../bench/wasmProbes.js';
import { o1Tanh, TANH_BOUND } from '../src/o1/tanh.js';
import { Rng } from '../src/rng.js';
import { tanhCorrectlyRounded } from './helpers/tanhExact.js';

/** Distance in ulps (0 for equal values or both NaN). */
function ulps(a: number, b: number): number {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b) || Math.sign(a) !== Math.sign(b)) return Infinity;
  const i = new BigInt64Array(new Float64Array([a, b]).buffer);
  const d = i[0] - i[1];
  return Number(d < 0n ? -d : d);
}

const EDGES = [
  0, -0, NaN, Infinity, -Infinity, 5e-324, -5e-324, 2.2250738585072014e-308, -2.2250738585072014e-308, 1e-300, 1e-160, 2 ** -28, 2 ** -54,
  1, -1, 0.5 * Math.LN2, 0.25 * Math.LN2, 0.75 * Math.LN2, 1.25 * Math.LN2, 19, 19.06, 19.1, -19.1, 19.100000000000001, 22, 1e300, -1e300,
  1.7976931348623157e308,
];

/** Every range's points: uniform on [lo, hi], or log-uniform (both signs) over many decades. */
function sweep(rng: Rng): Float64Array {
  const xs: number[] = [];
  for (const [lo, hi] of [[-25, 25], [-1, 1], [-0.2, 0.2], [0.15, 0.9], [-1e-3, 1e-3], [18, 20]]) {
    for (let k = 0; k < 100_000; k++) xs.push(lo + (hi - lo) * rng.uniform());
  }
  for (let k = 0; k < 100_000; k++) xs.push((rng.uniform() < 0.5 ? -1 : 1) * 10 ** (-323 + 632 * rng.uniform()));
  xs.push(...EDGES);
  return Float64Array.from(xs);
}

describe("o1's tanh: accuracy", () => {
  const xs = sweep(new Rng(20261202));

  test('within 4 ulp of Math.tanh on a dense sweep (tiny, subnormal, ±0, large, ±Inf, NaN)', () => {
    let worst = 0;
    let at = 0;
    for (const x of xs) {
      const u = ulps(o1Tanh(x), Math.tanh(x));
      if (u > worst) [worst, at] = [u, x];
    }
    expect(worst, `worst at x = ${at}`).toBeLessThanOrEqual(4);
    expect(worst).toBeGreaterThan(0); // it is not Math.tanh
  });

  test('within 3 ulp of the correctly rounded tanh (Math.tanh: within 2)', () => {
    let worst = 0;
    let worstMath = 0;
    let at = 0;
    // the BigInt reference is slow: every 20th point of the sweep, all of the edges
    for (let k = 0; k < xs.length; k += k < xs.length - EDGES.length ? 20 : 1) {
      const x = xs[k];
      const exact = tanhCorrectlyRounded(x);
      const u = ulps(o1Tanh(x), exact);
      if (u > worst) [worst, at] = [u, x];
      worstMath = Math.max(worstMath, ulps(Math.tanh(x), exact));
    }
    expect(worst, `worst at x = ${at}`).toBeLessThanOrEqual(3);
    expect(worstMath).toBeLessThanOrEqual(2);
  });

  test('special values: ±0 kept, NaN stays NaN, saturates to exactly ±1, odd', () => {
    expect(Object.is(o1Tanh(0), 0)).toBe(true);
    expect(Object.is(o1Tanh(-0), -0)).toBe(true);
    expect(o1Tanh(NaN)).toBeNaN();
    expect(o1Tanh(Infinity)).toBe(1);
    expect(o1Tanh(-Infinity)).toBe(-1);
    expect(o1Tanh(TANH_BOUND)).toBe(1);
    expect(o1Tanh(-1e300)).toBe(-1);
    for (const x of [5e-324, 1e-310, 1e-200, 2 ** -30]) expect(o1Tanh(x)).toBe(x); // tanh x rounds to x
    let notOdd = 0;
    for (const x of xs) if (!Number.isNaN(x) && !Object.is(o1Tanh(-x), -o1Tanh(x))) notOdd++;
    expect(notOdd).toBe(0);
  });
});

for (const simd of [true, false]) {
  describe(`o1's tanh: the ${simd ? 'f64x2' : 'scalar'} kernel returns the TS reference's bits`, () => {
    let probes: WasmProbes;
    beforeAll(async () => {
      const kernels = await loadProbeKernels({ simd });
      expect(kernels.simdEnabled() === 1).toBe(simd);
      probes = new WasmProbes(kernels);
    });

    test('on the sweep and the edges, both lanes', () => {
      const xs = sweep(new Rng(7));
      // each value also next to a different one, so a lane mix-up would show
      const shuffled = Float64Array.from(xs, (_, k) => xs[(k * 7919) % xs.length]);
      for (const input of [xs, shuffled]) {
        probes.reset();
        const p = probes.prepareMath('o1Tanh', input);
        p.run();
        const ys = p.read();
        let bad = -1;
        for (let k = 0; k < input.length && bad < 0; k++) if (!Object.is(ys[k], o1Tanh(input[k]))) bad = k;
        expect(bad < 0 ? 'all equal' : `x = ${input[bad]}: kernel ${ys[bad]}, TS ${o1Tanh(input[bad])}`).toBe('all equal');
      }
    });
  });
}
