// o1's knobs lr and max_growth (src/o1/knobs.ts, docs/O1.md "Knobs"): mapped onto the model's
// config (initStep × lr, logLrMax ≤ ln max_growth), so with the defaults the model is the same
// object (the same bits), and with knobs every path steps the same mapped model: the TS
// reference, the WASM engine (o1 run/viz/bench), the step API on the TS and WASM kernels, TF.js's
// O1Optimizer (host path) — all bit for bit. Bad values: one clear error (CLI exit 2).
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { loadModel } from '../src/model/io.js';
import { createO1Stepper, randomO1Model } from '../src/o1/o1.js';
import { defaultO1Config } from '../src/o1/config.js';
import { knobProblems, withKnobs } from '../src/o1/knobs.js';
import { Rng } from '../src/rng.js';
import { getEngine, initWasm } from '../src/engine/index.js';
import { getFunction } from '../src/functions/index.js';
import { createO1Optimizer, createOptimizer } from '../src/api/index.js';
import { O1Optimizer } from '../src/tfjs/index.js';
import { main } from '../src/cli/main.js';
import { PACKAGE_ROOT } from '../src/paths.js';

const SHIPPED = loadModel(join(PACKAGE_ROOT, 'models', 'default.json'));
const rosen = getFunction('rosenbrock')!;

beforeAll(async () => {
  await initWasm();
  await tf.setBackend('cpu');
});

/** `steps` steps of the TS reference on rosenbrock from `start`: every point. */
function tsPath(model: typeof SHIPPED, start: number[], steps: number): number[][] {
  const s = createO1Stepper(model);
  const st = s.init(2);
  const x = Float64Array.from(start);
  const g = new Float64Array(2);
  const out = [[...x]];
  for (let t = 0; t < steps; t++) {
    rosen.grad(x, g);
    s.step(x, g, st);
    out.push([...x]);
  }
  return out;
}

describe('withKnobs', () => {
  it('returns the model itself at the defaults, maps lr and max_growth onto initStep and logLrMax', () => {
    expect(withKnobs(SHIPPED, {})).toBe(SHIPPED);
    expect(withKnobs(SHIPPED, { lr: 1, max_growth: Infinity })).toBe(SHIPPED);
    const k = withKnobs(SHIPPED, { lr: 0.5, max_growth: 1.2 });
    expect(k.config.initStep).toBe(SHIPPED.config.initStep * 0.5);
    expect(k.config.logLrMax).toBe(Math.min(SHIPPED.config.logLrMax, Math.log(1.2)));
    expect(k.weights).toBe(SHIPPED.weights);
    expect(SHIPPED.config.initStep).toBe(loadModel(join(PACKAGE_ROOT, 'models', 'default.json')).config.initStep); // not mutated
    // A growth cap above the model's own bound changes nothing.
    expect(withKnobs(SHIPPED, { max_growth: 1e6 }).config.logLrMax).toBe(SHIPPED.config.logLrMax);
  });

  it('refuses bad values and a rule without a step unit, in one message', () => {
    expect(knobProblems({ lr: -1 })).toEqual(['lr must be a number in [0.000001, 1000000], got -1']);
    expect(knobProblems({ lr: NaN, max_growth: 0.5, beta: 1 })).toHaveLength(3);
    expect(() => withKnobs(SHIPPED, { lr: 0 })).toThrow(/lr must be a number/);
    const absolute = randomO1Model(new Rng(1), defaultO1Config());
    expect(() => withKnobs(absolute, { lr: 0.5 })).toThrow(/'absolute'.*no step unit/);
  });

  it('lr = 0.5 halves the first step of the normalized rule; max_growth = 1 never lengthens a step', () => {
    const start = [-1.5, 2];
    const a = tsPath(SHIPPED, start, 60);
    const h = tsPath(withKnobs(SHIPPED, { lr: 0.5 }), start, 60);
    for (let i = 0; i < 2; i++) expect(start[i] - h[1][i]).toBeCloseTo(0.5 * (start[i] - a[1][i]), 12);
    const capped = createO1Stepper(withKnobs(SHIPPED, { max_growth: 1 }));
    const st = capped.init(2);
    const x = Float64Array.from(start);
    const g = new Float64Array(2);
    for (let t = 0; t < 60; t++) {
      rosen.grad(x, g);
      capped.step(x, g, st);
      for (const ls of st.logStep as Float64Array) expect(ls).toBeLessThanOrEqual(0);
    }
  });
});

