// Every test function's value and gradient: one exported kernel per function of src/functions,
// named after it (scripts/kernel-dispatch.mjs generates the dispatch on ids, generated/functions.ts,
// and passes each kernel the arguments its parameters name: n, stride, x, g, params).
// Each one mirrors its TS twin operation for operation (same association, same constants), so
// with math.ts matching V8's Math.* the two agree bit for bit.
//
// Layout: structure of arrays. `x` points at coordinate 0 of the current lane group (one run
// for T = f64, two adjacent runs for T = v128); coordinate i is `stride` bytes further on
// (stride = 8·N). The gradient is written with the same layout; the value is returned.
import {
  vadd, vsub, vmul, vdiv, vneg, vsqrt, vsplat, vload, vstore, vloadSplat, vgt, vsel, vabs,
} from './lanes';
import { vexp, vexpm1, vsincos, sinOut, cosOut, vcos } from './math';

const PI = Math.PI;
const TWO_PI = 2 * PI;
const THREE_PI = 3 * PI;
const EULER_E = Math.E;

// @ts-ignore: decorator
@inline function c<T>(v: f64): T {
  return vsplat<T>(v);
}

export function sphere<T>(n: i32, stride: usize, x: usize, g: usize): T {
  let s = c<T>(0);
  for (let i = 0; i < n; i++) {
    const off = <usize>i * stride;
    const xi = vload<T>(x + off);
    s = vadd<T>(s, vmul<T>(xi, xi));
    vstore<T>(g + off, vmul<T>(c<T>(2), xi));
  }
  return s;
}

export function quadratic<T>(n: i32, stride: usize, x: usize, g: usize, params: usize): T {
  const C = vloadSplat<T>(params);
  const S = vloadSplat<T>(params + 8);
  const lam = params + 16;
  let carry = vload<T>(x);
  let s = c<T>(0);
  for (let i = 0; i < n - 1; i++) {
    const b = vload<T>(x + <usize>(i + 1) * stride);
    const yi = vsub<T>(vmul<T>(C, carry), vmul<T>(S, b));
    carry = vadd<T>(vmul<T>(S, carry), vmul<T>(C, b));
    const li = vloadSplat<T>(lam + (<usize>i << 3));
    s = vadd<T>(s, vmul<T>(vmul<T>(li, yi), yi));
    vstore<T>(g + <usize>i * stride, vmul<T>(li, yi));
  }
  const last = vloadSplat<T>(lam + (<usize>(n - 1) << 3));
  s = vadd<T>(s, vmul<T>(vmul<T>(last, carry), carry));
  vstore<T>(g + <usize>(n - 1) * stride, vmul<T>(last, carry));
  // g ← Qᵀ g: undo the rotation sweep from the last plane back to the first.
  for (let i = n - 2; i >= 0; i--) {
    const pa = g + <usize>i * stride;
    const pb = pa + stride;
    const a = vload<T>(pa);
    const b = vload<T>(pb);
    vstore<T>(pa, vadd<T>(vmul<T>(C, a), vmul<T>(S, b)));
    vstore<T>(pb, vsub<T>(vmul<T>(C, b), vmul<T>(S, a)));
  }
  return vmul<T>(c<T>(0.5), s);
}

export function rosenbrock<T>(n: i32, stride: usize, x: usize, g: usize): T {
  let s = c<T>(0);
  vstore<T>(g, c<T>(0));
  for (let i = 0; i < n - 1; i++) {
    const off = <usize>i * stride;
    const xi = vload<T>(x + off);
    const d = vsub<T>(vload<T>(x + off + stride), vmul<T>(xi, xi));
    const o = vsub<T>(c<T>(1), xi);
    s = vadd<T>(s, vadd<T>(vmul<T>(vmul<T>(c<T>(100), d), d), vmul<T>(o, o)));
    const gi = vsub<T>(vmul<T>(vmul<T>(c<T>(-400), xi), d), vmul<T>(c<T>(2), o));
    vstore<T>(g + off, vadd<T>(vload<T>(g + off), gi));
    vstore<T>(g + off + stride, vmul<T>(c<T>(200), d));
  }
  return s;
}

