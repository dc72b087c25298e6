import type { MutVec, TestFunction, Vec } from './types.js';
import { box, filled, requireDims } from './util.js';

/** Σ_{i<n−1} 100 (x_{i+1} − xᵢ²)² + (1 − xᵢ)²: a curved, narrow valley; minimum at (1, …, 1). */
export const rosenbrock: TestFunction = {
  name: 'rosenbrock',
  id: 3,
  description: 'Σ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², curved narrow valley',
  tags: ['valley', 'nd'],
  nd: true,
  defaultDims: 2,
  domain: (n) => box(n, -2, 2),
  minimisers: (n) => {
    requireDims('rosenbrock', n);
    return [filled(n, 1)];
  },
  fmin: () => 0,
  f(x: Vec): number {
    let s = 0;
    for (let i = 0; i < x.length - 1; i++) {
      const xi = x[i];
      const d = x[i + 1] - xi * xi;
      const o = 1 - xi;
      s += 100 * d * d + o * o;
    }
    return s;
  },
  grad(x: Vec, g: MutVec): number {
    const n = x.length;
    let s = 0;
    g[0] = 0;
    for (let i = 0; i < n - 1; i++) {
      const xi = x[i];
      const d = x[i + 1] - xi * xi;
      const o = 1 - xi;
      s += 100 * d * d + o * o;
      g[i] += -400 * xi * d - 2 * o;
      // Term i is the first to touch coordinate i+1, so assign; term i+1 then adds to it.
      g[i + 1] = 200 * d;
    }
    return s;
  },
};
