import type { MutVec, TestFunction, Vec } from './types.js';
import { box2, only2d } from './util.js';

// Branin–Hoo with the standard constants a = 1, b = 5.1/(4π²), c = 5/π, r = 6, s = 10, t = 1/(8π).
const B = 5.1 / (4 * Math.PI * Math.PI);
const C = 5 / Math.PI;
const R = 6;
const S = 10;
const T = 1 / (8 * Math.PI);

/** (y − b x² + c x − r)² + s(1 − t) cos x + s. */
export const branin: TestFunction = {
  name: 'branin',
  id: 18,
  description: 'Branin (y − 5.1x²/(4π²) + 5x/π − 6)² + 10(1 − 1/(8π)) cos x + 10, three global minima',
  tags: ['multimodal'],
  nd: false,
  defaultDims: 2,
  domain: only2d('branin', () => box2(-5, 10, 0, 15)),
  // At each minimiser the square vanishes and cos x = −1: x = −π, π, 3π and y = b x² − c x + r,
  // i.e. 12.275, 2.275, 2.475 exactly; f* = s·t = 5/(4π).
  minimisers: only2d('branin', () => [
    [-Math.PI, 12.275],
    [Math.PI, 2.275],
    [3 * Math.PI, 2.475],
  ]),
  fmin: () => 0.3978873577297383,
  f(x: Vec): number {
    const a = x[0];
    const u = x[1] - B * a * a + C * a - R;
    return u * u + S * (1 - T) * Math.cos(a) + S;
  },
  grad(x: Vec, g: MutVec): number {
    const a = x[0];
    const u = x[1] - B * a * a + C * a - R;
    g[0] = 2 * u * (C - 2 * B * a) - S * (1 - T) * Math.sin(a);
    g[1] = 2 * u;
    return u * u + S * (1 - T) * Math.cos(a) + S;
  },
};
