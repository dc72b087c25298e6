// The 1-D conv layer below the MLP kernel's head (src/ml/conv1d.ts is the reference; mlp.ts
// calls these when the ML block has a conv layer). Lanes as in mlp.ts: a lane group's parameters
// at x + i·stride, rows of points `pitch` slots of sizeof<T>() bytes apart, the raw inputs
// repeated in every lane. Each output keeps the reference's order of roundings:
//   conv      z_ftp = b_f + Σ_{c asc} Σ_{j asc} W_fcj·x_c(t+j)p   (the activation: mlp.ts)
//   pool      h_fp = (0 + Σ_{t asc} a_ftp) · (1/T)
//   backward  δ_ftp = (∂h_fp · (1/T)) · act'(a_ftp), in place of a
//             bias grad = 0 + Σ_{t asc} Σ_{p asc} δ_ftp
//             weight grad W_fcj = 0 + Σ_{t asc} Σ_{p asc} δ_ftp·x_c(t+j)p
// Blocking (4 points in the forward pass, 4 taps j in the weight gradient) only computes
// independent outputs side by side; no sum is split or reordered.
import { vadd, vsub, vmul, vsplat, vload, vstore, vgt, vsel } from '../lanes';
import { ACT_TANH, ACT_RELU } from '../memory';

/** Pre-activations z (F·T rows) of the conv layer: row f·T + t, point p. */
export function convForward<T>(
  x: usize, stride: usize, raw: usize, acts: usize, count: i32, pitch: i32, C: i32, L: i32, F: i32, k: i32,
): void {
  const size = <usize>sizeof<T>();
  const rowBytes = <usize>pitch * size;
  const T = L - k + 1;
  const pEnd = count - (count % 4);
  const b0 = F * C * k;
  for (let f = 0; f < F; f++) {
    const bias = vload<T>(x + <usize>(b0 + f) * stride);
    const wf = x + <usize>(f * C * k) * stride;
    for (let t = 0; t < T; t++) {
      const zrow = acts + <usize>(f * T + t) * rowBytes;
      for (let p = 0; p < pEnd; p += 4) {
        let z0 = bias, z1 = bias, z2 = bias, z3 = bias;
        for (let c = 0; c < C; c++) {
          const wc = wf + <usize>(c * k) * stride;
          let xr = raw + <usize>(c * L + t) * rowBytes + <usize>p * size;
          for (let j = 0; j < k; j++) {
            const w = vload<T>(wc + <usize>j * stride);
            z0 = vadd<T>(z0, vmul<T>(w, vload<T>(xr))); z1 = vadd<T>(z1, vmul<T>(w, vload<T>(xr + size)));
            z2 = vadd<T>(z2, vmul<T>(w, vload<T>(xr + 2 * size))); z3 = vadd<T>(z3, vmul<T>(w, vload<T>(xr + 3 * size)));
            xr += rowBytes;
          }
        }
        const q = zrow + <usize>p * size;
        vstore<T>(q, z0); vstore<T>(q + size, z1); vstore<T>(q + 2 * size, z2); vstore<T>(q + 3 * size, z3);
      }
      for (let p = pEnd; p < count; p++) {
        let z = bias;
        for (let c = 0; c < C; c++) {
          const wc = wf + <usize>(c * k) * stride;
          let xr = raw + <usize>(c * L + t) * rowBytes + <usize>p * size;
          for (let j = 0; j < k; j++) {
            z = vadd<T>(z, vmul<T>(vload<T>(wc + <usize>j * stride), vload<T>(xr)));
            xr += rowBytes;
          }
        }
        vstore<T>(zrow + <usize>p * size, z);
      }
    }
  }
}

/** h_fp = (Σ_t a_ftp)·(1/T) into pooled (F rows). */
export function convPool<T>(acts: usize, pooled: usize, count: i32, pitch: i32, F: i32, T: i32): void {
  const size = <usize>sizeof<T>();
  const rowBytes = <usize>pitch * size;
  const invT = vsplat<T>(1 / <f64>T);
  for (let f = 0; f < F; f++) {
    const hrow = pooled + <usize>f * rowBytes;
    const arow = acts + <usize>(f * T) * rowBytes;
    for (let p = 0; p < count; p++) {
      let s = vsplat<T>(0);
      let a = arow + <usize>p * size;
      for (let t = 0; t < T; t++) {
        s = vadd<T>(s, vload<T>(a));
        a += rowBytes;
      }
      vstore<T>(hrow + <usize>p * size, vmul<T>(s, invT));
    }
  }
}

