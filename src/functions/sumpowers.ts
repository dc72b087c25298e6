import type { MutVec, TestFunction, Vec } from './types.js';
import { box, filled, requireDims } from './util.js';

/** Sum of different powers: Σ |xᵢ|^(i+1) (i from 1), flatter along each further axis; minimum 0
 *  at the origin. Differentiable everywhere (every exponent ≥ 2). The powers are products, not
 *  Math.pow, so the kernel repeats them operation for operation. */
export const sumPowers: TestFunction = {
  name: 'sumpowers',
  id: 24,
  description: 'sum of different powers Σ |xᵢ|^(i+1), ever flatter axes',
  tags: ['bowl', 'convex', 'nd'],
  nd: true,
  defaultDims: 2,
  domain: (n) => box(n, -1, 1),
  minimisers: (n) => {
    requireDims('sumpowers', n);
    return [filled(n, 0)];
  },
  fmin: () => 0,
  f(x: Vec): number {
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      const a = Math.abs(x[i]);
      let q = 1;
      for (let k = 0; k < i; k++) q *= a;
      s += q * a * a;
    }
    return s;
  },
  grad(x: Vec, g: MutVec): number {
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i];
      const a = Math.abs(xi);
      let q = 1; // |xᵢ|^(i−1) in 1-based terms
      for (let k = 0; k < i; k++) q *= a;
      s += q * a * a;
      // d|x|^(p)/dx = p·x·|x|^(p−2), p = i + 2 (0-based i).
      g[i] = (i + 2) * xi * q;
    }
    return s;
  },
};
