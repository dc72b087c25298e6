// The ML tasks (src/ml): analytic gradients (backprop) against central finite differences,
// seeded datasets, the MLP against a naive per-point forward pass, the mini-batch stream, and the
// whole pipeline (Adam through minimize() lowers every loss; moons is learned; the documented
// targets are within tuned Adam's reach).
import { describe, expect, it } from 'vitest';
import { Rng, deriveSeed } from '../src/rng.js';
import { getOptimizer, resolveHyper } from '../src/optimizers/index.js';
import { minimize } from '../src/run/minimize.js';
import { type Dataset, gaussianBlobs, makeSplit, noisySine, twoMoons, twoSpirals } from '../src/ml/datasets.js';
import { type LossKind, MlpLoss, MlpShape, batchFromRows } from '../src/ml/mlp.js';
import { ML_TASKS, type MlObjective, getMlTask } from '../src/ml/tasks.js';
import { adamLossCurve, bestSoFar, initialPoint, roundUp2 } from '../bench/calibrate.js';

function adam(lr: number) {
  const spec = getOptimizer('adam')!;
  return spec.create(resolveHyper(spec, { lr }));
}

/** A seeded point near a sensible start: Glorot weights plus N(0, 0.3²) on every coordinate, so
 *  biases are not all zero and some units are pushed towards saturation. */
function randomParams(objective: MlObjective, seed: number, k: number): Float64Array {
  const rng = new Rng(deriveSeed(seed, 'grad-check', k));
  const x = objective.init(rng);
  for (let i = 0; i < x.length; i++) x[i] += 0.3 * rng.normal();
  return x;
}

/**
 * The loss whose gradient valueAndGrad returns: the full-batch f, or for a stochastic task the
 * loss of the stream's first mini-batch (reset before every call, so every evaluation sees the
 * same batch).
 */
function lossOfGradient(objective: MlObjective): (x: Float64Array) => number {
  const scratch = new Float64Array(objective.n);
  if (!objective.stochastic) return (x) => objective.f(x);
  return (x) => {
    objective.resetBatches();
    return objective.valueAndGrad(x, scratch);
  };
}

function bytes(a: Float64Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** The network written the slow, obvious way from the documented layout, one point at a time. */
function naiveForward(sizes: readonly number[], params: Float64Array, input: ArrayLike<number>): number[] {
  let a = Array.from(input);
  let offset = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const nIn = sizes[l];
    const nOut = sizes[l + 1];
    const z: number[] = [];
    for (let r = 0; r < nOut; r++) {
      let s = params[offset + nOut * nIn + r];
      for (let k = 0; k < nIn; k++) s += params[offset + r * nIn + k] * a[k];
      z.push(l + 2 < sizes.length ? Math.tanh(s) : s); // tanh hidden, linear output
    }
    offset += nOut * nIn + nOut;
    a = z;
  }
  return a;
}

describe('ML task table', () => {
  it('has the five tasks with the documented parameter counts', () => {
    const counts = Object.fromEntries(ML_TASKS.map((t) => [t.name, t.n]));
    expect(counts).toEqual({ logreg: 21, 'moons-mlp': 337, 'spirals-mlp': 1185, 'sine-mlp': 1153, 'moons-mlp-sgd': 337 });
    for (const t of ML_TASKS) {
      const o = t.makeObjective(1);
      expect(o.n).toBe(t.n);
      expect(o.name).toBe(t.name);
      expect(o.fmin).toBe(0);
      expect(o.targetLoss).toBe(t.targetLoss);
      expect(t.targetLoss).toBeGreaterThan(0);
      expect(o.stochastic).toBe(t.name === 'moons-mlp-sgd');
      expect(typeof o.testAccuracy === 'function').toBe(t.kind === 'classification');
    }
    expect(getMlTask('Spirals-MLP')?.name).toBe('spirals-mlp');
    expect(getMlTask('nope')).toBeUndefined();
  });
});

