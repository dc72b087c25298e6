import type { MutVec, TestFunction, Vec } from './types.js';
import { box, filled, requireDims } from './util.js';

/** Zakharov: Σ xᵢ² + S² + S⁴ with S = Σ 0.5·i·xᵢ (i from 1): a plate bent by a quartic along one
 *  direction; minimum 0 at the origin. */
export const zakharov: TestFunction = {
  name: 'zakharov',
  id: 22,
  description: 'Zakharov Σ xᵢ² + S² + S⁴, S = Σ 0.5·i·xᵢ, quartic plate',
  tags: ['bowl', 'convex', 'nd'],
  nd: true,
  defaultDims: 2,
  domain: (n) => box(n, -5, 10),
  minimisers: (n) => {
    requireDims('zakharov', n);
    return [filled(n, 0)];
  },
  fmin: () => 0,
  f(x: Vec): number {
    let sq = 0;
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i];
      sq += xi * xi;
      s += 0.5 * (i + 1) * xi;
    }
    const s2 = s * s;
    return sq + s2 + s2 * s2;
  },
  grad(x: Vec, g: MutVec): number {
    const n = x.length;
    let sq = 0;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i];
      sq += xi * xi;
      s += 0.5 * (i + 1) * xi;
    }
    const s2 = s * s;
    // d(S² + S⁴)/dS = 2S + 4S³; dS/dxᵢ = 0.5·i.
    const k = 2 * s + 4 * s2 * s;
    for (let i = 0; i < n; i++) g[i] = 2 * x[i] + k * (0.5 * (i + 1));
    return sq + s2 + s2 * s2;
  },
};
