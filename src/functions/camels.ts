// The camel family: three-hump (one global, two local minima) and six-hump (two global, four local).
import type { MutVec, TestFunction, Vec } from './types.js';
import { box, box2, only2d } from './util.js';

/** 2x² − 1.05x⁴ + x⁶/6 + xy + y². */
export const threeHumpCamel: TestFunction = {
  name: 'threehump',
  id: 8,
  description: 'three-hump camel 2x² − 1.05x⁴ + x⁶/6 + xy + y², two local minima',
  tags: ['multimodal'],
  nd: false,
  defaultDims: 2,
  domain: only2d('threehump', () => box(2, -5, 5)),
  minimisers: only2d('threehump', () => [[0, 0]]),
  fmin: () => 0,
  f(x: Vec): number {
    const a = x[0];
    const b = x[1];
    const a2 = a * a;
    return a2 * (2 - 1.05 * a2 + (a2 * a2) / 6) + a * b + b * b;
  },
  grad(x: Vec, g: MutVec): number {
    const a = x[0];
    const b = x[1];
    const a2 = a * a;
    g[0] = a * (4 - 4.2 * a2 + a2 * a2) + b;
    g[1] = a + 2 * b;
    return a2 * (2 - 1.05 * a2 + (a2 * a2) / 6) + a * b + b * b;
  },
};

/** (4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y². */
export const sixHumpCamel: TestFunction = {
  name: 'sixhump',
  id: 9,
  description: 'six-hump camel (4 − 2.1x² + x⁴/3)x² + xy + (4y² − 4)y², 2 global + 4 local minima',
  tags: ['multimodal'],
  nd: false,
  defaultDims: 2,
  domain: only2d('sixhump', () => box2(-3, 3, -2, 2)),
  // Roots of ∇f refined to 40 digits (mpmath), then rounded to double. The often-quoted
  // (0.08984201368301331, −0.7126564032704135) is off in the 9th digit.
  minimisers: only2d('sixhump', () => [
    [0.08984201310031806, -0.7126564030207396],
    [-0.08984201310031806, 0.7126564030207396],
  ]),
  fmin: () => -1.0316284534898774,
  f(x: Vec): number {
    const a = x[0];
    const b = x[1];
    const a2 = a * a;
    const b2 = b * b;
    return (4 - 2.1 * a2 + (a2 * a2) / 3) * a2 + a * b + (4 * b2 - 4) * b2;
  },
  grad(x: Vec, g: MutVec): number {
    const a = x[0];
    const b = x[1];
    const a2 = a * a;
    const b2 = b * b;
    g[0] = a * (8 - 8.4 * a2 + 2 * a2 * a2) + b;
    g[1] = a + b * (16 * b2 - 8);
    return (4 - 2.1 * a2 + (a2 * a2) / 3) * a2 + a * b + (4 * b2 - 4) * b2;
  },
};
