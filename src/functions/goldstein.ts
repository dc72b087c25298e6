import type { MutVec, TestFunction, Vec } from './types.js';
import { box, only2d } from './util.js';

/**
 * Goldstein–Price: A·B with
 *   A = 1 + (x + y + 1)² (19 − 14x + 3x² − 14y + 6xy + 3y²),
 *   B = 30 + (2x − 3y)² (18 − 32x + 12x² + 48y − 36xy + 27y²).
 * Values span 3 … ~1e6 on ±2: a test of scale robustness.
 */
/** The four factors of A = 1 + p²q and B = 30 + r²s, which f and grad both start from. */
function factors(a: number, b: number): { p: number; q: number; r: number; s: number } {
  return {
    p: a + b + 1,
    q: 19 - 14 * a + 3 * a * a - 14 * b + 6 * a * b + 3 * b * b,
    r: 2 * a - 3 * b,
    s: 18 - 32 * a + 12 * a * a + 48 * b - 36 * a * b + 27 * b * b,
  };
}

export const goldsteinPrice: TestFunction = {
  name: 'goldstein',
  id: 10,
  description: 'Goldstein–Price, f* = 3, values up to ~1e6 (huge dynamic range)',
  tags: ['multimodal', 'dynamic-range'],
  nd: false,
  defaultDims: 2,
  domain: only2d('goldstein', () => box(2, -2, 2)),
  minimisers: only2d('goldstein', () => [[0, -1]]),
  fmin: () => 3,
  f(x: Vec): number {
    const { p, q, r, s } = factors(x[0], x[1]);
    return (1 + p * p * q) * (30 + r * r * s);
  },
  grad(x: Vec, g: MutVec): number {
    const a = x[0];
    const b = x[1];
    const { p, q, r, s } = factors(a, b);
    const p2 = p * p;
    const r2 = r * r;
    const A = 1 + p2 * q;
    const B = 30 + r2 * s;
    // ∂q/∂x = ∂q/∂y, and ∂p/∂x = ∂p/∂y = 1, so A has the same partial in x and y.
    const dA = 2 * p * q + p2 * (-14 + 6 * a + 6 * b);
    const dBdx = 4 * r * s + r2 * (-32 + 24 * a - 36 * b);
    const dBdy = -6 * r * s + r2 * (48 - 36 * a + 54 * b);
    g[0] = dA * B + A * dBdx;
    g[1] = dA * B + A * dBdy;
    return A * B;
  },
};
