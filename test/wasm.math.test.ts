// The kernels' exp, expm1, tanh, sin, cos, log1p and log against V8's Math.* (fdlibm ports), in both builds.
// They are fdlibm's algorithms operation for operation, so the expected error is 0 ulp: this test
// measures the largest distance in ulps over random points of each range (plus edge values) and
// requires it to be 0.
import { beforeAll, describe, expect, test } from 'vitest';
import { WasmProbes, loadProbeKernels } from '../bench/wasmProbes.js';
import type { MathOp } from '../src/engine/wasmAbi.js';
import { Rng } from '../src/rng.js';

/** Distance in units in the last place (0 for equal values, both NaN, or ±0 vs ±0 equal). */
function ulps(a: number, b: number): number {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b) || Math.sign(a) !== Math.sign(b)) return Infinity;
  const f = new Float64Array([a, b]);
  const i = new BigInt64Array(f.buffer);
  const d = i[0] - i[1];
  return Number(d < 0n ? -d : d);
}

// o1's own tanh is not a port of Math.*: test/o1.tanh.test.ts holds it to the TS reference
type F64Op = Exclude<MathOp, 'exp32' | 'tanh32' | 'o1Tanh'>;

const REFERENCE: Record<F64Op, (x: number) => number> = {
  exp: Math.exp,
  expm1: Math.expm1,
  tanh: Math.tanh,
  sin: Math.sin,
  cos: Math.cos,
  log1p: Math.log1p,
  log: Math.log,
};

const EDGES = [
  0, -0, NaN, Infinity, -Infinity, 1, -1, 5e-324, -5e-324, 2.2250738585072014e-308, 1e-300, 709.782712893384, 709.8, -745.1, -745.2, 22, -22,
  0.5 * Math.LN2, 1.5 * Math.LN2, Math.PI / 4, Math.PI / 2, Math.PI, 3 * Math.PI / 4,
  // log1p's branch points: 2^−29, 2^−54, √2 − 1, √2/2 − 1, 2^53, −1 − ε, 1.7976931348623157e308
  2 ** -29, -(2 ** -29), 2 ** -54, 2 ** -55, Math.SQRT2 - 1, Math.SQRT1_2 - 1, 2 ** 53, 2 ** 53 + 2, -1.0000000000000002, -0.9999999999999999, 1.7976931348623157e308,
];

interface Range {
  lo: number;
  hi: number;
  /** Largest error allowed, in ulps. */
  maxUlps: number;
}

const RANGES: Record<F64Op, Range[]> = {
  exp: [{ lo: -745.2, hi: 710, maxUlps: 0 }, { lo: -1, hi: 1, maxUlps: 0 }, { lo: -1e-8, hi: 1e-8, maxUlps: 0 }, { lo: -745.2, hi: -708, maxUlps: 0 }],
  expm1: [{ lo: -45, hi: 710, maxUlps: 0 }, { lo: -2, hi: 2, maxUlps: 0 }, { lo: -1e-12, hi: 1e-12, maxUlps: 0 }],
  tanh: [{ lo: -25, hi: 25, maxUlps: 0 }, { lo: -1, hi: 1, maxUlps: 0 }, { lo: -1e-3, hi: 1e-3, maxUlps: 0 }, { lo: -1e-9, hi: 1e-9, maxUlps: 0 }],
  sin: [{ lo: -1e5, hi: 1e5, maxUlps: 0 }, { lo: -10, hi: 10, maxUlps: 0 }, { lo: -1e-6, hi: 1e-6, maxUlps: 0 }, { lo: -1e9, hi: 1e9, maxUlps: 0 }, { lo: 1e20, hi: 1e300, maxUlps: 0 }],
  cos: [{ lo: -1e5, hi: 1e5, maxUlps: 0 }, { lo: -10, hi: 10, maxUlps: 0 }, { lo: -1e-6, hi: 1e-6, maxUlps: 0 }, { lo: -1e9, hi: 1e9, maxUlps: 0 }, { lo: 1e20, hi: 1e300, maxUlps: 0 }],
  // the log objective's log1p(c·max(f − f*, 0)) sees [0, ∞); the whole domain (−1, ∞) is checked
  log1p: [{ lo: -1, hi: 10, maxUlps: 0 }, { lo: -1e-6, hi: 1e-6, maxUlps: 0 }, { lo: 1e-20, hi: 1e300, maxUlps: 0 }, { lo: 1e-320, hi: 1e-20, maxUlps: 0 }, { lo: -1, hi: -0.25, maxUlps: 0 }],
  // the v3 growth feature's ln(‖g_t‖ / ‖g_{t−1}‖) sees (0, ∞]: near 1 (|f| < 2^−20), around it,
  // every exponent, subnormals; negative x gives NaN
  log: [{ lo: 0.999999, hi: 1.000001, maxUlps: 0 }, { lo: 0.5, hi: 2, maxUlps: 0 }, { lo: 1e-300, hi: 1e300, maxUlps: 0 }, { lo: 5e-324, hi: 1e-300, maxUlps: 0 }, { lo: -10, hi: 10, maxUlps: 0 }],
};

