#!/usr/bin/env node
// Writes the fixtures the Python package's tests replay (python/tests/test_reference.py):
//   python/tests/fixtures/trajectories.json.gz  `o1 run --json --engine ts` trajectories (x, grad, lr
//       per step) of the shipped models (models/*.json) on every 2-D function and a few n-D ones,
//       and of seeded random models of every rule (absolute, multiplicative, normalized × v1, v2, v3,
//       tanh/relu/identity);
//   python/tests/fixtures/math.json.gz  Math.exp (V8's fdlibm exp) and o1's own tanh on 9000 points
//       over their whole range and the edges (±0, subnormals, thresholds, ±Inf, NaN), as f64 bytes;
//   python/tests/fixtures/steps.json.gz  step-API runs (createO1Optimizer, engine 'ts') over lists of
//       Float64/Float32 tensors of mixed sizes, with gradients that depend on the parameters (the
//       test recomputes them), the parameters every 10 steps and a checkpoint (checkpointToJson) half-way.
// Needs the built package (npm run build). Same bytes on every run (seeded; gzip without a time).
// Usage: node scripts/make-o1-fixtures.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Rng, randomO1Model, saveModel, FUNCTIONS } from '../dist/src/index.js';
import { createO1Optimizer, checkpointToJson } from '../dist/src/api/index.js';
import { modelToJson, parseModelJson } from '../dist/src/model/json.js';
import { o1Tanh } from '../dist/src/o1/tanh.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'python', 'tests', 'fixtures');
const STEPS = 200;

const base = { window: 5, beta: 0.9, initStep: 0.01 };
// Random networks of every rule and feature set. Multiplicative and normalized networks start at
// a log-multiplier of 0 (initLogLr 0) so their runs move; absolute ones at lr = 1e-3.
const RANDOM = [
  { id: 'absolute-v1', initLogLr: Math.log(1e-3), cfg: { ...base, features: 'v1', layers: [6, 8, 1], activations: ['tanh', 'identity'], logLrMin: -12, logLrMax: 0, lrMode: 'absolute' } },
  { id: 'absolute-v2-relu', initLogLr: Math.log(1e-2), cfg: { ...base, features: 'v2', layers: [6, 6, 4, 1], activations: ['relu', 'tanh', 'identity'], logLrMin: -12, logLrMax: 0, lrMode: 'absolute' } },
  { id: 'multiplicative-v1-w3', initLogLr: 0, cfg: { ...base, window: 3, features: 'v1', layers: [4, 8, 1], activations: ['tanh', 'identity'], logLrMin: -2, logLrMax: 0.5, lrMode: 'multiplicative' } },
  { id: 'multiplicative-v2-w7', initLogLr: 0, cfg: { ...base, window: 7, features: 'v2', layers: [8, 5, 1], activations: ['tanh', 'tanh'], logLrMin: -2, logLrMax: 0.5, lrMode: 'multiplicative' } },
  { id: 'normalized-v3', initLogLr: 0, cfg: { ...base, initStep: 0.5, features: 'v3', layers: [8, 8, 1], activations: ['tanh', 'identity'], logLrMin: -1, logLrMax: 0.5, lrMode: 'normalized' } },
  { id: 'normalized-v3-relu', initLogLr: 0, cfg: { ...base, initStep: 0.3, beta: 0.8, features: 'v3', layers: [8, 6, 6, 1], activations: ['relu', 'tanh', 'identity'], logLrMin: -1, logLrMax: 0.5, lrMode: 'normalized' } },
  { id: 'normalized-v3-distance', initLogLr: 0, cfg: { ...base, initStep: 0.2, features: 'v3', layers: [8, 8, 1], activations: ['tanh', 'identity'], logLrMin: -1, logLrMax: 0.5, lrMode: 'normalized', stepUnit: 'distance' } },
];
// The shipped default's network with the 'distance' step unit (config stepUnit), so the fixtures
// cover that unit whichever unit the shipped model has; its runs add starts far below the
// functions' scale (the stall the unit is for), where startRms rescales.
const DISTANCE_OF_DEFAULT = 'default-stepunit-distance';
const TINY_STARTS = [['rosenbrock', '1e-6,1e-6'], ['beale', '1e-150,-1e-150']];

const twoD = FUNCTIONS.map((f) => f.name);
const ND = [['sphere', 8], ['quadratic', 8], ['rosenbrock', 6], ['rastrigin', 6]];

function o1Run(modelPath, fn, dims, seed, start) {
  const args = ['bin/o1.js', 'run', '--fn', fn, '--opt', 'o1', '--model', modelPath, '--steps', String(STEPS), '--seed', String(seed), '--engine', 'ts', '--json'];
  if (dims) args.push('--dims', String(dims));
  if (start) args.push('--start', start);
  const out = JSON.parse(execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 }));
  return { fn, dims: dims ?? 2, seed, start: out.start, x: out.x, grad: out.grad, diverged: out.diverged };
}

function writeGz(name, value) {
  const file = join(outDir, name);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, gzipSync(Buffer.from(JSON.stringify(value)), { level: 9 }));
  renameSync(tmp, file);
  console.log(`wrote ${file}`);
}

