import type { MutVec, TestFunction, Vec } from './types.js';
import { box, filled, requireDims } from './util.js';

/** f(x) = Σ xᵢ²: the convex sanity check. */
export const sphere: TestFunction = {
  name: 'sphere',
  id: 1,
  description: 'Σ xᵢ², convex bowl (sanity check)',
  tags: ['bowl', 'convex', 'nd'],
  nd: true,
  defaultDims: 2,
  domain: (n) => box(n, -5.12, 5.12),
  minimisers: (n) => {
    requireDims('sphere', n);
    return [filled(n, 0)];
  },
  fmin: () => 0,
  f(x: Vec): number {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i] * x[i];
    return s;
  },
  grad(x: Vec, g: MutVec): number {
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i];
      s += xi * xi;
      g[i] = 2 * xi;
    }
    return s;
  },
};
