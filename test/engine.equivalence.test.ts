// The WASM engine against the pure-TS reference (the oracle): every function (2-D, and n-D at
// n = 3 and 5 where the function is n-D), o1 with seeded random networks (both feature sets,
// tanh and relu hidden layers, both lr rules), every baseline optimizer — the classic rules and
// the step-size methods sgd-hd, adam-hd, dog — (defaults and non-default options), random
// starts, in both WASM builds (SIMD and scalar); the problem generator's transformed functions
// (seeded transforms, with and without the log objective, 2-D and 5-D).
//
// T = 200 steps. Required: final x within 1e-9 relative (|a − b| ≤ 1e-9·max(1, |a|)), final f,
// divergence steps, per-step losses and traces equal under the same tolerance. In practice the
// kernels reproduce V8's Math.* bit for bit (test/wasm.math.test.ts) and mirror the TS operation
// order, so the largest difference observed is 0; `maxDiff` and the number of values that are
// not the identical double (`notIdentical`) are printed by the summary test.
import { beforeAll, describe, expect, test } from 'vitest';
import { FUNCTIONS, getFunction, makeRotatedQuadratic } from '../src/functions/index.js';
import type { TestFunction } from '../src/functions/types.js';
import { CLASSIC_OPTIMIZERS, STEP_SIZE_METHODS, getOptimizer } from '../src/optimizers/index.js';
import type { Hyper } from '../src/optimizers/types.js';
import { randomO1Model, type O1Model } from '../src/o1/o1.js';
import { defaultO1Config } from '../src/o1/config.js';
import { Rng } from '../src/rng.js';
import { tsEngine, loadWasmEngine, type BatchResult, type BatchSpec, type WasmEngine } from '../src/engine/index.js';
import { WasmProbes, loadProbeKernels } from '../bench/wasmProbes.js';
import { drawTransform, transformedFunction, type Transform, type TransformOptions } from '../src/train/problems.js';
import { generationTasks } from '../src/train/tasks.js';
import { scoreOnTasks } from '../src/train/evaluate.js';
import { makeTrainConfig } from '../src/train/config.js';
import { o1ConfigFor, trainFunctions } from '../src/train/train.js';
import { PRESETS } from '../src/train/presets.js';

const STEPS = 200;
const RUNS = 9; // odd: the SIMD build pads to an even lane count
const TOL = 1e-9;

let maxDiff = 0;
let notIdentical = 0;
let compared = 0;

/** Largest relative difference between two arrays; NaN must match NaN, ±Inf must match exactly. */
function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(b.length).toBe(a.length);
  let worst = 0;
  for (let k = 0; k < a.length; k++) {
    const x = a[k];
    const y = b[k];
    compared++;
    if (!Object.is(x, y) && !(Number.isNaN(x) && Number.isNaN(y))) notIdentical++;
    if (Number.isNaN(x) || Number.isNaN(y) || !Number.isFinite(x) || !Number.isFinite(y)) {
      if (!Object.is(x, y) && !(Number.isNaN(x) && Number.isNaN(y))) return Infinity;
      continue;
    }
    worst = Math.max(worst, Math.abs(x - y) / Math.max(1, Math.abs(x)));
  }
  return worst;
}

/** Runs `spec` on both engines and compares; the WASM engine must really run it in the kernels
 *  (not fall back to the TS reference, which would make the comparison vacuous). */
function compare(wasm: WasmEngine, spec: BatchSpec, what: string): void {
  expect(wasm.supports(spec), `${what}: runs in the kernels`).toBe(true);
  expectSame(tsEngine.runBatch(spec), wasm.runBatch(spec), what);
}

