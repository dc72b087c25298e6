// The three dense products of an MLP layer over a batch, for unit-major activations
// (unit u of point p at u·count + p, so inner loops run along contiguous points):
//   forward   Z = W·A + b      Z[r][p] = b[r] + Σ_k W[r][k]·A[k][p]
//   weights   G = D·Aᵀ         G[r][k] = Σ_p D[r][p]·A[k][p]
//   backprop  E = Wᵀ·D         E[k][p] = Σ_r W[r][k]·D[r][p]
// W is row-major (out × in) inside the flat parameter vector at offset w0.
//
// Each computes 2 × 4 outputs at a time: every load feeds two or four multiply-adds and the
// eight running sums are independent, which measured ≈ 1.5× faster in V8 than one output at a
// time (0.42 vs 0.64 ns per multiply-add on a 32 × 32 layer). An odd last row is done 1 × 4
// (single-output layers are common), and what is left (fewer than 4 columns) one at a time. Plain JS has no SIMD; these loops are what V8 optimises well.

/** Z = W·A + b. a: nIn × count, z: nOut × count. */
export function affineForward(
  params: Float64Array, w0: number, b0: number, nOut: number, nIn: number,
  a: Float64Array, count: number, z: Float64Array,
): void {
  const rEnd = nOut - (nOut % 2);
  const pEnd = count - (count % 4);
  for (let r = 0; r < rEnd; r += 2) {
    const wr = w0 + r * nIn;
    const ws = wr + nIn;
    const br = params[b0 + r];
    const bs = params[b0 + r + 1];
    const zr = r * count;
    const zs = zr + count;
    for (let p = 0; p < pEnd; p += 4) {
      let r0 = br, r1 = br, r2 = br, r3 = br;
      let s0 = bs, s1 = bs, s2 = bs, s3 = bs;
      for (let k = 0; k < nIn; k++) {
        const u = params[wr + k];
        const v = params[ws + k];
        const i = k * count + p;
        const x0 = a[i], x1 = a[i + 1], x2 = a[i + 2], x3 = a[i + 3];
        r0 += u * x0; r1 += u * x1; r2 += u * x2; r3 += u * x3;
        s0 += v * x0; s1 += v * x1; s2 += v * x2; s3 += v * x3;
      }
      z[zr + p] = r0; z[zr + p + 1] = r1; z[zr + p + 2] = r2; z[zr + p + 3] = r3;
      z[zs + p] = s0; z[zs + p + 1] = s1; z[zs + p + 2] = s2; z[zs + p + 3] = s3;
    }
  }
  if (rEnd < nOut) {
    // The odd last row (e.g. a single output unit), still four points at a time.
    const r = rEnd;
    const wr = w0 + r * nIn;
    const br = params[b0 + r];
    const zr = r * count;
    for (let p = 0; p < pEnd; p += 4) {
      let r0 = br, r1 = br, r2 = br, r3 = br;
      for (let k = 0; k < nIn; k++) {
        const u = params[wr + k];
        const i = k * count + p;
        r0 += u * a[i]; r1 += u * a[i + 1]; r2 += u * a[i + 2]; r3 += u * a[i + 3];
      }
      z[zr + p] = r0; z[zr + p + 1] = r1; z[zr + p + 2] = r2; z[zr + p + 3] = r3;
    }
  }
  for (let r = 0; r < nOut; r++) {
    const wr = w0 + r * nIn;
    for (let p = pEnd; p < count; p++) {
      let s = params[b0 + r];
      for (let k = 0; k < nIn; k++) s += params[wr + k] * a[k * count + p];
      z[r * count + p] = s;
    }
  }
}

