// The second pre-registered split (src/bench/preregistered2.ts, docs/BENCHMARK.md "The second
// pre-registered split"): frozen by its hash, still what the code builds, disjoint from training,
// and runnable (tiny budgets through the same runners).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { PREREGISTERED2_NEW_ML_FAMILIES, PREREGISTERED2_NEW_TASK_NAMES, PREREGISTERED_ML_FAMILIES, PREREGISTERED_TASK_NAMES, evaluationTaskNames, preregisteredUse, trainingUseProblems } from '../src/problems/heldout.js';
import { manifestText, sha256Text, PREREGISTERED_SEED } from '../src/bench/preregistered.js';
import { PREREGISTERED2_MANIFEST_PATH, PREREGISTERED2_SHA256, PREREGISTERED2_SEED, buildPreregistered2Manifest, loadPreregistered2Manifest } from '../src/bench/preregistered2.js';
import { PREREGISTERED2_NEW_TASKS, PREREGISTERED2_TASKS, RINGNORM_DIM, ringnorm } from '../src/bench/preregistered2Tasks.js';
import { checkedManifest2, preregistered2Json, runPreregistered2 } from '../src/bench/preregisteredSplitSuite.js';
import { memoMlRunner } from '../src/bench/mlMemoRunner.js';
import { benchMlRunner } from '../src/bench/ml/tasks.js';
import { loadPreregisteredManifest } from '../src/bench/preregistered.js';
import { ML_TASKS } from '../src/ml/index.js';
import { ML_FAMILIES, drawMlTrainSpec, mlTrainLabel } from '../src/train/mlFamilies.js';
import { DEFAULT_TRAIN_CONFIG, makeTrainConfig } from '../src/train/config.js';
import { PRESETS } from '../src/train/presets.js';
import { trainProblemLabels, validationTasks } from '../src/train/train.js';
import { getOptimizer, resolveHyper } from '../src/optimizers/index.js';
import { randomO1Model } from '../src/o1/o1.js';
import { Rng } from '../src/rng.js';
import { mlInstanceSets, mlJson, runMlBench } from '../src/bench/ml.js';
import { getEngine } from '../src/engine/index.js';
import { main } from '../src/cli/main.js';
import { bufferIO } from '../src/cli/io.js';

const root = join(import.meta.dirname, '..');
const bytes = readFileSync(join(root, PREREGISTERED2_MANIFEST_PATH));

describe('the frozen manifest of split 2', () => {
  it('has the SHA-256 recorded when it was frozen (a change fails here)', () => {
    expect(sha256Text(bytes)).toBe(PREREGISTERED2_SHA256);
    expect(loadPreregistered2Manifest(root).name).toBe('preregistered-2');
  });

  it('is what the code builds: every start, instance and dataset hash recomputed', () => {
    expect(manifestText(buildPreregistered2Manifest() as never)).toBe(bytes.toString('utf8'));
    expect(checkedManifest2().seed).toBe(PREREGISTERED2_SEED);
  });

  it('split 1 is untouched and still loads; split 2 has a fresh seed, so fresh starts and instances', () => {
    const one = loadPreregisteredManifest(root);
    const two = loadPreregistered2Manifest(root);
    expect(PREREGISTERED2_SEED).not.toBe(PREREGISTERED_SEED);
    expect(two.seed).not.toBe(one.seed);
    const starts1 = new Set(one.functions.problems.flatMap((p) => [p.evalStartsSha256, p.tuneStartsSha256]));
    for (const p of two.functions.problems) {
      expect(starts1.has(p.evalStartsSha256)).toBe(false);
      expect(starts1.has(p.tuneStartsSha256)).toBe(false);
    }
    const inst1 = new Set(one.ml.tasks.flatMap((t) => [...t.eval, ...t.tune].map((i) => `${i.dataSeed}`)));
    for (const t of two.ml.tasks) for (const i of [...t.eval, ...t.tune]) expect(inst1.has(`${i.dataSeed}`)).toBe(false);
  });

  it('judges what issue 21 asks: long horizons, mini-batch tasks, start scales 1e-6 … 1e3', () => {
    const m = loadPreregistered2Manifest(root);
    expect(m.functions.budgets).toContain(1000);
    expect(m.ml.budgets).toEqual([1000, 5000]);
    expect(m.ml.tasks.filter((t) => t.batchSize !== null).length).toBeGreaterThanOrEqual(3);
    expect(m.ml.runs).toBeGreaterThanOrEqual(10);
    expect(m.startScale.scales[0]).toBe(1e-6);
    expect(m.startScale.scales.at(-1)).toBe(1e3);
    expect(m.baselines).toEqual(expect.arrayContaining(['adam', 'rprop', 'adamw-cosine']));
    const o = JSON.parse(bytes.toString('utf8'));
    o.ml.runs = 11;
    expect(sha256Text(manifestText(o))).not.toBe(PREREGISTERED2_SHA256);
  });
});

