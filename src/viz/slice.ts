// What `o1 viz` plots of a function that is not a plain 2-D built-in: an n-D function (--dims n)
// or the user's own module (--fn-module). The race runs in all n coordinates; the landscape is the
// plane of the first two through an anchor point (the known minimiser, else the first start), and
// the paths are drawn by their first two coordinates — their projection onto that plane.
import type { Box, MutVec, TestFunction, Vec } from '../functions/types.js';

export interface PlaneView {
  /** A 2-D function for the plots: f on the plane, the domain's first two axes. */
  fn: TestFunction;
  /** The anchor's coordinates 3..n (empty for n = 2), for the subtitle. */
  fixed: number[];
}

/** f of an n-D function on the plane of x₁, x₂ through `anchor`; f* is the function's own
 *  (or `fmin` when given: a user module's estimate). */
export function planeView(base: TestFunction, n: number, anchor: readonly number[], fmin?: number): PlaneView {
  if (anchor.length !== n) throw new Error(`planeView: anchor has ${anchor.length} coordinates, expected ${n}`);
  const fixed = anchor.slice(2);
  const full = new Float64Array(n);
  for (let i = 2; i < n; i++) full[i] = anchor[i];
  const gFull = new Float64Array(n);
  const lift = (x: Vec) => {
    full[0] = x[0];
    full[1] = x[1];
    return full;
  };
  const domain = base.domain(n);
  const box: Box = { lo: domain.lo.slice(0, 2), hi: domain.hi.slice(0, 2) };
  const onPlane = (p: readonly number[]) => p.slice(2).every((v, i) => v === fixed[i]);
  const fstar = fmin ?? base.fmin(n);
  const fn: TestFunction = {
    name: n === 2 ? base.name : `${base.name}-${n}d`,
    id: -1,
    kind: 'user',
    description: base.description,
    tags: base.tags,
    nd: false,
    defaultDims: 2,
    domain: () => box,
    minimisers: () => base.minimisers(n).filter(onPlane).map((p) => p.slice(0, 2)),
    fmin: () => fstar,
    f: (x: Vec) => base.f(lift(x)),
    grad: (x: Vec, g: MutVec) => {
      const v = base.grad(lift(x), gFull);
      g[0] = gFull[0];
      g[1] = gFull[1];
      return v;
    },
  };
  return { fn, fixed };
}
