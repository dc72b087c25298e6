import type { MutVec, TestFunction, Vec } from './types.js';
import { box, only2d } from './util.js';

const THREE_PI = 3 * Math.PI;
const FOUR_PI = 4 * Math.PI;
// d/dx 0.3·cos(3πx) = −0.9π·sin(3πx); d/dy 0.4·cos(4πy) = −1.6π·sin(4πy).
const KX = 0.3 * THREE_PI;
const KY = 0.4 * FOUR_PI;

/** Bohachevsky N.1 (Bohachevsky, Johnson & Stein 1986): x² + 2y² − 0.3 cos 3πx − 0.4 cos 4πy + 0.7. */
export const bohachevsky: TestFunction = {
  name: 'bohachevsky',
  id: 19,
  description: 'Bohachevsky N.1 x² + 2y² − 0.3cos(3πx) − 0.4cos(4πy) + 0.7, ripples on a bowl',
  tags: ['multimodal', 'bowl'],
  nd: false,
  defaultDims: 2,
  domain: only2d('bohachevsky', () => box(2, -100, 100)),
  minimisers: only2d('bohachevsky', () => [[0, 0]]),
  fmin: () => 0,
  f(x: Vec): number {
    const a = x[0];
    const b = x[1];
    return a * a + 2 * b * b - 0.3 * Math.cos(THREE_PI * a) - 0.4 * Math.cos(FOUR_PI * b) + 0.7;
  },
  grad(x: Vec, g: MutVec): number {
    const a = x[0];
    const b = x[1];
    const ta = THREE_PI * a;
    const tb = FOUR_PI * b;
    g[0] = 2 * a + KX * Math.sin(ta);
    g[1] = 4 * b + KY * Math.sin(tb);
    return a * a + 2 * b * b - 0.3 * Math.cos(ta) - 0.4 * Math.cos(tb) + 0.7;
  },
};
