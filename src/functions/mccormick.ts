import type { MutVec, TestFunction, Vec } from './types.js';
import { box2, only2d } from './util.js';

// ∇f = 0 gives cos(x + y) = −½ and x − y = 1; along that line f = sin s + s/2 with s = x + y,
// whose lowest critical point in the domain is s = −2π/3. Hence x* = ½ − π/3, y* = −½ − π/3,
// f* = −√3/2 − π/3; the literals are those values correctly rounded (evaluating the expressions
// in doubles is off by an ulp).
const X_STAR = -0.5471975511965977;
const Y_STAR = -1.5471975511965979;
const F_STAR = -1.9132229549810364;

/** sin(x + y) + (x − y)² − 1.5x + 2.5y + 1. */
export const mccormick: TestFunction = {
  name: 'mccormick',
  id: 11,
  description: 'McCormick sin(x + y) + (x − y)² − 1.5x + 2.5y + 1, smooth and mild',
  tags: ['smooth'],
  nd: false,
  defaultDims: 2,
  domain: only2d('mccormick', () => box2(-1.5, 4, -3, 4)),
  minimisers: only2d('mccormick', () => [[X_STAR, Y_STAR]]),
  fmin: () => F_STAR,
  f(x: Vec): number {
    const a = x[0];
    const b = x[1];
    const d = a - b;
    return Math.sin(a + b) + d * d - 1.5 * a + 2.5 * b + 1;
  },
  grad(x: Vec, g: MutVec): number {
    const a = x[0];
    const b = x[1];
    const d = a - b;
    const c = Math.cos(a + b);
    g[0] = c + 2 * d - 1.5;
    g[1] = c - 2 * d + 2.5;
    return Math.sin(a + b) + d * d - 1.5 * a + 2.5 * b + 1;
  },
};