describe('gradients vs central finite differences', () => {
  // Central difference with h = 1e-5·max(1, |xᵢ|), divided by the step actually taken. Its error
  // is ≈ h²·|f'''|/6 + ε·|f|/h: ~1e-11 for the MLPs (measured ≤ 4e-10) and up to ~1e-7 for
  // logreg, whose features have rms ≈ 30 (f''' grows like |x|³). The tolerance 1e-7 + 1e-6·|g|
  // is ≥ 50× the worst error measured over all five tasks, while a real backprop bug (a
  // missing term, a wrong tanh', a wrong scale) is off by ≥ 1e-3·|g|.
  const H = 1e-5;
  const tolerance = (g: number) => 1e-7 + 1e-6 * Math.abs(g);
  const ALL_COORDINATES_UP_TO = 400;
  const SUBSET = 64;

  for (const task of ML_TASKS) {
    it(`${task.name}: every ${task.n <= ALL_COORDINATES_UP_TO ? '' : `one of ${SUBSET} random `}coordinate at 3 seeded points`, () => {
      const objective = task.makeObjective(3);
      const loss = lossOfGradient(objective);
      const g = new Float64Array(objective.n);
      for (let k = 0; k < 3; k++) {
        const x = randomParams(objective, 3, k);
        objective.resetBatches();
        const value = objective.valueAndGrad(x, g);
        expect(value).toBe(loss(x));
        const pick = new Rng(deriveSeed(3, 'coords', k));
        const coords = objective.n <= ALL_COORDINATES_UP_TO
          ? Array.from({ length: objective.n }, (_, i) => i)
          : Array.from({ length: SUBSET }, () => pick.int(objective.n));
        for (const i of coords) {
          const xp = x.slice();
          const xm = x.slice();
          const h = H * Math.max(1, Math.abs(x[i]));
          xp[i] += h;
          xm[i] -= h;
          const fd = (loss(xp) - loss(xm)) / (xp[i] - xm[i]);
          if (Math.abs(fd - g[i]) > tolerance(g[i])) {
            expect.fail(`${task.name} point ${k} coordinate ${i}: analytic ${g[i]}, finite difference ${fd}`);
          }
        }
      }
    });
  }

  it('odd layer widths, several outputs, L2, batches not a multiple of 4 (the kernels\' edge cases)', () => {
    const shape = new MlpShape([3, 5, 7, 2]);
    const count = 13;
    const rng = new Rng(21);
    const inputs = Float64Array.from({ length: count * 3 }, () => rng.normal());
    for (const loss of ['bce-logits', 'mse'] as LossKind[]) {
      const targets = Float64Array.from({ length: count * 2 }, () => (loss === 'mse' ? rng.normal() : rng.int(2)));
      const batch = batchFromRows(inputs, targets, 3);
      const model = new MlpLoss(shape, 16, loss, 0.01);
      const params = shape.glorotInit(rng).map((v) => v + 0.3 * rng.normal());
      const g = new Float64Array(shape.paramCount);
      model.evaluate(params, batch, g);
      for (let i = 0; i < shape.paramCount; i++) {
        const xp = params.slice();
        const xm = params.slice();
        xp[i] += H;
        xm[i] -= H;
        const fd = (model.evaluate(xp, batch, null) - model.evaluate(xm, batch, null)) / (xp[i] - xm[i]);
        if (Math.abs(fd - g[i]) > tolerance(g[i])) expect.fail(`${loss} coordinate ${i}: analytic ${g[i]}, fd ${fd}`);
      }
    }
  });
});

