// Lane-generic arithmetic: every kernel is written once over a lane type T, which is either
// f64 (one run per lane: the scalar build) or v128 read as f64x2 (two runs per lane: the SIMD
// build). The `isVector<T>()` tests are compile-time constants, so each instantiation keeps
// exactly one branch and no helper survives as a call (all @inline).
//
// Masks: a comparison returns a lane mask of type T. For v128 it is the usual all-ones/all-zeros
// lane; for f64 it is 1.0 (true) or 0.0 (false). Use masks only through vsel/vand/vnot/vanyTrue/
// vallTrue/vmaskLane.

// @ts-ignore: decorator
@inline export function lanesOf<T>(): i32 {
  return isVector<T>() ? 2 : 1;
}

// @ts-ignore: decorator
@inline export function vsplat<T>(c: f64): T {
  if (isVector<T>()) return f64x2.splat(c);
  else return c;
}

// @ts-ignore: decorator
@inline export function vload<T>(ptr: usize): T {
  return load<T>(ptr);
}

// @ts-ignore: decorator
@inline export function vstore<T>(ptr: usize, v: T): void {
  store<T>(ptr, v);
}

/** Loads one f64 and repeats it in every lane (a weight, a hyper-parameter). */
// @ts-ignore: decorator
@inline export function vloadSplat<T>(ptr: usize): T {
  if (isVector<T>()) return v128.load64_splat(ptr);
  else return load<f64>(ptr);
}

// @ts-ignore: decorator
@inline export function vadd<T>(a: T, b: T): T {
  if (isVector<T>()) return f64x2.add(a, b);
  else return a + b;
}

// @ts-ignore: decorator
@inline export function vsub<T>(a: T, b: T): T {
  if (isVector<T>()) return f64x2.sub(a, b);
  else return a - b;
}

// @ts-ignore: decorator
@inline export function vmul<T>(a: T, b: T): T {
  if (isVector<T>()) return f64x2.mul(a, b);
  else return a * b;
}

// @ts-ignore: decorator
@inline export function vdiv<T>(a: T, b: T): T {
  if (isVector<T>()) return f64x2.div(a, b);
  else return a / b;
}

// @ts-ignore: decorator
@inline export function vneg<T>(a: T): T {
  if (isVector<T>()) return f64x2.neg(a);
  else return -a;
}

// @ts-ignore: decorator
@inline export function vabs<T>(a: T): T {
  if (isVector<T>()) return f64x2.abs(a);
  else return abs<f64>(a);
}

// @ts-ignore: decorator
@inline export function vsqrt<T>(a: T): T {
  if (isVector<T>()) return f64x2.sqrt(a);
  else return sqrt<f64>(a);
}

/** Math.max semantics (NaN wins; +0 > −0), which wasm's max shares. */
// @ts-ignore: decorator
@inline export function vmax<T>(a: T, b: T): T {
  if (isVector<T>()) return f64x2.max(a, b);
  else return max<f64>(a, b);
}

/** max for operands that are never NaN: one instruction (pmax) instead of wasm max's NaN logic. */
// @ts-ignore: decorator
@inline export function vpmax<T>(a: T, b: T): T {
  if (isVector<T>()) return f64x2.pmax(a, b);
  else return a < b ? b : a;
}

// @ts-ignore: decorator
@inline export function vgt<T>(a: T, b: T): T {
  if (isVector<T>()) return f64x2.gt(a, b);
  else return select<f64>(1.0, 0.0, a > b);
}

// @ts-ignore: decorator
@inline export function vge<T>(a: T, b: T): T {
  if (isVector<T>()) return f64x2.ge(a, b);
  else return select<f64>(1.0, 0.0, a >= b);
}

// @ts-ignore: decorator
@inline export function vle<T>(a: T, b: T): T {
  if (isVector<T>()) return f64x2.le(a, b);
  else return select<f64>(1.0, 0.0, a <= b);
}

// @ts-ignore: decorator
@inline export function veq<T>(a: T, b: T): T {
  if (isVector<T>()) return f64x2.eq(a, b);
  else return select<f64>(1.0, 0.0, a == b);
}

/** Lanes that hold NaN (x ≠ x). */
// @ts-ignore: decorator
@inline export function visNaN<T>(a: T): T {
  if (isVector<T>()) return f64x2.ne(a, a);
  else return select<f64>(1.0, 0.0, a != a);
}

/** m ? a : b, lane by lane. */
// @ts-ignore: decorator
@inline export function vsel<T>(m: T, a: T, b: T): T {
  if (isVector<T>()) return v128.bitselect(a, b, m);
  else return select<f64>(a, b, m != 0.0);
}

// @ts-ignore: decorator
@inline export function vand<T>(a: T, b: T): T {
  if (isVector<T>()) return v128.and(a, b);
  else return a * b;
}

// @ts-ignore: decorator
@inline export function vnot<T>(a: T): T {
  if (isVector<T>()) return v128.not(a);
  else return 1.0 - a;
}

/** The all-true mask. */
// @ts-ignore: decorator
@inline export function vtrue<T>(): T {
  if (isVector<T>()) return i64x2.splat(-1);
  else return 1.0;
}

// @ts-ignore: decorator
@inline export function vanyTrue<T>(m: T): bool {
  if (isVector<T>()) return v128.any_true(m);
  else return m != 0.0;
}

// @ts-ignore: decorator
@inline export function vallTrue<T>(m: T): bool {
  if (isVector<T>()) return i64x2.all_true(m);
  else return m != 0.0;
}

/** Bit `lane` of the mask (lane 0 or 1; the scalar type has lane 0 only). */
// @ts-ignore: decorator
@inline export function vmaskLane<T>(m: T, lane: i32): bool {
  if (isVector<T>()) return ((i64x2.bitmask(m) >> lane) & 1) != 0;
  else return m != 0.0;
}

/** sign(s)·e for e ≥ 0, exactly as the multiplication (±e, and +0 where s is ±0 or NaN). */
// @ts-ignore: decorator
@inline export function vsignTimes<T>(s: T, e: T): T {
  if (isVector<T>()) {
    const zero = f64x2.splat(0.0);
    const nonZero = v128.or(f64x2.gt(s, zero), f64x2.lt(s, zero));
    return v128.and(v128.xor(e, v128.and(s, f64x2.splat(-0.0))), nonZero);
  } else {
    return (s > 0 ? 1.0 : s < 0 ? -1.0 : 0.0) * e;
  }
}

/** 0 in finite lanes, NaN in lanes holding ±Inf or NaN (x·0): add these up to test a vector. */
// @ts-ignore: decorator
@inline export function vfiniteProbe<T>(v: T): T {
  return vmul<T>(v, vsplat<T>(0.0));
}

/** Math.min semantics (NaN wins; −0 < +0), which wasm's min shares. */
// @ts-ignore: decorator
@inline export function vmin<T>(a: T, b: T): T {
  if (isVector<T>()) return f64x2.min(a, b);
  else return min<f64>(a, b);
}

/** table[idx] lane by lane (idx: whole numbers held as f64, one per run). */
// @ts-ignore: decorator
@inline export function vgather<T>(table: usize, idx: T): T {
  if (isVector<T>()) {
    const a = load<f64>(table + (<usize>(<i32>f64x2.extract_lane(idx, 0)) << 3));
    const b = load<f64>(table + (<usize>(<i32>f64x2.extract_lane(idx, 1)) << 3));
    return f64x2.replace_lane(f64x2.splat(a), 1, b);
  } else {
    return load<f64>(table + (<usize>(<i32>idx) << 3));
  }
}
