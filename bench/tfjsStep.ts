// npm run bench:tfjs-step — what one TF.js training step costs with O1Optimizer (both paths)
// against tf.train.adam (docs/TFJS.md, "Per-step cost of a large model"; BENCHMARKS.md).
//
// Models (seeded initial weights, one copy per optimizer, the same batch for all):
//   mlp   784 → 512 → 512 → 10 (relu, softmax), 669,706 parameters, batch 64
//   conv  28×28×1 → conv 3×3×16 relu → max-pool 2 → conv 3×3×32 relu → max-pool 2 → dense 10
//         softmax, 12,810 parameters, batch 64 (cpu backend only: TF.js 4.22's wasm backend has
//         no Conv2DBackpropFilter kernel)
// Per backend: blocks of `--per-block` model.trainOnBatch calls, the optimizers' blocks back to
// back in one process (one warm-up block), the median over blocks of each one's ms per step and
// of its ratio to Adam's within the block. Then the optimizer alone: applyGradients on one fixed
// set of gradients, interleaved the same way, so o1's share of its step is measured, not guessed.
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { O1Optimizer } from '../src/tfjs/index.js';
import { initWasm } from '../src/engine/index.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { Rng } from '../src/rng.js';

const { values: args } = parseArgs({
  options: {
    backends: { type: 'string', default: 'cpu,wasm' },
    models: { type: 'string', default: 'mlp,conv' },
    blocks: { type: 'string', default: '5' },
    'per-block': { type: 'string', default: '5' },
  },
});

type Kind = 'mlp' | 'conv';
const BATCH = 64;

function build(kind: Kind, seed: number): tf.LayersModel {
  const init = (k: number) => tf.initializers.glorotUniform({ seed: seed + k });
  const m = tf.sequential();
  if (kind === 'mlp') {
    m.add(tf.layers.dense({ units: 512, activation: 'relu', inputShape: [784], kernelInitializer: init(0) }));
    m.add(tf.layers.dense({ units: 512, activation: 'relu', kernelInitializer: init(1) }));
    m.add(tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(2) }));
  } else {
    m.add(tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1], kernelInitializer: init(0) }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', kernelInitializer: init(1) }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tf.layers.flatten());
    m.add(tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(2) }));
  }
  return m;
}

function batch(kind: Kind, seed: number): { x: tf.Tensor; y: tf.Tensor } {
  const r = new Rng(seed);
  const xs = Float32Array.from({ length: BATCH * 784 }, () => r.uniform());
  const labels = Array.from({ length: BATCH }, () => Math.floor(r.uniform() * 10));
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
  return { x: kind === 'mlp' ? tf.tensor2d(xs, [BATCH, 784]) : tf.tensor4d(xs, [BATCH, 28, 28, 1]), y };
}

interface Contender {
  label: string;
  make(): tf.Optimizer;
}

const CONTENDERS: Contender[] = [
  { label: 'adam', make: () => tf.train.adam(1e-3) },
  { label: 'o1 host', make: () => new O1Optimizer({ path: 'host' }) },
  { label: 'o1 host f32', make: () => new O1Optimizer({ path: 'host', precision: 'f32' }) },
  { label: 'o1 device', make: () => new O1Optimizer({ path: 'device' }) },
];

const median = (a: number[]) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];

/** Interleaved blocks of `run(k)` for each contender k: median ms per call and median ratio to
 *  contender 0 within a block. */
async function interleave(n: number, blocks: number, perBlock: number, run: (k: number) => Promise<void> | void): Promise<{ ms: number[]; ratio: number[] }> {
  const times: number[][] = Array.from({ length: n }, () => []);
  for (let b = 0; b <= blocks; b++) {
    for (let k = 0; k < n; k++) {
      const t0 = performance.now();
      for (let i = 0; i < perBlock; i++) await run(k);
      if (b > 0) times[k].push((performance.now() - t0) / perBlock);
    }
  }
  return { ms: times.map(median), ratio: times.map((t) => median(t.map((x, b) => x / times[0][b]))) };
}

async function main(): Promise<void> {
  await initWasm();
  setWasmPaths(join(PACKAGE_ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist/'));
  const blocks = Number(args.blocks);
  const perBlock = Number(args['per-block']);
  console.log(`# TF.js training step: ${CONTENDERS.map((c) => c.label).join(', ')}`);
  console.log(`machine: ${cpus()[0].model} × ${cpus().length}, Node ${process.version}, tfjs ${tf.version.tfjs}; load average at start ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log(`blocks ${blocks} (+1 warm-up) × ${perBlock} steps, interleaved; medians\n`);
  for (const backend of (args.backends ?? '').split(',')) {
    await tf.setBackend(backend);
    await tf.ready();
    for (const kind of (args.models ?? '').split(',') as Kind[]) {
      if (kind === 'conv' && backend === 'wasm') {
        console.log(`${backend} ${kind}: skipped (no Conv2DBackpropFilter kernel in the wasm backend)\n`);
        continue;
      }
      const models = CONTENDERS.map((c) => {
        const m = build(kind, 42);
        m.compile({ optimizer: c.make(), loss: 'categoricalCrossentropy' });
        return m;
      });
      const params = models[0].countParams();
      const { x, y } = batch(kind, 7);
      const full = await interleave(models.length, blocks, perBlock, async (k) => {
        await models[k].trainOnBatch(x, y);
      });
      // The optimizer alone, on one fixed set of gradients.
      const grads = models.map((m) => {
        const vars = m.trainableWeights.map((w) => w.read() as tf.Variable);
        const { grads: g } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, m.predict(x) as tf.Tensor) as tf.Scalar, vars);
        return g;
      });
      const opt = await interleave(models.length, blocks, perBlock, (k) => {
        models[k].optimizer.applyGradients(grads[k]);
      });
      console.log(`${backend} ${kind} (${params} parameters, batch ${BATCH}):`);
      CONTENDERS.forEach((c, k) =>
        console.log(
          `  ${c.label.padEnd(10)} step ${full.ms[k].toFixed(1).padStart(7)} ms (${full.ratio[k].toFixed(2)}× adam)   optimizer alone ${opt.ms[k].toFixed(1).padStart(6)} ms = ${((100 * opt.ms[k]) / full.ms[k]).toFixed(0)}% of its step`,
        ),
      );
      console.log(`  load average now ${loadavg().map((v) => v.toFixed(1)).join(' ')}\n`);
      grads.forEach((g) => tf.dispose(Object.values(g)));
      models.forEach((m) => {
        m.optimizer.dispose();
        m.dispose();
      });
      tf.dispose([x, y]);
    }
  }
}

await main();