export function beale<T>(stride: usize, x: usize, g: usize): T {
  const a = vload<T>(x);
  const y = vload<T>(x + stride);
  const y2 = vmul<T>(y, y);
  const y3 = vmul<T>(y2, y);
  const t1 = vadd<T>(vsub<T>(c<T>(1.5), a), vmul<T>(a, y));
  const t2 = vadd<T>(vsub<T>(c<T>(2.25), a), vmul<T>(a, y2));
  const t3 = vadd<T>(vsub<T>(c<T>(2.625), a), vmul<T>(a, y3));
  const one = c<T>(1);
  const sum0 = vadd<T>(
    vadd<T>(vmul<T>(t1, vsub<T>(y, one)), vmul<T>(t2, vsub<T>(y2, one))),
    vmul<T>(t3, vsub<T>(y3, one)),
  );
  vstore<T>(g, vmul<T>(c<T>(2), sum0));
  const sum1 = vadd<T>(
    vadd<T>(t1, vmul<T>(vmul<T>(c<T>(2), y), t2)),
    vmul<T>(vmul<T>(c<T>(3), y2), t3),
  );
  vstore<T>(g + stride, vmul<T>(vmul<T>(c<T>(2), a), sum1));
  return vadd<T>(vadd<T>(vmul<T>(t1, t1), vmul<T>(t2, t2)), vmul<T>(t3, t3));
}

export function booth<T>(stride: usize, x: usize, g: usize): T {
  const a = vload<T>(x);
  const b = vload<T>(x + stride);
  const u = vsub<T>(vadd<T>(a, vmul<T>(c<T>(2), b)), c<T>(7));
  const v = vsub<T>(vadd<T>(vmul<T>(c<T>(2), a), b), c<T>(5));
  vstore<T>(g, vadd<T>(vmul<T>(c<T>(2), u), vmul<T>(c<T>(4), v)));
  vstore<T>(g + stride, vadd<T>(vmul<T>(c<T>(4), u), vmul<T>(c<T>(2), v)));
  return vadd<T>(vmul<T>(u, u), vmul<T>(v, v));
}

export function matyas<T>(stride: usize, x: usize, g: usize): T {
  const a = vload<T>(x);
  const b = vload<T>(x + stride);
  vstore<T>(g, vsub<T>(vmul<T>(c<T>(0.52), a), vmul<T>(c<T>(0.48), b)));
  vstore<T>(g + stride, vsub<T>(vmul<T>(c<T>(0.52), b), vmul<T>(c<T>(0.48), a)));
  return vsub<T>(vmul<T>(c<T>(0.26), vadd<T>(vmul<T>(a, a), vmul<T>(b, b))), vmul<T>(vmul<T>(c<T>(0.48), a), b));
}

export function himmelblau<T>(stride: usize, x: usize, g: usize): T {
  const a = vload<T>(x);
  const b = vload<T>(x + stride);
  const u = vsub<T>(vadd<T>(vmul<T>(a, a), b), c<T>(11));
  const v = vsub<T>(vadd<T>(a, vmul<T>(b, b)), c<T>(7));
  vstore<T>(g, vadd<T>(vmul<T>(vmul<T>(c<T>(4), a), u), vmul<T>(c<T>(2), v)));
  vstore<T>(g + stride, vadd<T>(vmul<T>(c<T>(2), u), vmul<T>(vmul<T>(c<T>(4), b), v)));
  return vadd<T>(vmul<T>(u, u), vmul<T>(v, v));
}

export function threehump<T>(stride: usize, x: usize, g: usize): T {
  const a = vload<T>(x);
  const b = vload<T>(x + stride);
  const a2 = vmul<T>(a, a);
  const a4 = vmul<T>(a2, a2);
  vstore<T>(g, vadd<T>(vmul<T>(a, vadd<T>(vsub<T>(c<T>(4), vmul<T>(c<T>(4.2), a2)), a4)), b));
  vstore<T>(g + stride, vadd<T>(a, vmul<T>(c<T>(2), b)));
  const poly = vadd<T>(vsub<T>(c<T>(2), vmul<T>(c<T>(1.05), a2)), vdiv<T>(a4, c<T>(6)));
  return vadd<T>(vadd<T>(vmul<T>(a2, poly), vmul<T>(a, b)), vmul<T>(b, b));
}

