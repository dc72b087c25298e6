// One training run of the nets suite: a task's network trained with mini-batches through
// tfjs-layers' trainOnBatch, by o1 (O1Optimizer: the host path, o1's f64 step on the WASM kernels)
// or a baseline (StepOptimizer: the step API's rule, the same code `o1 bench` runs elsewhere — so
// adam is PyTorch's Adam and adamw-cosine the registry's warmup + cosine schedule, lr·λ(k) with
// λ from src/optimizers/cosine.ts, horizon = the run's steps). Every contender runs through the
// same host path (read every variable and gradient, an f64 step, write float32 back), so what
// differs between them is the rule alone. A run is a pure function of its job: the data, initial
// weights and batch order come from the job's seed.
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { initWasm } from '../engine/index.js';
import { parseModelJson } from '../model/json.js';
import { Rng, deriveSeed } from '../rng.js';
import { O1Optimizer, StepOptimizer } from '../tfjs/index.js';
import { baselineHyper } from './protocol.js';
import { getNetsTask, type NetsBackend, type NetsSplit, type NetsTask } from './netsTasks.js';

/** One run: a task, a contender (o1 with a model, or a baseline optimizer at an lr), a seed. */
export interface NetsJob {
  task: string;
  /** 'o1' or a baseline's registry name. */
  optimizer: string;
  /** The baseline's lr (o1: unused, 0). */
  lr: number;
  /** The o1 model as JSON text (o1 only). */
  model?: string;
  seed: number;
  steps: number;
  /** Full training-set loss recorded at this many evenly spaced points (plus step 0). */
  curvePoints: number;
}

export interface NetsRunResult {
  /** Full training-set loss after the last step (+∞ when not finite: the run diverged). */
  finalLoss: number;
  /** Test accuracy (classification) or test loss (the task's testMetric); null when diverged. */
  test: number | null;
  /** Full training-set loss at steps 0, steps/curvePoints, …, steps (+∞ when not finite). */
  curve: number[];
  parameters: number;
}

let wasmReady: Promise<void> | undefined;

/** Switches TF.js to `backend` (the wasm backend's .wasm files from node_modules, never fetched;
 *  one thread, so its sums run in one fixed order). */
export async function useNetsBackend(backend: NetsBackend): Promise<void> {
  if (backend === 'wasm') {
    wasmReady ??= (async () => {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const pkg = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths(join(dirname(pkg), '/'));
      wasm.setThreadsCount(1);
    })();
    await wasmReady;
  }
  if (tf.getBackend() !== backend) {
    if (!(await tf.setBackend(backend))) throw new Error(`TF.js could not start its ${backend} backend`);
  }
  await tf.ready();
}

/** The mini-batch order of a seed: a fresh permutation of the training set every epoch. */
export function batchOrder(count: number, batch: number, steps: number, seed: number): Int32Array[] {
  const r = new Rng(seed);
  const out: Int32Array[] = [];
  let perm = new Int32Array(0);
  let at = count;
  for (let s = 0; s < steps; s++) {
    if (at + batch > count) {
      perm = Int32Array.from({ length: count }, (_, i) => i);
      for (let i = count - 1; i > 0; i--) {
        const j = r.int(i + 1);
        [perm[i], perm[j]] = [perm[j], perm[i]];
      }
      at = 0;
    }
    out.push(perm.slice(at, at + batch));
    at += batch;
  }
  return out;
}

function lossOn(model: tf.LayersModel, s: NetsSplit): number {
  const v = tf.tidy(() => (model.evaluate(s.x, s.y, { batchSize: s.count }) as tf.Scalar).dataSync()[0]);
  return Number.isFinite(v) ? v : Infinity;
}

function accuracyOn(model: tf.LayersModel, task: NetsTask, s: NetsSplit): number {
  return tf.tidy(() => {
    const p = model.predict(s.x) as tf.Tensor;
    const hit = task.loss === 'binaryCrossentropy' ? tf.equal(tf.greater(p, 0.5), tf.greater(s.y, 0.5)) : tf.equal(tf.argMax(p, 1), tf.argMax(s.y, 1));
    return tf.mean(tf.cast(hit, 'float32')).dataSync()[0];
  });
}

function makeOptimizer(job: NetsJob): tf.Optimizer {
  if (job.optimizer === 'o1') return new O1Optimizer(job.model === undefined ? {} : { model: parseModelJson(job.model, 'the nets job') });
  return new StepOptimizer(job.optimizer, baselineHyper(job.optimizer, job.lr, job.steps));
}

/** Runs one job in this thread (on the task's backend). */
export async function runNetsJob(job: NetsJob): Promise<NetsRunResult> {
  const task = getNetsTask(job.task);
  if (!task) throw new Error(`nets job: unknown task '${job.task}'`);
  await useNetsBackend(task.backend);
  if (job.optimizer === 'o1') await initWasm(); // o1 steps on the kernels (same bits as the reference)
  const data = task.splits(deriveSeed(job.seed, 'data'));
  const model = task.model(deriveSeed(job.seed, 'init') % 2 ** 31);
  const optimizer = makeOptimizer(job);
  model.compile({ optimizer, loss: task.loss });
  const order = batchOrder(data.train.count, task.batch, job.steps, deriveSeed(job.seed, 'batches'));
  const every = Math.max(1, Math.ceil(job.steps / Math.max(1, job.curvePoints)));
  const curve = [lossOn(model, data.train)];
  let finalLoss = curve[0];
  for (let s = 0; s < job.steps; s++) {
    const idx = tf.tensor1d(order[s], 'int32');
    const xb = tf.gather(data.train.x, idx);
    const yb = tf.gather(data.train.y, idx);
    await model.trainOnBatch(xb, yb);
    tf.dispose([idx, xb, yb]);
    if ((s + 1) % every === 0 || s + 1 === job.steps) {
      finalLoss = lossOn(model, data.train);
      curve.push(finalLoss);
      if (finalLoss === Infinity) break; // diverged: nothing further to learn from this run
    }
  }
  const test = finalLoss === Infinity ? null : task.testMetric === 'accuracy' ? accuracyOn(model, task, data.test) : lossOn(model, data.test);
  const parameters = model.countParams();
  optimizer.dispose();
  model.dispose();
  tf.dispose([data.train.x, data.train.y, data.test.x, data.test.y]);
  return { finalLoss, test: test === Infinity ? null : test, curve, parameters };
}
