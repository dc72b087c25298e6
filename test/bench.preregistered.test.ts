// The pre-registered held-out split (src/bench/preregistered.ts, docs/BENCHMARK.md "The
// pre-registered split"): the manifest is frozen by its hash and still what the code builds, and
// training, its validation set and model selection cannot use any of it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { FUNCTIONS, getFunction } from '../src/functions/index.js';
import { HELDOUT_FUNCTIONS, PREREGISTERED_FUNCTIONS, PREREGISTERED_ML_FAMILIES, PREREGISTERED_TASK_NAMES, TRAINING_FUNCTIONS, evaluationTaskNames, preregisteredUse, trainingUseProblems } from '../src/problems/heldout.js';
import { PREREGISTERED_MANIFEST_PATH, PREREGISTERED_SHA256, buildPreregisteredManifest, loadPreregisteredManifest, manifestText, sha256Text } from '../src/bench/preregistered.js';
import { PREREGISTERED_TASKS } from '../src/bench/preregisteredTasks.js';
import { buildSuites } from '../src/bench/suites.js';
import { ML_TASKS } from '../src/ml/index.js';
import { randomO1Model } from '../src/o1/o1.js';
import { Rng } from '../src/rng.js';
import { DEFAULT_TRAIN_CONFIG, makeTrainConfig } from '../src/train/config.js';
import { ML_FAMILIES, drawMlTrainSpec, mlTrainLabel } from '../src/train/mlFamilies.js';
import { PRESETS } from '../src/train/presets.js';
import { trainProblemLabels, validationTasks } from '../src/train/train.js';
import { getOptimizer, resolveHyper } from '../src/optimizers/index.js';
import { runBench } from '../src/bench/runBench.js';
import { mlJson, runMlBench } from '../src/bench/ml.js';
import { checkedManifest, runPreregistered } from '../src/bench/preregisteredSuite.js';
import { runBenchmark } from '../src/bench/benchmark.js';
import { getEngine, tsEngine } from '../src/engine/index.js';
import { main } from '../src/cli/main.js';
import { bufferIO } from '../src/cli/io.js';

const root = join(import.meta.dirname, '..');
const bytes = readFileSync(join(root, PREREGISTERED_MANIFEST_PATH));

describe('the frozen manifest', () => {
  it('has the SHA-256 recorded when the split was frozen (a change to the split fails here)', () => {
    expect(sha256Text(bytes)).toBe(PREREGISTERED_SHA256);
    expect(loadPreregisteredManifest(root).name).toBe('preregistered-1');
  });

  it('is what the code builds: every start, instance and dataset hash recomputed', () => {
    // Fails if a function, generator, the RNG, the start or instance derivation, a count or a
    // budget changed since the freeze.
    expect(manifestText(buildPreregisteredManifest())).toBe(bytes.toString('utf8'));
  });

  it('a changed manifest is refused with one clear error, and the hash check can fail', () => {
    const m = JSON.parse(bytes.toString('utf8'));
    m.functions.starts = 33;
    expect(sha256Text(manifestText(m))).not.toBe(PREREGISTERED_SHA256);
    expect(() => loadPreregisteredManifest('/nonexistent-root')).toThrow(/ENOENT/);
  });

  it('names the functions, tasks and families heldout.ts refuses', () => {
    const m = loadPreregisteredManifest(root);
    expect([...new Set(m.functions.problems.map((p) => p.fn))]).toEqual([...PREREGISTERED_FUNCTIONS]);
    expect(m.ml.tasks.map((t) => t.task)).toEqual([...PREREGISTERED_TASK_NAMES]);
    expect(m.ml.families).toEqual([...PREREGISTERED_ML_FAMILIES]);
    expect(PREREGISTERED_TASKS.map((t) => t.name)).toEqual([...PREREGISTERED_TASK_NAMES]);
    // ≥ 10 runs per ML task (issue 20 item 6), budgets as pre-registered.
    expect(m.ml.runs).toBeGreaterThanOrEqual(10);
    expect(m.functions.budgets).toEqual([50, 200, 1000]);
  });
});

