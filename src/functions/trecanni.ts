import type { MutVec, TestFunction, Vec } from './types.js';
import { box, only2d } from './util.js';

/** Trecanni's function: x⁴ + 4x³ + 4x² + y², two global minima (0, 0) and (−2, 0), f* = 0. */
export const trecanni: TestFunction = {
  name: 'trecanni',
  id: 21,
  description: 'Trecanni x⁴ + 4x³ + 4x² + y², two global minima',
  tags: ['multimodal'],
  nd: false,
  defaultDims: 2,
  domain: only2d('trecanni', () => box(2, -5, 5)),
  minimisers: only2d('trecanni', () => [
    [0, 0],
    [-2, 0],
  ]),
  fmin: () => 0,
  f(x: Vec): number {
    const a = x[0];
    const b = x[1];
    const a2 = a * a;
    return a2 * a2 + 4 * a2 * a + 4 * a2 + b * b;
  },
  grad(x: Vec, g: MutVec): number {
    const a = x[0];
    const b = x[1];
    const a2 = a * a;
    g[0] = 4 * a2 * a + 12 * a2 + 8 * a;
    g[1] = 2 * b;
    return a2 * a2 + 4 * a2 * a + 4 * a2 + b * b;
  },
};
