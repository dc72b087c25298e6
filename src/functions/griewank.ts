import type { MutVec, TestFunction, Vec } from './types.js';
import { box, filled, requireDims } from './util.js';

/**
 * Griewank: 1 + Σ xᵢ²/4000 − Π cos(xᵢ/√i), i = 1 … n. Classic domain ±600; we sample ±10,
 * where the shallow local minima are visible.
 *
 * ∂/∂xᵢ of the product needs Π_{j≠i} cos(xⱼ/√j). Dividing the full product by cos(xᵢ/√i)
 * would fail where that factor vanishes, so grad uses prefix and suffix products instead:
 * a forward pass stores the prefix product in g, a backward pass multiplies in the suffix.
 */
export const griewank: TestFunction = {
  name: 'griewank',
  id: 16,
  description: 'Griewank 1 + Σ xᵢ²/4000 − Π cos(xᵢ/√i) (classic domain ±600, here ±10), shallow local minima',
  tags: ['multimodal', 'nd'],
  nd: true,
  defaultDims: 2,
  domain: (n) => box(n, -10, 10),
  minimisers: (n) => {
    requireDims('griewank', n);
    return [filled(n, 0)];
  },
  fmin: () => 0,
  f(x: Vec): number {
    let sumSq = 0;
    let prod = 1;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i];
      sumSq += xi * xi;
      prod *= Math.cos(xi / Math.sqrt(i + 1));
    }
    return 1 + sumSq / 4000 - prod;
  },
  grad(x: Vec, g: MutVec): number {
    const n = x.length;
    let sumSq = 0;
    let prefix = 1;
    for (let i = 0; i < n; i++) {
      const xi = x[i];
      sumSq += xi * xi;
      g[i] = prefix;
      prefix *= Math.cos(xi / Math.sqrt(i + 1));
    }
    let suffix = 1;
    for (let i = n - 1; i >= 0; i--) {
      const xi = x[i];
      const root = Math.sqrt(i + 1);
      const t = xi / root;
      g[i] = xi / 2000 + (Math.sin(t) / root) * g[i] * suffix;
      suffix *= Math.cos(t);
    }
    return 1 + sumSq / 4000 - prefix;
  },
};
