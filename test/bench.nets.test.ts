// `o1 bench --suite nets` (src/bench/nets*.ts): the TF.js networks suite on a tiny configuration
// (a few steps, one or two seeds, one task), its determinism, its inputs, the tasks' pieces
// (the convnet's im2col form is a convolution; adamw-cosine's schedule on TF.js is the
// reference's), and the one clear error when TF.js is not installed. No timing assertions.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { shippedDefaultModel } from '../src/api/defaultModel.js';
import { InputError } from '../src/errors.js';
import { cosineMultiplier } from '../src/optimizers/cosine.js';
import { NETS_TASKS, getNetsTask } from '../src/bench/netsTasks.js';
import { netsJson, netsSeeds, runNets, type NetsOptions } from '../src/bench/nets.js';
import { batchOrder, runNetsJob, useNetsBackend } from '../src/bench/netsTrain.js';
import { baselineHyper } from '../src/bench/protocol.js';
import { StepOptimizer } from '../src/tfjs/index.js';

const bin = fileURLToPath(new URL('../bin/o1.js', import.meta.url));
const model = shippedDefaultModel();
const tiny: NetsOptions = { model, tasks: ['spirals-mlp'], steps: 4, runs: 2, tuneRuns: 1, baselines: ['adam', 'adam:lr=0.001'], grid: [1e-3, 1e-2, 1e-1], bootstrap: 50, workers: 1 };

beforeAll(async () => {
  await useNetsBackend('wasm');
});

describe('nets suite on a tiny configuration', () => {
  it('runs the protocol and gives the same JSON twice', async () => {
    const a = await runNets(tiny);
    const b = await runNets(tiny);
    expect(netsJson(a)).toBe(netsJson(b));
    expect(a.tasks.map((t) => t.task)).toEqual(['spirals-mlp']);
    const t = a.tasks[0];
    expect(t.contenders.map((c) => c.optimizer)).toEqual(['o1', 'adam', 'adam:lr=0.001']);
    for (const c of t.contenders) {
      expect(c.finalLoss).toHaveLength(2);
      for (const l of c.finalLoss) expect(l).toBeGreaterThan(0);
    }
    // adam was tuned on the grid (extended at an edge only when the edge was best)
    expect(t.tuning.adam.grid).toEqual(expect.arrayContaining([1e-3, 1e-2, 1e-1]));
    expect(t.tuning.adam.grid).toContain(t.tuning.adam.lr);
    expect(t.contenders[1].lr).toBe(t.tuning.adam.lr);
    expect(t.contenders[2].lr).toBe(0.001);
    expect(a.summary.adam.runs).toBe(2);
    expect(a.summary.adam.wins + a.summary.adam.ties + a.summary.adam.losses).toBe(2);
    expect(netsJson(a)).not.toContain('wallSeconds'); // timing stays out of the bytes
  }, 120_000);

  it('a run is a pure function of its job, and its seed changes the run', async () => {
    const job = { task: 'blobs-autoencoder', optimizer: 'adamw-cosine', lr: 0.01, seed: 7, steps: 3, curvePoints: 3 };
    const a = await runNetsJob(job);
    const b = await runNetsJob(job);
    expect(a).toEqual(b);
    expect(a.curve).toHaveLength(4);
    const c = await runNetsJob({ ...job, seed: 8 });
    expect(c.finalLoss).not.toBe(a.finalLoss);
    expect(tf.memory().numTensors).toBeLessThan(50); // runs free what they make
  }, 60_000);

  it('tuning and evaluation seeds are disjoint, and differ by task', () => {
    const s = netsSeeds(0, 'spirals-mlp', 5, 3);
    expect(new Set([...s.evalSeeds, ...s.tuneSeeds]).size).toBe(8);
    expect(netsSeeds(0, 'teacher-mlp', 5, 3).evalSeeds).not.toEqual(s.evalSeeds);
  });

  it('bad input is one InputError before anything runs', async () => {
    await expect(runNets({ ...tiny, tasks: ['spiral-mlp'] })).rejects.toThrow(new InputError("--fn: 'spiral-mlp' is not a nets task (did you mean spirals-mlp?); the nets suite has " + NETS_TASKS.map((t) => t.name).join(', ')));
    await expect(runNets({ ...tiny, runs: 0 })).rejects.toThrow(InputError);
    await expect(runNets({ ...tiny, steps: 0 })).rejects.toThrow(InputError);
    await expect(runNets({ ...tiny, baselines: ['nosuch'] })).rejects.toThrow(InputError);
  });
});