const POINTS = 100_000;

function samples(op: F64Op, r: Range, rng: Rng): Float64Array {
  const xs = new Float64Array(POINTS + EDGES.length);
  // spans over 10 decades are sampled log-uniformly, so every exponent gets points
  const logScale = r.lo > 0 && r.hi / r.lo > 1e10;
  for (let k = 0; k < POINTS; k++) {
    xs[k] = logScale ? r.lo * Math.pow(r.hi / r.lo, rng.uniform()) : r.lo + (r.hi - r.lo) * rng.uniform();
  }
  if (op === 'sin' || op === 'cos') {
    // a tenth of the points within ~1e-12 relative of a multiple of π/2: fdlibm's extra reduction rounds
    for (let k = 0; k < POINTS / 10; k++) {
      const m = Math.round(xs[k] / (Math.PI / 2));
      xs[k] = m * (Math.PI / 2) * (1 + (rng.uniform() - 0.5) * 1e-12);
    }
  }
  xs.set(EDGES, POINTS);
  return xs;
}

for (const simd of [true, false]) {
  describe(`WASM math (${simd ? 'SIMD' : 'scalar'} build) vs V8 Math`, () => {
    let probes: WasmProbes;
    beforeAll(async () => {
      const kernels = await loadProbeKernels({ simd });
      expect(kernels.simdEnabled() === 1).toBe(simd);
      probes = new WasmProbes(kernels);
    });

    for (const op of Object.keys(RANGES) as F64Op[]) {
      for (const range of RANGES[op]) {
        test(`${op} on [${range.lo}, ${range.hi}]: at most ${range.maxUlps} ulp`, () => {
          const xs = samples(op, range, new Rng(12345));
          probes.reset();
          const p = probes.prepareMath(op, xs);
          p.run();
          const ys = p.read();
          let worst = 0;
          let at = 0;
          for (let k = 0; k < xs.length; k++) {
            const u = ulps(ys[k], REFERENCE[op](xs[k]));
            if (u > worst) {
              worst = u;
              at = xs[k];
            }
          }
          expect(worst, `worst at x = ${at}`).toBeLessThanOrEqual(range.maxUlps);
        });
      }
    }
  });
}

// The f32x4 exp and tanh of the optional f32 network path (SIMD build only): relative error
// against Math.exp / Math.tanh evaluated in f64, over ranges including tanh near 0.
describe('WASM f32x4 math (SIMD build) vs V8 Math', () => {
  let probes: WasmProbes;
  beforeAll(async () => {
    probes = new WasmProbes(await loadProbeKernels({ simd: true }));
  });

  const cases: { op: 'exp32' | 'tanh32'; lo: number; hi: number; maxRel: number }[] = [
    { op: 'exp32', lo: -87, hi: 88, maxRel: 1.5e-7 },
    { op: 'exp32', lo: -1, hi: 1, maxRel: 1.5e-7 },
    { op: 'tanh32', lo: -10, hi: 10, maxRel: 2.5e-7 },
    { op: 'tanh32', lo: -0.4, hi: 0.4, maxRel: 1e-7 },
    { op: 'tanh32', lo: -1e-6, hi: 1e-6, maxRel: 1e-7 },
  ];
  for (const c of cases) {
    test(`${c.op} on [${c.lo}, ${c.hi}]: relative error ≤ ${c.maxRel}`, () => {
      const rng = new Rng(777);
      // inputs already rounded to f32, so only the function's own error is measured
      const xs = Float64Array.from({ length: POINTS }, () => Math.fround(c.lo + (c.hi - c.lo) * rng.uniform()));
      probes.reset();
      const p = probes.prepareMath(c.op, xs);
      p.run();
      const ys = p.read();
      const ref = c.op === 'exp32' ? Math.exp : Math.tanh;
      let worst = 0;
      let at = 0;
      for (let k = 0; k < xs.length; k++) {
        const want = ref(xs[k]);
        const rel = want === 0 ? Math.abs(ys[k]) : Math.abs(ys[k] - want) / Math.abs(want);
        if (!(rel <= worst)) {
          worst = rel;
          at = xs[k];
        }
      }
      expect(worst, `worst at x = ${at}`).toBeLessThanOrEqual(c.maxRel);
    });
  }
});
