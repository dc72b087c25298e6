// Where the engines measure f for a rule whose answer is not its iterate (BatchSpec.evalAt):
// schedule-free AdamW (current and paper class) answers x = lerp(y, z, 1 − 1/β1) while it moves y,
// dog-avg answers its polynomial-decay average. Default 'answer': loss[t], finalF and finalX are
// at the answer (Stepper.evalPoint), checked against a hand loop over the TS stepper; 'iterate':
// at the point moved (minimize's numbers). Both WASM builds ≡ the TS engine bit for bit in both
// modes, with traces and with runs that diverge.
import { beforeAll, describe, expect, test } from 'vitest';
import { getFunction } from '../src/functions/index.js';
import { getOptimizer, resolveHyper } from '../src/optimizers/index.js';
import type { Hyper } from '../src/optimizers/types.js';
import { tsEngine, loadWasmEngine, type BatchResult, type BatchSpec, type WasmEngine } from '../src/engine/index.js';
import { minimize } from '../src/run/minimize.js';
import { objectiveFromFunction } from '../src/run/objective.js';

const RULES: [string, Hyper][] = [
  ['adamw-schedulefree', { lr: 0.05 }],
  ['adamw-schedulefree-paper', { lr: 0.05, warmup_steps: 10 }],
  ['dog-avg', {}],
  ['dog-avg', { gamma: 2, weight_decay: 0.01 }],
];
const STEPS = 60;
const STARTS = Float64Array.of(-1.5, 2, 0.3, -0.7, 1.2, 1.2);

function spec(name: string, hyper: Hyper, fn = 'rosenbrock', evalAt?: 'answer' | 'iterate', extra: Partial<BatchSpec> = {}): BatchSpec {
  return { fn: getFunction(fn)!, n: 2, optimizer: { kind: 'baseline', spec: getOptimizer(name)!, hyper }, starts: STARTS, steps: STEPS, recordLoss: true, ...(evalAt ? { evalAt } : {}), ...extra };
}

function identical(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  expect(b.length, what).toBe(a.length);
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) expect(`${what}[${k}] = ${b[k]}`).toBe(`${what}[${k}] = ${a[k]}`);
}

function same(ref: BatchResult, got: BatchResult, what: string): void {
  identical(ref.finalX, got.finalX, `${what} finalX`);
  identical(ref.finalF, got.finalF, `${what} finalF`);
  identical(ref.divergedAt, got.divergedAt, `${what} divergedAt`);
  identical(ref.loss!, got.loss!, `${what} loss`);
  ref.trace?.x.forEach((row, k) => identical(row, got.trace!.x[k], `${what} trace.x[${k}]`));
}

describe('TS engine: f at the answer by default, at the iterate on request', () => {
  for (const [name, hyper] of RULES) {
    test(`${name} ${JSON.stringify(hyper)}`, () => {
      const fn = getFunction('rosenbrock')!;
      const res = tsEngine.runBatch(spec(name, hyper));
      const it = tsEngine.runBatch(spec(name, hyper, 'rosenbrock', 'iterate'));
      const o = getOptimizer(name)!;
      for (let r = 0; r < 3; r++) {
        // by hand: the stepper's evalPoint after t steps, f there as the gradient routine gives it
        const s = o.create(resolveHyper(o, hyper));
        const state = s.init(2, STEPS);
        const x = STARTS.slice(2 * r, 2 * r + 2);
        const g = new Float64Array(2);
        const a = new Float64Array(2);
        const scratch = new Float64Array(2);
        for (let t = 0; t <= STEPS; t++) {
          s.evalPoint!(x, state, a);
          expect(res.loss![t * 3 + r], `run ${r} step ${t}`).toBe(fn.grad(a, scratch));
          if (t < STEPS) {
            fn.grad(x, g);
            s.step(x, g, state);
          }
        }
        expect([...res.finalX.subarray(2 * r, 2 * r + 2)]).toEqual([...a]);
        expect(res.finalF[r]).toBe(fn.grad(a, scratch));
        // 'iterate': minimize's losses, at the point the rule moves
        const m = minimize(objectiveFromFunction(fn), o.create(resolveHyper(o, hyper)), STARTS.slice(2 * r, 2 * r + 2), STEPS);
        for (let t = 0; t < STEPS; t++) expect(it.loss![t * 3 + r]).toBe(m.loss[t]);
        expect([...it.finalX.subarray(2 * r, 2 * r + 2)]).toEqual(m.x[STEPS]);
      }
      // the two modes differ (the answer is not the iterate)
      expect(res.finalF[0]).not.toBe(it.finalF[0]);
    });
  }

  test('rules without an answer: evalAt changes nothing', () => {
    for (const name of ['adam', 'dog', 'prodigy']) {
      const a = tsEngine.runBatch(spec(name, { lr: 0.01 }));
      const b = tsEngine.runBatch(spec(name, { lr: 0.01 }, 'rosenbrock', 'iterate'));
      same(a, b, name);
    }
  });
});

for (const simd of [true, false]) {
  describe(`WASM (${simd ? 'SIMD' : 'scalar'} build) ≡ TS at the answer and at the iterate`, () => {
    let wasm: WasmEngine;
    beforeAll(async () => {
      wasm = await loadWasmEngine({ simd });
    });

    test('every rule with an answer, both modes, with traces, on two functions', () => {
      for (const [name, hyper] of RULES) {
        for (const fn of ['rosenbrock', 'beale']) {
          for (const evalAt of ['answer', 'iterate'] as const) {
            const s = spec(name, hyper, fn, evalAt, { recordTrace: true });
            expect(wasm.supports(s)).toBe(true);
            same(tsEngine.runBatch(s), wasm.runBatch(s), `${name} ${fn} ${evalAt}`);
          }
        }
      }
    });

    test('runs that diverge (a huge lr) stop at the same step with the same losses', () => {
      const s = spec('adamw-schedulefree', { lr: 1e200 }, 'rosenbrock');
      const ref = tsEngine.runBatch(s);
      expect([...ref.divergedAt].some((d) => d >= 0)).toBe(true);
      same(ref, wasm.runBatch(s), 'diverging schedule-free');
    });
  });
}
