// o1 in the registry is an ordinary optimizer (issue 19 item 1): its spec makes a stepper from its
// model as a baseline's does from its hyper-parameters, callers configure any rule the same way,
// and the learned/baseline question is asked inside src/optimizers alone. Its config is one
// variant per rule: the normalized rule has no window, and a model file written with one still
// loads and runs the same bits.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_OPTIMIZERS, configureOptimizer, createStepper, getOptimizer, hyperOf, resolveHyper } from '../src/optimizers/index.js';
import { createO1Stepper, o1Spec } from '../src/o1/o1.js';
import { copyConfig, validateConfig } from '../src/o1/config.js';
import { loadModel } from '../src/model/io.js';
import { modelToJson, parseModelJson } from '../src/model/json.js';
import { modelToText, parseModelText } from '../src/model/text.js';
import { PACKAGE_ROOT } from '../src/paths.js';

const shipped = (id: string) => loadModel(join(PACKAGE_ROOT, 'models', `${id}.json`));

function run(stepper: ReturnType<typeof createStepper>, steps = 30): number[] {
  const x = Float64Array.of(1.5, -0.7, 0.2);
  const g = new Float64Array(3);
  const st = stepper.init(3, steps);
  for (let t = 0; t < steps; t++) {
    for (let i = 0; i < 3; i++) g[i] = (i + 1) * x[i] + Math.sin(3 * x[i]);
    stepper.step(x, g, st);
  }
  return Array.from(x);
}

describe('o1 is created like any rule', () => {
  it('o1Spec.create(model) is the model\'s stepper, bit for bit, for both shipped models', () => {
    for (const id of ['default', 'generalist-v2']) {
      const m = shipped(id);
      expect(run(o1Spec.create(m))).toEqual(run(createO1Stepper(m)));
    }
  });

  it('configureOptimizer reads the model only for the rule made from one', () => {
    let reads = 0;
    const model = () => {
      reads++;
      return shipped('default');
    };
    const adam = configureOptimizer(getOptimizer('adam')!, { lr: 0.01 }, model);
    expect(reads).toBe(0);
    expect(adam.kind).toBe('baseline');
    expect(hyperOf(adam)).toEqual(resolveHyper(getOptimizer('adam')!, { lr: 0.01 }));
    const o1 = configureOptimizer(o1Spec, {}, model);
    expect(reads).toBe(1);
    expect(o1.kind).toBe('o1');
    expect(hyperOf(o1)).toEqual({});
    expect(run(createStepper(o1))).toEqual(run(createO1Stepper(shipped('default'))));
    expect(run(createStepper(adam))).toEqual(run(getOptimizer('adam')!.create(resolveHyper(getOptimizer('adam')!, { lr: 0.01 }))));
    expect(() => configureOptimizer(o1Spec, { momentum: 1 }, model)).toThrow(/unknown hyper-parameter 'momentum' for o1/);
    expect(() => configureOptimizer(o1Spec, { lr: 0 }, model)).toThrow(/lr = 0 is out of range/);
    const halved = configureOptimizer(o1Spec, { lr: 0.5 }, model);
    expect(hyperOf(halved)).toEqual({ lr: 0.5 });
    expect(halved.kind === 'o1' && halved.model.config.initStep).toBe(shipped('default').config.initStep * 0.5);
    expect(() => configureOptimizer(getOptimizer('adam')!, { lr: -1 }, model)).toThrow(/lr/);
  });

  it('every rule of ALL_OPTIMIZERS configures and steps through the same two calls', () => {
    for (const spec of ALL_OPTIMIZERS) {
      const x = run(createStepper(configureOptimizer(spec, {}, () => shipped('default'))), 5);
      expect(x.every(Number.isFinite)).toBe(true);
    }
  });

  it('no caller outside src/optimizers asks whether a rule is learned', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts') && !p.includes(join('src', 'optimizers')) && /\bisLearned\b/.test(readFileSync(p, 'utf8'))) offenders.push(p);
      }
    };
    for (const d of ['src', join('web', 'src')]) walk(join(PACKAGE_ROOT, d));
    expect(offenders).toEqual([]);
  });
});

describe('O1Config: one variant per rule', () => {
  it('the normalized rule has no window: the shipped v3 model loads without one, a config without one is valid', () => {
    const m = shipped('default');
    expect(m.config.lrMode).toBe('normalized');
    expect('window' in m.config).toBe(false);
    expect(validateConfig(m.config)).toEqual([]);
    expect(validateConfig({ ...m.config, window: 5 })).toEqual([]); // files written before: still read
    expect(validateConfig({ ...m.config, lrMode: 'absolute' })[0]).toMatch(/missing "window"/);
  });

  it('a v3 file with the legacy window key reads to the same model and runs the same bits; written again it has no window', () => {
    const m = shipped('default');
    const legacy = modelToJson(m).replace('"features": "v3",', '"features": "v3",\n    "window": 5,');
    expect(legacy).toContain('"window": 5');
    const back = parseModelJson(legacy, 'legacy.json');
    expect(back.config).toEqual(m.config);
    expect(Array.from(back.weights)).toEqual(Array.from(m.weights));
    expect(run(createO1Stepper(back))).toEqual(run(createO1Stepper(m)));
    expect(modelToJson(back)).not.toContain('window');
    const text = modelToText(m);
    expect(text).not.toMatch(/^window /m);
    expect(parseModelText(text.replace('features v3', 'features v3\nwindow 5'), 'legacy.txt').config).toEqual(m.config);
  });

  it('copyConfig keeps a window rule\'s keys in file order and drops a normalized config\'s window', () => {
    const w = shipped('generalist-v2').config;
    expect(Object.keys(copyConfig(w))).toEqual(['features', 'window', 'layers', 'activations', 'beta', 'logLrMin', 'logLrMax', 'lrMode', 'initStep']);
    const n = { ...shipped('default').config, window: 5 } as typeof w & { features: 'v3' };
    // the shipped default (o1 v5) has the 'distance' step unit: its key comes last, after initStep
    expect(Object.keys(copyConfig(n as never))).toEqual(['features', 'layers', 'activations', 'beta', 'logLrMin', 'logLrMax', 'lrMode', 'initStep', 'stepUnit']);
    const v4 = { ...shipped('generalist-v4').config, window: 5 } as typeof w & { features: 'v3' };
    expect(Object.keys(copyConfig(v4 as never))).toEqual(['features', 'layers', 'activations', 'beta', 'logLrMin', 'logLrMax', 'lrMode', 'initStep']);
  });
});

describe('the library API', () => {
  it('exports the registry: any rule configured and stepped from src/index.ts', async () => {
    const lib = await import('../src/index.js');
    const m = shipped('default');
    const o1 = lib.createStepper(lib.configureOptimizer(lib.findOptimizer('O1')!, {}, () => m));
    expect(run(o1)).toEqual(run(lib.o1Spec.create(m)));
    expect(lib.ALL_OPTIMIZERS.map((o) => o.name)).toEqual(ALL_OPTIMIZERS.map((o) => o.name));
  });
});