describe('the knobs act identically on every path', () => {
  const knobs = { lr: 0.3, max_growth: 1.3 };
  const mapped = withKnobs(SHIPPED, knobs);
  const start = [-1.2, 1.7];

  it('the WASM engine (o1 run/viz/bench) and the TS engine run the mapped model bit for bit', async () => {
    const ref = tsPath(mapped, start, 50);
    for (const name of ['wasm', 'ts'] as const) {
      const engine = await getEngine(name);
      const res = engine.runBatch({ fn: rosen, n: 2, optimizer: { kind: 'o1', model: mapped }, starts: Float64Array.from(start), steps: 50 });
      expect(Array.from(res.finalX), name).toEqual(ref[50]);
    }
  });

  it('the step API (TS and WASM kernels, createO1Optimizer and createOptimizer) and TF.js O1Optimizer', () => {
    const ref = tsPath(mapped, start, 30);
    const runStep = (opt: { step(p: Float64Array[], g: Float64Array[]): void }) => {
      const x = Float64Array.from(start);
      const g = new Float64Array(2);
      for (let t = 0; t < 30; t++) {
        rosen.grad(x, g);
        opt.step([x], [g]);
      }
      return [...x];
    };
    const wasm = createO1Optimizer({ model: SHIPPED, ...knobs });
    expect(wasm.engine).toBe('wasm');
    expect(runStep(wasm)).toEqual(ref[30]);
    expect(runStep(createO1Optimizer({ model: SHIPPED, ...knobs, engine: 'ts' }))).toEqual(ref[30]);
    expect(runStep(createOptimizer('o1', knobs, { model: SHIPPED }))).toEqual(ref[30]);
    expect(() => createOptimizer('o1', knobs, { model: SHIPPED, lr: 0.3 })).toThrow(/once, as hyper-parameters/);
    expect(() => createO1Optimizer({ model: SHIPPED, lr: -2 })).toThrow(/createO1Optimizer: lr must be a number/);

    const opt = new O1Optimizer({ model: SHIPPED, ...knobs, path: 'host' });
    const v = tf.variable(tf.tensor1d(start, 'float32'));
    const x32 = Float32Array.from(start);
    const replay = createO1Optimizer({ model: mapped, engine: 'ts' });
    for (let t = 0; t < 10; t++) {
      const g = new Float32Array(2);
      rosen.grad(Float64Array.from(v.dataSync()), g);
      opt.applyGradients([{ name: v.name, tensor: tf.tensor1d(g) }]);
      replay.step([x32], [g]);
    }
    expect(Array.from(v.dataSync())).toEqual(Array.from(x32));
    const config = opt.getConfig();
    const again = O1Optimizer.fromConfig(O1Optimizer, config) as O1Optimizer;
    expect(again.getConfig()).toEqual(config); // the knobs survive save/load
    v.dispose();
  });
});

describe('o1 run --opt o1 --lr / :max_growth', () => {
  async function cli(args: string[]) {
    let out = '';
    let err = '';
    const code = await main(args, { out: (s) => void (out += s), err: (s) => void (err += s) } as never);
    return { code, out, err };
  }
  it('accepts the knobs (flag or name:key=value) and runs the mapped model', async () => {
    const r = await cli(['run', '--fn', 'rosenbrock', '--opt', 'o1:max_growth=1.3', '--lr', '0.3', '--start', '-1.2,1.7', '--steps', '50', '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.hyperparameters).toEqual({ max_growth: 1.3, lr: 0.3 });
    expect(j.x[50]).toEqual(tsPath(mapped(), [-1.2, 1.7], 50)[50]);
  });
  const mapped = () => withKnobs(SHIPPED, { lr: 0.3, max_growth: 1.3 });
  it("viz: a global --lr is the baselines' (not o1's multiplier); o1 takes its lr as o1:lr=V", async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'o1-knobs-')), 'viz.svg');
    const r = await cli(['viz', '--fn', 'booth', '--opt', 'o1,adam', '--lr', '0.01', '--no-tune', '--start', '2,3', '--steps', '10', '--out', out, '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).runs.map((x: { label: string }) => x.label)).toEqual(['o1 (default)', 'adam lr=0.01']);
    const own = await cli(['viz', '--fn', 'booth', '--opt', 'o1:lr=0.5', '--start', '2,3', '--steps', '10', '--out', out, '--json']);
    expect(JSON.parse(own.out).runs[0].label).toBe('o1 (default) lr=0.5');
    const alone = await cli(['viz', '--fn', 'booth', '--opt', 'o1', '--lr', '0.5', '--out', out]);
    expect(alone.code).toBe(2);
    expect(alone.err).toMatch(/--opt o1:lr=0\.5/);
  });
  it('refuses bad values in one line, exit 2', async () => {
    for (const [args, msg] of [
      [['--lr', '-1'], /lr = -1 is out of range/],
      [['--lr', 'abc'], /--lr: 'abc' is not a finite number/],
      [['--max_growth', '0.5'], /max_growth = 0.5 is out of range; allowed \[1, ∞\)/],
      [['--momentum', '0.9'], /unknown hyper-parameter 'momentum' for o1 \(valid: lr, max_growth\)/],
    ] as [string[], RegExp][]) {
      const r = await cli(['run', '--fn', 'rosenbrock', '--opt', 'o1', '--steps', '3', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(msg);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
  });
});
