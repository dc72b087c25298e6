// The ML kernel (assembly/ml/mlp.ts) against the TS reference (src/ml/mlp.ts): random MLP shapes
// (depth 0–3 hidden layers, widths 1–9, every hidden activation, the three losses, with and without
// L2, batch sizes that are not multiples of the blocking), the ML task table's real shapes, and
// whole runs through engine.runBatch (o1 and baselines). Required: the identical doubles — the
// kernel keeps MlpLoss's operation order and V8's exp / log1p / tanh bit for bit.
import { beforeAll, describe, expect, test } from 'vitest';
import { Rng } from '../src/rng.js';
import { tsEngine, loadWasmEngine, type BatchSpec, type WasmEngine } from '../src/engine/index.js';
import { MlpShape, batchFromRows, HIDDEN_ACTIVATIONS, LOSS_KINDS, type HiddenActivation, type LossKind } from '../src/ml/mlp.js';
import { type MlProblem, mlTestFunction } from '../src/ml/problem.js';
import { ML_TASKS } from '../src/ml/tasks.js';
import { getOptimizer, resolveHyper } from '../src/optimizers/index.js';
import { randomO1Model } from '../src/o1/o1.js';
import { defaultO1Config, type O1Config } from '../src/o1/config.js';

let simd: WasmEngine;
let scalar: WasmEngine;
beforeAll(async () => {
  simd = await loadWasmEngine();
  scalar = await loadWasmEngine({ simd: false });
});

function randomProblem(rng: Rng): MlProblem {
  const hidden = rng.int(4);
  const inputDim = 1 + rng.int(6);
  const loss: LossKind = LOSS_KINDS[rng.int(LOSS_KINDS.length)];
  const outputs = loss === 'softmax-ce' ? 2 + rng.int(3) : 1 + rng.int(3);
  const sizes = [inputDim, ...Array.from({ length: hidden }, () => 1 + rng.int(9)), outputs];
  const activations: HiddenActivation[] = Array.from({ length: hidden }, () => HIDDEN_ACTIVATIONS[rng.int(3)]);
  const count = 1 + rng.int(23);
  const rows = Float64Array.from({ length: count * inputDim }, () => rng.normal() * 2);
  const perPoint = loss === 'softmax-ce' ? 1 : outputs;
  const targets = Float64Array.from({ length: count * perPoint }, () => (loss === 'mse' ? rng.normal() : loss === 'bce-logits' ? rng.int(2) : rng.int(outputs)));
  return { sizes, activations, loss, l2: rng.int(2) ? 0 : 1e-3 * (1 + rng.int(9)), batch: batchFromRows(rows, targets, inputDim) };
}

function starts(problem: MlProblem, runs: number, rng: Rng, scale = 1): Float64Array {
  const shape = new MlpShape(problem.sizes);
  const out = new Float64Array(runs * shape.paramCount);
  for (let r = 0; r < runs; r++) {
    const p = shape.glorotInit(rng);
    for (let i = 0; i < p.length; i++) out[r * p.length + i] = p[i] * scale + 0.01 * rng.normal();
  }
  return out;
}

function expectIdentical(a: ArrayLike<number>, b: ArrayLike<number>, what: string) {
  expect(a.length, what).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) throw new Error(`${what}[${i}]: kernel ${a[i]} vs reference ${b[i]}`);
  }
}

function compare(spec: BatchSpec, label: string) {
  const ref = tsEngine.runBatch(spec);
  compared.push(ref);
  for (const engine of [simd, scalar]) {
    expect(engine.supports(spec)).toBe(true);
    const got = engine.runBatch(spec);
    const tag = `${label} (${engine.simd ? 'SIMD' : 'scalar'})`;
    expectIdentical(got.finalX, ref.finalX, `${tag} finalX`);
    expectIdentical(got.finalF, ref.finalF, `${tag} finalF`);
    expectIdentical(got.divergedAt, ref.divergedAt, `${tag} divergedAt`);
    if (ref.loss) expectIdentical(got.loss!, ref.loss, `${tag} loss`);
    if (ref.trace) for (let t = 0; t < ref.trace.grad.length; t++) expectIdentical(got.trace!.grad[t], ref.trace.grad[t], `${tag} grad[${t}]`);
  }
}

const adam = getOptimizer('adam')!;
const compared: ReturnType<typeof tsEngine.runBatch>[] = [];