function expectSame(ref: BatchResult, got: BatchResult, what: string): void {
  const diffs: [string, number][] = [
    ['finalX', relDiff(ref.finalX, got.finalX)],
    ['finalF', relDiff(ref.finalF, got.finalF)],
  ];
  if (ref.loss) diffs.push(['loss', relDiff(ref.loss, got.loss!)]);
  if (ref.trace) {
    const t = got.trace!;
    expect(t.x.length).toBe(ref.trace.x.length);
    expect(t.grad.length).toBe(ref.trace.grad.length);
    diffs.push(['trace.x', Math.max(...ref.trace.x.map((row, k) => relDiff(row, t.x[k])))]);
    diffs.push(['trace.grad', Math.max(0, ...ref.trace.grad.map((row, k) => relDiff(row, t.grad[k])))]);
    expect(t.lr === undefined, `${what}: lr traced by both engines or neither`).toBe(ref.trace.lr === undefined);
    if (ref.trace.lr) diffs.push(['trace.lr', Math.max(0, ...ref.trace.lr.map((row, k) => relDiff(row, t.lr![k])))]);
  }
  expect(Array.from(got.divergedAt), `${what}: divergedAt`).toEqual(Array.from(ref.divergedAt));
  for (const [name, d] of diffs) {
    maxDiff = Math.max(maxDiff, d);
    expect(d, `${what}: ${name}`).toBeLessThanOrEqual(TOL);
  }
}

function starts(fn: TestFunction, n: number, N: number, rng: Rng): Float64Array {
  const box = fn.domain(n);
  const s = new Float64Array(N * n);
  for (let r = 0; r < N; r++) for (let i = 0; i < n; i++) s[r * n + i] = rng.range(box.lo[i], box.hi[i]);
  return s;
}

function dims(fn: TestFunction): number[] {
  return fn.nd ? [2, 3, 5] : [fn.defaultDims];
}

function models(): { label: string; model: O1Model }[] {
  const rng = new Rng(2024);
  const out: { label: string; model: O1Model }[] = [];
  for (const features of ['v2', 'v1'] as const) {
    for (let k = 0; k < 2; k++) {
      const cfg = { ...defaultO1Config(), features };
      out.push({ label: `o1 ${features} #${k}`, model: randomO1Model(rng, cfg) });
    }
    // a deeper net with relu, a different window and wide lr bounds
    const deep = { ...defaultO1Config(), features, window: 3, layers: [4, 6, 5, 1], activations: ['relu', 'tanh', 'identity'] as const, logLrMin: -9, logLrMax: -1 };
    out.push({ label: `o1 ${features} relu/tanh W=3`, model: randomO1Model(rng, { ...deep, activations: [...deep.activations] }, Math.log(3e-2)) });
    // the multiplicative lr rule: lr₋₁ = initStep / max|g₀|, then lr ← lr·exp(o)
    const mult = { ...defaultO1Config(), features, lrMode: 'multiplicative' as const, logLrMin: -2, logLrMax: 0.5, initStep: 0.05 };
    out.push({ label: `o1 ${features} multiplicative`, model: randomO1Model(rng, mult, 0) });
  }
  return out;
}

/** Every classic optimizer and step-size method with its defaults, plus variants that switch
 *  on each option. */
function baselines(): { label: string; spec: NonNullable<ReturnType<typeof getOptimizer>>; hyper: Hyper }[] {
  const out = [...CLASSIC_OPTIMIZERS, ...STEP_SIZE_METHODS].map((spec) => ({ label: spec.name, spec, hyper: {} as Hyper }));
  const v = (name: string, hyper: Hyper) => out.push({ label: `${name} ${JSON.stringify(hyper)}`, spec: getOptimizer(name)!, hyper });
  v('sgd', { lr: 0.003, weight_decay: 0.1 });
  v('momentum', { lr: 0.002, momentum: 0.8, dampening: 0.3, weight_decay: 0.01 });
  v('momentum', { lr: 0.002, momentum: 0 });
  v('nesterov', { lr: 0.002, momentum: 0.95, weight_decay: 0.02 });
  v('adagrad', { lr: 0.05, lr_decay: 0.01, weight_decay: 0.01, initial_accumulator_value: 0.1 });
  v('rmsprop', { lr: 0.003, momentum: 0.5, centered: 1, weight_decay: 0.01 });
  v('adam', { lr: 0.01, weight_decay: 0.01, amsgrad: 1 });
  v('adamw', { lr: 0.01, weight_decay: 0.1, amsgrad: 1 });
  v('nadam', { lr: 0.01, weight_decay: 0.01, momentum_decay: 0.01 });
  v('sgd-hd', { lr: 0.01, hypergrad_lr: 0.01 });
  v('sgd-hd', { lr: 0.0005, hypergrad_lr: 0 });
  v('adam-hd', { lr: 0.02, beta1: 0.8, beta2: 0.99, eps: 1e-6, hypergrad_lr: 1e-4 });
  v('adam-hd', { lr: 0.05, hypergrad_lr: 0.01 });
  v('dog', { lr: 0.5, reps_rel: 1e-4 });
  v('dog', { lr: 2, reps_rel: 1e-8 });
  return out;
}

