// The classic optimizers against PyTorch: replay of reference trajectories (torch, float64) with
// the fixture's own gradients, so only the update rule is under test; plus registry, defaults,
// validation and state/aliasing properties. Steps agree bit for bit almost always; the rare
// 1-ulp differences come from PyTorch's CPU kernels fusing x + α·d into an FMA, which JS lacks.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_OPTIMIZERS, OPTIMIZERS, findOptimizer, getOptimizer, resolveHyper } from '../src/optimizers/index.js';
import type { Hyper, OptimizerSpec, Stepper } from '../src/optimizers/types.js';

interface ReferenceCase {
  function: string;
  optimizer: string;
  hyperparameters: Record<string, number | boolean>;
  start: number[];
  steps: number;
  x: number[][];
  loss: number[];
  grad: number[][];
}

const reference = JSON.parse(
  readFileSync(new URL('./fixtures/reference-trajectories.json', import.meta.url), 'utf8'),
) as { source: string; cases: ReferenceCase[] };

const TOLERANCE = 1e-9;

function relError(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(1, Math.abs(b));
}

function spec(name: string): OptimizerSpec {
  const s = getOptimizer(name);
  if (!s) throw new Error(`no optimizer '${name}'`);
  return s;
}

function stepperFor(name: string, given: Record<string, number> = {}): Stepper {
  const s = spec(name);
  return s.create(resolveHyper(s, given));
}

/** PyTorch's keyword arguments → ours: SGD's `nesterov: true` is the 'nesterov' optimizer. */
function fixtureHyper(c: ReferenceCase): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(c.hyperparameters)) {
    if (k === 'nesterov') {
      expect(v).toBe(c.optimizer === 'nesterov');
      continue;
    }
    out[k] = Number(v);
  }
  return out;
}

const maxErrorByOptimizer = new Map<string, number>();

describe(`replay of PyTorch trajectories (${reference.source})`, () => {
  afterAll(() => {
    const rows = [...maxErrorByOptimizer].map(([name, err]) => `  ${name.padEnd(9)} ${err.toExponential(2)}`);
    console.log(`max relative error per optimizer over every step:\n${rows.join('\n')}`);
  });

  it('has cases for every PyTorch rule in the registry except nadam', () => {
    const covered = new Set(reference.cases.map((c) => c.optimizer));
    expect([...covered].sort()).toEqual(['adagrad', 'adam', 'adamw', 'momentum', 'nesterov', 'rmsprop', 'sgd']);
  });

  for (const c of reference.cases) {
    it(`${c.optimizer} ${JSON.stringify(c.hyperparameters)} on ${c.function}, ${c.steps} steps`, () => {
      expect(c.x).toHaveLength(c.steps + 1);
      expect(c.grad).toHaveLength(c.steps);
      expect(c.x[0]).toEqual(c.start);
      const stepper = stepperFor(c.optimizer, fixtureHyper(c));
      const n = c.start.length;
      const x = Float64Array.from(c.x[0]);
      const g = new Float64Array(n);
      const state = stepper.init(n);
      let maxError = 0;
      for (let t = 0; t < c.steps; t++) {
        g.set(c.grad[t]);
        stepper.step(x, g, state);
        const expected = c.x[t + 1];
        for (let i = 0; i < n; i++) {
          const err = relError(x[i], expected[i]);
          if (!(err <= TOLERANCE)) {
            throw new Error(`step ${t + 1}, coordinate ${i}: got ${x[i]}, PyTorch ${expected[i]} (relative error ${err})`);
          }
          maxError = Math.max(maxError, err);
        }
      }
      expect(state.t).toBe(c.steps);
      maxErrorByOptimizer.set(c.optimizer, Math.max(maxErrorByOptimizer.get(c.optimizer) ?? 0, maxError));
    });
  }
});

