// tanh of four f64x2 vectors at once, for the MLP kernel's hidden layers (mlp.ts). The
// operations are math.ts's tanhV (fdlibm's tanh as in V8, every branch computed and picked per
// lane) statement for statement, each written four times for x0 … x3 in lockstep, so the four
// dependency chains interleave: one tanhV is a long serial chain (two divisions deep) and the
// core runs out of reorder window before it reaches the next call's work. Measured in one
// process, min of 25 rounds, 8192 lanes: 10.7 ns per lane through tanhV, 6.6 ns here, 9.2 ns
// with two vectors, 9.1 ns with eight (register spills). Same bits as tanhV, hence as Math.tanh
// (test/ml.tanh4.test.ts); a change to tanhV must be made here as well.
//
// Generated once from tanhV's body (suffixes 0 … 3 on its locals); its constants and lane
// helpers are math.ts's own, imported.
import {
  K_0_0, K_0_5, K_1_0, K_2_0, K_3_0, K_6_0, K_20_0, K_22_0, K_44_0, K_56_0, K_M1_0, K_M2_0, K_SIGN,
  K_EM1_Q1, K_EM1_Q2, K_EM1_Q3, K_EM1_Q4, K_EM1_Q5, K_HW_3E300000, K_HW_3FD62E43, K_INVLN2, K_LN2_HI, K_LN2_LO,
  kv, pow2v,
} from '../math';

