import type { MutVec, TestFunction, Vec } from './types.js';
import { box, only2d } from './util.js';

/** (x + 2y − 7)² + (2x + y − 5)²: a convex plate; minimum at (1, 3). */
export const booth: TestFunction = {
  name: 'booth',
  id: 5,
  description: '(x + 2y − 7)² + (2x + y − 5)², convex plate',
  tags: ['bowl', 'convex'],
  nd: false,
  defaultDims: 2,
  domain: only2d('booth', () => box(2, -10, 10)),
  minimisers: only2d('booth', () => [[1, 3]]),
  fmin: () => 0,
  f(x: Vec): number {
    const u = x[0] + 2 * x[1] - 7;
    const v = 2 * x[0] + x[1] - 5;
    return u * u + v * v;
  },
  grad(x: Vec, g: MutVec): number {
    const u = x[0] + 2 * x[1] - 7;
    const v = 2 * x[0] + x[1] - 5;
    g[0] = 2 * u + 4 * v;
    g[1] = 4 * u + 2 * v;
    return u * u + v * v;
  },
};