describe('registry', () => {
  // Ids given so far: each keeps its meaning for good (the kernels' OPT_<NAME>, `o1 optimizers
  // --json`). A rule added later takes an id none of these has; listing it here is optional.
  const GIVEN_IDS: Record<string, number> = {
    sgd: 1, momentum: 2, nesterov: 3, adagrad: 4, rmsprop: 5, adam: 6, adamw: 7, nadam: 8,
    'sgd-hd': 9, 'adam-hd': 10, dog: 11, rprop: 12, prodigy: 13, 'adamw-schedulefree': 14,
    'dog-avg': 18, 'adamw-schedulefree-paper': 19, o1: 20, 'adamw-cosine': 30, 'momentum-cosine': 31,
    lion: 32,
  };

  it('keeps every id given so far, gives no id twice, and no new rule an id given before', () => {
    for (const [name, id] of Object.entries(GIVEN_IDS)) expect([name, findOptimizer(name)?.id]).toEqual([name, id]);
    expect(new Set(ALL_OPTIMIZERS.map((o) => o.id)).size).toBe(ALL_OPTIMIZERS.length);
    expect(new Set(ALL_OPTIMIZERS.map((o) => o.name)).size).toBe(ALL_OPTIMIZERS.length);
    const given = new Set(Object.values(GIVEN_IDS));
    for (const o of ALL_OPTIMIZERS) if (!(o.name in GIVEN_IDS)) expect([o.name, given.has(o.id)]).toEqual([o.name, false]);
    for (const o of ALL_OPTIMIZERS) expect(Number.isInteger(o.id) && o.id > 0).toBe(true);
  });

  it('getOptimizer finds by name and returns undefined for an unknown one', () => {
    expect(getOptimizer('adam')?.id).toBe(6);
    expect(getOptimizer('Adam')).toBeUndefined();
    expect(getOptimizer('nope')).toBeUndefined();
  });

  it("every default lies in its parameter's range and passes resolveHyper", () => {
    for (const o of OPTIMIZERS) {
      const names = o.hyper.map((h) => h.name);
      expect(new Set(names).size, o.name).toBe(names.length);
      for (const h of o.hyper) {
        expect(h.description.length, `${o.name}.${h.name}`).toBeGreaterThan(0);
        if (h.min !== undefined) expect(h.default, `${o.name}.${h.name}`).toBeGreaterThanOrEqual(h.min);
        if (h.max !== undefined) expect(h.default, `${o.name}.${h.name}`).toBeLessThanOrEqual(h.max);
      }
      expect(() => resolveHyper(o, {})).not.toThrow();
    }
  });
});

describe('defaults match PyTorch', () => {
  // torch.optim documentation; betas split into beta1/beta2, booleans as 0/1. PyTorch's SGD has
  // no default lr: 0.001 is ours, and the description says so.
  const PYTORCH_DEFAULTS: Record<string, Hyper> = {
    sgd: { lr: 0.001, weight_decay: 0 },
    momentum: { lr: 0.001, momentum: 0.9, dampening: 0, weight_decay: 0 },
    nesterov: { lr: 0.001, momentum: 0.9, dampening: 0, weight_decay: 0 },
    adagrad: { lr: 0.01, lr_decay: 0, weight_decay: 0, initial_accumulator_value: 0, eps: 1e-10 },
    rmsprop: { lr: 0.01, alpha: 0.99, eps: 1e-8, weight_decay: 0, momentum: 0, centered: 0 },
    adam: { lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0, amsgrad: 0 },
    adamw: { lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.01, amsgrad: 0 },
    nadam: { lr: 0.002, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0, momentum_decay: 0.004 },
  };

  for (const [name, defaults] of Object.entries(PYTORCH_DEFAULTS)) {
    it(name, () => {
      expect(resolveHyper(spec(name), {})).toEqual(defaults);
    });
  }

  it('SGD-family descriptions state that the lr default is ours', () => {
    for (const name of ['sgd', 'momentum', 'nesterov']) expect(spec(name).description).toMatch(/0\.001/);
  });
});

describe('resolveHyper', () => {
  const adam = spec('adam');

  it('merges the given values over the defaults', () => {
    expect(resolveHyper(adam, { lr: 0.1, amsgrad: 1 })).toEqual({
      lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0, amsgrad: 1,
    });
  });

  it('rejects an unknown name, listing the valid ones', () => {
    expect(() => resolveHyper(adam, { momentum: 0.9 })).toThrow(
      /unknown hyper-parameter 'momentum'.*lr, beta1, beta2, eps, weight_decay, amsgrad/,
    );
    expect(() => resolveHyper(adam, { betas: 0.9 })).toThrow(/beta1 and beta2/);
    expect(() => resolveHyper(spec('momentum'), { nesterov: 1 })).toThrow(/'nesterov'/);
  });

  it('rejects a negative lr, naming the value and the range', () => {
    expect(() => resolveHyper(adam, { lr: -0.1 })).toThrow(/lr = -0\.1 is out of range; allowed \[0, ∞\)/);
  });

  it('rejects NaN and infinities', () => {
    expect(() => resolveHyper(adam, { lr: NaN })).toThrow(/lr must be a finite number, got NaN/);
    expect(() => resolveHyper(adam, { eps: Infinity })).toThrow(/eps must be a finite number, got Infinity/);
    expect(() => resolveHyper(spec('sgd'), { weight_decay: -Infinity })).toThrow(/finite/);
  });

  it('keeps betas in [0, 1) and flags 0/1', () => {
    expect(() => resolveHyper(adam, { beta1: 1 })).toThrow(/beta1 = 1 is out of range; allowed \[0, 1\)/);
    expect(() => resolveHyper(adam, { beta2: -0.1 })).toThrow(/beta2/);
    expect(resolveHyper(adam, { beta2: 0.999999 }).beta2).toBe(0.999999);
    expect(() => resolveHyper(adam, { amsgrad: 0.5 })).toThrow(/amsgrad = 0\.5 .*whole number/);
    expect(() => resolveHyper(adam, { amsgrad: 2 })).toThrow(/amsgrad = 2/);
    expect(() => resolveHyper(spec('rmsprop'), { centered: 1 })).not.toThrow();
  });

  it('rejects dampening for Nesterov, as PyTorch does', () => {
    expect(() => resolveHyper(spec('nesterov'), { dampening: 0.1 })).toThrow(/dampening/);
    expect(() => resolveHyper(spec('momentum'), { dampening: 0.1 })).not.toThrow();
  });
});