const ENGINES: { label: string; simd: boolean }[] = [
  { label: 'SIMD', simd: true },
  { label: 'scalar', simd: false },
];

for (const { label, simd } of ENGINES) {
  describe(`WASM (${label} build) ≡ TS reference, T = ${STEPS}`, () => {
    let wasm: WasmEngine;
    beforeAll(async () => {
      wasm = await loadWasmEngine({ simd });
      expect(wasm.simd).toBe(simd);
    });

    for (const fn of FUNCTIONS) {
      test(`${fn.name}: o1 (random networks) and every baseline`, () => {
        const rng = new Rng(fn.id * 7919 + (simd ? 1 : 2));
        for (const n of dims(fn)) {
          const s = starts(fn, n, RUNS, rng);
          for (const { label: ml, model } of models()) {
            const spec: BatchSpec = { fn, n, optimizer: { kind: 'o1', model }, starts: s, steps: STEPS, recordLoss: true };
            compare(wasm, spec, `${fn.name} n=${n} ${ml}`);
          }
          for (const b of baselines()) {
            const spec: BatchSpec = { fn, n, optimizer: { kind: 'baseline', spec: b.spec, hyper: b.hyper }, starts: s, steps: STEPS, recordLoss: true };
            compare(wasm, spec, `${fn.name} n=${n} ${b.label}`);
          }
        }
      });
    }

    test('traces (x, ∇f, lr) and losses agree for a few runs', () => {
      const rng = new Rng(99);
      const model = randomO1Model(rng);
      const baseline = (name: string, hyper: Hyper) => ({ kind: 'baseline' as const, spec: getOptimizer(name)!, hyper });
      const optimizers = [
        { kind: 'o1' as const, model },
        baseline('adam', { lr: 0.05 }),
        baseline('sgd-hd', { lr: 0.002, hypergrad_lr: 0.001 }),
        baseline('adam-hd', { lr: 0.05, hypergrad_lr: 1e-3 }),
        baseline('dog', {}),
      ];
      for (const name of ['rosenbrock', 'ackley', 'himmelblau']) {
        const fn = getFunction(name)!;
        const s = starts(fn, 2, 3, rng);
        for (const optimizer of optimizers) {
          const spec: BatchSpec = { fn, n: 2, optimizer, starts: s, steps: 50, recordLoss: true, recordTrace: true };
          expect(wasm.supports(spec)).toBe(true);
          const ref = tsEngine.runBatch(spec);
          const got = wasm.runBatch(spec);
          expect(got.trace!.x).toHaveLength(51);
          expect(got.trace!.grad).toHaveLength(50);
          // lr is traced for o1 and the step-size rules (their α / η in every coordinate)
          const label = optimizer.kind === 'o1' ? 'o1' : optimizer.spec.name;
          const tracesLr = label === 'o1' || STEP_SIZE_METHODS.some((m) => m.name === label);
          expect(got.trace!.lr === undefined).toBe(!tracesLr);
          if (label !== 'o1' && tracesLr) {
            for (const row of got.trace!.lr!) for (let r = 0; r < 3; r++) expect(row[2 * r + 1]).toBe(row[2 * r]);
          }
          expectSame(ref, got, `${name} ${label} trace`);
        }
      }
    });

    test('a rotated quadratic with another condition number', () => {
      const fn = makeRotatedQuadratic(1e4, 'quadratic-1e4');
      const rng = new Rng(5);
      const s = starts(fn, 4, RUNS, rng);
      const spec: BatchSpec = { fn, n: 4, optimizer: { kind: 'baseline', spec: getOptimizer('adam')!, hyper: { lr: 0.05 } }, starts: s, steps: STEPS, recordLoss: true };
      expect(wasm.supports(spec)).toBe(true);
      expectSame(tsEngine.runBatch(spec), wasm.runBatch(spec), 'quadratic cond 1e4');
    });

    test('runs made to diverge diverge at the same step in both engines, then stay frozen', () => {
      const rng = new Rng(11);
      const fn = getFunction('rosenbrock')!;
      const s = starts(fn, 2, RUNS, rng);
      const baseline = (name: string, hyper: Hyper) => ({ kind: 'baseline' as const, spec: getOptimizer(name)!, hyper });
      // plain SGD with a huge lr: x explodes within a few steps
      const sgd: BatchSpec = { fn, n: 2, optimizer: baseline('sgd', { lr: 5 }), starts: s, steps: 60, recordLoss: true, recordTrace: true };
      // o1 whose lr is forced into [e^4, e^6] (≈ 55 … 400)
      const hot = randomO1Model(rng, { ...defaultO1Config(), logLrMin: 4, logLrMax: 6 });
      const o1: BatchSpec = { ...sgd, optimizer: { kind: 'o1', model: hot } };
      // the step-size rules: a huge α₀, a runaway hypergradient, DoG multiplied by 1e8 (on the
      // sphere: on Rosenbrock its ‖g‖² overflows first, η becomes 0 and the run freezes, finite)
      const sgdHd: BatchSpec = { ...sgd, optimizer: baseline('sgd-hd', { lr: 5 }) };
      const adamHd: BatchSpec = { ...sgd, optimizer: baseline('adam-hd', { lr: 0.1, hypergrad_lr: 10 }) };
      const sphere = getFunction('sphere')!;
      const dog: BatchSpec = { ...sgd, fn: sphere, starts: starts(sphere, 2, RUNS, rng), optimizer: baseline('dog', { lr: 1e8 }) };
      for (const spec of [sgd, o1, sgdHd, adamHd, dog]) {
        expect(wasm.supports(spec)).toBe(true);
        const ref = tsEngine.runBatch(spec);
        const got = wasm.runBatch(spec);
        expect(Array.from(ref.divergedAt).every((t) => t >= 0 && t < 60), 'every run diverges').toBe(true);
        expectSame(ref, got, `diverging ${spec.optimizer.kind}`);
        for (let r = 0; r < RUNS; r++) {
          const t = got.divergedAt[r];
          expect(got.finalF[r]).toBe(Infinity);
          expect(Number.isNaN(got.finalX[2 * r])).toBe(true);
          for (let u = t + 1; u <= 60; u++) expect(got.loss![u * RUNS + r]).toBe(Infinity);
        }
      }
    });

    test('a non-finite start diverges at step 0; T = 0 evaluates f(x_0) only', () => {
      const fn = getFunction('sphere')!;
      const s = Float64Array.of(1, 2, NaN, 0, Infinity, 1, 3, 4);
      for (const steps of [0, 10]) {
        const spec: BatchSpec = { fn, n: 2, optimizer: { kind: 'baseline', spec: getOptimizer('sgd')!, hyper: {} }, starts: s, steps, recordLoss: true };
        expect(wasm.supports(spec)).toBe(true);
        const ref = tsEngine.runBatch(spec);
        expect(Array.from(ref.divergedAt)).toEqual([-1, 0, 0, -1]);
        expectSame(ref, wasm.runBatch(spec), `sphere T=${steps}`);
      }
    });

    describe('transformed functions (the problem generator) run in the kernels', () => {
      const SETTINGS: TransformOptions = { rotate: true, scaleX: 10, shift: 0.5, scaleF: 100, logObjective: false };
      const transformed = (base: TestFunction, n: number, logObjective: boolean, rng: Rng) =>
        transformedFunction(base, n, drawTransform(base, n, { ...SETTINGS, logObjective }, rng));

      for (const fn of FUNCTIONS) {
        test(`${fn.name}: seeded transforms, c·f and log1p objectives, o1 (both lr rules) and baselines`, () => {
          const rng = new Rng(fn.id * 104729 + (simd ? 3 : 4));
          const all = models();
          const optimizers: { label: string; optimizer: BatchSpec['optimizer'] }[] = [
            { label: 'o1 absolute', optimizer: { kind: 'o1', model: all[0].model } },
            { label: 'o1 multiplicative', optimizer: { kind: 'o1', model: all[3].model } },
            { label: 'adam', optimizer: { kind: 'baseline', spec: getOptimizer('adam')!, hyper: { lr: 0.01 } } },
            { label: 'momentum', optimizer: { kind: 'baseline', spec: getOptimizer('momentum')!, hyper: { lr: 1e-3 } } },
            { label: 'sgd-hd', optimizer: { kind: 'baseline', spec: getOptimizer('sgd-hd')!, hyper: {} } },
            { label: 'dog', optimizer: { kind: 'baseline', spec: getOptimizer('dog')!, hyper: {} } },
          ];
          for (const n of fn.nd ? [2, 5] : [2]) {
            for (const logObjective of [false, true]) {
              for (let seed = 0; seed < 2; seed++) {
                const h = transformed(fn, n, logObjective, rng);
                const s = starts(h, n, RUNS, rng);
                for (const { label, optimizer } of optimizers) {
                  const spec: BatchSpec = { fn: h, n, optimizer, starts: s, steps: STEPS, recordLoss: true };
                  compare(wasm, spec, `${fn.name}~ n=${n}${logObjective ? ' log' : ''} #${seed} ${label}`);
                }
              }
            }
          }
        });
      }

      test('traces (x, ∇f, lr) of transformed functions', () => {
        const rng = new Rng(77);
        const model = models()[3].model; // multiplicative
        for (const [name, n] of [['rosenbrock', 5], ['himmelblau', 2], ['rastrigin', 2]] as const) {
          for (const logObjective of [false, true]) {
            const h = transformed(getFunction(name)!, n, logObjective, rng);
            const s = starts(h, n, 3, rng);
            for (const optimizer of [{ kind: 'o1' as const, model }, { kind: 'baseline' as const, spec: getOptimizer('adam-hd')!, hyper: { lr: 0.01 } }]) {
              compare(wasm, { fn: h, n, optimizer, starts: s, steps: 60, recordLoss: true, recordTrace: true }, `${name}~ n=${n} trace`);
            }
          }
        }
      });

      test('f and ∇f at single points are the same doubles (gradBatch), wide points included', async () => {
        const probes = new WasmProbes(await loadProbeKernels({ simd }));
        const rng = new Rng(31);
        let checked = 0;
        for (const fn of FUNCTIONS) {
          for (const n of fn.nd ? [2, 5] : [2]) {
            for (const logObjective of [false, true]) {
              const h = transformed(fn, n, logObjective, rng);
              const box = h.domain(n);
              const count = 41;
              const xs = new Float64Array(count * n);
              // inside the domain, and up to 1e3× outside it (large f: log1p of large arguments)
              for (let r = 0; r < count; r++) {
                const widen = r < 20 ? 1 : 10 ** rng.range(0, 3);
                for (let i = 0; i < n; i++) xs[r * n + i] = widen * rng.range(box.lo[i], box.hi[i]);
              }
              probes.reset();
              const p = probes.prepareGrad(h, n, xs);
              p.run();
              const got = p.read();
              const g = new Float64Array(n);
              for (let r = 0; r < count; r++) {
                const f = h.grad(xs.subarray(r * n, (r + 1) * n), g);
                expect(Object.is(got.f[r], f) || (Number.isNaN(f) && Number.isNaN(got.f[r])), `${fn.name}~ f at ${r}`).toBe(true);
                for (let i = 0; i < n; i++) {
                  const gi = got.g[r * n + i];
                  expect(Object.is(gi, g[i]) || (Number.isNaN(g[i]) && Number.isNaN(gi)), `${fn.name}~ g[${i}] at ${r}`).toBe(true);
                }
                checked++;
              }
            }
          }
        }
        expect(checked).toBeGreaterThan(1000);
      });
    });
  });
}

