import type { MutVec, TestFunction, Vec } from './types.js';
import { box, filled, requireDims } from './util.js';

// Each coordinate's minimiser is the negative root of ½(4x³ − 32x + 5) = 0, refined to 40 digits
// (mpmath) and rounded; f* per coordinate is ½(x⁴ − 16x² + 5x) there, also rounded from 40 digits.
const X_STAR = -2.903534027771177;
const F_STAR_PER_DIM = -39.16616570377141;

/** ½ Σ (xᵢ⁴ − 16xᵢ² + 5xᵢ): 2ⁿ local minima, one global at xᵢ ≈ −2.9035. */
export const styblinskiTang: TestFunction = {
  name: 'styblinski',
  id: 12,
  description: 'Styblinski–Tang ½ Σ (xᵢ⁴ − 16xᵢ² + 5xᵢ), 2ⁿ local minima',
  tags: ['multimodal', 'nd'],
  nd: true,
  defaultDims: 2,
  domain: (n) => box(n, -5, 5),
  minimisers: (n) => {
    requireDims('styblinski', n);
    return [filled(n, X_STAR)];
  },
  fmin: (n) => F_STAR_PER_DIM * n,
  f(x: Vec): number {
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i];
      const x2 = xi * xi;
      s += x2 * (x2 - 16) + 5 * xi;
    }
    return 0.5 * s;
  },
  grad(x: Vec, g: MutVec): number {
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i];
      const x2 = xi * xi;
      s += x2 * (x2 - 16) + 5 * xi;
      g[i] = xi * (2 * x2 - 16) + 2.5;
    }
    return 0.5 * s;
  },
};
