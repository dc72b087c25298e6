// o1 on flat regions and tiny numbers (docs/O1.md, "Flat regions and tiny numbers"): at g = 0, on
// plateaus (Easom far from its minimum, a constant function), with subnormal gradients and from
// tiny starts, no lr rule diverges, and every engine (TS reference, SIMD and scalar kernels, the
// step API's WASM vector) gives the same bits. And the bounds that make this so are never active
// on the ordinary test functions, so the models' runs there are the runs they always gave.
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FUNCTIONS, getFunction } from '../src/functions/index.js';
import type { TestFunction } from '../src/functions/types.js';
import { MULTIPLICATIVE_LR_MAX, createO1Stepper, randomO1Model, type O1Model } from '../src/o1/o1.js';
import { defaultO1Config } from '../src/o1/config.js';
import { LOG_STEP_MAX, LOG_STEP_MIN, startRms, type NormalizedState } from '../src/o1/normalized.js';
import { Rng } from '../src/rng.js';
import { loadModel } from '../src/model/io.js';
import { transformedFunction } from '../src/train/problems.js';
import { tsEngine, loadWasmEngine, type BatchResult, type BatchSpec, type WasmEngine } from '../src/engine/index.js';
import { createO1Optimizer } from '../src/api/optimizer.js';

const MODELS_DIR = join(import.meta.dirname, '..', 'models');

function randomModel(lrMode: 'absolute' | 'multiplicative', seed: number): O1Model {
  const cfg = defaultO1Config();
  cfg.lrMode = lrMode;
  if (lrMode === 'multiplicative') {
    cfg.logLrMin = -2;
    cfg.logLrMax = 0.5;
  }
  // output bias 0.5: a network that accelerates wherever it sees nothing, the worst case on a plateau
  return randomO1Model(new Rng(seed), cfg, lrMode === 'multiplicative' ? 0.5 : -3);
}

const SHIPPED: [string, O1Model][] = [
  ['default (v3, normalized)', loadModel(join(MODELS_DIR, 'default.json'))],
  ['generalist-v2 (multiplicative)', loadModel(join(MODELS_DIR, 'generalist-v2.json'))],
];
const MODELS: [string, O1Model, boolean][] = [
  ...SHIPPED.map(([label, m]) => [label, m, true] as [string, O1Model, boolean]),
  ['random absolute', randomModel('absolute', 7), false],
  ['random multiplicative, always accelerating', randomModel('multiplicative', 8), false],
];

/** `base` seen through the problem generator's transform with f-scale c (identity otherwise):
 *  c = 0 is a constant objective (f = 0, ∇f = 0 everywhere) that the kernels run too. */
function scaledFunction(name: string, c: number): TestFunction {
  return transformedFunction(getFunction(name)!, 2, { R: [1, 0, 0, 1], a: [1, 1], b: [0, 0], c, log: false });
}

interface FlatCase {
  name: string;
  fn: TestFunction;
  start: [number, number];
  steps: number;
  /** Largest allowed |x_T − x_0| (coordinate-wise): the run stays where nothing pulls it. */
  maxMove?: number;
  /** Largest allowed f(x_T): the run does not leave a tiny start's basin. */
  maxF?: number;
  /** Only for the shipped (trained) models: a random network that never brakes diverges on
   *  sphere from any start, tiny or not, which is the model's failure, not the rule's. */
  trainedOnly?: boolean;
}

const CASES: FlatCase[] = [
  // g = 0 exactly at every step: x cannot move (m stays 0), the lr must stay finite
  { name: 'sphere at its minimum (g = 0)', fn: getFunction('sphere')!, start: [0, 0], steps: 2000, maxMove: 0 },
  { name: 'Easom far out (exp underflows: f = −0, g = 0)', fn: getFunction('easom')!, start: [50, 50], steps: 2000, maxMove: 0 },
  { name: 'a constant function (0·sphere)', fn: scaledFunction('sphere', 0), start: [1.5, -2], steps: 2000, maxMove: 0 },
  // a plateau whose gradient is tiny but not 0 (|g| ≈ 1e-40)
  { name: 'Easom plateau at (10, 10)', fn: getFunction('easom')!, start: [10, 10], steps: 2000, maxMove: 1e-3 },
  // subnormal gradients: 5e-324 · sphere has |g| = 1e-323 (lr₋₁ = initStep / |g₀| would be Inf)
  { name: 'subnormal gradients (5e-324·sphere)', fn: scaledFunction('sphere', 5e-324), start: [1, 1], steps: 500, maxMove: 1e-3 },
  // tiny starts, at and near a minimiser (f(x₀) underflows to 0 at 1e-200)
  { name: 'sphere from 1e-200', fn: getFunction('sphere')!, start: [1e-200, 1e-200], steps: 500, maxF: 1e-300, trainedOnly: true },
  { name: 'sphere from 1e-20', fn: getFunction('sphere')!, start: [1e-20, -1e-20], steps: 500, maxF: 1e-30, trainedOnly: true },
  { name: 'sphere from 1e-8', fn: getFunction('sphere')!, start: [1e-8, 1e-8], steps: 500, maxF: 1e-12, trainedOnly: true },
  { name: 'rastrigin from 1e-100', fn: getFunction('rastrigin')!, start: [1e-100, -3e-100], steps: 500, maxF: 1e-150, trainedOnly: true },
];

