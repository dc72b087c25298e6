import type { MutVec, TestFunction, Vec } from './types.js';
import { box, requireDims } from './util.js';

/** Trid: Σ (xᵢ − 1)² − Σ xᵢxᵢ₋₁, a convex quadratic whose minimiser xᵢ = i(n + 1 − i) grows with
 *  n; f* = −n(n + 4)(n − 1)/6. */
export const trid: TestFunction = {
  name: 'trid',
  id: 23,
  description: 'Trid Σ (xᵢ − 1)² − Σ xᵢxᵢ₋₁, convex, minimiser far from 0',
  tags: ['bowl', 'convex', 'ill-conditioned', 'nd'],
  nd: true,
  defaultDims: 2,
  domain: (n) => box(n, -n * n, n * n),
  minimisers: (n) => {
    requireDims('trid', n);
    return [Array.from({ length: n }, (_, k) => (k + 1) * (n - k))];
  },
  fmin: (n) => (-n * (n + 4) * (n - 1)) / 6,
  f(x: Vec): number {
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      const d = x[i] - 1;
      s += d * d;
      if (i > 0) s -= x[i] * x[i - 1];
    }
    return s;
  },
  grad(x: Vec, g: MutVec): number {
    const n = x.length;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i];
      const d = xi - 1;
      s += d * d;
      let gi = 2 * d;
      if (i > 0) {
        s -= xi * x[i - 1];
        gi -= x[i - 1];
      }
      if (i < n - 1) gi -= x[i + 1];
      g[i] = gi;
    }
    return s;
  },
};
