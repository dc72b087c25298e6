// The conv1d kernel (assembly/ml/conv1d.ts under assembly/ml/mlp.ts) against the TS reference
// (src/ml/conv1d.ts): random conv shapes (1–3 channels, widths 1 … L, every activation), heads of
// 0–2 hidden layers, the three losses, with and without L2, batch sizes that are not multiples of
// the blocking and one of 128 points (the padded pitch), on both builds. Required: the identical
// doubles — f, ∇f, and whole runs of Adam and o1.
import { beforeAll, describe, expect, test } from 'vitest';
import { Rng } from '../src/rng.js';
import { tsEngine, loadWasmEngine, type BatchSpec, type WasmEngine } from '../src/engine/index.js';
import { batchFromRows, HIDDEN_ACTIVATIONS, LOSS_KINDS, type HiddenActivation, type LossKind } from '../src/ml/mlp.js';
import { Conv1dShape, type Conv1dSpec } from '../src/ml/conv1d.js';
import { type MlProblem, mlTestFunction } from '../src/ml/problem.js';
import { getOptimizer, resolveHyper } from '../src/optimizers/index.js';
import { randomO1Model } from '../src/o1/o1.js';
import { defaultO1Config, type O1Config } from '../src/o1/config.js';

let simd: WasmEngine;
let scalar: WasmEngine;
beforeAll(async () => {
  simd = await loadWasmEngine();
  scalar = await loadWasmEngine({ simd: false });
});

function randomConvProblem(rng: Rng, count = 1 + rng.int(23)): MlProblem {
  const length = 3 + rng.int(14);
  const conv: Conv1dSpec = { channels: 1 + rng.int(3), length, filters: 1 + rng.int(6), width: 1 + rng.int(Math.min(length, 7)), activation: HIDDEN_ACTIVATIONS[rng.int(3)] };
  const hidden = rng.int(3);
  const loss: LossKind = LOSS_KINDS[rng.int(LOSS_KINDS.length)];
  const outputs = loss === 'softmax-ce' ? 2 + rng.int(3) : 1 + rng.int(2);
  const sizes = [conv.filters, ...Array.from({ length: hidden }, () => 1 + rng.int(7)), outputs];
  const activations: HiddenActivation[] = Array.from({ length: hidden }, () => HIDDEN_ACTIVATIONS[rng.int(3)]);
  const inputDim = conv.channels * conv.length;
  const rows = Float64Array.from({ length: count * inputDim }, () => rng.normal() * 1.5);
  const perPoint = loss === 'softmax-ce' ? 1 : outputs;
  const targets = Float64Array.from({ length: count * perPoint }, () => (loss === 'mse' ? rng.normal() : loss === 'bce-logits' ? rng.int(2) : rng.int(outputs)));
  return { sizes, activations, loss, l2: rng.int(2) ? 0 : 1e-3 * (1 + rng.int(9)), batch: batchFromRows(rows, targets, inputDim), conv };
}

