// `o1 run` on a long run keeps only the rows it prints (src/run/sampledRun.ts): the summary must be
// the one the whole recorded trajectory gives, on the WASM engine (prefix runs) and the TS
// reference (streamed), for fixed-lr rules, o1 (an lr column) and a run that diverges.
import { describe, expect, it } from 'vitest';
import { getEngine } from '../src/engine/index.js';
import { getFunction } from '../src/functions/index.js';
import { objectiveFromFunction } from '../src/run/objective.js';
import { makeStepper } from '../src/cli/resolveOptimizer.js';
import { runOnEngine } from '../src/run/engineRun.js';
import { minimize } from '../src/run/minimize.js';
import { norm2, sampledSummary, streamedSummary, summaryOf } from '../src/run/sampledRun.js';

const cases: [string, string, number, number[], number][] = [
  ['adam on rosenbrock', 'adam', 2, [-1.2, 1], 97],
  ['o1 (lr column) on sphere-5d', 'o1', 5, [1, -2, 3, 0.5, -0.25], 60],
  ['sgd:lr=2 diverging on sphere', 'sgd:lr=2', 2, [1, 1], 5000],
  ['momentum on rastrigin, 10 steps', 'momentum', 2, [2.2, -1.3], 10],
  ['sgd-hd:lr=3 (an lr column) diverging on sphere-3d', 'sgd-hd:lr=3', 3, [1, -1, 2], 400],
];

describe('the sampled run summary', () => {
  for (const [label, opt, n, start, steps] of cases) {
    it(`${label}: the same rows as the whole trajectory`, async () => {
      const fn = getFunction(label.includes('rosenbrock') ? 'rosenbrock' : label.includes('rastrigin') ? 'rastrigin' : 'sphere')!;
      const objective = objectiveFromFunction(fn, n);
      const { stepper, batchOptimizer } = makeStepper(opt, {}, undefined);
      const every = Math.max(1, Math.ceil(steps / 10));
      const engine = await getEngine('wasm');
      const whole = summaryOf(runOnEngine(engine, fn, n, batchOptimizer, start, steps), every);
      const sampled = sampledSummary({ engine, fn, n, optimizer: batchOptimizer, start, steps, every, stepper, objective });
      expect(sampled).toEqual(whole);
      if (opt === 'o1') expect(whole.rows[1].lr).toHaveLength(n);
      if (opt.startsWith('sgd')) expect(whole.diverged, 'the case must diverge').toBe(true);
      if (opt.startsWith('sgd-hd')) expect(whole.rows[0].lr).toHaveLength(n);
      const fresh = makeStepper(opt, {}, undefined).stepper;
      expect(streamedSummary(objective, fresh, start, steps, every)).toEqual(summaryOf(minimize(objective, makeStepper(opt, {}, undefined).stepper, start, steps), every));
    });
  }

  it('norm2 is Math.hypot for short vectors and needs no argument spread for long ones', () => {
    expect(norm2([3, 4])).toBe(5);
    const long = new Float64Array(200_000).fill(2);
    expect(norm2(long)).toBeCloseTo(Math.sqrt(200_000) * 2, 9);
    expect(norm2(new Float64Array(5000))).toBe(0);
  });
});
