import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { Rng } from '../src/rng.js';
import {
  FUNCTIONS, closeMatches, functionNames, getFunction, getFunctionById, makeRotatedQuadratic, suggestFunctions,
} from '../src/functions/index.js';
import type { TestFunction } from '../src/functions/types.js';

const POINTS = 500;
const ND_DIMS = [5, 10];

/** (function, n) pairs to check: every function in 2-D, n-D ones also in 5 and 10 dimensions. */
const CONFIGS: [TestFunction, number][] = FUNCTIONS.flatMap((fn) =>
  (fn.nd ? [2, ...ND_DIMS] : [2]).map((n): [TestFunction, number] => [fn, n]),
);

/** Documented non-differentiable points; the finite-difference check skips a ball around them. */
const KINKS: Record<string, (x: Float64Array) => boolean> = {
  // Ackley's cone at 0: within 1e-3 the FD truncation error (∝ h²/‖x‖³) is no longer negligible.
  ackley: (x) => Math.hypot(...x) < 1e-3,
};

function randomPoint(fn: TestFunction, n: number, rng: Rng): Float64Array {
  const { lo, hi } = fn.domain(n);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = rng.range(lo[i], hi[i]);
  return x;
}

/** Central difference in coordinate i, dividing by the step actually taken (x ± h is rounded). */
function centralDifference(fn: TestFunction, x: Float64Array, i: number): number {
  const xi = x[i];
  const h = 1e-6 * Math.max(1, Math.abs(xi));
  const xp = xi + h;
  const xm = xi - h;
  x[i] = xp;
  const fp = fn.f(x);
  x[i] = xm;
  const fm = fn.f(x);
  x[i] = xi;
  return (fp - fm) / (xp - xm);
}

describe('gradient vs central finite differences', () => {
  // Error budget of the central difference with h = 1e-6·max(1, |xᵢ|):
  //   truncation h²·|∂³f|/6 — at most ~1e-12·|∂³f|, below 1e-8·(1 + |g|) on these domains;
  //   rounding ~ε·F/h ≈ 2e-10·F, where F is the size of the terms f sums (10n on Rastrigin,
  //   |f| up to ~1e6 on Goldstein–Price, so that term must scale with |f|).
  // Hence |g − fd| ≤ rtol·(1 + |g|) + 1e-9·|f| with rtol = 1e-6: observed worst ratios are
  // ≤ 3e-7 (10-D quadratic), most ≤ 3e-8. Lévi N.13 gets 1e-5: its third derivative reaches
  // ~6e5 ((x−1)²·(6π)³/2 at |x| ≈ 10, where h = 1e-5), so truncation alone can reach ~1e-5
  // where g is near 0 (observed 6e-7). A wrong term in a gradient shows up as an O(1)
  // relative error, far above either.
  for (const [fn, n] of CONFIGS) {
    it(`${fn.name} in ${n}-D at ${POINTS} random points`, () => {
      const rng = new Rng(1000 + fn.id * 16 + n);
      const g = new Float64Array(n);
      const rtol = fn.name === 'levi' ? 1e-5 : 1e-6;
      let checked = 0;
      for (let p = 0; p < POINTS; p++) {
        const x = randomPoint(fn, n, rng);
        if (KINKS[fn.name]?.(x)) continue;
        const fx = fn.grad(x, g);
        // grad's return value is f(x) (same formula; allow reassociation-level differences).
        expect(Math.abs(fx - fn.f(x))).toBeLessThanOrEqual(1e-13 * (1 + Math.abs(fx)));
        for (let i = 0; i < n; i++) {
          const fd = centralDifference(fn, x, i);
          const err = Math.abs(g[i] - fd);
          const tol = rtol * (1 + Math.abs(g[i])) + 1e-9 * Math.abs(fx);
          if (!(err <= tol)) throw new Error(`${fn.name} n=${n} x=[${x.join(', ')}] i=${i}: grad ${g[i]} vs fd ${fd}`);
        }
        checked++;
      }
      expect(checked).toBeGreaterThan(POINTS * 0.99);
    });
  }
});