describe('ML kernel ≡ TS reference (MlpLoss), bit for bit', () => {
  test('f and ∇f on 60 random shapes, activations, losses, batch sizes (a 0-step trace gives ∇f at the start)', () => {
    const rng = new Rng(11);
    for (let k = 0; k < 60; k++) {
      const p = randomProblem(rng);
      const fn = mlTestFunction(`random-${k}`, p);
      const n = fn.defaultDims;
      compare({ fn, n, optimizer: { kind: 'baseline', spec: adam, hyper: resolveHyper(adam, { lr: 0.05 }) }, starts: starts(p, 3, rng), steps: 1, recordTrace: true, recordLoss: true }, `random-${k} [${p.sizes}] ${p.activations} ${p.loss}`);
    }
  });

  test('whole runs: adam, momentum and o1 (both lr rules) for 40 steps on random problems', () => {
    const rng = new Rng(12);
    const momentum = getOptimizer('momentum')!;
    for (let k = 0; k < 12; k++) {
      const p = randomProblem(rng);
      const fn = mlTestFunction(`run-${k}`, p);
      const n = fn.defaultDims;
      const opts: BatchSpec['optimizer'][] = [
        { kind: 'baseline', spec: adam, hyper: resolveHyper(adam, { lr: 0.03 }) },
        { kind: 'baseline', spec: momentum, hyper: resolveHyper(momentum, { lr: 0.5 }) },
        { kind: 'o1', model: randomO1Model(new Rng(k), defaultO1Config(), Math.log(1e-2)) },
        { kind: 'o1', model: randomO1Model(new Rng(k + 100), { ...defaultO1Config(), lrMode: 'multiplicative' }, 0) },
        // the normalized rule with the 'distance' step unit (its x₀ and running max in the kernel state)
        { kind: 'o1', model: randomO1Model(new Rng(k + 200), { ...defaultO1Config(), features: 'v3', lrMode: 'normalized', layers: [8, 8, 1], logLrMin: -1, logLrMax: 0.5, initStep: 0.5, stepUnit: 'distance' } as O1Config, 0.2) },
      ];
      for (const optimizer of opts) compare({ fn, n, optimizer, starts: starts(p, 5, rng), steps: 40, recordLoss: true }, `run-${k} ${optimizer.kind}`);
    }
  });

  test('a diverging run (huge lr) diverges at the same step in both engines', () => {
    const rng = new Rng(13);
    const p: MlProblem = { ...randomProblem(rng), loss: 'mse', sizes: [2, 4, 1], activations: ['relu'] };
    const rows = Float64Array.from({ length: 40 }, () => rng.normal());
    const fn = mlTestFunction('diverge', { ...p, batch: batchFromRows(rows, Float64Array.from({ length: 20 }, () => rng.normal()), 2) });
    const sgd = getOptimizer('sgd')!;
    compare({ fn, n: fn.defaultDims, optimizer: { kind: 'baseline', spec: sgd, hyper: resolveHyper(sgd, { lr: 50 }) }, starts: starts(p, 3, rng, 3), steps: 60, recordLoss: true }, 'diverge');
    expect(Array.from(compared[compared.length - 1].divergedAt).some((d) => d >= 0)).toBe(true);
  });

  test("the ML task table's real shapes and data (f, ∇f and 5 adam steps)", () => {
    for (const task of ML_TASKS) {
      const o = task.makeObjective(7);
      const p: MlProblem = o.problem;
      const fn = mlTestFunction(task.name, p);
      const rng = new Rng(3);
      const x = new Float64Array(3 * o.n);
      for (let r = 0; r < 3; r++) x.set(o.init(rng), r * o.n);
      compare({ fn, n: o.n, optimizer: { kind: 'baseline', spec: adam, hyper: resolveHyper(adam, { lr: task.adamLr }) }, starts: x, steps: 5, recordLoss: true, recordTrace: true }, task.name);
    }
  });
});

describe('ML kernel memory', () => {
  test('linear memory stays flat over many ML batches (runBatch and the batched job runner), results repeat', async () => {
    const { runMlJobsBatched } = await import('../src/engine/mlBatch.js');
    const engine = await loadWasmEngine();
    const rng = new Rng(21);
    const problems = Array.from({ length: 4 }, () => randomProblem(rng));
    const specs: BatchSpec[] = problems.map((p, k) => {
      const fn = mlTestFunction(`mem-${k}`, p);
      return { fn, n: fn.defaultDims, optimizer: { kind: 'baseline', spec: adam, hyper: resolveHyper(adam, { lr: 0.01 }) }, starts: starts(p, 3, rng), steps: 3, recordLoss: true };
    });
    const jobs = [1, 2, 3].map((initSeed) => ({ task: 'moons-mlp-sgd', dataSeed: 4, initSeed, steps: 3, optimizer: { kind: 'baseline' as const, name: 'adam', lr: 0.01 }, record: true }));
    const first = specs.map((s) => engine.runBatch(s));
    const firstJobs = runMlJobsBatched(jobs, engine);
    const before = engine.memoryBytes;
    let last = first;
    let lastJobs = firstJobs;
    for (let k = 0; k < 2000; k++) {
      last = specs.map((s) => engine.runBatch(s));
      if (k % 50 === 0) lastJobs = runMlJobsBatched(jobs, engine);
    }
    expect(engine.memoryBytes).toBe(before);
    last.forEach((r, i) => expectIdentical(r.finalX, first[i].finalX, `repeat ${i}`));
    lastJobs.forEach((r, i) => expect({ ...r, ms: 0 }).toEqual({ ...firstJobs[i], ms: 0 }));
  }, 120_000);
});

describe('meta-training on generated ML tasks runs in the kernels', () => {
  test('generationMlTasks: the WASM engine takes them (supports) and scores o1 exactly as the TS engine', async () => {
    const { generationMlTasks, taskFunction } = await import('../src/train/tasks.js');
    const { scoreOnTasks } = await import('../src/train/evaluate.js');
    const tasks = generationMlTasks(5, 0, 6, 3);
    const model = randomO1Model(new Rng(8), { ...defaultO1Config(), lrMode: 'multiplicative' }, 0);
    const optimizer = { kind: 'o1' as const, model };
    for (const task of tasks) {
      const fn = taskFunction(task);
      expect(simd.supports({ fn, n: task.n, optimizer, starts: Float64Array.from(task.starts), steps: 1 })).toBe(true);
    }
    for (const fitness of ['final', 'anytime'] as const) {
      const ts = scoreOnTasks(tsEngine, optimizer, tasks, 30, fitness);
      expect(scoreOnTasks(simd, optimizer, tasks, 30, fitness)).toEqual(ts);
      expect(scoreOnTasks(scalar, optimizer, tasks, 30, fitness)).toEqual(ts);
    }
  });
});
