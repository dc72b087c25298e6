// Rprop (and NAdam) against PyTorch: replay of the reference trajectories made by torch.optim.Rprop
// and torch.optim.NAdam (float64, autograd gradients; test/fixtures/reference-trajectories-rprop-nadam.json)
// with the fixture's own gradients, so only the update rule is under test, to 1e-9 relative as
// the other fixture tests. PyTorch's tuple arguments map to our names: etas = [etaminus,
// etaplus], step_sizes = [step_size_min, step_size_max].
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getOptimizer, resolveHyper } from '../src/optimizers/index.js';

interface ReferenceCase {
  function: string;
  optimizer: string;
  hyperparameters: Record<string, number | number[]>;
  start: number[];
  steps: number;
  x: number[][];
  grad: number[][];
}

const reference = JSON.parse(
  readFileSync(new URL('./fixtures/reference-trajectories-rprop-nadam.json', import.meta.url), 'utf8'),
) as { source: string; cases: ReferenceCase[] };

const TUPLES: Record<string, [string, string]> = { etas: ['etaminus', 'etaplus'], step_sizes: ['step_size_min', 'step_size_max'] };

function ourHyper(c: ReferenceCase): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(c.hyperparameters)) {
    if (Array.isArray(v)) {
      const names = TUPLES[k];
      expect(names, `tuple argument ${k}`).toBeDefined();
      out[names[0]] = v[0];
      out[names[1]] = v[1];
    } else {
      out[k] = v;
    }
  }
  return out;
}

describe(`replay of PyTorch's Rprop and NAdam (${reference.source})`, () => {
  it('has Rprop cases with default and non-default etas and step sizes', () => {
    const rprop = reference.cases.filter((c) => c.optimizer === 'rprop');
    expect(rprop.length).toBeGreaterThanOrEqual(4);
    expect(rprop.some((c) => 'etas' in c.hyperparameters && 'step_sizes' in c.hyperparameters)).toBe(true);
  });

  for (const c of reference.cases) {
    it(`${c.optimizer} ${JSON.stringify(c.hyperparameters)} on ${c.function}, ${c.steps} steps`, () => {
      expect(c.x).toHaveLength(c.steps + 1);
      const spec = getOptimizer(c.optimizer)!;
      const stepper = spec.create(resolveHyper(spec, ourHyper(c)));
      const n = c.start.length;
      const x = Float64Array.from(c.start);
      const g = new Float64Array(n);
      const state = stepper.init(n);
      let worst = 0;
      for (let t = 0; t < c.steps; t++) {
        g.set(c.grad[t]);
        stepper.step(x, g, state);
        for (let i = 0; i < n; i++) {
          const want = c.x[t + 1][i];
          const err = Math.abs(x[i] - want) / Math.max(1, Math.abs(want));
          worst = Math.max(worst, err);
          expect(err, `step ${t + 1}, coordinate ${i}: ${x[i]} vs ${want}`).toBeLessThanOrEqual(1e-9);
        }
      }
      expect(worst).toBeLessThanOrEqual(1e-9);
    });
  }
});

describe('Rprop semantics', () => {
  const spec = getOptimizer('rprop')!;
  it('grows the step while the sign holds, halves it and skips a step after a flip, clamps to the bounds', () => {
    const s = spec.create(resolveHyper(spec, { lr: 0.1, step_size_max: 0.13 }));
    const st = s.init(1);
    const x = Float64Array.of(0);
    s.step(x, Float64Array.of(2), st); // product 0: s stays 0.1
    expect(x[0]).toBeCloseTo(-0.1, 15);
    s.step(x, Float64Array.of(5), st); // same sign: 0.1·1.2 = 0.12
    expect(x[0]).toBeCloseTo(-0.22, 15);
    s.step(x, Float64Array.of(1), st); // 0.144 clamped to 0.13
    expect(x[0]).toBeCloseTo(-0.35, 15);
    s.step(x, Float64Array.of(-3), st); // flip: s = 0.065, no move, prev = 0
    expect(x[0]).toBeCloseTo(-0.35, 15);
    s.step(x, Float64Array.of(-3), st); // product with the stored 0: s stays 0.065, moves up
    expect(x[0]).toBeCloseTo(-0.285, 15);
    expect((st.stepSize as Float64Array)[0]).toBeCloseTo(0.065, 15);
  });

  it("rejects PyTorch's tuple names with a pointer to ours", () => {
    expect(() => resolveHyper(spec, { etas: 1 })).toThrow(/split into etaminus and etaplus/);
    expect(() => resolveHyper(spec, { step_sizes: 1 })).toThrow(/step_size_min and step_size_max/);
  });
});