describe('minimisers', () => {
  // Minimisers known only numerically (Himmelblau's three irrational ones, six-hump camel,
  // Styblinski–Tang) were refined to 40 digits with mpmath and rounded to double. The rounding
  // moves f by ~½‖H‖·(1e-16)², far below what is representable, so f(x*) matches f* up to the
  // rounding of f's own evaluation: a few ulps of the terms' magnitude. Hence 1e-12·(1 + |f*|).
  // ∇f(x*) ≈ H·δx + rounding with δx ≲ 1e-16·|x*|: observed ≤ 1.2e-14 (Himmelblau). We allow
  // 1e-11·(1 + |f*|), so a minimiser wrong beyond its ~11th digit fails (the often-quoted
  // six-hump camel point, off by 6e-10, gives |∇f| ≈ 4e-9).
  for (const [fn, n] of CONFIGS) {
    it(`${fn.name} in ${n}-D: f(x*) = f*, ∇f(x*) = 0, x* inside the domain`, () => {
      const fStar = fn.fmin(n);
      const { lo, hi } = fn.domain(n);
      const minimisers = fn.minimisers(n);
      expect(minimisers.length).toBeGreaterThan(0);
      const g = new Float64Array(n);
      for (const xStar of minimisers) {
        expect(xStar).toHaveLength(n);
        for (let i = 0; i < n; i++) {
          expect(xStar[i]).toBeGreaterThanOrEqual(lo[i]);
          expect(xStar[i]).toBeLessThanOrEqual(hi[i]);
        }
        expect(Math.abs(fn.f(xStar) - fStar)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(fStar)));
        // Ackley is not differentiable at its minimiser; grad returns the subgradient 0 there.
        expect(Math.abs(fn.grad(xStar, g) - fStar)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(fStar)));
        for (let i = 0; i < n; i++) expect(Math.abs(g[i])).toBeLessThanOrEqual(1e-11 * (1 + Math.abs(fStar)));
      }
    });
  }

  it('no random domain point beats f*', () => {
    for (const [fn, n] of CONFIGS) {
      const rng = new Rng(77 + fn.id * 16 + n);
      const fStar = fn.fmin(n);
      for (let p = 0; p < POINTS; p++) expect(fn.f(randomPoint(fn, n, rng))).toBeGreaterThanOrEqual(fStar - 1e-12);
    }
  });
});

interface ReferenceCase {
  function: string;
  optimizer: string;
  start: number[];
  steps: number;
  x: number[][];
  loss: number[];
  grad: number[][];
}

describe('agreement with PyTorch autograd (float64 reference trajectories)', () => {
  const reference = JSON.parse(
    readFileSync(new URL('./fixtures/reference-trajectories.json', import.meta.url), 'utf8'),
  ) as { source: string; cases: ReferenceCase[] };

  it('has cases', () => expect(reference.cases.length).toBeGreaterThan(0));

  // Both sides are float64 evaluations of the same formulas in a different operation order,
  // so they agree to a few ulps unless terms cancel (observed worst: 6e-13 relative, a
  // Rastrigin gradient near 0): 1e-10 relative leaves room for that cancellation; the 1e-12
  // absolute part covers values that are themselves ~0.
  const close = (ours: number, theirs: number) => Math.abs(ours - theirs) <= 1e-10 * Math.abs(theirs) + 1e-12;

  for (const c of reference.cases) {
    it(`${c.function} along ${c.optimizer} (${c.steps} steps)`, () => {
      const fn = getFunction(c.function);
      expect(fn, c.function).toBeDefined();
      const n = c.start.length;
      const g = new Float64Array(n);
      expect(c.x).toHaveLength(c.steps + 1);
      for (let t = 0; t < c.steps; t++) {
        const x = c.x[t];
        const f = fn!.f(x);
        const fFromGrad = fn!.grad(x, g);
        if (!close(f, c.loss[t]) || !close(fFromGrad, c.loss[t])) {
          throw new Error(`${c.function}/${c.optimizer} t=${t}: f ${f} vs torch ${c.loss[t]}`);
        }
        for (let i = 0; i < n; i++) {
          if (!close(g[i], c.grad[t][i])) {
            throw new Error(`${c.function}/${c.optimizer} t=${t} i=${i}: grad ${g[i]} vs torch ${c.grad[t][i]}`);
          }
        }
      }
    });
  }
});