describe('MLP', () => {
  it('the flat layout is weights (out × in, row-major) then biases, layer by layer', () => {
    const shape = new MlpShape([2, 16, 16, 1]);
    expect(shape.paramCount).toBe(337);
    expect(shape.weightOffset).toEqual([0, 48, 320]);
    expect(shape.biasOffset).toEqual([32, 304, 336]);
  });

  it('outputs match a naive per-point forward pass of the documented layout', () => {
    const sizes = [3, 6, 5, 2];
    const shape = new MlpShape(sizes);
    const rng = new Rng(5);
    const params = Float64Array.from({ length: shape.paramCount }, () => rng.normal());
    const count = 11;
    const inputs = Float64Array.from({ length: count * 3 }, () => rng.normal());
    const out = new Float64Array(count * 2);
    new MlpLoss(shape, count, 'mse').predict(params, batchFromRows(inputs, new Float64Array(count * 2), 3), out);
    for (let p = 0; p < count; p++) {
      const expected = naiveForward(sizes, params, inputs.subarray(p * 3, p * 3 + 3));
      for (let j = 0; j < 2; j++) expect(out[p * 2 + j]).toBeCloseTo(expected[j], 12);
    }
  });

  it('the losses match their definitions (mean over points, L2 on weights only)', () => {
    const shape = new MlpShape([1, 1]);
    const params = Float64Array.from([2, 0.5]); // z = 2x + 0.5
    const batch = batchFromRows(Float64Array.from([1, -1]), Float64Array.from([1, 0]), 1);
    const z = [2.5, -1.5];
    const bce = (zi: number, y: number) => -(y * Math.log(1 / (1 + Math.exp(-zi))) + (1 - y) * Math.log(1 - 1 / (1 + Math.exp(-zi))));
    expect(new MlpLoss(shape, 2, 'bce-logits').evaluate(params, batch, null)).toBeCloseTo((bce(z[0], 1) + bce(z[1], 0)) / 2, 14);
    expect(new MlpLoss(shape, 2, 'mse').evaluate(params, batch, null)).toBeCloseTo((1.5 ** 2 + 1.5 ** 2) / 2, 14);
    const withL2 = new MlpLoss(shape, 2, 'mse', 0.1).evaluate(params, batch, null);
    expect(withL2).toBeCloseTo(2.25 + 0.5 * 0.1 * 4, 14); // the bias 0.5 is not decayed
  });

  it('binary cross-entropy stays finite and exact for huge logits', () => {
    const shape = new MlpShape([1, 1]);
    const model = new MlpLoss(shape, 2, 'bce-logits');
    const g = new Float64Array(2);
    const params = Float64Array.from([1000, 0]);
    // z = ±1000, labels wrong: loss = 1000 each (a naive log(σ(z)) gives Infinity).
    const wrong = batchFromRows(Float64Array.from([1, -1]), Float64Array.from([0, 1]), 1);
    expect(model.evaluate(params, wrong, g)).toBe(1000);
    expect(Array.from(g)).toEqual([1, 0]);
    // Labels right: loss ≈ e^-1000 underflows to 0 exactly, gradient 0, nothing NaN.
    const right = batchFromRows(Float64Array.from([1, -1]), Float64Array.from([1, 0]), 1);
    expect(model.evaluate(params, right, g)).toBe(0);
    expect(Array.from(g).every((v) => v === 0)).toBe(true);
  });

  it('rejects wrong parameter counts and batches larger than preallocated', () => {
    const shape = new MlpShape([2, 3, 1]);
    const model = new MlpLoss(shape, 4, 'mse');
    expect(() => model.evaluate(new Float64Array(5), batchFromRows(new Float64Array(8), new Float64Array(4), 2), null)).toThrow(/expected 13 parameters/);
    expect(() => model.evaluate(new Float64Array(13), batchFromRows(new Float64Array(10), new Float64Array(5), 2), null)).toThrow(/batch of 5/);
    expect(() => new MlpShape([2])).toThrow();
    expect(() => batchFromRows(new Float64Array(5), new Float64Array(2), 2)).toThrow(/not rows of 2/);
  });
});

describe('datasets', () => {
  const generators: [string, (n: number, rng: Rng) => Dataset][] = [
    ['gaussianBlobs', (n, rng) => gaussianBlobs(n, { dim: 20, separation: 4, labelNoise: 0.05, featureSpread: 10, commonFactor: 10 }, rng)],
    ['twoMoons', (n, rng) => twoMoons(n, 0.15, rng)],
    ['twoSpirals', (n, rng) => twoSpirals(n, 0.05, rng)],
    ['noisySine', (n, rng) => noisySine(n, 0.1, rng)],
  ];

  for (const [name, generate] of generators) {
    it(`${name}: the same seed gives the same bytes; different seeds differ`, () => {
      const a = makeSplit(7, generate, 64, 32);
      const b = makeSplit(7, generate, 64, 32);
      const c = makeSplit(8, generate, 64, 32);
      for (const part of ['train', 'test'] as const) {
        expect(bytes(a[part].inputs)).toEqual(bytes(b[part].inputs));
        expect(bytes(a[part].targets)).toEqual(bytes(b[part].targets));
        expect(bytes(a[part].inputs)).not.toEqual(bytes(c[part].inputs));
      }
      expect(a.train.count).toBe(64);
      expect(a.test.count).toBe(32);
      expect(a.train.inputs.length).toBe(64 * a.train.inputDim);
      expect(a.train.inputs.every(Number.isFinite)).toBe(true);
      // The held-out points are other points, not copies of training ones.
      expect(bytes(a.train.inputs.subarray(0, 32 * a.train.inputDim))).not.toEqual(bytes(a.test.inputs));
    });
  }

  it('classification sets are balanced; blobs flip exactly the stated fraction of labels', () => {
    const rng = new Rng(1);
    const moons = twoMoons(200, 0.15, rng);
    expect(moons.targets.reduce((s, y) => s + y, 0)).toBe(100);
    const blobs = gaussianBlobs(400, { dim: 3, separation: 4, labelNoise: 0.05, featureSpread: 1, commonFactor: 0 }, rng);
    let flipped = 0;
    for (let p = 0; p < 400; p++) if (blobs.targets[p] !== p % 2) flipped++;
    expect(flipped).toBe(20);
  });

  it('each task draws its data from its seed', () => {
    for (const task of ML_TASKS) {
      const a = task.makeObjective(11).data;
      expect(bytes(task.makeObjective(11).data.train.inputs)).toEqual(bytes(a.train.inputs));
      expect(bytes(task.makeObjective(12).data.train.inputs)).not.toEqual(bytes(a.train.inputs));
    }
  });
});