test('the generalist preset: every training task runs in the kernels and scores the same', async () => {
  const wasm = await loadWasmEngine();
  const cfg = makeTrainConfig({ ...PRESETS.generalist.settings }, 'test');
  expect(cfg.transform && cfg.transform.rotate).toBe(true);
  const tasks = generationTasks(cfg.seed, 0, trainFunctions(cfg), 4, undefined, cfg.transform);
  expect(tasks.length).toBeGreaterThan(0);
  for (const task of tasks) expect(task.transform, `${task.fn} n=${task.n} is transformed`).toBeDefined();
  const rng = new Rng(8);
  const model = randomO1Model(rng, o1ConfigFor(cfg));
  expect(model.config.lrMode).toBe('multiplicative');
  for (const fitness of ['final', 'anytime'] as const) {
    for (const optimizer of [{ kind: 'o1' as const, model }, { kind: 'baseline' as const, spec: getOptimizer('momentum')!, hyper: { lr: 1e-3 } }]) {
      const ref = scoreOnTasks(tsEngine, optimizer, tasks, 100, fitness);
      const got = scoreOnTasks(wasm, optimizer, tasks, 100, fitness);
      expect(got).toEqual(ref);
    }
  }
  for (const task of tasks) {
    const h = transformedFunction(getFunction(task.fn)!, task.n, task.transform as Transform);
    expect(wasm.supports({ fn: h, n: task.n, optimizer: { kind: 'o1', model }, starts: Float64Array.from(task.starts), steps: 1 })).toBe(true);
  }
});