function spec(fn: TestFunction, model: O1Model, start: number[], steps: number): BatchSpec {
  // three copies of the start: odd, so the SIMD build pads a lane
  const starts = Float64Array.from([...start, ...start, ...start]);
  return { fn, n: 2, optimizer: { kind: 'o1', model }, starts, steps, recordLoss: true, recordTrace: true };
}

function expectSameBits(a: BatchResult, b: BatchResult): void {
  expect(Array.from(b.divergedAt)).toEqual(Array.from(a.divergedAt));
  expect(b.finalX).toEqual(a.finalX);
  expect(b.finalF).toEqual(a.finalF);
  expect(b.loss).toEqual(a.loss);
  expect(b.trace!.x).toEqual(a.trace!.x);
  expect(b.trace!.lr).toEqual(a.trace!.lr);
}

let simd: WasmEngine;
let scalar: WasmEngine;
beforeAll(async () => {
  simd = await loadWasmEngine({ simd: true });
  scalar = await loadWasmEngine({ simd: false });
});

describe.each(MODELS)('o1 on flat regions and tiny numbers: %s', (_label, model, trained) => {
  it.each(CASES.filter((c) => trained || !c.trainedOnly).map((c) => [c.name, c] as const))('%s: no divergence, finite lr, the same bits in every engine', (_n, c) => {
    const s = spec(c.fn, model, c.start, c.steps);
    const ts = tsEngine.runBatch(s);
    expect(Array.from(ts.divergedAt)).toEqual([-1, -1, -1]);
    for (const row of ts.trace!.lr!) for (const lr of row) expect(lr > 0 || lr === 0).toBe(true);
    for (const row of ts.trace!.lr!) for (const lr of row) expect(Number.isFinite(lr)).toBe(true);
    for (let k = 0; k < ts.finalX.length; k++) {
      expect(Number.isFinite(ts.finalX[k])).toBe(true);
      if (c.maxMove !== undefined) expect(Math.abs(ts.finalX[k] - c.start[k % 2])).toBeLessThanOrEqual(c.maxMove);
    }
    if (c.maxF !== undefined) for (const f of ts.finalF) expect(f).toBeLessThanOrEqual(c.maxF);
    // every lr rule runs in the kernels (normalized: assembly/normalized.ts)
    expect(simd.supports(s)).toBe(true);
    expectSameBits(ts, simd.runBatch(s));
    expectSameBits(ts, scalar.runBatch(s));
  });

  it('the step API (one flat vector, TS and WASM cores) gives the reference run from a tiny start and at g = 0', () => {
    for (const start of trained ? [[1e-200, 1e-200], [0, 0]] : [[0, 0]]) {
      const fn = getFunction('sphere')!;
      const ref = tsEngine.runBatch({ fn, n: 2, optimizer: { kind: 'o1', model }, starts: Float64Array.from(start), steps: 300 });
      for (const engine of ['ts', 'auto'] as const) {
        const opt = createO1Optimizer({ model, engine, kernels: simd.kernels });
        const x = Float64Array.from(start);
        const g = new Float64Array(2);
        for (let t = 0; t < 300; t++) {
          fn.grad(x, g);
          opt.step([x], [g]);
        }
        expect(Array.from(x)).toEqual(Array.from(ref.finalX));
      }
    }
  });
});