function starts(problem: MlProblem, runs: number, rng: Rng): Float64Array {
  const shape = new Conv1dShape(problem.conv!, problem.sizes);
  const out = new Float64Array(runs * shape.paramCount);
  for (let r = 0; r < runs; r++) {
    const p = shape.glorotInit(rng);
    for (let i = 0; i < p.length; i++) out[r * p.length + i] = p[i] + 0.05 * rng.normal();
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
  for (const engine of [simd, scalar]) {
    expect(engine.supports(spec), label).toBe(true);
    const got = engine.runBatch(spec);
    const tag = `${label} (${engine.simd ? 'SIMD' : 'scalar'})`;
    expectIdentical(got.finalX, ref.finalX, `${tag} finalX`);
    expectIdentical(got.finalF, ref.finalF, `${tag} finalF`);
    expectIdentical(got.divergedAt, ref.divergedAt, `${tag} divergedAt`);
    if (ref.loss) expectIdentical(got.loss!, ref.loss, `${tag} loss`);
    if (ref.trace) for (let t = 0; t < ref.trace.grad.length; t++) expectIdentical(got.trace!.grad[t], ref.trace.grad[t], `${tag} grad[${t}]`);
  }
  return ref;
}

const adam = getOptimizer('adam')!;
const label = (k: number, p: MlProblem) => `conv-${k} ${p.conv!.channels}×${p.conv!.length} F${p.conv!.filters} k${p.conv!.width} ${p.conv!.activation} [${p.sizes}] ${p.loss} l2 ${p.l2}`;

describe('conv1d kernel ≡ TS reference (Conv1dLoss), bit for bit', () => {
  test('f and ∇f on 50 random conv problems (a 1-step trace gives ∇f at the start)', () => {
    const rng = new Rng(31);
    for (let k = 0; k < 50; k++) {
      const p = randomConvProblem(rng);
      const fn = mlTestFunction(`conv-${k}`, p);
      const ref = compare({ fn, n: fn.defaultDims, optimizer: { kind: 'baseline', spec: adam, hyper: resolveHyper(adam, { lr: 0.05 }) }, starts: starts(p, 3, rng), steps: 1, recordTrace: true, recordLoss: true }, label(k, p));
      // the conv weights' gradient is there (not all zero), so the comparison covers the backward pass
      expect(Array.from(ref.trace!.grad[0]).some((v) => v !== 0)).toBe(true);
    }
  });

  test('whole runs: adam and o1 (absolute, normalized) for 30 steps, including 128 points (padded rows)', () => {
    const rng = new Rng(32);
    for (let k = 0; k < 8; k++) {
      const p = randomConvProblem(rng, k === 0 ? 128 : 1 + rng.int(40));
      const fn = mlTestFunction(`conv-run-${k}`, p);
      const opts: BatchSpec['optimizer'][] = [
        { kind: 'baseline', spec: adam, hyper: resolveHyper(adam, { lr: 0.03 }) },
        { kind: 'o1', model: randomO1Model(new Rng(k), defaultO1Config(), Math.log(1e-2)) },
        { kind: 'o1', model: randomO1Model(new Rng(k + 200), { ...defaultO1Config(), features: 'v3', lrMode: 'normalized', layers: [8, 8, 1], logLrMin: -1, logLrMax: 0.5, initStep: 0.5, stepUnit: 'start' } as O1Config, 0.2) },
      ];
      for (const optimizer of opts) compare({ fn, n: fn.defaultDims, optimizer, starts: starts(p, 3, rng), steps: 30, recordLoss: true }, `${label(k, p)} ${optimizer.kind}`);
    }
  });

  test('an MLP problem next to a conv problem in one engine keeps its own bits (the block has no conv layer)', async () => {
    const rng = new Rng(33);
    const conv = randomConvProblem(rng);
    const mlp: MlProblem = { sizes: [3, 5, 1], activations: ['tanh'], loss: 'bce-logits', l2: 0, batch: batchFromRows(Float64Array.from({ length: 30 }, () => rng.normal()), Float64Array.from({ length: 10 }, () => rng.int(2)), 3) };
    const { MlpShape } = await import('../src/ml/mlp.js');
    const x = new MlpShape(mlp.sizes).glorotInit(rng);
    const specOf = (p: MlProblem, s: Float64Array): BatchSpec => {
      const fn = mlTestFunction('mix', p);
      return { fn, n: fn.defaultDims, optimizer: { kind: 'baseline', spec: adam, hyper: resolveHyper(adam, { lr: 0.05 }) }, starts: s, steps: 5, recordLoss: true };
    };
    const before = simd.runBatch(specOf(mlp, x));
    simd.runBatch(specOf(conv, starts(conv, 2, rng)));
    expectIdentical(simd.runBatch(specOf(mlp, x)).finalX, before.finalX, 'MLP after a conv run');
    expectIdentical(before.finalX, tsEngine.runBatch(specOf(mlp, x)).finalX, 'MLP vs TS');
  });
});