export function sixhump<T>(stride: usize, x: usize, g: usize): T {
  const a = vload<T>(x);
  const b = vload<T>(x + stride);
  const a2 = vmul<T>(a, a);
  const b2 = vmul<T>(b, b);
  const inner = vadd<T>(vsub<T>(c<T>(8), vmul<T>(c<T>(8.4), a2)), vmul<T>(vmul<T>(c<T>(2), a2), a2));
  vstore<T>(g, vadd<T>(vmul<T>(a, inner), b));
  vstore<T>(g + stride, vadd<T>(a, vmul<T>(b, vsub<T>(vmul<T>(c<T>(16), b2), c<T>(8)))));
  const pa = vadd<T>(vsub<T>(c<T>(4), vmul<T>(c<T>(2.1), a2)), vdiv<T>(vmul<T>(a2, a2), c<T>(3)));
  const pb = vmul<T>(vsub<T>(vmul<T>(c<T>(4), b2), c<T>(4)), b2);
  return vadd<T>(vadd<T>(vmul<T>(pa, a2), vmul<T>(a, b)), pb);
}

export function goldstein<T>(stride: usize, x: usize, g: usize): T {
  const a = vload<T>(x);
  const b = vload<T>(x + stride);
  const p = vadd<T>(vadd<T>(a, b), c<T>(1));
  // q = 19 − 14a + 3a·a − 14b + 6a·b + 3b·b, left to right
  let q = vsub<T>(c<T>(19), vmul<T>(c<T>(14), a));
  q = vadd<T>(q, vmul<T>(vmul<T>(c<T>(3), a), a));
  q = vsub<T>(q, vmul<T>(c<T>(14), b));
  q = vadd<T>(q, vmul<T>(vmul<T>(c<T>(6), a), b));
  q = vadd<T>(q, vmul<T>(vmul<T>(c<T>(3), b), b));
  const r = vsub<T>(vmul<T>(c<T>(2), a), vmul<T>(c<T>(3), b));
  // s = 18 − 32a + 12a·a + 48b − 36a·b + 27b·b
  let s = vsub<T>(c<T>(18), vmul<T>(c<T>(32), a));
  s = vadd<T>(s, vmul<T>(vmul<T>(c<T>(12), a), a));
  s = vadd<T>(s, vmul<T>(c<T>(48), b));
  s = vsub<T>(s, vmul<T>(vmul<T>(c<T>(36), a), b));
  s = vadd<T>(s, vmul<T>(vmul<T>(c<T>(27), b), b));
  const p2 = vmul<T>(p, p);
  const r2 = vmul<T>(r, r);
  const A = vadd<T>(c<T>(1), vmul<T>(p2, q));
  const B = vadd<T>(c<T>(30), vmul<T>(r2, s));
  const dA = vadd<T>(
    vmul<T>(vmul<T>(c<T>(2), p), q),
    vmul<T>(p2, vadd<T>(vadd<T>(c<T>(-14), vmul<T>(c<T>(6), a)), vmul<T>(c<T>(6), b))),
  );
  const dBdx = vadd<T>(
    vmul<T>(vmul<T>(c<T>(4), r), s),
    vmul<T>(r2, vsub<T>(vadd<T>(c<T>(-32), vmul<T>(c<T>(24), a)), vmul<T>(c<T>(36), b))),
  );
  const dBdy = vadd<T>(
    vmul<T>(vmul<T>(c<T>(-6), r), s),
    vmul<T>(r2, vadd<T>(vsub<T>(c<T>(48), vmul<T>(c<T>(36), a)), vmul<T>(c<T>(54), b))),
  );
  const dAB = vmul<T>(dA, B);
  vstore<T>(g, vadd<T>(dAB, vmul<T>(A, dBdx)));
  vstore<T>(g + stride, vadd<T>(dAB, vmul<T>(A, dBdy)));
  return vmul<T>(A, B);
}