describe('the split is new: nothing of it was in the benchmark or in training before', () => {
  it('its functions are registry functions in no other suite', () => {
    for (const name of PREREGISTERED_FUNCTIONS) {
      expect(getFunction(name)?.name).toBe(name);
      expect(TRAINING_FUNCTIONS).not.toContain(name);
      expect(HELDOUT_FUNCTIONS).not.toContain(name);
    }
    expect([...TRAINING_FUNCTIONS, ...HELDOUT_FUNCTIONS, ...PREREGISTERED_FUNCTIONS].sort()).toEqual(FUNCTIONS.map((f) => f.name).sort());
    const model = { ...randomO1Model(new Rng(1)), provenance: { trainConfig: { functions: [...TRAINING_FUNCTIONS], dims: 2 } } };
    const keys = buildSuites(model, { suites: ['train', 'heldout', 'nd'] }).flatMap((s) => s.problems.map((p) => p.fn.name));
    for (const name of PREREGISTERED_FUNCTIONS) expect(keys).not.toContain(name);
    const own = buildSuites(model, { suites: ['preregistered', 'preregistered-nd'] }).flatMap((s) => s.problems.map((p) => p.key));
    expect(own).toContain('zakharov-100d');
    expect(own).toContain('leon');
  });

  it('its ML tasks and data families are neither benchmark ML tasks nor training families', () => {
    for (const name of PREREGISTERED_TASK_NAMES) {
      expect(ML_TASKS.map((t) => t.name)).not.toContain(name);
      expect(evaluationTaskNames()).not.toContain(name);
    }
    for (const fam of PREREGISTERED_ML_FAMILIES) expect(ML_FAMILIES as readonly string[]).not.toContain(fam);
    // Training's family draws (2000 of them) never produce a pre-registered family.
    const rng = new Rng(5);
    for (let k = 0; k < 2000; k++) expect(preregisteredUse(mlTrainLabel(drawMlTrainSpec(rng)))).toBeUndefined();
  });
});

describe('training, validation and selection refuse the split', () => {
  const names = [...PREREGISTERED_FUNCTIONS, 'Zakharov', 'sum_of_different_powers', ...PREREGISTERED_TASK_NAMES, ...PREREGISTERED_ML_FAMILIES, 'ml:hastie[10-8-1]'];
  it.each(names)('%s → one clear InputError from the training config', (name) => {
    expect(trainingUseProblems([name])).toHaveLength(1);
    expect(trainingUseProblems([name])[0]).toMatch(/pre-registered held-out split/);
    expect(() => makeTrainConfig({ functions: ['rosenbrock', name] }, 'cfg')).toThrow(InputError);
    expect(() => makeTrainConfig({ functions: ['rosenbrock', name] }, 'cfg')).toThrow(/pre-registered/);
  });

  it('the default config and every preset: no training or validation problem is part of the split', () => {
    const configs = [DEFAULT_TRAIN_CONFIG, ...Object.entries(PRESETS).map(([name, p]) => makeTrainConfig(p.settings as Record<string, unknown>, name))];
    for (const cfg of configs) {
      // Validation (and so `--select validation`) runs these problems; training draws the same.
      const labels = [...trainProblemLabels(cfg), ...validationTasks(cfg).map((t) => t.fn)];
      expect(labels.length).toBeGreaterThan(0);
      for (const l of labels) expect(preregisteredUse(l.replace(/-\d+d$/, '')), l).toBeUndefined();
    }
  });

  it('the guard can fail: a label of the split is recognised', () => {
    expect(preregisteredUse('ml:friedman1[10-16-1]')).toMatch(/data family/);
    expect(preregisteredUse('trid')).toMatch(/function/);
    expect(preregisteredUse('rosenbrock')).toBeUndefined();
  });
});

