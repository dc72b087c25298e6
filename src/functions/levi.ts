import type { MutVec, TestFunction, Vec } from './types.js';
import { box, only2d } from './util.js';

const THREE_PI = 3 * Math.PI;
const TWO_PI = 2 * Math.PI;

/** Lévi N.13: sin²(3πx) + (x − 1)²(1 + sin²(3πy)) + (y − 1)²(1 + sin²(2πy)). */
export const levi13: TestFunction = {
  name: 'levi',
  id: 15,
  description: 'Lévi N.13 sin²(3πx) + (x−1)²(1 + sin²(3πy)) + (y−1)²(1 + sin²(2πy)), multimodal',
  tags: ['multimodal'],
  nd: false,
  defaultDims: 2,
  domain: only2d('levi', () => box(2, -10, 10)),
  minimisers: only2d('levi', () => [[1, 1]]),
  fmin: () => 0,
  f(x: Vec): number {
    const a = x[0];
    const b = x[1];
    const s3x = Math.sin(THREE_PI * a);
    const s3y = Math.sin(THREE_PI * b);
    const s2y = Math.sin(TWO_PI * b);
    const u = a - 1;
    const v = b - 1;
    return s3x * s3x + u * u * (1 + s3y * s3y) + v * v * (1 + s2y * s2y);
  },
  grad(x: Vec, g: MutVec): number {
    const a = x[0];
    const b = x[1];
    const s3x = Math.sin(THREE_PI * a);
    const c3x = Math.cos(THREE_PI * a);
    const s3y = Math.sin(THREE_PI * b);
    const c3y = Math.cos(THREE_PI * b);
    const s2y = Math.sin(TWO_PI * b);
    const c2y = Math.cos(TWO_PI * b);
    const u = a - 1;
    const v = b - 1;
    const py = 1 + s3y * s3y;
    const qy = 1 + s2y * s2y;
    // d/dt sin²(kt) = 2k sin(kt) cos(kt).
    g[0] = 2 * THREE_PI * s3x * c3x + 2 * u * py;
    g[1] = u * u * 2 * THREE_PI * s3y * c3y + 2 * v * qy + v * v * 2 * TWO_PI * s2y * c2y;
    return s3x * s3x + u * u * py + v * v * qy;
  },
};