/** The conv layer's gradient into g (weights then biases) from ∂loss/∂h (pooledGrad, F rows);
 *  acts hold a on entry and δ on return. */
export function convBackward<T>(
  x: usize, g: usize, stride: usize, raw: usize, acts: usize, pooledGrad: usize,
  count: i32, pitch: i32, C: i32, L: i32, F: i32, k: i32, act: i32,
): void {
  const size = <usize>sizeof<T>();
  const rowBytes = <usize>pitch * size;
  const T = L - k + 1;
  const invT = vsplat<T>(1 / <f64>T);
  const one = vsplat<T>(1);
  const zero = vsplat<T>(0);
  const b0 = F * C * k;
  const kEnd = k - (k % 4);
  for (let f = 0; f < F; f++) {
    const dhrow = pooledGrad + <usize>f * rowBytes;
    for (let t = 0; t < T; t++) {
      const row = acts + <usize>(f * T + t) * rowBytes;
      for (let p = 0; p < count; p++) {
        const q = <usize>p * size;
        const u = vmul<T>(vload<T>(dhrow + q), invT);
        const a = vload<T>(row + q);
        let d = u;
        if (act == ACT_TANH) d = vmul<T>(u, vsub<T>(one, vmul<T>(a, a)));
        else if (act == ACT_RELU) d = vsel<T>(vgt<T>(a, zero), u, zero);
        vstore<T>(row + q, d);
      }
    }
    let sb = zero;
    for (let t = 0; t < T; t++) {
      const row = acts + <usize>(f * T + t) * rowBytes;
      for (let p = 0; p < count; p++) sb = vadd<T>(sb, vload<T>(row + <usize>p * size));
    }
    vstore<T>(g + <usize>(b0 + f) * stride, sb);
    for (let c = 0; c < C; c++) {
      const gw = g + <usize>(f * C * k + c * k) * stride;
      for (let j = 0; j < kEnd; j += 4) {
        let s0 = zero, s1 = zero, s2 = zero, s3 = zero;
        for (let t = 0; t < T; t++) {
          const drow = acts + <usize>(f * T + t) * rowBytes;
          const x0 = raw + <usize>(c * L + t + j) * rowBytes;
          const x1 = x0 + rowBytes, x2 = x1 + rowBytes, x3 = x2 + rowBytes;
          for (let p = 0; p < count; p++) {
            const q = <usize>p * size;
            const d = vload<T>(drow + q);
            s0 = vadd<T>(s0, vmul<T>(d, vload<T>(x0 + q))); s1 = vadd<T>(s1, vmul<T>(d, vload<T>(x1 + q)));
            s2 = vadd<T>(s2, vmul<T>(d, vload<T>(x2 + q))); s3 = vadd<T>(s3, vmul<T>(d, vload<T>(x3 + q)));
          }
        }
        const q = gw + <usize>j * stride;
        vstore<T>(q, s0); vstore<T>(q + stride, s1); vstore<T>(q + 2 * stride, s2); vstore<T>(q + 3 * stride, s3);
      }
      for (let j = kEnd; j < k; j++) {
        let s = zero;
        for (let t = 0; t < T; t++) {
          const drow = acts + <usize>(f * T + t) * rowBytes;
          const xr = raw + <usize>(c * L + t + j) * rowBytes;
          for (let p = 0; p < count; p++) s = vadd<T>(s, vmul<T>(vload<T>(drow + <usize>p * size), vload<T>(xr + <usize>p * size)));
        }
        vstore<T>(gw + <usize>j * stride, s);
      }
    }
  }
}

/** Σ W² over the conv weights (flat order, from 0). */
export function convSquares<T>(x: usize, stride: usize, weights: i32): T {
  let sq = vsplat<T>(0);
  for (let j = 0; j < weights; j++) {
    const w = vload<T>(x + <usize>j * stride);
    sq = vadd<T>(sq, vmul<T>(w, w));
  }
  return sq;
}

/** ∇W += l2·W over the conv weights. */
export function convDecay<T>(x: usize, g: usize, stride: usize, weights: i32, l2: f64): void {
  const c = vsplat<T>(l2);
  for (let j = 0; j < weights; j++) {
    const q = <usize>j * stride;
    vstore<T>(g + q, vadd<T>(vload<T>(g + q), vmul<T>(c, vload<T>(x + q))));
  }
}
