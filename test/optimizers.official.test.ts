// The baselines that are not in torch.optim against their reference packages' own code: replay of
// test/fixtures/reference-trajectories-official.json, made by scripts/make-torch-fixtures.py
// --official from the packages' files vendored in scripts/official/ and pinned by git blob id
// (schedulefree 1.4.1, prodigyopt 1.1.2, dog-optimizer 1.0.3, google/automl's Lion; adamw-cosine
// and momentum-cosine are torch.optim.AdamW / SGD under LambdaLR). Each step is replayed with the fixture's own
// gradient, so only the update rule is under test; x_{t+1} and, where the method's answer is not
// the iterate, its evalPoint (schedule-free's x, dog-avg's average) must agree to 1e-9 relative
// (|a − b| ≤ 1e-9·max(1, |b|), as test/optimizers.test.ts). In practice they agree to ~1e-15:
// the residue is PyTorch's reductions (norms, sums) summing in another order and C's cos/pow.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { getOptimizer, resolveHyper } from '../src/optimizers/index.js';
import type { Stepper } from '../src/optimizers/types.js';

interface OfficialCase {
  function: string;
  optimizer: string;
  hyperparameters: Record<string, number | boolean | number[] | null>;
  start: number[];
  steps: number;
  x: number[][];
  loss: number[];
  grad: number[][];
  eval?: number[][];
}

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/reference-trajectories-official.json', import.meta.url), 'utf8'),
) as { source: string; cases: OfficialCase[] };

const TOLERANCE = 1e-9;

// Debian's python3 with torch (CI installs it for python/'s tests); without it the check below skips.
const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch, typing_extensions'], { stdio: 'ignore' }).status === 0;
const relError = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

/** The packages' keyword arguments → ours: betas split, booleans as 1/0, None (beta3) as 0. */
function ourHyper(c: OfficialCase): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(c.hyperparameters)) {
    if (k === 'betas') {
      const [b1, b2] = v as number[];
      out.beta1 = b1;
      out.beta2 = b2;
    } else if (typeof v === 'boolean') out[k] = v ? 1 : 0;
    else if (v === null) out[k] = 0;
    else out[k] = v as number;
  }
  return out;
}

interface Replay {
  /** Largest relative error of x_{t+1} and of the answer over every step and coordinate. */
  x: number;
  answer: number;
}

/** Replays case `c` with optimizer `name` (its own by default); returns the largest errors. */
function replay(c: OfficialCase, name = c.optimizer): Replay {
  const spec = getOptimizer(name)!;
  const stepper: Stepper = spec.create(resolveHyper(spec, ourHyper(c)));
  const n = c.start.length;
  const x = Float64Array.from(c.x[0]);
  const g = new Float64Array(n);
  const answer = new Float64Array(n);
  const state = stepper.init(n);
  const worst: Replay = { x: 0, answer: 0 };
  const checkAnswer = (t: number) => {
    if (!c.eval || !stepper.evalPoint) return;
    stepper.evalPoint(x, state, answer);
    for (let i = 0; i < n; i++) worst.answer = Math.max(worst.answer, relError(answer[i], c.eval[t][i]));
  };
  checkAnswer(0);
  for (let t = 0; t < c.steps; t++) {
    g.set(c.grad[t]);
    stepper.step(x, g, state);
    for (let i = 0; i < n; i++) worst.x = Math.max(worst.x, relError(x[i], c.x[t + 1][i]));
    checkAnswer(t + 1);
  }
  return worst;
}

const worstByOptimizer = new Map<string, Replay>();