export function mccormick<T>(stride: usize, x: usize, g: usize): T {
  const a = vload<T>(x);
  const b = vload<T>(x + stride);
  const d = vsub<T>(a, b);
  vsincos<T>(vadd<T>(a, b));
  const cs = cosOut<T>();
  const sn = sinOut<T>();
  const twoD = vmul<T>(c<T>(2), d);
  vstore<T>(g, vsub<T>(vadd<T>(cs, twoD), c<T>(1.5)));
  vstore<T>(g + stride, vadd<T>(vsub<T>(cs, twoD), c<T>(2.5)));
  // sin(a + b) + d·d − 1.5a + 2.5b + 1, left to right
  let f = vadd<T>(sn, vmul<T>(d, d));
  f = vsub<T>(f, vmul<T>(c<T>(1.5), a));
  f = vadd<T>(f, vmul<T>(c<T>(2.5), b));
  return vadd<T>(f, c<T>(1));
}

export function styblinski<T>(n: i32, stride: usize, x: usize, g: usize): T {
  let s = c<T>(0);
  for (let i = 0; i < n; i++) {
    const off = <usize>i * stride;
    const xi = vload<T>(x + off);
    const x2 = vmul<T>(xi, xi);
    s = vadd<T>(s, vadd<T>(vmul<T>(x2, vsub<T>(x2, c<T>(16))), vmul<T>(c<T>(5), xi)));
    vstore<T>(g + off, vadd<T>(vmul<T>(xi, vsub<T>(vmul<T>(c<T>(2), x2), c<T>(16))), c<T>(2.5)));
  }
  return vmul<T>(c<T>(0.5), s);
}

export function rastrigin<T>(n: i32, stride: usize, x: usize, g: usize): T {
  let s = c<T>(10 * <f64>n);
  for (let i = 0; i < n; i++) {
    const off = <usize>i * stride;
    const xi = vload<T>(x + off);
    vsincos<T>(vmul<T>(c<T>(TWO_PI), xi));
    s = vadd<T>(s, vsub<T>(vmul<T>(xi, xi), vmul<T>(c<T>(10), cosOut<T>())));
    vstore<T>(g + off, vadd<T>(vmul<T>(c<T>(2), xi), vmul<T>(c<T>(10 * TWO_PI), sinOut<T>())));
  }
  return s;
}

export function ackley<T>(n: i32, stride: usize, x: usize, g: usize): T {
  const A = 20.0;
  const B = 0.2;
  const C = TWO_PI;
  let sumSq = c<T>(0);
  let sumCos = c<T>(0);
  for (let i = 0; i < n; i++) {
    const off = <usize>i * stride;
    const xi = vload<T>(x + off);
    sumSq = vadd<T>(sumSq, vmul<T>(xi, xi));
    vsincos<T>(vmul<T>(c<T>(C), xi));
    sumCos = vadd<T>(sumCos, cosOut<T>());
    vstore<T>(g + off, sinOut<T>()); // sin(C·xᵢ), used below
  }
  const nf = c<T>(<f64>n);
  const r = vsqrt<T>(vdiv<T>(sumSq, nf));
  const em1 = vexpm1<T>(vmul<T>(c<T>(-B), r));
  const eCos = vexp<T>(vdiv<T>(sumCos, nf));
  // subgradient 0 of the cone at r = 0, as the TS function documents
  const kRadialAny = vdiv<T>(vmul<T>(c<T>(A * B), vadd<T>(c<T>(1), em1)), vmul<T>(nf, r));
  const kRadial = vsel<T>(vgt<T>(r, c<T>(0)), kRadialAny, c<T>(0));
  const kCos = vdiv<T>(vmul<T>(c<T>(C), eCos), nf);
  for (let i = 0; i < n; i++) {
    const off = <usize>i * stride;
    const xi = vload<T>(x + off);
    vstore<T>(g + off, vadd<T>(vmul<T>(kRadial, xi), vmul<T>(kCos, vload<T>(g + off))));
  }
  return vadd<T>(vmul<T>(c<T>(-A), em1), vsub<T>(c<T>(EULER_E), eCos));
}

