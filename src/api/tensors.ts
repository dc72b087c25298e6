// The step API's view of a model's parameters: a list of tensors (Float32Array or Float64Array,
// any sizes) seen as one flat vector, tensor after tensor. o1 and every baseline here are
// coordinate-wise, so the flat order only matters where a rule couples coordinates (o1's
// multiplicative rule: its first lr is initStep / max|g₀| over the whole flat vector).
import { InputError } from '../errors.js';

export type FloatArray = Float32Array | Float64Array;

function isFloatArray(v: unknown): v is FloatArray {
  return v instanceof Float32Array || v instanceof Float64Array;
}

/** Checks that `params` and `grads` are matching lists of float arrays; returns their sizes. */
export function tensorSizes(params: readonly FloatArray[], grads: readonly FloatArray[], who: string): number[] {
  if (!Array.isArray(params) || !Array.isArray(grads))
    throw new InputError(`${who}.step(params, grads): both must be lists of Float32Array/Float64Array (one per tensor), got ${typeof params} and ${typeof grads}`);
  if (params.length !== grads.length)
    throw new InputError(`${who}.step: ${params.length} parameter tensors but ${grads.length} gradients — pass one gradient per tensor, in the same order`);
  const sizes: number[] = [];
  for (let k = 0; k < params.length; k++) {
    const p = params[k];
    const g = grads[k];
    if (!isFloatArray(p)) throw new InputError(`${who}.step: params[${k}] is not a Float32Array or Float64Array`);
    if (!isFloatArray(g)) throw new InputError(`${who}.step: grads[${k}] is not a Float32Array or Float64Array`);
    if (p.length !== g.length) throw new InputError(`${who}.step: params[${k}] has ${p.length} values but grads[${k}] has ${g.length}`);
    sizes.push(p.length);
  }
  return sizes;
}

export function total(sizes: readonly number[]): number {
  let n = 0;
  for (const s of sizes) n += s;
  return n;
}

export function sameSizes(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Copies the tensors, in order, into `out` (converting Float32 values exactly to f64). */
export function gather(tensors: readonly FloatArray[], out: Float64Array): void {
  let at = 0;
  for (const t of tensors) {
    out.set(t, at);
    at += t.length;
  }
}

/** Copies `flat` back into the tensors (a Float32Array rounds each value to nearest f32). */
export function scatter(flat: Float64Array, tensors: readonly FloatArray[]): void {
  let at = 0;
  for (const t of tensors) {
    t.set(flat.subarray(at, at + t.length));
    at += t.length;
  }
}

/** Where each tensor starts in the flat vector (and, last, the total). */
export function tensorOffsets(tensors: readonly FloatArray[]): number[] {
  const out = [0];
  for (const t of tensors) out.push(out[out.length - 1] + t.length);
  return out;
}

/** Copies flat coordinates [from, from + count) of the tensors into dst[at …]. */
export function gatherRange(tensors: readonly FloatArray[], offsets: readonly number[], from: number, count: number, dst: Float64Array, at: number): void {
  const end = from + count;
  for (let k = 0; k < tensors.length; k++) {
    const a = Math.max(from, offsets[k]);
    const b = Math.min(end, offsets[k + 1]);
    if (a >= b) continue;
    dst.set(tensors[k].subarray(a - offsets[k], b - offsets[k]), at + a - from);
  }
}

/** Copies src[at …] into flat coordinates [from, from + count) of the tensors (a Float32Array
 *  rounds each value to nearest f32). */
export function scatterRange(src: Float64Array, at: number, tensors: readonly FloatArray[], offsets: readonly number[], from: number, count: number): void {
  const end = from + count;
  for (let k = 0; k < tensors.length; k++) {
    const a = Math.max(from, offsets[k]);
    const b = Math.min(end, offsets[k + 1]);
    if (a >= b) continue;
    tensors[k].set(src.subarray(at + a - from, at + b - from), a - offsets[k]);
  }
}

/** Whether any value of the tensors is NaN or ±Infinity. */
export function anyNonFinite(tensors: readonly FloatArray[]): boolean {
  for (const t of tensors) {
    // v·0 is NaN for a NaN or an infinity, ±0 otherwise; four sums, so no one chain of additions
    // sets the pace
    let a = 0;
    let b = 0;
    let c = 0;
    let d = 0;
    const n4 = t.length & ~3;
    let i = 0;
    for (; i < n4; i += 4) {
      a += t[i] * 0;
      b += t[i + 1] * 0;
      c += t[i + 2] * 0;
      d += t[i + 3] * 0;
    }
    for (; i < t.length; i++) a += t[i] * 0;
    if (a + b + c + d !== 0) return true;
  }
  return false;
}