/** G = D·Aᵀ, written (not added) into grad at w0. d: nOut × count, a: nIn × count. */
export function weightGradient(
  grad: Float64Array, w0: number, nOut: number, nIn: number,
  d: Float64Array, a: Float64Array, count: number,
): void {
  const rEnd = nOut - (nOut % 2);
  const kEnd = nIn - (nIn % 4);
  for (let r = 0; r < rEnd; r += 2) {
    const dr = r * count;
    const ds = dr + count;
    for (let k = 0; k < kEnd; k += 4) {
      const a0 = k * count, a1 = a0 + count, a2 = a1 + count, a3 = a2 + count;
      let r0 = 0, r1 = 0, r2 = 0, r3 = 0;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0; p < count; p++) {
        const u = d[dr + p];
        const v = d[ds + p];
        const x0 = a[a0 + p], x1 = a[a1 + p], x2 = a[a2 + p], x3 = a[a3 + p];
        r0 += u * x0; r1 += u * x1; r2 += u * x2; r3 += u * x3;
        s0 += v * x0; s1 += v * x1; s2 += v * x2; s3 += v * x3;
      }
      const gr = w0 + r * nIn + k;
      const gs = gr + nIn;
      grad[gr] = r0; grad[gr + 1] = r1; grad[gr + 2] = r2; grad[gr + 3] = r3;
      grad[gs] = s0; grad[gs + 1] = s1; grad[gs + 2] = s2; grad[gs + 3] = s3;
    }
  }
  if (rEnd < nOut) {
    // The odd last row (e.g. a single output unit), still four inputs at a time.
    const r = rEnd;
    const dr = r * count;
    for (let k = 0; k < kEnd; k += 4) {
      const a0 = k * count, a1 = a0 + count, a2 = a1 + count, a3 = a2 + count;
      let r0 = 0, r1 = 0, r2 = 0, r3 = 0;
      for (let p = 0; p < count; p++) {
        const u = d[dr + p];
        r0 += u * a[a0 + p]; r1 += u * a[a1 + p]; r2 += u * a[a2 + p]; r3 += u * a[a3 + p];
      }
      const gr = w0 + r * nIn + k;
      grad[gr] = r0; grad[gr + 1] = r1; grad[gr + 2] = r2; grad[gr + 3] = r3;
    }
  }
  for (let r = 0; r < nOut; r++) {
    for (let k = kEnd; k < nIn; k++) {
      let s = 0;
      for (let p = 0; p < count; p++) s += d[r * count + p] * a[k * count + p];
      grad[w0 + r * nIn + k] = s;
    }
  }
}

/** E = Wᵀ·D. d: nOut × count, e: nIn × count. */
export function backpropagate(
  params: Float64Array, w0: number, nOut: number, nIn: number,
  d: Float64Array, count: number, e: Float64Array,
): void {
  const kEnd = nIn - (nIn % 2);
  const pEnd = count - (count % 4);
  for (let k = 0; k < kEnd; k += 2) {
    const ek = k * count;
    const el = ek + count;
    for (let p = 0; p < pEnd; p += 4) {
      let r0 = 0, r1 = 0, r2 = 0, r3 = 0;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let r = 0; r < nOut; r++) {
        const u = params[w0 + r * nIn + k];
        const v = params[w0 + r * nIn + k + 1];
        const i = r * count + p;
        const x0 = d[i], x1 = d[i + 1], x2 = d[i + 2], x3 = d[i + 3];
        r0 += u * x0; r1 += u * x1; r2 += u * x2; r3 += u * x3;
        s0 += v * x0; s1 += v * x1; s2 += v * x2; s3 += v * x3;
      }
      e[ek + p] = r0; e[ek + p + 1] = r1; e[ek + p + 2] = r2; e[ek + p + 3] = r3;
      e[el + p] = s0; e[el + p + 1] = s1; e[el + p + 2] = s2; e[el + p + 3] = s3;
    }
  }
  if (kEnd < nIn) {
    // The odd last input, still four points at a time.
    const k = kEnd;
    const ek = k * count;
    for (let p = 0; p < pEnd; p += 4) {
      let r0 = 0, r1 = 0, r2 = 0, r3 = 0;
      for (let r = 0; r < nOut; r++) {
        const u = params[w0 + r * nIn + k];
        const i = r * count + p;
        r0 += u * d[i]; r1 += u * d[i + 1]; r2 += u * d[i + 2]; r3 += u * d[i + 3];
      }
      e[ek + p] = r0; e[ek + p + 1] = r1; e[ek + p + 2] = r2; e[ek + p + 3] = r3;
    }
  }
  for (let k = 0; k < nIn; k++) {
    for (let p = pEnd; p < count; p++) {
      let s = 0;
      for (let r = 0; r < nOut; r++) s += params[w0 + r * nIn + k] * d[r * count + p];
      e[k * count + p] = s;
    }
  }
}
