// The packed package in a project of its own: `npm pack` → the tarball unpacked as
// node_modules/o1 of a fresh temp project, whose other dependencies (TF.js and o1's own) are
// symlinks to this checkout's node_modules — offline, in seconds, what `npm install o1.tgz
// @tensorflow/tfjs` lays out. The project's script trains a tfjs-layers model with
// `new O1Optimizer()` and uses the step API from the package root.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths.js';
import { packTarball } from './helpers/pack.js';

let project = '';

const CONSUMER = `
import * as tf from '@tensorflow/tfjs';
import { O1Optimizer } from 'o1/tfjs';
import { createOptimizer } from 'o1';

await tf.setBackend('cpu');
const model = tf.sequential();
model.add(tf.layers.dense({ units: 8, activation: 'tanh', inputShape: [2], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
model.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
const optimizer = new O1Optimizer();
model.compile({ optimizer, loss: 'meanSquaredError' });
const xs = tf.tensor2d(Array.from({ length: 128 }, (_, i) => Math.sin(i * 1.3)), [64, 2]);
const ys = tf.tensor2d(Array.from({ length: 64 }, (_, i) => Math.cos(i * 2.6) * 0.5), [64, 1]);
const h = await model.fit(xs, ys, { epochs: 20, batchSize: 16, shuffle: false, verbose: 0 });
const adam = createOptimizer('adam');
adam.step([new Float32Array(1)], [Float32Array.of(1)]);
console.log(JSON.stringify({ first: h.history.loss[0], last: h.history.loss.at(-1), iterations: optimizer.iterations, isOptimizer: optimizer instanceof tf.Optimizer }));
`;

beforeAll(() => {
  const root = mkdtempSync(join(tmpdir(), 'o1-consumer-'));
  project = join(root, 'project');
  const modules = join(project, 'node_modules');
  mkdirSync(join(modules, 'o1'), { recursive: true });
  // the tarball of the built package (npm test builds first)
  const { tarball } = packTarball(root);
  execFileSync('tar', ['-xzf', tarball, '-C', join(modules, 'o1'), '--strip-components=1']);
  // every other dependency: a symlink into this checkout's node_modules
  for (const entry of readdirSync(join(PACKAGE_ROOT, 'node_modules'))) {
    if (entry === 'o1' || entry.startsWith('.')) continue;
    if (entry.startsWith('@')) {
      mkdirSync(join(modules, entry), { recursive: true });
      for (const sub of readdirSync(join(PACKAGE_ROOT, 'node_modules', entry)))
        symlinkSync(join(PACKAGE_ROOT, 'node_modules', entry, sub), join(modules, entry, sub), 'dir');
    } else {
      symlinkSync(join(PACKAGE_ROOT, 'node_modules', entry), join(modules, entry), 'dir');
    }
  }
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  writeFileSync(join(project, 'train.mjs'), CONSUMER);
}, 120_000);

afterAll(() => {
  if (project) rmSync(join(project, '..'), { recursive: true, force: true });
});

describe('the packed tarball in a separate project', () => {
  it('trains a tfjs-layers model with new O1Optimizer()', () => {
    const out = execFileSync(process.execPath, ['train.mjs'], { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const r = JSON.parse(out.trim().split('\n').at(-1)!) as { first: number; last: number; iterations: number; isOptimizer: boolean };
    expect(r.isOptimizer).toBe(true);
    expect(r.iterations).toBe(80);
    expect(Number.isFinite(r.last)).toBe(true);
    expect(r.last).toBeLessThan(r.first);
  });

  it('its CLI runs from the installed bin and finds the shipped models inside the package', () => {
    const bin = join(project, 'node_modules', 'o1', 'bin', 'o1.js');
    const models = JSON.parse(execFileSync(process.execPath, [bin, 'models', '--json'], { cwd: project, encoding: 'utf8' })) as { id: string; file: string }[];
    expect(models.map((m) => m.id).sort()).toEqual(['default', 'generalist-v2', 'generalist-v3', 'generalist-v4', 'generalist-v5']);
    for (const m of models) expect(m.file.startsWith(join(project, 'node_modules', 'o1', 'models'))).toBe(true);
  });
});
