import type { MutVec, TestFunction, Vec } from './types.js';
import { box, filled, requireDims } from './util.js';

const PI = Math.PI;
const TWO_PI = 2 * Math.PI;

/** Levy (n-D; not Lévi N.13): with wᵢ = 1 + (xᵢ − 1)/4,
 *  sin²(πw₁) + Σᵢ₌₁ⁿ⁻¹ (wᵢ − 1)²(1 + 10 sin²(πwᵢ + 1)) + (wₙ − 1)²(1 + sin²(2πwₙ)); minimum 0 at
 *  (1, …, 1). */
export const levy: TestFunction = {
  name: 'levy',
  id: 25,
  description: 'Levy (n-D) sin²(πw₁) + Σ (wᵢ−1)²(1 + 10sin²(πwᵢ+1)) + …, w = 1 + (x−1)/4, multimodal',
  tags: ['multimodal', 'nd'],
  nd: true,
  defaultDims: 2,
  domain: (n) => box(n, -10, 10),
  minimisers: (n) => {
    requireDims('levy', n);
    return [filled(n, 1)];
  },
  fmin: () => 0,
  f(x: Vec): number {
    const n = x.length;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const w = 1 + (x[i] - 1) / 4;
      const u = w - 1;
      if (i === 0) {
        const st = Math.sin(PI * w);
        s += st * st;
      }
      const st = i < n - 1 ? Math.sin(PI * w + 1) : Math.sin(TWO_PI * w);
      s += u * u * (i < n - 1 ? 1 + 10 * st * st : 1 + st * st);
    }
    return s;
  },
  grad(x: Vec, g: MutVec): number {
    const n = x.length;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const w = 1 + (x[i] - 1) / 4;
      const u = w - 1;
      let gw = 0; // ∂f/∂wᵢ; ∂wᵢ/∂xᵢ = 1/4
      if (i === 0) {
        const t = PI * w;
        const st = Math.sin(t);
        s += st * st;
        gw += 2 * PI * st * Math.cos(t);
      }
      if (i < n - 1) {
        const t = PI * w + 1;
        const st = Math.sin(t);
        const p = 1 + 10 * st * st;
        s += u * u * p;
        gw += 2 * u * p + u * u * 20 * PI * st * Math.cos(t);
      } else {
        const t = TWO_PI * w;
        const st = Math.sin(t);
        const p = 1 + st * st;
        s += u * u * p;
        gw += 2 * u * p + u * u * 4 * PI * st * Math.cos(t);
      }
      g[i] = gw / 4;
    }
    return s;
  },
};