describe('the flat-region bounds are inactive on the ordinary test functions', () => {
  // The shipped models on every registry function except Easom (a plateau almost everywhere: the
  // case the bounds are for) from 12 random starts in its domain, 1000 steps: the lr cap is never reached, the first
  // move is the plain initStep (max|x₀| ≥ initStep) and the v3 step unit takes the plain rms, so
  // these runs are the ones the models gave before the bounds existed.
  const ordinary = FUNCTIONS.filter((f) => f.name !== 'easom');
  const rng = new Rng(2026);
  const startsOf = (fn: TestFunction): Float64Array => {
    const n = fn.defaultDims;
    const box = fn.domain(n);
    return Float64Array.from({ length: 12 * n }, (_, k) => rng.range(box.lo[k % n], box.hi[k % n]));
  };
  const cases = ordinary.map((fn) => [fn.name, fn, startsOf(fn)] as const);

  it.each(cases)('%s', (_name, fn, starts) => {
    const n = fn.defaultDims;
    for (const [, model] of SHIPPED) {
      const cfg = model.config;
      for (let r = 0; r < starts.length / n; r++) {
        const x0 = starts.subarray(r * n, (r + 1) * n);
        if (cfg.lrMode === 'multiplicative') expect(Math.max(...Array.from(x0, Math.abs))).toBeGreaterThanOrEqual(cfg.initStep);
        if (cfg.lrMode === 'normalized') {
          let xx = 0;
          for (const v of x0) xx += v * v;
          expect(startRms(Float64Array.from(x0))).toBe(Math.sqrt(xx / n));
        }
      }
      const res = tsEngine.runBatch({ fn, n, optimizer: { kind: 'o1', model }, starts, steps: 1000, recordTrace: true });
      let maxLr = 0;
      for (const row of res.trace!.lr!) for (const lr of row) if (lr > maxLr) maxLr = lr;
      if (cfg.lrMode === 'multiplicative') expect(maxLr).toBeLessThan(MULTIPLICATIVE_LR_MAX);
    }
  });

  // o1 v3 stays strictly inside the bounds on every ordinary function. o1 v4 (the default since
  // 2026-12-07, trained to accelerate from tiny starts) reaches LOG_STEP_MAX on one, sumpowers, whose
  // gradient vanishes like |x|^k at its minimum: there, and only once the run is solved (f − f* ≤
  // 1e-20; measured 2e-38 at step 772), the bound does what it exists for.
  it('the v3 step level stays strictly inside [LOG_STEP_MIN, LOG_STEP_MAX] on them (its bound existed before); v4 meets a bound only at a solved minimum', () => {
    const v3 = loadModel(join(MODELS_DIR, 'generalist-v3.json'));
    for (const [model, strict] of [[v3, true], [SHIPPED[0][1], false]] as const) {
      const stepper = createO1Stepper(model);
      for (const fn of ordinary) {
        const n = fn.defaultDims;
        const x = Float64Array.from(fn.domain(n).hi, (v) => v * 0.7);
        const g = new Float64Array(n);
        const st = stepper.init(n) as unknown as NormalizedState;
        for (let t = 0; t < 1000; t++) {
          fn.grad(x, g);
          if (!g.every(Number.isFinite)) break;
          stepper.step(x, g, st as never);
          for (const ls of st.logStep) {
            const inside = ls > LOG_STEP_MIN && ls < LOG_STEP_MAX;
            if (strict || !inside) expect(inside || fn.f(x) - fn.fmin(n) <= 1e-20, `${fn.name} step ${t}: ln s = ${ls}`).toBe(true);
            if (strict) expect(inside, `${fn.name} step ${t}`).toBe(true);
          }
        }
      }
    }
  });
});

describe('startRms (the v3 step unit of a start)', () => {
  it('is the plain rms for ordinary starts, and keeps the scale of tiny and huge ones', () => {
    expect(startRms(Float64Array.of(3, 4))).toBe(Math.sqrt(12.5));
    expect(startRms(Float64Array.of(0, 0))).toBe(0);
    // Σx² underflows to 0 (plain rms 0) and overflows to Inf: the rescaled rms has x's scale
    expect(startRms(Float64Array.of(3e-200, 4e-200)) / 3.5355339059327378e-200).toBeCloseTo(1, 14);
    expect(startRms(Float64Array.of(3e200, 4e200)) / 3.5355339059327378e200).toBeCloseTo(1, 14);
    expect(startRms(Float64Array.of(5e-324, 0)) / (5e-324 / Math.SQRT2)).toBeCloseTo(1, 0);
  });
});