export function levi<T>(stride: usize, x: usize, g: usize): T {
  const a = vload<T>(x);
  const b = vload<T>(x + stride);
  vsincos<T>(vmul<T>(c<T>(THREE_PI), a));
  const s3x = sinOut<T>();
  const c3x = cosOut<T>();
  vsincos<T>(vmul<T>(c<T>(THREE_PI), b));
  const s3y = sinOut<T>();
  const c3y = cosOut<T>();
  vsincos<T>(vmul<T>(c<T>(TWO_PI), b));
  const s2y = sinOut<T>();
  const c2y = cosOut<T>();
  const u = vsub<T>(a, c<T>(1));
  const v = vsub<T>(b, c<T>(1));
  const py = vadd<T>(c<T>(1), vmul<T>(s3y, s3y));
  const qy = vadd<T>(c<T>(1), vmul<T>(s2y, s2y));
  const uu = vmul<T>(u, u);
  const vv = vmul<T>(v, v);
  // 2·3π·s3x·c3x + 2u·py
  vstore<T>(g, vadd<T>(vmul<T>(vmul<T>(c<T>(2 * THREE_PI), s3x), c3x), vmul<T>(vmul<T>(c<T>(2), u), py)));
  // u·u·2·3π·s3y·c3y + 2v·qy + v·v·2·2π·s2y·c2y, each product left to right
  const t1 = vmul<T>(vmul<T>(vmul<T>(vmul<T>(uu, c<T>(2)), c<T>(THREE_PI)), s3y), c3y);
  const t3 = vmul<T>(vmul<T>(vmul<T>(vmul<T>(vv, c<T>(2)), c<T>(TWO_PI)), s2y), c2y);
  vstore<T>(g + stride, vadd<T>(vadd<T>(t1, vmul<T>(vmul<T>(c<T>(2), v), qy)), t3));
  return vadd<T>(vadd<T>(vmul<T>(s3x, s3x), vmul<T>(uu, py)), vmul<T>(vv, qy));
}

export function griewank<T>(n: i32, stride: usize, x: usize, g: usize): T {
  let sumSq = c<T>(0);
  let prefix = c<T>(1);
  for (let i = 0; i < n; i++) {
    const off = <usize>i * stride;
    const xi = vload<T>(x + off);
    sumSq = vadd<T>(sumSq, vmul<T>(xi, xi));
    vstore<T>(g + off, prefix);
    prefix = vmul<T>(prefix, vcos<T>(vdiv<T>(xi, c<T>(sqrt<f64>(<f64>(i + 1))))));
  }
  let suffix = c<T>(1);
  for (let i = n - 1; i >= 0; i--) {
    const off = <usize>i * stride;
    const xi = vload<T>(x + off);
    const root = c<T>(sqrt<f64>(<f64>(i + 1)));
    const t = vdiv<T>(xi, root);
    vsincos<T>(t);
    const gi = vmul<T>(vmul<T>(vdiv<T>(sinOut<T>(), root), vload<T>(g + off)), suffix);
    vstore<T>(g + off, vadd<T>(vdiv<T>(xi, c<T>(2000)), gi));
    suffix = vmul<T>(suffix, cosOut<T>());
  }
  return vsub<T>(vadd<T>(c<T>(1), vdiv<T>(sumSq, c<T>(4000))), prefix);
}

export function easom<T>(stride: usize, x: usize, g: usize): T {
  const a = vload<T>(x);
  const b = vload<T>(x + stride);
  const u = vsub<T>(a, c<T>(PI));
  const v = vsub<T>(b, c<T>(PI));
  const e = vexp<T>(vneg<T>(vadd<T>(vmul<T>(u, u), vmul<T>(v, v))));
  vsincos<T>(a);
  const ca = cosOut<T>();
  const sa = sinOut<T>();
  vsincos<T>(b);
  const cb = cosOut<T>();
  const sb = sinOut<T>();
  vstore<T>(g, vmul<T>(vmul<T>(cb, e), vadd<T>(sa, vmul<T>(vmul<T>(c<T>(2), u), ca))));
  vstore<T>(g + stride, vmul<T>(vmul<T>(ca, e), vadd<T>(sb, vmul<T>(vmul<T>(c<T>(2), v), cb))));
  return vmul<T>(vmul<T>(vneg<T>(ca), cb), e);
}

