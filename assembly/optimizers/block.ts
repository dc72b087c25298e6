// Where a baseline kernel finds its inputs. Every rule (one file each here, mirroring
// src/optimizers/<rule>.ts) reads its hyper-parameter block, its per-step row and its state by
// the names of its TS kernel binding, turned into constants in ../generated/abi.ts
// (ADAM_BETA1, ADAM_BUF_M, ADAM_ROW_NEG_STEP_SIZE, ADAM_BUFFERS …).
//
// State of one lane group: `buffers` blocks of n coordinates (buffer b of coordinate i at
// state + (b·n + i)·stride), then the per-run scalars (scalar k at state + (buffers·n + k)·stride).
// Per-step table: row t (0-based step) holds `width` f64s at table + t·width·8.
import { vadd, vmul, vload, vsplat, vstore } from '../lanes';

/** Hyper-parameter `slot` of the block. */
// @ts-ignore: decorator
@inline export function hyperAt(hyper: usize, slot: i32): f64 {
  return load<f64>(hyper + (<usize>slot << 3));
}

/** Entry `k` of step t's row of a table `width` wide. */
// @ts-ignore: decorator
@inline export function rowAt(table: usize, t: i32, width: i32, k: i32): f64 {
  return load<f64>(table + ((<usize>t * <usize>width + <usize>k) << 3));
}

/** Coordinate 0 of state buffer b. */
// @ts-ignore: decorator
@inline export function bufferAt(state: usize, b: i32, n: i32, stride: usize): usize {
  return state + <usize>b * <usize>n * stride;
}

/** Per-run scalar k, after `buffers` buffers. */
// @ts-ignore: decorator
@inline export function scalarAt(state: usize, buffers: i32, k: i32, n: i32, stride: usize): usize {
  return state + (<usize>buffers * <usize>n + <usize>k) * stride;
}

/** Sets the whole state (buffers·n + scalars lanes) to `value` (PyTorch's zero-initialised state). */
export function fillState<T>(state: usize, buffers: i32, scalars: i32, n: i32, stride: usize, value: f64): void {
  const v = vsplat<T>(value);
  const lanes = buffers * n + scalars;
  for (let k = 0; k < lanes; k++) vstore<T>(state + <usize>k * stride, v);
}

/** The gradient with L2 weight decay, g + wd·x, or g itself when wd = 0 (as the TS rules write it). */
// @ts-ignore: decorator
@inline export function decayed<T>(g: usize, x: T, wdS: f64, ci: usize): T {
  return wdS != 0 ? vadd<T>(vload<T>(g + ci), vmul<T>(vsplat<T>(wdS), x)) : vload<T>(g + ci);
}

/** The same per-run lr in every coordinate of the lr trace (when there is one). */
// @ts-ignore: decorator
@inline export function storeLr<T>(lrOut: usize, n: i32, stride: usize, lr: T): void {
  if (lrOut != 0) for (let i = 0; i < n; i++) vstore<T>(lrOut + <usize>i * stride, lr);
}