describe('registry', () => {
  it('names and ids are unique; ids run 1 … N in listing order', () => {
    const names = functionNames();
    expect(new Set(names).size).toBe(names.length);
    expect(FUNCTIONS.map((fn) => fn.id)).toEqual(FUNCTIONS.map((_, k) => k + 1));
    // Every function given so far keeps its place (and so its id): an entry lost or reordered in
    // a merge fails here, while a new function appended to the table needs no edit of this test.
    const given = ['sphere', 'quadratic', 'rosenbrock', 'beale', 'booth', 'matyas', 'himmelblau', 'threehump',
      'sixhump', 'goldstein', 'mccormick', 'styblinski', 'rastrigin', 'ackley', 'levi', 'griewank', 'easom',
      'branin', 'bohachevsky', 'leon', 'trecanni', 'zakharov', 'trid', 'sumpowers', 'levy'];
    expect(names.slice(0, given.length)).toEqual(given);
  });

  it('looks functions up by name, alias and id', () => {
    for (const fn of FUNCTIONS) {
      expect(getFunction(fn.name)).toBe(fn);
      expect(getFunction(fn.name.toUpperCase())).toBe(fn);
      expect(getFunctionById(fn.id)).toBe(fn);
    }
    expect(getFunction('six_hump_camel')?.name).toBe('sixhump');
    expect(getFunction('Goldstein-Price')?.name).toBe('goldstein');
    expect(getFunction('styblinski_tang')?.name).toBe('styblinski');
    expect(getFunction('three_hump_camel')?.name).toBe('threehump');
    expect(getFunction('nope')).toBeUndefined();
    expect(getFunction('constructor')).toBeUndefined();
  });

  it('metadata is consistent', () => {
    for (const fn of FUNCTIONS) {
      expect(fn.defaultDims).toBe(2);
      expect(fn.tags.includes('nd')).toBe(fn.nd);
      expect(fn.description.length).toBeGreaterThan(0);
      for (const n of fn.nd ? [2, 3, 7] : [2]) {
        const { lo, hi } = fn.domain(n);
        expect(lo).toHaveLength(n);
        expect(hi).toHaveLength(n);
        for (let i = 0; i < n; i++) expect(lo[i]).toBeLessThan(hi[i]);
      }
      if (!fn.nd) {
        expect(() => fn.domain(3)).toThrow(/2 dimensions/);
        expect(() => fn.minimisers(3)).toThrow(/2 dimensions/);
      }
    }
  });

  it('f and grad are finite at random domain points', () => {
    for (const [fn, n] of CONFIGS) {
      const rng = new Rng(5 + fn.id * 16 + n);
      const g = new Float64Array(n);
      for (let p = 0; p < POINTS; p++) {
        const x = randomPoint(fn, n, rng);
        expect(Number.isFinite(fn.f(x))).toBe(true);
        expect(Number.isFinite(fn.grad(x, g))).toBe(true);
        for (let i = 0; i < n; i++) expect(Number.isFinite(g[i])).toBe(true);
      }
    }
  });

  it('grad is never NaN at x = 0 or at the minimisers', () => {
    for (const [fn, n] of CONFIGS) {
      const g = new Float64Array(n);
      for (const x of [new Array<number>(n).fill(0), ...fn.minimisers(n)]) {
        g.fill(NaN);
        expect(Number.isNaN(fn.grad(x, g))).toBe(false);
        for (let i = 0; i < n; i++) expect(Number.isNaN(g[i]), `${fn.name} n=${n} x=${x}`).toBe(false);
      }
    }
  });

  it('suggests close names', () => {
    expect(closeMatches('rosenbrok', functionNames())[0]).toBe('rosenbrock');
    expect(suggestFunctions('rosenbrok')).toContain('rosenbrock');
    expect(closeMatches('rastrign', functionNames())).toContain('rastrigin');
    expect(closeMatches('six', functionNames())).toContain('sixhump');
    expect(closeMatches('himmelblua', functionNames())).toContain('himmelblau');
    expect(closeMatches('sdg', ['sgd', 'adam', 'adamw'])).toEqual(['sgd']);
    expect(closeMatches('adamw', ['sgd', 'adam', 'adamw'])[0]).toBe('adamw');
    expect(closeMatches('zzzzzz', functionNames())).toEqual([]);
  });
});