describe('its ML tasks are sound training losses', () => {
  it.each(PREREGISTERED_TASKS.map((t) => [t.name, t] as const))('%s: data as documented, gradient = finite differences, Adam lowers the loss', (_name, t) => {
    const o = t.makeObjective(11);
    const { train } = o.data;
    expect(o.n).toBe(t.n);
    const ys = Array.from(train.targets);
    if (t.kind === 'classification') {
      const ones = ys.filter((y) => y === 1).length;
      expect(ones + ys.filter((y) => y === 0).length).toBe(ys.length);
      // hastie: the χ²₁₀ median splits the classes about evenly
      expect(ones / ys.length).toBeGreaterThan(0.35);
      expect(ones / ys.length).toBeLessThan(0.65);
    } else {
      const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
      const sd = Math.sqrt(ys.reduce((a, b) => a + (b - mean) ** 2, 0) / ys.length);
      expect(Math.abs(mean)).toBeLessThan(0.6);
      expect(sd).toBeGreaterThan(0.5);
      expect(sd).toBeLessThan(1.5);
    }
    const x = o.init(new Rng(3));
    const f0 = o.f(x);
    expect(Number.isFinite(f0)).toBe(true);
    if (!o.stochastic) {
      const g = new Float64Array(o.n);
      expect(o.valueAndGrad(x, g)).toBe(f0);
      for (const i of [0, Math.floor(o.n / 2), o.n - 1]) {
        const h = 1e-6;
        const xp = Float64Array.from(x);
        const xm = Float64Array.from(x);
        xp[i] += h;
        xm[i] -= h;
        const fd = (o.f(xp) - o.f(xm)) / (xp[i] - xm[i]);
        expect(Math.abs(fd - g[i])).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(g[i])));
      }
    }
    // 100 Adam steps at its calibrated lr lower the full-batch loss.
    const adam = getOptimizer('adam')!;
    const stepper = adam.create(resolveHyper(adam, { lr: t.adamLr }));
    const state = stepper.init(o.n);
    const g = new Float64Array(o.n);
    o.resetBatches();
    for (let k = 0; k < 100; k++) {
      o.valueAndGrad(x, g);
      stepper.step(x, g, state);
    }
    expect(o.f(x)).toBeLessThan(0.7 * f0);
  });
});

describe('the suites run it (tiny budgets, for correctness only)', () => {
  const model = randomO1Model(new Rng(2));
  it('runBench runs its function suites; runMlBench its tasks, the kernels as the TS reference', async () => {
    const fr = await runBench({ model, suites: ['preregistered', 'preregistered-nd'], functions: ['leon', 'zakharov'], starts: 2, tuneStarts: 2, steps: 5, baselines: ['adam'], grid: [0.01, 0.1], engine: tsEngine, bootstrap: 20 });
    expect(fr.suites.map((s) => [s.name, s.problems.map((p) => p.key)])).toEqual([
      ['preregistered', ['leon', 'zakharov']],
      ['preregistered-nd', ['zakharov-10d', 'zakharov-100d']],
    ]);
    const tiny = { model, suite: 'preregistered' as const, tasks: ['peaks-mlp', 'hastie-mlp-sgd'], runs: 2, tuneRuns: 1, steps: 4, baselines: ['adam'], grid: [0.01, 0.1], bootstrap: 20, seed: 1, workers: 1 };
    const ts = await runMlBench({ ...tiny, engine: 'ts' });
    expect(ts.settings.suite).toBe('preregistered');
    expect(ts.tasks.map((t) => t.task)).toEqual(['peaks-mlp', 'hastie-mlp-sgd']);
    const wasm = await runMlBench({ ...tiny, engine: 'wasm' });
    expect(mlJson(wasm).replace('"engine":"wasm"', '')).toBe(mlJson(ts).replace('"engine":"ts"', ''));
  });

  it('the shipped manifest passes the check runPreregistered makes before it runs anything', () => {
    expect(checkedManifest().seed).toBe(20261207);
  });

  it('runPreregistered refuses options that would change the split; runBenchmark refuses the suite', async () => {
    const base = { model, engine: () => getEngine('ts') };
    for (const extra of [{ steps: 5 }, { starts: 2 }, { tuneStarts: 2 }, { functions: ['leon'] }, { ndDims: [3] }])
      await expect(runPreregistered({ ...base, ...extra })).rejects.toThrow(InputError);
    await expect(runBenchmark({ ...base, suites: ['preregistered'] })).rejects.toThrow(/runs alone/);
  });

  it('o1 bench --suite preregistered with another suite or --steps: one line, exit 2', async () => {
    for (const argv of [
      ['bench', '--suite', 'preregistered,heldout'],
      ['bench', '--suite', 'preregistered', '--steps', '5'],
    ]) {
      const io = bufferIO();
      const code = await main(argv, io);
      expect(code).toBe(2);
      expect(io.stderr.trim().split('\n')).toHaveLength(1);
      expect(io.stdout).toBe('');
    }
  });
});