// Configurations that exercise every branch (weight decay, flags, momentum, decay schedules).
const VARIANTS: [string, Record<string, number>][] = [
  ['sgd', { lr: 0.1, weight_decay: 0.1 }],
  ['momentum', { lr: 0.1, dampening: 0.5, weight_decay: 0.1 }],
  ['nesterov', { lr: 0.1, weight_decay: 0.1 }],
  ['adagrad', { lr: 0.1, lr_decay: 0.1, weight_decay: 0.1, initial_accumulator_value: 0.5 }],
  ['rmsprop', { lr: 0.1, weight_decay: 0.1 }],
  ['rmsprop', { lr: 0.1, momentum: 0.9, centered: 1 }],
  ['adam', { lr: 0.1, weight_decay: 0.1 }],
  ['adam', { lr: 0.1, amsgrad: 1 }],
  ['adamw', { lr: 0.1, amsgrad: 1 }],
  ['nadam', { lr: 0.1, weight_decay: 0.1 }],
];

function gradientAt(t: number, n: number, g: Float64Array): void {
  for (let i = 0; i < n; i++) g[i] = Math.sin(1.3 * t + 0.7 * i) * (i + 1) * (t % 3 === 2 ? 0.01 : 1);
}

describe('state and aliasing', () => {
  for (const [name, given] of VARIANTS) {
    const label = `${name} ${JSON.stringify(given)}`;

    it(`${label}: does not mutate g; buffers are made by init and kept`, () => {
      const stepper = stepperFor(name, given);
      const n = 5;
      const state = stepper.init(n);
      const keysBefore = Object.keys(state).sort();
      const buffersBefore = Object.entries(state).filter(([, v]) => v instanceof Float64Array);
      for (const [, b] of buffersBefore) expect((b as Float64Array).length).toBe(n);
      const x = Float64Array.from({ length: n }, (_, i) => i - 2);
      const g = new Float64Array(n);
      for (let t = 0; t < 10; t++) {
        gradientAt(t, n, g);
        const gCopy = Float64Array.from(g);
        stepper.step(x, g, state);
        expect(g).toEqual(gCopy);
      }
      expect(Object.keys(state).sort()).toEqual(keysBefore);
      for (const [key, b] of buffersBefore) expect(state[key]).toBe(b);
      expect(state.t).toBe(10);
      for (const v of x) expect(Number.isFinite(v)).toBe(true);
    });

    it(`${label}: each init() gives independent state`, () => {
      const stepper = stepperFor(name, given);
      const n = 3;
      const run = (steps: number, state = stepper.init(n)): Float64Array => {
        const x = Float64Array.from([1, -2, 3]);
        const g = new Float64Array(n);
        for (let t = 0; t < steps; t++) {
          gradientAt(t, n, g);
          stepper.step(x, g, state);
        }
        return x;
      };
      const first = run(1);
      const a = stepper.init(n);
      const b = stepper.init(n);
      run(7, a); // advancing a must leave b untouched
      expect(b.t).toBe(0);
      expect(run(1, b)).toEqual(first);
      // a second stepper from the same spec shares nothing either
      expect(run(1, stepperFor(name, given).init(n))).toEqual(first);
    });
  }
});