describe('split 2 is kept from training', () => {
  it('its new tasks and family are in no other suite and no training family', () => {
    expect(PREREGISTERED2_NEW_TASKS.map((t) => t.name)).toEqual([...PREREGISTERED2_NEW_TASK_NAMES]);
    for (const name of PREREGISTERED2_NEW_TASK_NAMES) {
      expect(ML_TASKS.map((t) => t.name)).not.toContain(name);
      expect(evaluationTaskNames()).not.toContain(name);
      expect(PREREGISTERED_TASK_NAMES).not.toContain(name);
    }
    for (const fam of PREREGISTERED2_NEW_ML_FAMILIES) {
      expect(ML_FAMILIES as readonly string[]).not.toContain(fam);
      expect(PREREGISTERED_ML_FAMILIES).not.toContain(fam);
    }
    const rng = new Rng(6);
    for (let k = 0; k < 2000; k++) expect(preregisteredUse(mlTrainLabel(drawMlTrainSpec(rng)))).toBeUndefined();
  });

  it.each([...PREREGISTERED2_NEW_TASK_NAMES, 'ringnorm', 'ml:ringnorm[20-8-1]', 'Ringnorm-MLP'])('%s → refused by the training config', (name) => {
    expect(trainingUseProblems([name])).toHaveLength(1);
    expect(() => makeTrainConfig({ functions: ['rosenbrock', name] }, 'cfg')).toThrow(InputError);
  });

  it('the default config and every preset use nothing of split 2', () => {
    const m = loadPreregistered2Manifest(root);
    const names = new Set([...m.functions.problems.map((p) => p.fn), ...m.ml.tasks.map((t) => t.task), ...m.ml.families]);
    const configs = [DEFAULT_TRAIN_CONFIG, ...Object.entries(PRESETS).map(([name, p]) => makeTrainConfig(p.settings as Record<string, unknown>, name))];
    for (const cfg of configs) {
      const labels = [...trainProblemLabels(cfg), ...validationTasks(cfg).map((t) => t.fn)];
      for (const l of labels) {
        expect(preregisteredUse(l.replace(/-\d+d$/, '')), l).toBeUndefined();
        expect(names.has(l.replace(/-\d+d$/, '')), l).toBe(false);
      }
    }
    // every name of the manifest is refused
    for (const n of names) expect(preregisteredUse(n), n).toBeDefined();
  });
});