describe('nets tasks', () => {
  it("the convnet's patches × shared dense layer is conv2d (valid, stride 1) with the same weights", () => {
    const task = getNetsTask('strokes-convnet')!;
    const { train } = task.splits(3);
    const net = task.model(5);
    const [kernel, bias] = net.layers[0].getWeights(); // [9, 8], [8]
    // Rebuild the 8×8 images from the patches: pixel (i, j) is patch (i−a, j−b)'s entry (a, b).
    const patches = train.x.arraySync() as number[][][];
    const images = patches.slice(0, 16).map((p) => Array.from({ length: 8 }, (_, i) => Array.from({ length: 8 }, (_, j) => [p[Math.min(i, 5) * 6 + Math.min(j, 5)][(i - Math.min(i, 5)) * 3 + (j - Math.min(j, 5))]])));
    const x = tf.tensor4d(images);
    const viaConv = tf.relu(tf.add(tf.conv2d(x, kernel.reshape([3, 3, 1, 8]) as tf.Tensor4D, 1, 'valid'), bias)).reshape([16, 36, 8]);
    const viaDense = tf.relu(tf.add(tf.matMul(train.x.slice([0, 0, 0], [16, 36, 9]).reshape([16 * 36, 9]), kernel), bias)).reshape([16, 36, 8]);
    const diff = tf.max(tf.abs(tf.sub(viaConv, viaDense))).dataSync()[0];
    expect(diff).toBeLessThan(1e-5); // float32 sums of 9 products in another order
    expect(tf.max(tf.abs(viaConv)).dataSync()[0]).toBeGreaterThan(0.1); // not vacuous
    tf.dispose([x, viaConv, viaDense, train.x, train.y]);
    net.dispose();
  });

  it('every task builds, and its data and initial weights come from the seed', () => {
    for (const task of NETS_TASKS) {
      const a = task.splits(1);
      const b = task.splits(1);
      const c = task.splits(2);
      const bytes = (t: tf.Tensor) => Buffer.from((t.dataSync() as Float32Array).buffer);
      expect(bytes(a.train.x).equals(bytes(b.train.x)) && bytes(a.train.y).equals(bytes(b.train.y))).toBe(true);
      expect(bytes(a.train.x).equals(bytes(c.train.x))).toBe(false);
      expect(bytes(a.train.x).equals(bytes(a.test.x))).toBe(false);
      const m1 = task.model(4);
      const m2 = task.model(4);
      expect(m1.getWeights()[0].dataSync()).toEqual(m2.getWeights()[0].dataSync());
      tf.dispose([a, b, c].flatMap((s) => [s.train.x, s.train.y, s.test.x, s.test.y]));
      m1.dispose();
      m2.dispose();
    }
  });

  it('the mini-batch order is a fresh permutation every epoch', () => {
    const order = batchOrder(8, 4, 6, 11);
    const epoch = (k: number) => [...order[2 * k], ...order[2 * k + 1]].sort((a, b) => a - b);
    for (let k = 0; k < 3; k++) expect(epoch(k)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect([...order[0], ...order[1]]).not.toEqual([...order[2], ...order[3]]);
  });

  it("adamw-cosine on TF.js steps with the reference's warmup + cosine lr, ending at 0 on the run's last step", async () => {
    const T = 40;
    const lr = 0.02;
    const m = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) })] });
    const opt = new StepOptimizer('adamw-cosine', baselineHyper('adamw-cosine', lr, T)); // as the nets suite makes it
    m.compile({ optimizer: opt, loss: 'meanSquaredError' });
    const xs = tf.tensor2d([[0, 1], [1, 0], [1, 1]]);
    const ys = tf.tensor2d([[1], [-1], [0]]);
    const W = Math.floor(0.05 * T); // torch LambdaLR with the λ of src/optimizers/cosine.ts, written out
    const lambda = (k: number) => (k < W ? (k + 1) / W : 0.5 * (1 + Math.cos((Math.PI * (k - W)) / (T - W))));
    for (let k = 0; k < T; k++) {
      await m.trainOnBatch(xs, ys);
      const got = opt.inner.lastLr()!;
      expect(got[0]).toBe(lr * cosineMultiplier({ warmup_fraction: 0.05 }, T, k));
      expect(Math.abs(got[0] - lr * lambda(k))).toBeLessThanOrEqual(1e-17);
    }
    expect(opt.inner.lastLr()![0]).toBeLessThan(lr * 1e-2);
    tf.dispose([xs, ys]);
    m.dispose();
  });
});

