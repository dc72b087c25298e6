import type { MutVec, TestFunction, Vec } from './types.js';
import { box, only2d } from './util.js';

/** 0.26 (x² + y²) − 0.48 xy: a nearly flat convex plate along the diagonal. */
export const matyas: TestFunction = {
  name: 'matyas',
  id: 6,
  description: '0.26(x² + y²) − 0.48xy, flat convex plate',
  tags: ['plateau', 'convex'],
  nd: false,
  defaultDims: 2,
  domain: only2d('matyas', () => box(2, -10, 10)),
  minimisers: only2d('matyas', () => [[0, 0]]),
  fmin: () => 0,
  f(x: Vec): number {
    const a = x[0];
    const b = x[1];
    return 0.26 * (a * a + b * b) - 0.48 * a * b;
  },
  grad(x: Vec, g: MutVec): number {
    const a = x[0];
    const b = x[1];
    g[0] = 0.52 * a - 0.48 * b;
    g[1] = 0.52 * b - 0.48 * a;
    return 0.26 * (a * a + b * b) - 0.48 * a * b;
  },
};