describe('rotated quadratic', () => {
  /** Column j of the Hessian: ∇f(e_j), exact because ∇f is linear. */
  function hessian(fn: TestFunction, n: number): number[][] {
    const g = new Float64Array(n);
    const columns: number[][] = [];
    for (let j = 0; j < n; j++) {
      const e = new Float64Array(n);
      e[j] = 1;
      fn.grad(e, g);
      columns.push([...g]);
    }
    return columns;
  }

  it('in 2-D is Rᵀ diag(1, cond) R with R the rotation by π/6', () => {
    const fn = makeRotatedQuadratic(100);
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    const expected = [
      [c * c + 100 * s * s, -c * s + 100 * s * c],
      [-s * c + 100 * c * s, s * s + 100 * c * c],
    ];
    const H = hessian(fn, 2);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(H[i][j]).toBeCloseTo(expected[i][j], 12);
  });

  for (const n of [2, 3, 5, 10]) {
    it(`in ${n}-D has eigenvalues 1 … cond (symmetric, trace and trace of H² match, Rayleigh bounds)`, () => {
      const cond = 1000;
      const fn = makeRotatedQuadratic(cond, 'q1000');
      const lambdas = Array.from({ length: n }, (_, i) => Math.pow(cond, i / (n - 1)));
      const H = hessian(fn, n);
      let trace = 0;
      let traceSq = 0;
      for (let i = 0; i < n; i++) {
        trace += H[i][i];
        for (let j = 0; j < n; j++) {
          expect(H[i][j]).toBeCloseTo(H[j][i], 10);
          traceSq += H[i][j] * H[i][j];
        }
      }
      const sum = lambdas.reduce((a, b) => a + b, 0);
      const sumSq = lambdas.reduce((a, b) => a + b * b, 0);
      expect(trace / sum).toBeCloseTo(1, 12);
      expect(traceSq / sumSq).toBeCloseTo(1, 12);
      // Rotation hides the axes: the Hessian is not diagonal.
      expect(Math.abs(H[0][1])).toBeGreaterThan(1);
      const rng = new Rng(n);
      for (let p = 0; p < 200; p++) {
        const x = Array.from({ length: n }, () => rng.normal());
        const normSq = x.reduce((a, b) => a + b * b, 0);
        const rayleigh = (2 * fn.f(x)) / normSq;
        expect(rayleigh).toBeGreaterThanOrEqual(1 - 1e-12);
        expect(rayleigh).toBeLessThanOrEqual(cond * (1 + 1e-12));
      }
    });
  }

  it('with cond = 1 is ½‖x‖² (Q is orthogonal)', () => {
    const fn = makeRotatedQuadratic(1, 'iso');
    const rng = new Rng(3);
    for (let p = 0; p < 100; p++) {
      const x = Array.from({ length: 7 }, () => rng.range(-5, 5));
      expect(fn.f(x)).toBeCloseTo(0.5 * x.reduce((a, b) => a + b * b, 0), 12);
    }
    expect(() => makeRotatedQuadratic(0.5)).toThrow();
  });
});
