// Rprop, Prodigy, schedule-free AdamW (both classes), DoG (and dog-avg) and the warmup + cosine
// rules in the kernels ≡ their TS reference, bit for bit, with
// non-default options (the defaults run in test/engine.equivalence.test.ts with every other
// baseline): every function, 2-D and 5-D, both builds; runs whose gradients are all zero beside
// runs that move (Prodigy's per-run step count k then differs inside one SIMD lane pair); traces
// of the per-run lr (Prodigy's d·lr, schedule-free's lr_k).
import { beforeAll, describe, expect, test } from 'vitest';
import { FUNCTIONS, getFunction } from '../src/functions/index.js';
import { getOptimizer } from '../src/optimizers/index.js';
import type { Hyper } from '../src/optimizers/types.js';
import { Rng } from '../src/rng.js';
import { tsEngine, loadWasmEngine, type BatchResult, type BatchSpec, type WasmEngine } from '../src/engine/index.js';

const VARIANTS: [string, Hyper][] = [
  ['rprop', { lr: 0.05, etaminus: 0.3, etaplus: 1.5, step_size_min: 1e-4, step_size_max: 1 }],
  ['prodigy', { use_bias_correction: 1, growth_rate: 1.02, weight_decay: 0.01 }],
  ['prodigy', { decouple: 0, weight_decay: 0.01, safeguard_warmup: 1, lr: 0.5, beta3: 0.99, d_coef: 2, eps: 1e-6 }],
  ['adamw-schedulefree', { lr: 0.01, warmup_steps: 20, r: 1, weight_decay: 0.01 }],
  ['adamw-schedulefree', { lr: 0.2, weight_lr_power: 0, beta1: 0.5 }],
  ['adamw-schedulefree', { lr: 0.02, inner_momentum: 0.9, weight_decay: 0.01 }],
  ['adamw-schedulefree-paper', { lr: 0.01, warmup_steps: 20, r: 1, weight_decay: 0.01 }],
  ['prodigy', { beta1: 0 }],
  ['prodigy', { beta1: 0, decouple: 0, weight_decay: 0.01 }],
  ['dog', { weight_decay: 0.01, eps: 1e-6, lr: 0.5 }],
  ['dog', { init_eta: 1e-3 }],
  ['dog-avg', { gamma: 2, weight_decay: 0.01 }],
  ['adamw-cosine', { lr: 0.01, warmup_fraction: 0.2 }],
  ['adamw-cosine', { lr: 0.01, total_steps: 100, amsgrad: 1 }],
  ['momentum-cosine', { lr: 1e-3, warmup_fraction: 0, weight_decay: 0.01 }],
];

function identical(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  expect(b.length, what).toBe(a.length);
  for (let k = 0; k < a.length; k++) {
    if (!Object.is(a[k], b[k])) expect(`${what}[${k}] = ${b[k]}`).toBe(`${what}[${k}] = ${a[k]}`);
  }
}

function expectIdentical(ref: BatchResult, got: BatchResult, what: string): void {
  identical(ref.finalX, got.finalX, `${what} finalX`);
  identical(ref.finalF, got.finalF, `${what} finalF`);
  identical(ref.divergedAt, got.divergedAt, `${what} divergedAt`);
  if (ref.loss) identical(ref.loss, got.loss!, `${what} loss`);
  if (ref.trace) {
    const t = got.trace!;
    ref.trace.x.forEach((row, k) => identical(row, t.x[k], `${what} trace.x[${k}]`));
    ref.trace.grad.forEach((row, k) => identical(row, t.grad[k], `${what} trace.grad[${k}]`));
    expect(t.lr === undefined, `${what}: lr traced by both or neither`).toBe(ref.trace.lr === undefined);
    ref.trace.lr?.forEach((row, k) => identical(row, t.lr![k], `${what} trace.lr[${k}]`));
  }
}

for (const simd of [true, false]) {
  describe(`new baselines: WASM (${simd ? 'SIMD' : 'scalar'} build) ≡ TS, bit for bit`, () => {
    let wasm: WasmEngine;
    beforeAll(async () => {
      wasm = await loadWasmEngine({ simd });
    });

    test('every function, non-default options, 2-D and 5-D', () => {
      const rng = new Rng(77);
      for (const fn of FUNCTIONS) {
        for (const n of fn.nd ? [2, 5] : [fn.defaultDims]) {
          const box = fn.domain(n);
          const starts = new Float64Array(7 * n);
          for (let r = 0; r < 7; r++) for (let i = 0; i < n; i++) starts[r * n + i] = rng.range(box.lo[i], box.hi[i]);
          for (const [name, hyper] of VARIANTS) {
            const spec: BatchSpec = { fn, n, optimizer: { kind: 'baseline', spec: getOptimizer(name)!, hyper }, starts, steps: 150, recordLoss: true };
            expect(wasm.supports(spec)).toBe(true);
            expectIdentical(tsEngine.runBatch(spec), wasm.runBatch(spec), `${fn.name} n=${n} ${name} ${JSON.stringify(hyper)}`);
          }
        }
      }
    });

    test('a run stuck at a zero gradient beside runs that move; traces of x, ∇f and lr', () => {
      const sphere = getFunction('sphere')!;
      // run 0 starts at the minimum (∇f = 0 forever: Prodigy never steps, k stays 0), runs 1, 2 do not
      const starts = Float64Array.of(0, 0, 1.5, -2, -0.5, 3);
      for (const [name, hyper] of [['prodigy', { use_bias_correction: 1 }], ['prodigy', {}], ...VARIANTS] as [string, Hyper][]) {
        const spec: BatchSpec = { fn: sphere, n: 2, optimizer: { kind: 'baseline', spec: getOptimizer(name)!, hyper }, starts, steps: 60, recordLoss: true, recordTrace: true };
        const ref = tsEngine.runBatch(spec);
        const got = wasm.runBatch(spec);
        expectIdentical(ref, got, `sphere ${name} ${JSON.stringify(hyper)}`);
        // a per-run lr is traced for the step-size rules and the cosine rules' scheduled lr (not rprop's per-coordinate steps)
        expect(got.trace!.lr !== undefined, name).toBe(name !== 'rprop');
      }
    });
  });
}
