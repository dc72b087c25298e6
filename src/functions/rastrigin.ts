import type { MutVec, TestFunction, Vec } from './types.js';
import { box, filled, requireDims } from './util.js';

const TWO_PI = 2 * Math.PI;

/** 10n + Σ (xᵢ² − 10 cos 2πxᵢ): a regular grid of local minima on a bowl. */
export const rastrigin: TestFunction = {
  name: 'rastrigin',
  id: 13,
  description: 'Rastrigin 10n + Σ (xᵢ² − 10 cos 2πxᵢ), regular multimodal',
  tags: ['multimodal', 'nd'],
  nd: true,
  defaultDims: 2,
  domain: (n) => box(n, -5.12, 5.12),
  minimisers: (n) => {
    requireDims('rastrigin', n);
    return [filled(n, 0)];
  },
  fmin: () => 0,
  f(x: Vec): number {
    const n = x.length;
    let s = 10 * n;
    for (let i = 0; i < n; i++) {
      const xi = x[i];
      s += xi * xi - 10 * Math.cos(TWO_PI * xi);
    }
    return s;
  },
  grad(x: Vec, g: MutVec): number {
    const n = x.length;
    let s = 10 * n;
    for (let i = 0; i < n; i++) {
      const xi = x[i];
      const t = TWO_PI * xi;
      s += xi * xi - 10 * Math.cos(t);
      g[i] = 2 * xi + 10 * TWO_PI * Math.sin(t);
    }
    return s;
  },
};
