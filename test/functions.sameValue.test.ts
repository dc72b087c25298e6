// f(x) and the value grad(x, g) returns must be the same double for every built-in function
// (issue 15 item 8: Beale's differed by an ulp on ~23% of points, so `--engine wasm` and
// `--engine ts` ended on final f values an ulp apart), and the engines' final f must agree bitwise.
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../src/functions/index.js';
import { Rng } from '../src/rng.js';
import { getEngine } from '../src/engine/index.js';
import { getOptimizer } from '../src/optimizers/index.js';

describe('f(x) ≡ the value returned with ∇f(x)', () => {
  for (const fn of FUNCTIONS) {
    it(`${fn.name}: bit-identical on 2,000 points of its domain`, () => {
      const n = fn.defaultDims;
      const box = fn.domain(n);
      const rng = new Rng(7);
      const g = new Float64Array(n);
      let differ = 0;
      for (let k = 0; k < 2000; k++) {
        const x = box.lo.map((lo, i) => rng.range(lo, box.hi[i]));
        if (!Object.is(fn.f(x), fn.grad(x, g))) differ++;
      }
      expect(differ).toBe(0);
    });
  }

  it('beale: WASM and TS final f agree bitwise after adam runs', async () => {
    const fn = FUNCTIONS.find((f) => f.name === 'beale')!;
    const rng = new Rng(3);
    const starts = Float64Array.from({ length: 2 * 64 }, () => rng.range(-4.5, 4.5));
    const spec = { fn, n: 2, optimizer: { kind: 'baseline' as const, spec: getOptimizer('adam')!, hyper: { lr: 0.01 } }, starts, steps: 50 };
    const wasm = (await getEngine('wasm')).runBatch(spec);
    const ts = (await getEngine('ts')).runBatch(spec);
    expect(Array.from(ts.finalF)).toEqual(Array.from(wasm.finalF));
  });
});