describe('o1 bench --suite nets (CLI)', () => {
  const cli = (args: string[], hook?: string) =>
    spawnSync(process.execPath, [...(hook ? ['--import', `data:text/javascript,${encodeURIComponent(hook)}`] : []), bin, 'bench', '--suite', 'nets', ...args], { encoding: 'utf8' });

  it('gives the library result as JSON, the same with two worker threads', async () => {
    const args = ['--fn', 'teacher-mlp', '--steps', '3', '--starts', '1', '--tune-starts', '1', '--opt', 'adam:lr=0.01,momentum-cosine:lr=0.1', '--bootstrap', '20'];
    const r = cli([...args, '--json', '--workers', '2']);
    expect(r.stderr).not.toMatch(/Error|at /);
    expect(r.status).toBe(0);
    const lib = await runNets({ model, modelRef: 'default', tasks: ['teacher-mlp'], steps: 3, runs: 1, tuneRuns: 1, baselines: ['adam:lr=0.01', 'momentum-cosine:lr=0.1'], bootstrap: 20, workers: 1 });
    expect(r.stdout).toBe(netsJson(lib));
  }, 120_000);

  it('bad input: one line, exit 2', () => {
    for (const [args, msg] of [
      [['--steps', '10,20'], /the nets suite runs one budget/],
      [['--fn', 'nosuch'], /'nosuch' is not a nets task/],
      [['--starts', '0'], /--starts/],
    ] as const) {
      const r = cli([...args]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr.trim().split('\n').filter((l) => l.trim() && !/TensorFlow|tfjs-node|====/.test(l))).toHaveLength(1);
    }
    const both = spawnSync(process.execPath, [bin, 'bench', '--suite', 'nets,heldout'], { encoding: 'utf8' });
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/--suite nets runs alone/);
  });

  it('without TF.js installed: one clear error naming what to install, exit 2', () => {
    // A resolve hook that makes every @tensorflow/ package missing, as in a project without them.
    const hook = `export async function resolve(s, c, next) { if (s.startsWith('@tensorflow/')) { const e = new Error("Cannot find package '" + s + "' imported from " + c.parentURL); e.code = 'ERR_MODULE_NOT_FOUND'; throw e; } return next(s, c); }`;
    const register = `import { register } from 'node:module'; register(${JSON.stringify('data:text/javascript,' + encodeURIComponent(hook))});`;
    const r = cli(['--steps', '3'], register);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('o1: o1 bench --suite nets needs the optional packages @tensorflow/tfjs and @tensorflow/tfjs-backend-wasm, and @tensorflow/tfjs is not installed: npm install @tensorflow/tfjs @tensorflow/tfjs-backend-wasm');
  });
});
