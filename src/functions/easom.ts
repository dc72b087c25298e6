import type { MutVec, TestFunction, Vec } from './types.js';
import { box, only2d } from './util.js';

/** −cos x cos y exp(−((x − π)² + (y − π)²)): a narrow hole in a flat plane. */
export const easom: TestFunction = {
  name: 'easom',
  id: 17,
  description: 'Easom −cos x cos y exp(−(x−π)² − (y−π)²) (classic domain ±100, here ±10), gradient ≈ 0 almost everywhere',
  tags: ['plateau'],
  nd: false,
  defaultDims: 2,
  domain: only2d('easom', () => box(2, -10, 10)),
  minimisers: only2d('easom', () => [[Math.PI, Math.PI]]),
  fmin: () => -1,
  f(x: Vec): number {
    const a = x[0];
    const b = x[1];
    const u = a - Math.PI;
    const v = b - Math.PI;
    return -Math.cos(a) * Math.cos(b) * Math.exp(-(u * u + v * v));
  },
  grad(x: Vec, g: MutVec): number {
    const a = x[0];
    const b = x[1];
    const u = a - Math.PI;
    const v = b - Math.PI;
    const e = Math.exp(-(u * u + v * v));
    const ca = Math.cos(a);
    const cb = Math.cos(b);
    g[0] = cb * e * (Math.sin(a) + 2 * u * ca);
    g[1] = ca * e * (Math.sin(b) + 2 * v * cb);
    return -ca * cb * e;
  },
};