describe(`replay of the reference packages (${fixture.source})`, () => {
  afterAll(() => {
    const rows = [...worstByOptimizer].map(([name, w]) => `  ${name.padEnd(25)} x ${w.x.toExponential(2)}  answer ${w.answer.toExponential(2)}`);
    console.log(`largest relative error per optimizer over every step:\n${rows.join('\n')}`);
  });

  it('covers every such baseline, prodigy with β1 = 0 and DoG with small gradients', () => {
    const names = new Set(fixture.cases.map((c) => c.optimizer));
    expect([...names].sort()).toEqual([
      'adamw-cosine', 'adamw-schedulefree', 'adamw-schedulefree-paper', 'dog', 'dog-avg', 'lion', 'momentum-cosine', 'prodigy',
    ]);
    expect(fixture.cases.some((c) => c.optimizer === 'prodigy' && (c.hyperparameters.betas as number[] | undefined)?.[0] === 0)).toBe(true);
    expect(fixture.cases.some((c) => c.optimizer === 'dog' && c.function === 'sphere')).toBe(true);
    for (const c of fixture.cases) {
      expect(c.x).toHaveLength(c.steps + 1);
      expect(c.x[0]).toEqual(c.start);
      // the methods whose answer is not the iterate carry it, and only they
      const hasAnswer = getOptimizer(c.optimizer)!.create(resolveHyper(getOptimizer(c.optimizer)!, {})).evalPoint !== undefined;
      expect(c.eval !== undefined, c.optimizer).toBe(hasAnswer);
      if (c.eval) expect(c.eval).toHaveLength(c.steps + 1);
    }
  });

  for (const c of fixture.cases) {
    it(`${c.optimizer} ${JSON.stringify(c.hyperparameters)} on ${c.function}, ${c.steps} steps`, () => {
      const worst = replay(c);
      const before = worstByOptimizer.get(c.optimizer) ?? { x: 0, answer: 0 };
      worstByOptimizer.set(c.optimizer, { x: Math.max(before.x, worst.x), answer: Math.max(before.answer, worst.answer) });
      expect(worst.x).toBeLessThanOrEqual(TOLERANCE);
      expect(worst.answer).toBeLessThanOrEqual(TOLERANCE);
    });
  }

  // The fixtures tell the variants apart: each would fail the other's replay by far more than the
  // tolerance (so a test above fails if a rule reverts to the other variant's semantics).
  it('schedule-free: the current class and the paper class differ on each other’s fixtures', () => {
    const current = fixture.cases.find((c) => c.optimizer === 'adamw-schedulefree' && c.function === 'rosenbrock')!;
    const paper = fixture.cases.find((c) => c.optimizer === 'adamw-schedulefree-paper' && c.function === 'rosenbrock')!;
    expect(replay(current, 'adamw-schedulefree-paper').x).toBeGreaterThan(1e-3);
    expect(replay(paper, 'adamw-schedulefree').x).toBeGreaterThan(1e-3);
  });

  it('schedule-free: the answer x is not the gradient point y', () => {
    const c = fixture.cases.find((k) => k.optimizer === 'adamw-schedulefree')!;
    const gap = Math.max(...c.x.slice(1).map((y, t) => Math.max(...y.map((v, i) => relError(v, c.eval![t + 1][i])))));
    expect(gap).toBeGreaterThan(1e-3);
  });

  it('dog-avg: the same iterates as dog, a different answer', () => {
    const avg = fixture.cases.find((k) => k.optimizer === 'dog-avg' && k.function === 'rosenbrock' && Object.keys(k.hyperparameters).length === 0)!;
    expect(replay(avg, 'dog').x).toBe(0);
    const last = avg.x[avg.steps];
    expect(Math.max(...last.map((v, i) => relError(v, avg.eval![avg.steps][i])))).toBeGreaterThan(1e-4);
  });

  it('lion: sign(0) = 0, as torch.sign — a coordinate whose g and m stay 0 never moves, the other moves by lr', () => {
    const cases = fixture.cases.filter((k) => k.optimizer === 'lion' && k.function === 'sphere');
    expect(cases).toHaveLength(2);
    for (const c of cases) {
      expect(c.x.every((p) => p[0] === 0)).toBe(true);
      expect(replay(c).x).toBe(0);
    }
    const plain = cases.find((k) => !k.hyperparameters.weight_decay)!;
    expect(plain.x[1][1]).toBe(0.3 - 0.01);
  });

  it.skipIf(!hasTorch)('the committed fixture is what the vendored official files produce now (byte for byte)', () => {
    const file = new URL('./fixtures/reference-trajectories-official.json', import.meta.url);
    const r = spawnSync(PYTHON, ['scripts/make-torch-fixtures.py', '--official'], {
      cwd: new URL('..', import.meta.url), encoding: 'utf8', maxBuffer: 64 << 20, timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout === readFileSync(file, 'utf8'), 'regenerate test/fixtures/reference-trajectories-official.json').toBe(true);
  }, 150_000);
});