describe('ringnorm and the new tasks', () => {
  it('ringnorm: Breiman’s two Gaussians (class 0 spread 2, class 1 spread 1 about 1/√20)', () => {
    const d = ringnorm(4000, new Rng(9));
    expect(d.inputDim).toBe(RINGNORM_DIM);
    const sd: number[][] = [[], []];
    const mean: number[][] = [[], []];
    for (let p = 0; p < d.count; p++) {
      const c = d.targets[p];
      const row = Array.from(d.inputs.subarray(p * RINGNORM_DIM, (p + 1) * RINGNORM_DIM));
      mean[c].push(row.reduce((a, b) => a + b, 0) / RINGNORM_DIM);
      sd[c].push(Math.sqrt(row.reduce((a, b) => a + b * b, 0) / RINGNORM_DIM));
    }
    const avg = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(sd[0].length / d.count).toBeGreaterThan(0.45);
    expect(sd[0].length / d.count).toBeLessThan(0.55);
    expect(avg(sd[0])).toBeGreaterThan(1.85);
    expect(avg(sd[0])).toBeLessThan(2.15);
    expect(avg(mean[1])).toBeGreaterThan(0.15);
    expect(avg(mean[1])).toBeLessThan(0.30);
    expect(Math.abs(avg(mean[0]))).toBeLessThan(0.05);
  });

  it.each(PREREGISTERED2_NEW_TASKS.map((t) => [t.name, t] as const))('%s: gradient = finite differences (full batch), Adam at its calibrated lr lowers the loss', (_n, t) => {
    const o = t.makeObjective(13);
    const x = o.init(new Rng(4));
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
        expect(Math.abs((o.f(xp) - o.f(xm)) / (xp[i] - xm[i]) - g[i])).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(g[i])));
      }
    }
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

  it('the kernels run the new tasks as the TS reference does', async () => {
    const model = randomO1Model(new Rng(2));
    const tiny = { model, suite: 'preregistered-2' as const, tasks: ['ringnorm-mlp', 'peaks-mlp-sgd'], runs: 2, tuneRuns: 1, steps: 4, baselines: ['adam'], grid: [0.01, 0.1], bootstrap: 20, seed: 1, workers: 1 };
    const ts = await runMlBench({ ...tiny, engine: 'ts' });
    const wasm = await runMlBench({ ...tiny, engine: 'wasm' });
    expect(mlJson(wasm).replace('"engine":"wasm"', '')).toBe(mlJson(ts).replace('"engine":"ts"', ''));
    expect(PREREGISTERED2_TASKS.length).toBe(8);
  });
});

describe('o1 bench --suite preregistered-2', () => {
  const model = randomO1Model(new Rng(3));
  it('refuses options that would change the split', async () => {
    const base = { model, engine: () => getEngine('ts') };
    for (const extra of [{ steps: 5 }, { starts: 2 }, { tuneStarts: 2 }, { functions: ['leon'] }, { ndDims: [3] }, { baselines: ['adam'] }])
      await expect(runPreregistered2({ ...base, ...extra })).rejects.toThrow(InputError);
  });

  it('with another suite or --opt: one line, exit 2', async () => {
    for (const argv of [
      ['bench', '--suite', 'preregistered-2,heldout'],
      ['bench', '--suite', 'preregistered-2', '--opt', 'adam'],
    ]) {
      const io = bufferIO();
      expect(await main(argv, io)).toBe(2);
      expect(io.stderr.trim().split('\n')).toHaveLength(1);
      expect(io.stdout).toBe('');
    }
  });

  it('preregistered2Json joins the hash, the horizons and the start-scale part into one object', () => {
    const text = preregistered2Json({ manifestSha256: 'abc', horizons: [], startScale: { settings: { suite: 'start-scale' } as never, rows: [], summary: [] } });
    const o = JSON.parse(text);
    expect(o.manifestSha256).toBe('abc');
    expect(o.horizons).toEqual([]);
    expect(o['start-scale'].rows).toEqual([]);
  });
});

function shrunkManifest() {
    const m = structuredClone(loadPreregistered2Manifest(root));
    m.functions = { ...m.functions, budgets: [6, 8], starts: 2, tuneStarts: 2, problems: m.functions.problems.filter((p) => p.fn === 'leon') };
    const tasks = m.ml.tasks.filter((t) => t.task === 'ringnorm-mlp-sgd').map((t) => ({ ...t, ...mlInstanceSets(m.seed, t.task, 2, 1) }));
    m.ml = { ...m.ml, budgets: [8], runs: 2, tuneRuns: 1, tasks };
    m.startScale = { ...m.startScale, functionSteps: 8, mlSteps: 8, problems: ['leon'], tasks: ['ringnorm-mlp-sgd'] };
    m.baselines = ['adam', 'adam:lr=0.001'];
    return m;
}