test('transformed functions the kernels cannot run fall back to the TS reference', async () => {
  const wasm = await loadWasmEngine();
  const rng = new Rng(12);
  const base = getFunction('rosenbrock')!;
  const t = drawTransform(base, 2, { rotate: true, scaleX: 3, shift: 0.2, scaleF: 10, logObjective: true }, rng);
  const good = transformedFunction(base, 2, t);
  const custom: TestFunction = { ...base, name: 'custom', id: 999, f: (x) => base.f(x) + 1, grad: (x, g) => base.grad(x, g) + 1 };
  // a user objective (src/run/objective.ts) also has id −1, without base / transform
  const user: TestFunction = { ...base, name: 'user', id: -1, nd: false, f: (x) => base.f(x) * 2, grad: (x, g) => base.grad(x, g) * 2 };
  const cases: [string, TestFunction, boolean][] = [
    ['a drawn transform', good, true],
    ['a custom base function', transformedFunction(custom, 2, t), false],
    ['a user objective (id −1)', user, false],
    ['a transformed user objective', transformedFunction(user, 2, t), false],
    ['a transform of a transformed function', transformedFunction(good, 2, t), false],
    ['R of the wrong size', transformedFunction(base, 2, { ...t, R: [1, 0, 0] }), false],
    ['no transform attached', { ...good, transform: undefined } as unknown as TestFunction, false],
  ];
  const s = Float64Array.of(0.5, -0.5, 1, 1);
  for (const [what, fn, runs] of cases) {
    const spec: BatchSpec = { fn, n: 2, optimizer: { kind: 'baseline', spec: getOptimizer('adam')!, hyper: {} }, starts: s, steps: 20, recordLoss: true };
    expect(wasm.supports(spec), what).toBe(runs);
    expect(Array.from(wasm.runBatch(spec).loss!), what).toEqual(Array.from(tsEngine.runBatch(spec).loss!));
  }
});

test('summary: the largest relative difference seen', () => {
  // printed for the record (BENCHMARKS.md / the report quote it); asserted above per batch
  console.log(
    `engine equivalence: max relative difference over all batches = ${maxDiff}; ` +
      `${notIdentical} of ${compared} compared values not the identical double`,
  );
  expect(maxDiff).toBeLessThanOrEqual(TOL);
});

test('functions or optimizers the kernels do not know run on the TS reference', async () => {
  const wasm = await loadWasmEngine();
  const base = getFunction('sphere')!;
  const custom: TestFunction = { ...base, name: 'shifted-sphere', id: 999, f: (x) => base.f(x) + 1, grad: (x, g) => base.grad(x, g) + 1 };
  const spec: BatchSpec = { fn: custom, n: 2, optimizer: { kind: 'baseline', spec: getOptimizer('adam')!, hyper: {} }, starts: Float64Array.of(1, 2, 3, 4), steps: 20 };
  expect(wasm.supports(spec)).toBe(false);
  expect(Array.from(wasm.runBatch(spec).finalF)).toEqual(Array.from(tsEngine.runBatch(spec).finalF));
});