export function branin<T>(stride: usize, x: usize, g: usize): T {
  const B = 5.1 / (4 * PI * PI);
  const C = 5 / PI;
  const R = 6.0;
  const S = 10.0;
  const Tc = 1 / (8 * PI);
  const a = vload<T>(x);
  const y = vload<T>(x + stride);
  const u = vsub<T>(vadd<T>(vsub<T>(y, vmul<T>(vmul<T>(c<T>(B), a), a)), vmul<T>(c<T>(C), a)), c<T>(R));
  vsincos<T>(a);
  const k = c<T>(S * (1 - Tc));
  const twoU = vmul<T>(c<T>(2), u);
  vstore<T>(g, vsub<T>(vmul<T>(twoU, vsub<T>(c<T>(C), vmul<T>(c<T>(2 * B), a))), vmul<T>(k, sinOut<T>())));
  vstore<T>(g + stride, twoU);
  return vadd<T>(vadd<T>(vmul<T>(u, u), vmul<T>(k, cosOut<T>())), c<T>(S));
}

// ---- the pre-registered split's functions (src/functions/bohachevsky.ts … levy.ts), each the
// same operations in the same order as its TS twin.

export function bohachevsky<T>(stride: usize, x: usize, g: usize): T {
  const a = vload<T>(x);
  const b = vload<T>(x + stride);
  vsincos<T>(vmul<T>(c<T>(THREE_PI), a));
  const sa = sinOut<T>();
  const ca = cosOut<T>();
  vsincos<T>(vmul<T>(c<T>(4 * PI), b));
  const sb = sinOut<T>();
  const cb = cosOut<T>();
  vstore<T>(g, vadd<T>(vmul<T>(c<T>(2), a), vmul<T>(c<T>(0.3 * THREE_PI), sa)));
  vstore<T>(g + stride, vadd<T>(vmul<T>(c<T>(4), b), vmul<T>(c<T>(0.4 * (4 * PI)), sb)));
  // a·a + 2·b·b − 0.3·cos − 0.4·cos + 0.7, left to right
  const q = vadd<T>(vmul<T>(a, a), vmul<T>(vmul<T>(c<T>(2), b), b));
  return vadd<T>(vsub<T>(vsub<T>(q, vmul<T>(c<T>(0.3), ca)), vmul<T>(c<T>(0.4), cb)), c<T>(0.7));
}

export function leon<T>(stride: usize, x: usize, g: usize): T {
  const a = vload<T>(x);
  const u = vsub<T>(vload<T>(x + stride), vmul<T>(vmul<T>(a, a), a));
  const o = vsub<T>(c<T>(1), a);
  vstore<T>(g, vsub<T>(vmul<T>(vmul<T>(vmul<T>(c<T>(-600), a), a), u), vmul<T>(c<T>(2), o)));
  vstore<T>(g + stride, vmul<T>(c<T>(200), u));
  return vadd<T>(vmul<T>(vmul<T>(c<T>(100), u), u), vmul<T>(o, o));
}

export function trecanni<T>(stride: usize, x: usize, g: usize): T {
  const a = vload<T>(x);
  const b = vload<T>(x + stride);
  const a2 = vmul<T>(a, a);
  vstore<T>(g, vadd<T>(vadd<T>(vmul<T>(vmul<T>(c<T>(4), a2), a), vmul<T>(c<T>(12), a2)), vmul<T>(c<T>(8), a)));
  vstore<T>(g + stride, vmul<T>(c<T>(2), b));
  const p = vadd<T>(vadd<T>(vmul<T>(a2, a2), vmul<T>(vmul<T>(c<T>(4), a2), a)), vmul<T>(c<T>(4), a2));
  return vadd<T>(p, vmul<T>(b, b));
}

