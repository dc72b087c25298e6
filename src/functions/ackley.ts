import type { MutVec, TestFunction, Vec } from './types.js';
import { box, filled, requireDims } from './util.js';

const A = 20;
const B = 0.2;
const C = 2 * Math.PI;

/** r = √(Σxᵢ²/n) and Σ cos(c xᵢ)/n: the two sums f and grad both start from. */
function radiusAndMeanCos(x: Vec): { r: number; meanCos: number } {
  const n = x.length;
  let sumSq = 0;
  let sumCos = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    sumSq += xi * xi;
    sumCos += Math.cos(C * xi);
  }
  return { r: Math.sqrt(sumSq / n), meanCos: sumCos / n };
}

/**
 * Ackley: −a exp(−b √(Σxᵢ²/n)) − exp(Σ cos(c xᵢ)/n) + a + e, with a = 20, b = 0.2, c = 2π.
 * Written as a·(1 − exp(−b r)) + (e − exp(·)), with expm1 for the first part, so f(0) is exactly 0
 * and small values near the minimum keep their relative precision.
 *
 * Not differentiable at x = 0: the first term is a cone in r = ‖x‖/√n there. grad returns 0
 * for that term at r = 0, which lies in the cone's subdifferential (a ball around 0), and the
 * second term's gradient is 0 there anyway, so grad(0) = 0.
 */
export const ackley: TestFunction = {
  name: 'ackley',
  id: 14,
  description: 'Ackley (a = 20, b = 0.2, c = 2π; classic domain ±32.768, here ±5), flat outside, funnel',
  tags: ['multimodal', 'funnel', 'plateau', 'nd'],
  nd: true,
  defaultDims: 2,
  domain: (n) => box(n, -5, 5),
  minimisers: (n) => {
    requireDims('ackley', n);
    return [filled(n, 0)];
  },
  fmin: () => 0,
  f(x: Vec): number {
    const { r, meanCos } = radiusAndMeanCos(x);
    return -A * Math.expm1(-B * r) + (Math.E - Math.exp(meanCos));
  },
  grad(x: Vec, g: MutVec): number {
    const n = x.length;
    const { r, meanCos } = radiusAndMeanCos(x);
    const em1 = Math.expm1(-B * r);
    const eCos = Math.exp(meanCos);
    // ∂/∂xᵢ of −a e^{−b r} is a b e^{−b r} xᵢ / (n r); use the subgradient 0 at r = 0 (see above).
    const kRadial = r > 0 ? (A * B * (1 + em1)) / (n * r) : 0;
    const kCos = (C * eCos) / n;
    for (let i = 0; i < n; i++) {
      const xi = x[i];
      g[i] = kRadial * xi + kCos * Math.sin(C * xi);
    }
    return -A * em1 + (Math.E - eCos);
  },
};