/** tanh of the four vectors at at, at + 16, at + 32, at + 48, in place. */
// @ts-ignore: decorator
@inline export function tanh4At(at: usize): void {
  const x0 = v128.load(at, 0);
  const x1 = v128.load(at, 16);
  const x2 = v128.load(at, 32);
  const x3 = v128.load(at, 48);
  const ax0 = f64x2.abs(x0);
  const ax1 = f64x2.abs(x1);
  const ax2 = f64x2.abs(x2);
  const ax3 = f64x2.abs(x3);
  const big0 = f64x2.ge(ax0, kv(K_1_0));
  const big1 = f64x2.ge(ax1, kv(K_1_0));
  const big2 = f64x2.ge(ax2, kv(K_1_0));
  const big3 = f64x2.ge(ax3, kv(K_1_0));
  const twoAx0 = f64x2.pmin(f64x2.add(ax0, ax0), kv(K_44_0));
  const twoAx1 = f64x2.pmin(f64x2.add(ax1, ax1), kv(K_44_0));
  const twoAx2 = f64x2.pmin(f64x2.add(ax2, ax2), kv(K_44_0));
  const twoAx3 = f64x2.pmin(f64x2.add(ax3, ax3), kv(K_44_0));
  const kMag0 = v128.andnot( f64x2.trunc(f64x2.add(f64x2.mul(twoAx0, kv(K_INVLN2)), kv(K_0_5))), f64x2.lt(twoAx0, kv(K_HW_3FD62E43)), );
  const kMag1 = v128.andnot( f64x2.trunc(f64x2.add(f64x2.mul(twoAx1, kv(K_INVLN2)), kv(K_0_5))), f64x2.lt(twoAx1, kv(K_HW_3FD62E43)), );
  const kMag2 = v128.andnot( f64x2.trunc(f64x2.add(f64x2.mul(twoAx2, kv(K_INVLN2)), kv(K_0_5))), f64x2.lt(twoAx2, kv(K_HW_3FD62E43)), );
  const kMag3 = v128.andnot( f64x2.trunc(f64x2.add(f64x2.mul(twoAx3, kv(K_INVLN2)), kv(K_0_5))), f64x2.lt(twoAx3, kv(K_HW_3FD62E43)), );
  const negative0 = v128.andnot(kv(K_SIGN), big0);
  const negative1 = v128.andnot(kv(K_SIGN), big1);
  const negative2 = v128.andnot(kv(K_SIGN), big2);
  const negative3 = v128.andnot(kv(K_SIGN), big3);
  const a0 = v128.xor(twoAx0, negative0);
  const a1 = v128.xor(twoAx1, negative1);
  const a2 = v128.xor(twoAx2, negative2);
  const a3 = v128.xor(twoAx3, negative3);
  const k0 = v128.xor(kMag0, negative0);
  const k1 = v128.xor(kMag1, negative1);
  const k2 = v128.xor(kMag2, negative2);
  const k3 = v128.xor(kMag3, negative3);
  const hi0 = f64x2.sub(a0, f64x2.mul(k0, kv(K_LN2_HI)));
  const hi1 = f64x2.sub(a1, f64x2.mul(k1, kv(K_LN2_HI)));
  const hi2 = f64x2.sub(a2, f64x2.mul(k2, kv(K_LN2_HI)));
  const hi3 = f64x2.sub(a3, f64x2.mul(k3, kv(K_LN2_HI)));
  const lo0 = f64x2.mul(k0, kv(K_LN2_LO));
  const lo1 = f64x2.mul(k1, kv(K_LN2_LO));
  const lo2 = f64x2.mul(k2, kv(K_LN2_LO));
  const lo3 = f64x2.mul(k3, kv(K_LN2_LO));
  const r0 = f64x2.sub(hi0, lo0);
  const r1 = f64x2.sub(hi1, lo1);
  const r2 = f64x2.sub(hi2, lo2);
  const r3 = f64x2.sub(hi3, lo3);
  const c0 = f64x2.sub(f64x2.sub(hi0, r0), lo0);
  const c1 = f64x2.sub(f64x2.sub(hi1, r1), lo1);
  const c2 = f64x2.sub(f64x2.sub(hi2, r2), lo2);
  const c3 = f64x2.sub(f64x2.sub(hi3, r3), lo3);
  const hfx0 = f64x2.mul(kv(K_0_5), r0);
  const hfx1 = f64x2.mul(kv(K_0_5), r1);
  const hfx2 = f64x2.mul(kv(K_0_5), r2);
  const hfx3 = f64x2.mul(kv(K_0_5), r3);
  const hxs0 = f64x2.mul(r0, hfx0);
  const hxs1 = f64x2.mul(r1, hfx1);
  const hxs2 = f64x2.mul(r2, hfx2);
  const hxs3 = f64x2.mul(r3, hfx3);
  let p0 = f64x2.add(kv(K_EM1_Q4), f64x2.mul(hxs0, kv(K_EM1_Q5)));
  let p1 = f64x2.add(kv(K_EM1_Q4), f64x2.mul(hxs1, kv(K_EM1_Q5)));
  let p2 = f64x2.add(kv(K_EM1_Q4), f64x2.mul(hxs2, kv(K_EM1_Q5)));
  let p3 = f64x2.add(kv(K_EM1_Q4), f64x2.mul(hxs3, kv(K_EM1_Q5)));
  p0 = f64x2.add(kv(K_EM1_Q3), f64x2.mul(hxs0, p0));
  p1 = f64x2.add(kv(K_EM1_Q3), f64x2.mul(hxs1, p1));
  p2 = f64x2.add(kv(K_EM1_Q3), f64x2.mul(hxs2, p2));
  p3 = f64x2.add(kv(K_EM1_Q3), f64x2.mul(hxs3, p3));
  p0 = f64x2.add(kv(K_EM1_Q2), f64x2.mul(hxs0, p0));
  p1 = f64x2.add(kv(K_EM1_Q2), f64x2.mul(hxs1, p1));
  p2 = f64x2.add(kv(K_EM1_Q2), f64x2.mul(hxs2, p2));
  p3 = f64x2.add(kv(K_EM1_Q2), f64x2.mul(hxs3, p3));
  p0 = f64x2.add(kv(K_EM1_Q1), f64x2.mul(hxs0, p0));
  p1 = f64x2.add(kv(K_EM1_Q1), f64x2.mul(hxs1, p1));
  p2 = f64x2.add(kv(K_EM1_Q1), f64x2.mul(hxs2, p2));
  p3 = f64x2.add(kv(K_EM1_Q1), f64x2.mul(hxs3, p3));
  const r10 = f64x2.add(kv(K_1_0), f64x2.mul(hxs0, p0));
  const r11 = f64x2.add(kv(K_1_0), f64x2.mul(hxs1, p1));
  const r12 = f64x2.add(kv(K_1_0), f64x2.mul(hxs2, p2));
  const r13 = f64x2.add(kv(K_1_0), f64x2.mul(hxs3, p3));
  const t30 = f64x2.sub(kv(K_3_0), f64x2.mul(r10, hfx0));
  const t31 = f64x2.sub(kv(K_3_0), f64x2.mul(r11, hfx1));
  const t32 = f64x2.sub(kv(K_3_0), f64x2.mul(r12, hfx2));
  const t33 = f64x2.sub(kv(K_3_0), f64x2.mul(r13, hfx3));
  const e0 = f64x2.mul(hxs0, f64x2.div(f64x2.sub(r10, t30), f64x2.sub(kv(K_6_0), f64x2.mul(r0, t30))));
  const e1 = f64x2.mul(hxs1, f64x2.div(f64x2.sub(r11, t31), f64x2.sub(kv(K_6_0), f64x2.mul(r1, t31))));
  const e2 = f64x2.mul(hxs2, f64x2.div(f64x2.sub(r12, t32), f64x2.sub(kv(K_6_0), f64x2.mul(r2, t32))));
  const e3 = f64x2.mul(hxs3, f64x2.div(f64x2.sub(r13, t33), f64x2.sub(kv(K_6_0), f64x2.mul(r3, t33))));
  const e20 = f64x2.sub(f64x2.sub(f64x2.mul(r0, f64x2.sub(e0, c0)), c0), hxs0);
  const e21 = f64x2.sub(f64x2.sub(f64x2.mul(r1, f64x2.sub(e1, c1)), c1), hxs1);
  const e22 = f64x2.sub(f64x2.sub(f64x2.mul(r2, f64x2.sub(e2, c2)), c2), hxs2);
  const e23 = f64x2.sub(f64x2.sub(f64x2.mul(r3, f64x2.sub(e3, c3)), c3), hxs3);
  const e2mr0 = f64x2.sub(e20, r0);
  const e2mr1 = f64x2.sub(e21, r1);
  const e2mr2 = f64x2.sub(e22, r2);
  const e2mr3 = f64x2.sub(e23, r3);
  const res00 = f64x2.sub(r0, f64x2.sub(f64x2.mul(r0, e0), hxs0));
  const res01 = f64x2.sub(r1, f64x2.sub(f64x2.mul(r1, e1), hxs1));
  const res02 = f64x2.sub(r2, f64x2.sub(f64x2.mul(r2, e2), hxs2));
  const res03 = f64x2.sub(r3, f64x2.sub(f64x2.mul(r3, e3), hxs3));
  const resM10 = f64x2.sub(f64x2.mul(kv(K_0_5), f64x2.sub(r0, e20)), kv(K_0_5));
  const resM11 = f64x2.sub(f64x2.mul(kv(K_0_5), f64x2.sub(r1, e21)), kv(K_0_5));
  const resM12 = f64x2.sub(f64x2.mul(kv(K_0_5), f64x2.sub(r2, e22)), kv(K_0_5));
  const resM13 = f64x2.sub(f64x2.mul(kv(K_0_5), f64x2.sub(r3, e23)), kv(K_0_5));
  const twoNegK0 = pow2v(f64x2.neg(k0));
  const twoNegK1 = pow2v(f64x2.neg(k1));
  const twoNegK2 = pow2v(f64x2.neg(k2));
  const twoNegK3 = pow2v(f64x2.neg(k3));
  const far0 = v128.or(f64x2.le(k0, kv(K_M2_0)), f64x2.gt(k0, kv(K_56_0)));
  const far1 = v128.or(f64x2.le(k1, kv(K_M2_0)), f64x2.gt(k1, kv(K_56_0)));
  const far2 = v128.or(f64x2.le(k2, kv(K_M2_0)), f64x2.gt(k2, kv(K_56_0)));
  const far3 = v128.or(f64x2.le(k3, kv(K_M2_0)), f64x2.gt(k3, kv(K_56_0)));
  const mid0 = f64x2.sub(f64x2.sub(kv(K_1_0), twoNegK0), e2mr0);
  const mid1 = f64x2.sub(f64x2.sub(kv(K_1_0), twoNegK1), e2mr1);
  const mid2 = f64x2.sub(f64x2.sub(kv(K_1_0), twoNegK2), e2mr2);
  const mid3 = f64x2.sub(f64x2.sub(kv(K_1_0), twoNegK3), e2mr3);
  const high0 = f64x2.add(f64x2.sub(r0, f64x2.add(e20, twoNegK0)), kv(K_1_0));
  const high1 = f64x2.add(f64x2.sub(r1, f64x2.add(e21, twoNegK1)), kv(K_1_0));
  const high2 = f64x2.add(f64x2.sub(r2, f64x2.add(e22, twoNegK2)), kv(K_1_0));
  const high3 = f64x2.add(f64x2.sub(r3, f64x2.add(e23, twoNegK3)), kv(K_1_0));
  const unscaled0 = v128.bitselect(f64x2.sub(kv(K_1_0), e2mr0), v128.bitselect(mid0, high0, f64x2.lt(k0, kv(K_20_0))), far0);
  const unscaled1 = v128.bitselect(f64x2.sub(kv(K_1_0), e2mr1), v128.bitselect(mid1, high1, f64x2.lt(k1, kv(K_20_0))), far1);
  const unscaled2 = v128.bitselect(f64x2.sub(kv(K_1_0), e2mr2), v128.bitselect(mid2, high2, f64x2.lt(k2, kv(K_20_0))), far2);
  const unscaled3 = v128.bitselect(f64x2.sub(kv(K_1_0), e2mr3), v128.bitselect(mid3, high3, f64x2.lt(k3, kv(K_20_0))), far3);
  const scaled0 = f64x2.sub(f64x2.mul(unscaled0, pow2v(k0)), v128.and(kv(K_1_0), far0));
  const scaled1 = f64x2.sub(f64x2.mul(unscaled1, pow2v(k1)), v128.and(kv(K_1_0), far1));
  const scaled2 = f64x2.sub(f64x2.mul(unscaled2, pow2v(k2)), v128.and(kv(K_1_0), far2));
  const scaled3 = f64x2.sub(f64x2.mul(unscaled3, pow2v(k3)), v128.and(kv(K_1_0), far3));
  const t0 = v128.bitselect(res00, v128.bitselect(resM10, scaled0, f64x2.eq(k0, kv(K_M1_0))), f64x2.eq(k0, kv(K_0_0)));
  const t1 = v128.bitselect(res01, v128.bitselect(resM11, scaled1, f64x2.eq(k1, kv(K_M1_0))), f64x2.eq(k1, kv(K_0_0)));
  const t2 = v128.bitselect(res02, v128.bitselect(resM12, scaled2, f64x2.eq(k2, kv(K_M1_0))), f64x2.eq(k2, kv(K_0_0)));
  const t3 = v128.bitselect(res03, v128.bitselect(resM13, scaled3, f64x2.eq(k3, kv(K_M1_0))), f64x2.eq(k3, kv(K_0_0)));
  const q0 = f64x2.div(v128.bitselect(kv(K_2_0), f64x2.neg(t0), big0), f64x2.add(t0, kv(K_2_0)));
  const q1 = f64x2.div(v128.bitselect(kv(K_2_0), f64x2.neg(t1), big1), f64x2.add(t1, kv(K_2_0)));
  const q2 = f64x2.div(v128.bitselect(kv(K_2_0), f64x2.neg(t2), big2), f64x2.add(t2, kv(K_2_0)));
  const q3 = f64x2.div(v128.bitselect(kv(K_2_0), f64x2.neg(t3), big3), f64x2.add(t3, kv(K_2_0)));
  const z0 = v128.bitselect(f64x2.sub(kv(K_1_0), q0), q0, big0);
  const z1 = v128.bitselect(f64x2.sub(kv(K_1_0), q1), q1, big1);
  const z2 = v128.bitselect(f64x2.sub(kv(K_1_0), q2), q2, big2);
  const z3 = v128.bitselect(f64x2.sub(kv(K_1_0), q3), q3, big3);
  const tiny0 = f64x2.lt(ax0, kv(K_HW_3E300000));
  const tiny1 = f64x2.lt(ax1, kv(K_HW_3E300000));
  const tiny2 = f64x2.lt(ax2, kv(K_HW_3E300000));
  const tiny3 = f64x2.lt(ax3, kv(K_HW_3E300000));
  const sat0 = f64x2.ge(ax0, kv(K_22_0));
  const sat1 = f64x2.ge(ax1, kv(K_22_0));
  const sat2 = f64x2.ge(ax2, kv(K_22_0));
  const sat3 = f64x2.ge(ax3, kv(K_22_0));
  const za0 = v128.bitselect(v128.bitselect(ax0, kv(K_1_0), tiny0), z0, v128.or(tiny0, sat0));
  const za1 = v128.bitselect(v128.bitselect(ax1, kv(K_1_0), tiny1), z1, v128.or(tiny1, sat1));
  const za2 = v128.bitselect(v128.bitselect(ax2, kv(K_1_0), tiny2), z2, v128.or(tiny2, sat2));
  const za3 = v128.bitselect(v128.bitselect(ax3, kv(K_1_0), tiny3), z3, v128.or(tiny3, sat3));
  v128.store(at, v128.or(za0, v128.and(x0, kv(K_SIGN))), 0);
  v128.store(at, v128.or(za1, v128.and(x1, kv(K_SIGN))), 16);
  v128.store(at, v128.or(za2, v128.and(x2, kv(K_SIGN))), 32);
  v128.store(at, v128.or(za3, v128.and(x3, kv(K_SIGN))), 48);
}