const tmp = mkdtempSync(join(tmpdir(), 'o1-fixtures-'));
try {
  // ---- trajectories -------------------------------------------------------------------------
  const models = [];
  // the shipped models: the models/*.json files package.json ships
  const shippedIds = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
    .files.filter((f) => /^models\/[^/]+\.json$/.test(f))
    .map((f) => f.slice('models/'.length, -'.json'.length));
  for (const id of shippedIds) {
    const path = join(root, 'models', `${id}.json`);
    models.push({ id, shipped: true, path, json: JSON.parse(readFileSync(path, 'utf8')) });
  }
  {
    const json = JSON.parse(readFileSync(join(root, 'models', 'default.json'), 'utf8'));
    json.config.stepUnit = 'distance';
    json.name = DISTANCE_OF_DEFAULT;
    delete json.provenance;
    const path = join(tmp, `${DISTANCE_OF_DEFAULT}.json`);
    writeFileSync(path, JSON.stringify(json));
    models.push({ id: DISTANCE_OF_DEFAULT, shipped: false, path, json: JSON.parse(modelToJson(parseModelJson(JSON.stringify(json), path))) });
  }
  RANDOM.forEach((r, k) => {
    const model = randomO1Model(new Rng(1000 + k), r.cfg, r.initLogLr, `random-${r.id}`);
    const path = join(tmp, `${r.id}.json`);
    saveModel(model, path);
    models.push({ id: r.id, shipped: false, path, json: JSON.parse(modelToJson(model)) });
  });
  const runs = [];
  for (const m of models) {
    const fns = m.shipped ? twoD.map((f) => [f, undefined]).concat(ND) : [['rosenbrock'], ['himmelblau'], ['beale'], ['sphere', 8]];
    fns.forEach(([fn, dims], k) => runs.push({ model: m.id, ...o1Run(m.path, fn, dims, 7 + k) }));
    if (m.json.config.stepUnit === 'distance') TINY_STARTS.forEach(([fn, start], k) => runs.push({ model: m.id, ...o1Run(m.path, fn, undefined, 40 + k, start) }));
  }
  const modelTable = Object.fromEntries(models.map((m) => [m.id, { shipped: m.shipped, file: m.shipped ? `models/${m.id}.json` : undefined, model: m.json }]));
  writeGz('trajectories.json.gz', { steps: STEPS, command: 'node scripts/make-o1-fixtures.mjs', models: modelTable, runs });

  // ---- step API -----------------------------------------------------------------------------
  // g = scale ⊙ (x − target) + noise, noise_i(t) = ((7i + 13t) mod 17 − 8) / 80: it depends on the
  // parameters, as a real loop's gradient does, and uses only exactly rounded operations, so the
  // Python test recomputes it from its own parameters (closed loop) instead of reading it here.
  const stepRuns = [];
  const SIZES = [[3, 1, 16, 7, 40], [129], [2, 2, 2, 50, 1, 9]];
  const STEP_API_STEPS = 60;
  for (const m of models) {
    SIZES.forEach((sizes, k) => {
      const rng = new Rng(500 + k);
      const f32 = k === 2; // the last list is Float32 (widened, stepped in f64, rounded back)
      const make = (n) => (f32 ? new Float32Array(n) : new Float64Array(n));
      const params = sizes.map((n) => make(n).map(() => rng.normal()));
      const n = sizes.reduce((a, b) => a + b, 0);
      const scale = Array.from({ length: n }, () => Math.exp(2 * rng.normal())); // mixed curvatures
      const target = Array.from({ length: n }, () => rng.normal());
      const start = params.map((p) => Array.from(p));
      const opt = createO1Optimizer({ model: parseModelJson(JSON.stringify(m.json), m.id), engine: 'ts' });
      const xs = {};
      let checkpoint;
      for (let t = 0; t < STEP_API_STEPS; t++) {
        let i = 0;
        const g = params.map((p) => {
          const out = make(p.length);
          for (let j = 0; j < p.length; j++, i++) out[j] = scale[i] * (p[j] - target[i]) + (((7 * i + 13 * t) % 17) - 8) / 80;
          return out;
        });
        opt.step(params, g);
        if ((t + 1) % 10 === 0) xs[t + 1] = params.map((p) => Array.from(p));
        if (t + 1 === STEP_API_STEPS / 2) checkpoint = checkpointToJson(opt.state());
      }
      stepRuns.push({ model: m.id, sizes, dtype: f32 ? 'float32' : 'float64', steps: STEP_API_STEPS, start, scale, target, x: xs, checkpointAt: STEP_API_STEPS / 2, checkpoint, lr: Array.from(opt.lastLr()) });
    });
  }
  writeGz('steps.json.gz', { command: 'node scripts/make-o1-fixtures.mjs', runs: stepRuns });

  // ---- exp and o1's tanh, bit for bit --------------------------------------------------------
  const rng = new Rng(77);
  const pts = [0, -0, 1, -1, 0.5, Math.LN2 / 2, Math.LN2 * 1.5, 709.782712893384, 709.7827128933841, -745.1332191019411,
    -745.1332191019412, -708.4, 5e-324, -5e-324, 2 ** -28, -(2 ** -28), 2 ** -29, 19.1, -19.1, 19.09, 1e-300, Infinity, -Infinity, NaN];
  const ranges = [[-750, 750], [-40, 20], [-2, 2], [-0.4, 0.4], [-25, 25], [-1e-6, 1e-6]];
  for (const [lo, hi] of ranges) for (let i = 0; i < 1500; i++) pts.push(rng.range(lo, hi));
  const xs = Float64Array.from(pts);
  const b64 = (a) => Buffer.from(a.buffer).toString('base64');
  writeGz('math.json.gz', { command: 'node scripts/make-o1-fixtures.mjs', x: b64(xs), exp: b64(xs.map(Math.exp)), o1Tanh: b64(xs.map(o1Tanh)) });
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

