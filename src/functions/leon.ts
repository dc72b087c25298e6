import type { MutVec, TestFunction, Vec } from './types.js';
import { box, only2d } from './util.js';

/** Leon's function (Lavi & Vogl 1966): 100(y − x³)² + (1 − x)², a cubic valley; minimum at (1, 1). */
export const leon: TestFunction = {
  name: 'leon',
  id: 20,
  description: 'Leon 100(y − x³)² + (1 − x)², curved cubic valley',
  tags: ['valley'],
  nd: false,
  defaultDims: 2,
  domain: only2d('leon', () => box(2, -1.2, 1.2)),
  minimisers: only2d('leon', () => [[1, 1]]),
  fmin: () => 0,
  f(x: Vec): number {
    const a = x[0];
    const u = x[1] - a * a * a;
    const o = 1 - a;
    return 100 * u * u + o * o;
  },
  grad(x: Vec, g: MutVec): number {
    const a = x[0];
    const u = x[1] - a * a * a;
    const o = 1 - a;
    g[0] = -600 * a * a * u - 2 * o;
    g[1] = 200 * u;
    return 100 * u * u + o * o;
  },
};
