import type { MutVec, TestFunction, Vec } from './types.js';
import { box, only2d } from './util.js';

/** (x² + y − 11)² + (x + y² − 7)²: four global minima, one per basin. */
export const himmelblau: TestFunction = {
  name: 'himmelblau',
  id: 7,
  description: '(x² + y − 11)² + (x + y² − 7)², four equal basins',
  tags: ['multimodal'],
  nd: false,
  defaultDims: 2,
  domain: only2d('himmelblau', () => box(2, -5, 5)),
  // (3, 2) is exact; the other three are roots of ∇f refined to 40 digits (mpmath), then rounded.
  minimisers: only2d('himmelblau', () => [
    [3, 2],
    [-2.805118086952745, 3.131312518250573],
    [-3.779310253377747, -3.2831859912861696],
    [3.5844283403304917, -1.8481265269644036],
  ]),
  fmin: () => 0,
  f(x: Vec): number {
    const a = x[0];
    const b = x[1];
    const u = a * a + b - 11;
    const v = a + b * b - 7;
    return u * u + v * v;
  },
  grad(x: Vec, g: MutVec): number {
    const a = x[0];
    const b = x[1];
    const u = a * a + b - 11;
    const v = a + b * b - 7;
    g[0] = 4 * a * u + 2 * v;
    g[1] = 2 * u + 4 * b * v;
    return u * u + v * v;
  },
};
