// Rotated ill-conditioned quadratic f(x) = ½ Σᵢ λᵢ (Qx)ᵢ², λ log-spaced from 1 to cond.
// Its Hessian QᵀΛQ has condition number exactly cond, and the rotation keeps the long axis
// off the coordinate axes, so per-coordinate methods (Adam, RMSprop) cannot just rescale it.
//
// Q is a sweep of Givens rotations by the same fixed angle π/6 in the planes (0,1), (1,2), …,
// (n−2, n−1), applied in that order: Q = G_{n−2} ⋯ G_1 G_0. In 2-D this is the plain rotation by
// π/6. The sweep is applied on the fly in O(n): after rotation i, component i is final, so f
// needs no scratch buffer; grad writes Qx into g, scales by Λ and applies Qᵀ in place.
import type { FunctionKernel, MutVec, TestFunction, Vec } from './types.js';
import { box, filled, requireDims } from './util.js';

export const QUADRATIC_ID = 2;

const ANGLE = Math.PI / 6;
const C = Math.cos(ANGLE);
const S = Math.sin(ANGLE);

/**
 * A rotated quadratic with condition number `cond` (≥ 1). The registry holds the cond = 100
 * instance under "quadratic" (id 2). Every instance carries its `kernel`: the family's kernel id
 * (2, whatever id the instance is given) and the parameter block that tells the kernel its λ.
 */
export function makeRotatedQuadratic(
  cond: number,
  name = 'quadratic',
  id = QUADRATIC_ID,
): TestFunction & { readonly cond: number; readonly kernel: FunctionKernel } {
  if (!(cond >= 1) || !Number.isFinite(cond)) throw new Error(`condition number must be finite and ≥ 1, got ${cond}`);
  // λ per dimension, computed once per n (Math.pow in the hot loop would dominate).
  const lambdasByDim: Float64Array[] = [];
  const lambdas = (n: number): Float64Array => {
    let l = lambdasByDim[n];
    if (l === undefined) {
      l = new Float64Array(n);
      for (let i = 0; i < n; i++) l[i] = n === 1 ? 1 : Math.pow(cond, i / (n - 1));
      lambdasByDim[n] = l;
    }
    return l;
  };

  /** ½ Σ λᵢ (Qx)ᵢ², the sweep applied on the fly; with g, also g ← Λ Q x (grad's first half). */
  const halfWeightedSquares = (x: Vec, g?: MutVec): number => {
    const n = x.length;
    const lam = lambdas(n);
    let carry = x[0];
    let s = 0;
    for (let i = 0; i < n - 1; i++) {
      const b = x[i + 1];
      const yi = C * carry - S * b;
      carry = S * carry + C * b;
      s += lam[i] * yi * yi;
      if (g) g[i] = lam[i] * yi;
    }
    s += lam[n - 1] * carry * carry;
    if (g) g[n - 1] = lam[n - 1] * carry;
    return 0.5 * s;
  };

  // assembly/functions.ts reads [cos π/6, sin π/6, λ_0 … λ_{n−1}], computed as f computes them
  const kernel: FunctionKernel = {
    id: QUADRATIC_ID,
    params(n: number): Float64Array {
      const out = new Float64Array(2 + n);
      out[0] = C;
      out[1] = S;
      out.set(lambdas(n), 2);
      return out;
    },
  };
  return {
    name,
    id,
    /** The condition number. */
    cond,
    kernel,
    description: `rotated quadratic ½ Σ λᵢ (Qx)ᵢ², λ log-spaced 1 … ${cond} (condition number ${cond})`,
    tags: ['ill-conditioned', 'convex', 'nd'],
    nd: true,
    defaultDims: 2,
    domain: (n) => box(n, -5, 5),
    minimisers: (n) => {
      requireDims(name, n);
      return [filled(n, 0)];
    },
    fmin: () => 0,
    f(x: Vec): number {
      return halfWeightedSquares(x);
    },
    grad(x: Vec, g: MutVec): number {
      const n = x.length;
      const f = halfWeightedSquares(x, g);
      // g ← Qᵀ g = G_0ᵀ ⋯ G_{n−2}ᵀ g: undo the sweep from the last plane back to the first.
      for (let i = n - 2; i >= 0; i--) {
        const a = g[i];
        const b = g[i + 1];
        g[i] = C * a + S * b;
        g[i + 1] = C * b - S * a;
      }
      return f;
    },
  };
}

export const quadratic: TestFunction = makeRotatedQuadratic(100);
