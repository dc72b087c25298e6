// The problem generator's transformed functions (src/train/problems.ts transformedFunction):
//   h(x) = c·f(y)  or  log1p(c·max(f(y) − f*, 0)),   y = R·(a ⊙ x) + b,
//   ∇h(x) = scale · a ⊙ (Rᵀ ∇f(y)),   scale = c  or  c / (1 + c·max(f(y) − f*, 0)).
// The base function's kernel (functions.ts) runs on y in a small scratch; every sum is taken in
// the TS loops' order, so h and ∇h are the same doubles as the TS closure's:
//   forward   y_k = b_k + Σ_{i = 0..n−1} (R_ki·a_i)·x_i   (R_ki·a_i is M_ki, precomputed by the host
//             with the same JS product: the TS evaluates `R[k·n + i] * a[i] * x[i]` left to right)
//   backward  s_i = 0 + Σ_{k = 0..n−1} R_ki·gy_k,  g_i = (scale·a_i)·s_i
//
// Transform block (f64, written by the host, src/engine/kernelParams.ts transformParams):
//   [c, log (1/0), f*, M (n×n row-major), R (n×n row-major), a (n), b (n)]
import { vadd, vsub, vmul, vdiv, vmax, vsplat, vload, vstore, vloadSplat } from './lanes';
import { vlog1p } from './math';
import { evalFG } from './generated/functions';

/** f64 values of the transform block for dimension n. */
export function transformBlockLength(n: i32): i32 {
  return 3 + 2 * n * n + 2 * n;
}

/**
 * h(x) and ∇h(x) of one lane group: the base function `id` (with its parameter block) seen
 * through the transform at `tf`, or the plain function when tf = 0. `scratch` holds 2·n lanes
 * (y, then ∇f(y)) of sizeof<T>() bytes each.
 */
// @ts-ignore: decorator
@inline export function evalObjective<T>(
  id: i32, n: i32, stride: usize, x: usize, g: usize, params: usize, tf: usize, scratch: usize,
): T {
  if (tf == 0) return evalFG<T>(id, n, stride, x, g, params);
  return evalTransformed<T>(id, n, stride, x, g, params, tf, scratch);
}

function evalTransformed<T>(id: i32, n: i32, stride: usize, x: usize, g: usize, params: usize, tf: usize, scratch: usize): T {
  const size = <usize>sizeof<T>();
  const nn = <usize>(n * n) << 3;
  const M = tf + 24;
  const R = M + nn;
  const a = R + nn;
  const b = a + (<usize>n << 3);
  const y = scratch;
  const gy = scratch + <usize>n * size;

  for (let k = 0; k < n; k++) {
    const row = M + (<usize>(k * n) << 3);
    let s = vloadSplat<T>(b + (<usize>k << 3));
    for (let i = 0; i < n; i++) s = vadd<T>(s, vmul<T>(vloadSplat<T>(row + (<usize>i << 3)), vload<T>(x + <usize>i * stride)));
    vstore<T>(y + <usize>k * size, s);
  }

  const f = evalFG<T>(id, n, size, y, gy, params);

  const c = vloadSplat<T>(tf);
  let scale: T;
  let h: T;
  if (load<f64>(tf + 8) != 0) {
    // TS: Math.max(f − fmin, 0) (NaN stays NaN, −0 becomes +0: wasm's max is Math.max)
    const cd = vmul<T>(c, vmax<T>(vsub<T>(f, vloadSplat<T>(tf + 16)), vsplat<T>(0)));
    scale = vdiv<T>(c, vadd<T>(vsplat<T>(1), cd));
    h = vlog1p<T>(cd);
  } else {
    scale = c;
    h = vmul<T>(c, f);
  }

  for (let i = 0; i < n; i++) {
    let s = vsplat<T>(0);
    for (let k = 0; k < n; k++) {
      s = vadd<T>(s, vmul<T>(vloadSplat<T>(R + (<usize>(k * n + i) << 3)), vload<T>(gy + <usize>k * size)));
    }
    vstore<T>(g + <usize>i * stride, vmul<T>(vmul<T>(scale, vloadSplat<T>(a + (<usize>i << 3))), s));
  }
  return h;
}
