// Features for the f32 network path: the same quantities as features.ts for two coordinates'
// windows at once (two f64x2 lane groups → one f32x4 of four items). M and y_k = g_k/M are
// computed in f64 (so any gradient scale is fine), then everything after is f32x4.
// Not bit-compatible with the TS features; the o1 f32 path's tolerance is tested as a whole.
import { exp32 } from './math32';
import { FEATURES_V1 } from './memory';

/** [a0, a1] and [b0, b1] (f64x2) → [a0, a1, b0, b1] (f32x4). */
// @ts-ignore: decorator
@inline export function pack32(a: v128, b: v128): v128 {
  return v128.shuffle<i64>(f32x4.demote_f64x2_zero(a), f32x4.demote_f64x2_zero(b), 0, 2);
}

/** Lanes 0, 1 (which = 0) or 2, 3 (which = 1) of an f32x4 as f64x2. */
// @ts-ignore: decorator
@inline export function unpack64(v: v128, which: i32): v128 {
  return f64x2.promote_low_f32x4(which == 0 ? v : v128.shuffle<i64>(v, v, 1, 1));
}

// the largest f64 that demotes to a finite f32 (v1's variance feature carries the gradient's scale)
const F32_MAX_AS_F64: f64 = 3.4028234663852886e38;

/**
 * Features of windows wa[0 .. W) and wb[0 .. W) (f64x2 lane values, oldest first) into
 * out[0 .. W] as f32x4 [a-lanes, b-lanes]. `ys` is W f32x4 values of scratch.
 */
export function features32(set: i32, wa: usize, wb: usize, W: i32, out: usize, ys: usize): void {
  const zero64 = f64x2.splat(0);
  let Ma = zero64;
  let Mb = zero64;
  for (let k = 0; k < W; k++) {
    Ma = f64x2.pmax(Ma, f64x2.abs(v128.load(wa + (<usize>k << 4))));
    Mb = f64x2.pmax(Mb, f64x2.abs(v128.load(wb + (<usize>k << 4))));
  }
  const emptyA = f64x2.eq(Ma, zero64);
  const emptyB = f64x2.eq(Mb, zero64);
  const Msa = v128.bitselect(f64x2.splat(1), Ma, emptyA);
  const Msb = v128.bitselect(f64x2.splat(1), Mb, emptyB);
  const Wf = f32x4.splat(<f32>W);
  const zero = f32x4.splat(0);

  let absSum = zero;
  let mean = zero;
  let sq = zero;
  for (let k = 0; k < W; k++) {
    const o = <usize>k << 4;
    const y = pack32(f64x2.div(v128.load(wa + o), Msa), f64x2.div(v128.load(wb + o), Msb));
    v128.store(ys + o, y);
    absSum = f32x4.add(absSum, f32x4.abs(y));
    mean = f32x4.add(mean, y);
    sq = f32x4.add(sq, f32x4.mul(y, y));
  }

  let sum = zero;
  if (set == FEATURES_V1) {
    for (let k = 0; k < W; k++) {
      const o = <usize>k << 4;
      const arg = pack32(
        f64x2.sub(f64x2.abs(v128.load(wa + o)), Ma),
        f64x2.sub(f64x2.abs(v128.load(wb + o)), Mb),
      );
      const e = exp32(arg);
      v128.store(out + o, e);
      sum = f32x4.add(sum, e);
    }
  } else {
    const scale = f32x4.div(Wf, absSum);
    for (let k = 0; k < W; k++) {
      const o = <usize>k << 4;
      const e = exp32(f32x4.sub(f32x4.mul(f32x4.abs(v128.load(ys + o)), scale), scale));
      v128.store(out + o, e);
      sum = f32x4.add(sum, e);
    }
  }
  for (let k = 0; k < W; k++) {
    const o = <usize>k << 4;
    const y = v128.load(ys + o);
    const nonZero = v128.or(f32x4.gt(y, zero), f32x4.lt(y, zero));
    const signed = v128.and(v128.xor(v128.load(out + o), v128.and(y, f32x4.splat(-0.0))), nonZero);
    v128.store(out + o, f32x4.div(signed, sum));
  }

  mean = f32x4.div(mean, Wf);
  let v = zero;
  for (let k = 0; k < W; k++) {
    const d = f32x4.sub(v128.load(ys + (<usize>k << 4)), mean);
    v = f32x4.add(v, f32x4.mul(d, d));
  }
  const variance = f32x4.div(v, Wf);
  let last: v128;
  if (set == FEATURES_V1) {
    const cap = f64x2.splat(F32_MAX_AS_F64);
    last = f32x4.mul(pack32(f64x2.pmin(Ma, cap), f64x2.pmin(Mb, cap)), f32x4.div(variance, absSum));
  } else {
    const r = f32x4.div(variance, f32x4.div(sq, Wf));
    last = f32x4.pmin(r, f32x4.splat(1));
  }
  v128.store(out + (<usize>W << 4), last);

  const empty = v128.shuffle<i32>(emptyA, emptyB, 0, 2, 4, 6);
  if (v128.any_true(empty)) {
    for (let k = 0; k <= W; k++) {
      const o = <usize>k << 4;
      v128.store(out + o, v128.andnot(v128.load(out + o), empty));
    }
  }
}
