import type { MutVec, TestFunction, Vec } from './types.js';
import { box, only2d } from './util.js';

/** (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²: flat plateaus, steep edges. */
export const beale: TestFunction = {
  name: 'beale',
  id: 4,
  description: '(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)², plateaus and sharp edges',
  tags: ['plateau', 'sharp'],
  nd: false,
  defaultDims: 2,
  domain: only2d('beale', () => box(2, -4.5, 4.5)),
  minimisers: only2d('beale', () => [[3, 0.5]]),
  fmin: () => 0,
  // f and grad compute the terms in the same order (a · (y²·y), as the kernel does): f(x) and the
  // value returned with the gradient are the same double, on every engine.
  f(x: Vec): number {
    const a = x[0];
    const y = x[1];
    const y2 = y * y;
    const y3 = y2 * y;
    const t1 = 1.5 - a + a * y;
    const t2 = 2.25 - a + a * y2;
    const t3 = 2.625 - a + a * y3;
    return t1 * t1 + t2 * t2 + t3 * t3;
  },
  grad(x: Vec, g: MutVec): number {
    const a = x[0];
    const y = x[1];
    const y2 = y * y;
    const y3 = y2 * y;
    const t1 = 1.5 - a + a * y;
    const t2 = 2.25 - a + a * y2;
    const t3 = 2.625 - a + a * y3;
    g[0] = 2 * (t1 * (y - 1) + t2 * (y2 - 1) + t3 * (y3 - 1));
    g[1] = 2 * a * (t1 + 2 * y * t2 + 3 * y2 * t3);
    return t1 * t1 + t2 * t2 + t3 * t3;
  },
};