// Branches the PyTorch fixtures do not reach, checked against the formulas by hand.
describe('options beyond the fixtures', () => {
  const x0 = [1, -2];
  const g1 = [0.5, -4];

  function runSteps(name: string, given: Record<string, number>, grads: number[][]): number[] {
    const stepper = stepperFor(name, given);
    const state = stepper.init(2);
    const x = Float64Array.from(x0);
    for (const g of grads) stepper.step(x, Float64Array.from(g), state);
    return Array.from(x);
  }

  function close(actual: number[], expected: number[]): void {
    for (let i = 0; i < expected.length; i++) expect(relError(actual[i], expected[i])).toBeLessThan(1e-14);
  }

  it('sgd weight_decay adds wd·x to the gradient', () => {
    close(runSteps('sgd', { lr: 0.1, weight_decay: 0.5 }, [g1]), x0.map((x, i) => x - 0.1 * (g1[i] + 0.5 * x)));
  });

  it('momentum: first buffer is g undamped, then μ·b + (1 − dampening)·g', () => {
    const g2 = [1, 1];
    close(
      runSteps('momentum', { lr: 0.1, momentum: 0.9, dampening: 0.5 }, [g1, g2]),
      x0.map((x, i) => x - 0.1 * g1[i] - 0.1 * (0.9 * g1[i] + 0.5 * g2[i])),
    );
  });

  it('adagrad: initial accumulator and lr_decay', () => {
    const g2 = [1, 1];
    const s1 = g1.map((g) => 0.5 + g * g);
    const s2 = s1.map((s, i) => s + g2[i] * g2[i]);
    const x1 = x0.map((x, i) => x - (0.1 * g1[i]) / (Math.sqrt(s1[i]) + 1e-10));
    const x2 = x1.map((x, i) => x - ((0.1 / 1.25) * g2[i]) / (Math.sqrt(s2[i]) + 1e-10));
    close(runSteps('adagrad', { lr: 0.1, lr_decay: 0.25, initial_accumulator_value: 0.5 }, [g1, g2]), x2);
  });

  it('rmsprop centered divides by √(α(1−α))·|g| on the first step', () => {
    const alpha = 0.99;
    close(
      runSteps('rmsprop', { lr: 0.01, centered: 1 }, [g1]),
      x0.map((x, i) => x - (0.01 * g1[i]) / (Math.sqrt(alpha * (1 - alpha)) * Math.abs(g1[i]) + 1e-8)),
    );
  });

  it('rmsprop momentum accumulates g/(√v + ε) into a buffer starting at 0', () => {
    const g2 = [1, 1];
    const v1 = g1.map((g) => 0.01 * g * g);
    const v2 = v1.map((v, i) => 0.99 * v + 0.01 * g2[i] * g2[i]);
    const b1 = g1.map((g, i) => g / (Math.sqrt(v1[i]) + 1e-8));
    const b2 = b1.map((b, i) => 0.5 * b + g2[i] / (Math.sqrt(v2[i]) + 1e-8));
    close(runSteps('rmsprop', { lr: 0.01, momentum: 0.5 }, [g1, g2]), x0.map((x, i) => x - 0.01 * b1[i] - 0.01 * b2[i]));
  });

  it('adam first step is lr·g/(|g| + ε)', () => {
    close(runSteps('adam', { lr: 0.1 }, [g1]), x0.map((x, i) => x - (0.1 * g1[i]) / (Math.abs(g1[i]) + 1e-8)));
  });

  it('adam amsgrad keeps the largest v: a small gradient after a large one moves less', () => {
    const big = [10, 10];
    const small = [0.1, 0.1];
    const plain = runSteps('adam', { lr: 0.1 }, [big, small]);
    const ams = runSteps('adam', { lr: 0.1, amsgrad: 1 }, [big, small]);
    // the first step is identical; on the second, v_max = v_1 > v_2, so amsgrad's step is smaller
    const first = runSteps('adam', { lr: 0.1 }, [big]);
    for (let i = 0; i < 2; i++) expect(Math.abs(ams[i] - first[i])).toBeLessThan(Math.abs(plain[i] - first[i]));
  });

  it('adam weight_decay is L2 in the gradient; adamw shrinks x first', () => {
    close(runSteps('adam', { lr: 0.1, weight_decay: 0.5 }, [g1]), runSteps('adam', { lr: 0.1 }, [g1.map((g, i) => g + 0.5 * x0[i])]));
    const shrunk = x0.map((x) => x * (1 - 0.1 * 0.5));
    close(runSteps('adamw', { lr: 0.1, weight_decay: 0.5 }, [g1]), shrunk.map((x, i) => x - (0.1 * g1[i]) / (Math.abs(g1[i]) + 1e-8)));
  });

  it('nadam first step follows the momentum-decay schedule', () => {
    const [lr, b1, b2, eps, psi] = [0.1, 0.9, 0.999, 1e-8, 0.004];
    const mu1 = b1 * (1 - 0.5 * 0.96 ** psi);
    const mu2 = b1 * (1 - 0.5 * 0.96 ** (2 * psi));
    const expected = x0.map((x, i) => {
      const m = (1 - b1) * g1[i];
      const denom = Math.sqrt(((1 - b2) * g1[i] * g1[i]) / (1 - b2)) + eps;
      return x - (lr * (1 - mu1) * g1[i]) / (1 - mu1) / denom - (lr * mu2 * m) / (1 - mu1 * mu2) / denom;
    });
    close(runSteps('nadam', { lr }, [g1]), expected);
  });
});