export function zakharov<T>(n: i32, stride: usize, x: usize, g: usize): T {
  let sq = c<T>(0);
  let s = c<T>(0);
  for (let i = 0; i < n; i++) {
    const xi = vload<T>(x + <usize>i * stride);
    sq = vadd<T>(sq, vmul<T>(xi, xi));
    s = vadd<T>(s, vmul<T>(c<T>(0.5 * <f64>(i + 1)), xi));
  }
  const s2 = vmul<T>(s, s);
  const k = vadd<T>(vmul<T>(c<T>(2), s), vmul<T>(vmul<T>(c<T>(4), s2), s));
  for (let i = 0; i < n; i++) {
    const off = <usize>i * stride;
    vstore<T>(g + off, vadd<T>(vmul<T>(c<T>(2), vload<T>(x + off)), vmul<T>(k, c<T>(0.5 * <f64>(i + 1)))));
  }
  return vadd<T>(vadd<T>(sq, s2), vmul<T>(s2, s2));
}

export function trid<T>(n: i32, stride: usize, x: usize, g: usize): T {
  let s = c<T>(0);
  for (let i = 0; i < n; i++) {
    const off = <usize>i * stride;
    const xi = vload<T>(x + off);
    const d = vsub<T>(xi, c<T>(1));
    s = vadd<T>(s, vmul<T>(d, d));
    let gi = vmul<T>(c<T>(2), d);
    if (i > 0) {
      const prev = vload<T>(x + off - stride);
      s = vsub<T>(s, vmul<T>(xi, prev));
      gi = vsub<T>(gi, prev);
    }
    if (i < n - 1) gi = vsub<T>(gi, vload<T>(x + off + stride));
    vstore<T>(g + off, gi);
  }
  return s;
}

export function sumpowers<T>(n: i32, stride: usize, x: usize, g: usize): T {
  let s = c<T>(0);
  for (let i = 0; i < n; i++) {
    const off = <usize>i * stride;
    const xi = vload<T>(x + off);
    const a = vabs<T>(xi);
    let q = c<T>(1);
    for (let k = 0; k < i; k++) q = vmul<T>(q, a);
    s = vadd<T>(s, vmul<T>(vmul<T>(q, a), a));
    vstore<T>(g + off, vmul<T>(vmul<T>(c<T>(<f64>(i + 2)), xi), q));
  }
  return s;
}

export function levy<T>(n: i32, stride: usize, x: usize, g: usize): T {
  let s = c<T>(0);
  for (let i = 0; i < n; i++) {
    const off = <usize>i * stride;
    const w = vadd<T>(c<T>(1), vdiv<T>(vsub<T>(vload<T>(x + off), c<T>(1)), c<T>(4)));
    const u = vsub<T>(w, c<T>(1));
    let gw = c<T>(0);
    if (i == 0) {
      vsincos<T>(vmul<T>(c<T>(PI), w));
      const st = sinOut<T>();
      s = vadd<T>(s, vmul<T>(st, st));
      gw = vadd<T>(gw, vmul<T>(vmul<T>(c<T>(2 * PI), st), cosOut<T>()));
    }
    const uu = vmul<T>(u, u);
    if (i < n - 1) {
      vsincos<T>(vadd<T>(vmul<T>(c<T>(PI), w), c<T>(1)));
      const st = sinOut<T>();
      const p = vadd<T>(c<T>(1), vmul<T>(vmul<T>(c<T>(10), st), st));
      s = vadd<T>(s, vmul<T>(uu, p));
      // 2·u·p + u·u·20·π·st·cos, each product left to right
      const t = vmul<T>(vmul<T>(vmul<T>(vmul<T>(uu, c<T>(20)), c<T>(PI)), st), cosOut<T>());
      gw = vadd<T>(gw, vadd<T>(vmul<T>(vmul<T>(c<T>(2), u), p), t));
    } else {
      vsincos<T>(vmul<T>(c<T>(TWO_PI), w));
      const st = sinOut<T>();
      const p = vadd<T>(c<T>(1), vmul<T>(st, st));
      s = vadd<T>(s, vmul<T>(uu, p));
      const t = vmul<T>(vmul<T>(vmul<T>(vmul<T>(uu, c<T>(4)), c<T>(PI)), st), cosOut<T>());
      gw = vadd<T>(gw, vadd<T>(vmul<T>(vmul<T>(c<T>(2), u), p), t));
    }
    vstore<T>(g + off, vdiv<T>(gw, c<T>(4)));
  }
  return s;
}
