// What a run minimises: a built-in test function at some dimension, or a user's own f and grad.
import { InputError } from '../errors.js';
import type { Box, MutVec, TestFunction, Vec } from '../functions/types.js';

export interface Objective {
  readonly name: string;
  readonly n: number;
  /** Writes ∇f(x) into g and returns f(x). */
  valueAndGrad(x: Vec, g: MutVec): number;
  f(x: Vec): number;
  /** Known minimum value, when there is one (for gaps f − f*). */
  readonly fmin?: number;
  readonly domain?: Box;
  /** The table entry, when the objective is a built-in (lets the WASM engine dispatch on id). */
  readonly builtin?: TestFunction;
}

export function objectiveFromFunction(fn: TestFunction, n = fn.defaultDims): Objective {
  if (!Number.isInteger(n) || n < 1) throw new Error(`dimension must be a positive integer, got ${n}`);
  if (!fn.nd && n !== fn.defaultDims) {
    throw new Error(`function '${fn.name}' is ${fn.defaultDims}-D only; it has no ${n}-D version`);
  }
  return {
    name: n === fn.defaultDims ? fn.name : `${fn.name}-${n}d`,
    n,
    valueAndGrad: (x, g) => fn.grad(x, g),
    f: (x) => fn.f(x),
    fmin: fn.fmin(n),
    domain: fn.domain(n),
    builtin: fn,
  };
}

/** A user's objective: f(x) and grad(x) (returning an array, or filling a second argument). */
export interface UserObjective {
  f: (x: number[]) => number;
  grad: (x: number[], out?: number[]) => ArrayLike<number> | void;
  dims?: number;
  domain?: [number, number][] | Box;
  fmin?: number;
  name?: string;
}

export function objectiveFromUser(u: UserObjective, n: number, name = u.name ?? 'custom'): Objective {
  const xs: number[] = new Array(n).fill(0);
  const out: number[] = new Array(n).fill(0);
  const copyIn = (x: Vec) => {
    for (let i = 0; i < n; i++) xs[i] = x[i];
    return xs;
  };
  let domain: Box | undefined;
  if (Array.isArray(u.domain)) domain = { lo: u.domain.map((b) => b[0]), hi: u.domain.map((b) => b[1]) };
  else if (u.domain) domain = u.domain as Box;
  return {
    name,
    n,
    f: (x) => Number(u.f(copyIn(x).slice())),
    valueAndGrad: (x, g) => {
      const xi = copyIn(x).slice();
      const r = u.grad(xi, out);
      const src = r ?? out;
      // The user's code, not ours: a wrong shape is their input error (exit 2), said plainly.
      if (src === null || typeof src !== 'object' || typeof src.length !== 'number') {
        throw new InputError(`objective '${name}': grad(x) returned ${src === null ? 'null' : typeof src}, not an array — return one number per coordinate (${n})`);
      }
      if (src.length !== n) throw new InputError(`objective '${name}': grad(x) returned ${src.length} values for a ${n}-D point — return one number per coordinate (${n})`);
      for (let i = 0; i < n; i++) g[i] = Number(src[i]);
      return Number(u.f(copyIn(x).slice()));
    },
    fmin: u.fmin,
    domain,
  };
}

/** A user objective as a TestFunction-shaped entry (id −1: no kernel knows it, so engines run it
 *  on the TS reference). Needs a domain to draw starts from. */
export function testFunctionFromObjective(obj: Objective): TestFunction {
  const n = obj.n;
  const box: Box = obj.domain ? { lo: [...obj.domain.lo], hi: [...obj.domain.hi] } : { lo: [], hi: [] };
  const check = (m: number) => {
    if (m !== n) throw new Error(`custom function '${obj.name}' is ${n}-D, asked for ${m}-D`);
  };
  return {
    name: obj.name,
    id: -1,
    kind: 'user',
    description: `user objective '${obj.name}' (${n}-D)`,
    tags: ['custom'],
    nd: false,
    defaultDims: n,
    domain: (m) => (check(m), box),
    minimisers: () => [],
    fmin: () => obj.fmin ?? NaN,
    f: (x: Vec) => obj.f(x),
    grad: (x: Vec, g: MutVec) => obj.valueAndGrad(x, g),
  };
}