describe('runPreregistered2 on a shrunk copy of the manifest (every path, tiny budgets)', () => {
  it('runs functions and ML at their budgets and the start-scale part from those tunings', async () => {
    const m = shrunkManifest();
    const model = randomO1Model(new Rng(4));
    const parts: string[] = [];
    const r = await runPreregistered2({ model, engine: () => getEngine('wasm'), grid: [0.01, 0.1], bootstrap: 20, workers: 1 }, { manifest: m, onPart: (p) => parts.push(`${p.horizons.map((h) => h.steps).join(',')}${p.startScale ? '+scale' : ''}`) });
    // each horizon, then the start-scale part as soon as its budget (8) ran
    expect(parts).toEqual(['6', '6,8', '6,8+scale']);
    expect(r.horizons.map((h) => [h.steps, !!h.result.functions, !!h.result.ml])).toEqual([
      [6, true, false],
      [8, true, true],
    ]);
    expect(r.horizons[1].result.functions!.suites.map((s) => s.problems.map((p) => p.key))).toEqual([['leon']]);
    const rows = r.startScale.rows;
    // o1 and tuned adam (its per-function lr at 8 steps) on leon and the task; untuned adam too.
    expect(rows.map((x) => `${x.kind}:${x.problem}:${x.optimizer}`)).toEqual(['function:leon:o1', 'function:leon:adam', 'function:leon:adam:lr=0.001', 'ml:ringnorm-mlp-sgd:o1', 'ml:ringnorm-mlp-sgd:adam', 'ml:ringnorm-mlp-sgd:adam:lr=0.001']);
    const leonAdam = r.horizons[1].result.functions!.suites[0].problems[0].contenders.find((c) => c.optimizer === 'adam' && c.mode === 'per-function')!;
    expect(rows[1].lr).toBe(leonAdam.lr);
    // s = 1 reproduces the horizon's own runs: same starts, same lr, same steps.
    for (const x of rows) expect(x.ratio[x.medianGap.length - 4]).toBe(1);
    expect(r.startScale.summary.map((s) => s.optimizer)).toEqual(['o1', 'adam', 'adam:lr=0.001']);
  });
});

describe('two models scored in one process share the baseline runs (memoMlRunner)', () => {
  it('each result is byte for byte the one a fresh run gives; the second model reuses every baseline job', async () => {
    const m = shrunkManifest();
    const a = randomO1Model(new Rng(5));
    const b = randomO1Model(new Rng(6));
    const opts = { engine: () => getEngine('wasm'), grid: [0.01, 0.1], bootstrap: 20, workers: 1 };
    const aloneA = preregistered2Json(await runPreregistered2({ ...opts, model: a }, { manifest: m }));
    const aloneB = preregistered2Json(await runPreregistered2({ ...opts, model: b }, { manifest: m }));
    expect(aloneA).not.toBe(aloneB);
    const runner = memoMlRunner(benchMlRunner(1, 'wasm'));
    try {
      const sharedA = preregistered2Json(await runPreregistered2({ ...opts, model: a, mlRunner: runner }, { manifest: m }));
      const before = runner.reused();
      const sharedB = preregistered2Json(await runPreregistered2({ ...opts, model: b, mlRunner: runner }, { manifest: m }));
      expect(sharedA).toBe(aloneA);
      expect(sharedB).toBe(aloneB);
      expect(runner.reused()).toBeGreaterThan(before);
    } finally {
      await runner.close();
    }
    // side by side: the same jobs in flight for both models run once, the results unchanged
    const both = memoMlRunner(benchMlRunner(2, 'wasm'));
    try {
      const [sideA, sideB] = await Promise.all([runPreregistered2({ ...opts, model: a, mlRunner: both }, { manifest: m }), runPreregistered2({ ...opts, model: b, mlRunner: both }, { manifest: m })]);
      expect(preregistered2Json(sideA)).toBe(aloneA);
      expect(preregistered2Json(sideB)).toBe(aloneB);
      expect(both.reused()).toBeGreaterThan(0);
    } finally {
      await both.close();
    }
  });
});