describe('the mini-batch task (moons-mlp-sgd)', () => {
  const task = getMlTask('moons-mlp-sgd')!;

  function draws(objective: MlObjective, x: Float64Array, calls: number): number[][] {
    const g = new Float64Array(objective.n);
    return Array.from({ length: calls }, () => {
      const value = objective.valueAndGrad(x, g);
      return [value, ...g];
    });
  }

  it('is deterministic given the seed and the call count; another seed gives other batches', () => {
    const a = task.makeObjective(4);
    const x = initialPoint(a, 4);
    const first = draws(a, x, 20);
    expect(draws(task.makeObjective(4), x, 20)).toEqual(first);
    a.resetBatches();
    expect(draws(a, x, 20)).toEqual(first);
    const otherValues = draws(task.makeObjective(5), x, 20).map((d) => d[0]);
    expect(otherValues).not.toEqual(first.map((d) => d[0]));
  });

  it('valueAndGrad is a mini-batch loss (≠ f); one epoch of batches averages to f exactly', () => {
    const o = task.makeObjective(6);
    const x = initialPoint(o, 6);
    const full = o.f(x);
    const batchesPerEpoch = o.data.train.count / 32;
    const values = draws(o, x, batchesPerEpoch).map((d) => d[0]);
    expect(values.some((v) => Math.abs(v - full) > 1e-6)).toBe(true);
    expect(values.reduce((s, v) => s + v, 0) / batchesPerEpoch).toBeCloseTo(full, 12);
    // The next epoch is another permutation: its first batch differs from the first epoch's.
    expect(draws(o, x, 1)[0][0]).not.toBe(values[0]);
  });

  it('uses the same data as moons-mlp for the same seed', () => {
    const sgd = task.makeObjective(9).data;
    const full = getMlTask('moons-mlp')!.makeObjective(9).data;
    expect(bytes(sgd.train.inputs)).toEqual(bytes(full.train.inputs));
    expect(bytes(sgd.test.targets)).toEqual(bytes(full.test.targets));
  });

  it('the full-batch tasks return f as valueAndGrad\'s value', () => {
    const o = getMlTask('moons-mlp')!.makeObjective(6);
    const x = initialPoint(o, 6);
    expect(o.valueAndGrad(x, new Float64Array(o.n))).toBe(o.f(x));
  });
});

describe('objectives in the optimizers\' pipeline', () => {
  it('accept plain arrays as well as Float64Arrays', () => {
    const o = getMlTask('moons-mlp')!.makeObjective(2);
    const x = initialPoint(o, 2);
    const g1 = new Float64Array(o.n);
    const g2: number[] = new Array(o.n).fill(0);
    expect(o.valueAndGrad(Array.from(x), g2)).toBe(o.valueAndGrad(x, g1));
    expect(g2).toEqual(Array.from(g1));
    expect(o.f(Array.from(x))).toBe(o.f(x));
    expect(() => o.f([1, 2])).toThrow(/expected 337 parameters/);
  });

  for (const task of ML_TASKS) {
    it(`${task.name}: Adam (lr 0.01, 300 steps) through minimize() lowers the loss at least 5×`, () => {
      const o = task.makeObjective(1);
      const x0 = initialPoint(o, 1);
      const initial = o.f(x0);
      const run = minimize(o, adam(0.01), x0, 300);
      expect(run.diverged).toBe(false);
      expect(run.finalLoss).toBeLessThan(initial / 5);
      expect(o.testLoss(run.x[300])).toBeLessThan(o.testLoss(x0));
    });
  }

  it('moons: after Adam, test accuracy > 0.9', () => {
    const o = getMlTask('moons-mlp')!.makeObjective(1);
    const x0 = initialPoint(o, 1);
    const run = minimize(o, adam(0.01), x0, 300);
    expect(o.testAccuracy!(x0)).toBeLessThan(0.9);
    expect(o.testAccuracy!(run.x[300])).toBeGreaterThan(0.9);
  });

  for (const task of ML_TASKS) {
    it(`${task.name}: the target (${task.targetLoss}) is within tuned Adam's reach (lr ${task.adamLr}, ≤ 500 steps, seed 1)`, () => {
      const curve = adamLossCurve(task, 1, task.adamLr, 500);
      expect(bestSoFar(curve, 500)).toBeLessThanOrEqual(task.targetLoss);
      // …and not trivially: the start is far above it.
      expect(curve[0]).toBeGreaterThan(10 * task.targetLoss);
    });
  }

  it('roundUp2 rounds up to two significant digits without binary noise', () => {
    expect(roundUp2(2.634e-4)).toBe(2.7e-4);
    expect(roundUp2(0.2947)).toBe(0.3);
    expect(roundUp2(0.0112)).toBe(0.012);
    expect(roundUp2(0.012)).toBe(0.012);
  });
});
