// Small builders shared by the test-function table (domains, minimisers, dimension checks).
// None of these run in the hot loop: f and grad never call them.
import type { Box } from './types.js';

/** The cube [lo, hi]ⁿ. */
export function box(n: number, lo: number, hi: number): Box {
  return { lo: new Array<number>(n).fill(lo), hi: new Array<number>(n).fill(hi) };
}

/** A 2-D box with its own range per axis. */
export function box2(xlo: number, xhi: number, ylo: number, yhi: number): Box {
  return { lo: [xlo, ylo], hi: [xhi, yhi] };
}

/** The point (v, …, v) in n dimensions. */
export function filled(n: number, v: number): number[] {
  return new Array<number>(n).fill(v);
}

/** Throws when a 2-D-only function is asked about another dimension. */
export function require2d(name: string, n: number): void {
  if (n !== 2) throw new Error(`${name} is defined in 2 dimensions only, got n = ${n}`);
}

/** Throws when an n-D function is asked about a dimension below its minimum. */
export function requireDims(name: string, n: number, min = 1): void {
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} needs an integer n ≥ ${min}, got ${n}`);
}

/** domain / minimisers of a 2-D-only function: checks n, then builds a fresh value. */
export function only2d<T>(name: string, make: () => T): (n: number) => T {
  return (n) => {
    require2d(name, n);
    return make();
  };
}
