// The third pre-registered split (src/bench/preregistered3.ts, docs/BENCHMARK.md "The third
// pre-registered split"): frozen by its hash, still what the code builds, no start or instance
// shared with splits 1 and 2, kept from training, and runnable (tiny budgets, same runners).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { preregisteredUse, trainingUseProblems } from '../src/problems/heldout.js';
import { loadPreregisteredManifest, manifestText, sha256Text } from '../src/bench/preregistered.js';
import { PREREGISTERED2_SEED, buildPreregistered2Manifest, loadPreregistered2Manifest } from '../src/bench/preregistered2.js';
import { PREREGISTERED3_MANIFEST_PATH, PREREGISTERED3_SCALE_ML_RUNS, PREREGISTERED3_SHA256, PREREGISTERED3_SEED, SPLIT3, buildPreregistered3Manifest, loadPreregistered3Manifest } from '../src/bench/preregistered3.js';
import { checkedSplitManifest, preregisteredSplitJson, runPreregisteredSplit } from '../src/bench/preregisteredSplitSuite.js';
import { mlInstanceSets } from '../src/bench/ml.js';
import { benchMlRunner } from '../src/bench/ml/tasks.js';
import type { MlJob } from '../src/ml/job.js';
import { DEFAULT_TRAIN_CONFIG, makeTrainConfig } from '../src/train/config.js';
import { PRESETS } from '../src/train/presets.js';
import { trainProblemLabels, validationTasks } from '../src/train/train.js';
import { randomO1Model } from '../src/o1/o1.js';
import { Rng } from '../src/rng.js';
import { getEngine } from '../src/engine/index.js';
import { main } from '../src/cli/main.js';
import { bufferIO } from '../src/cli/io.js';

const root = join(import.meta.dirname, '..');
const bytes = readFileSync(join(root, PREREGISTERED3_MANIFEST_PATH));

describe('the frozen manifest of split 3', () => {
  it('has the SHA-256 recorded when it was frozen (a change fails here)', () => {
    expect(sha256Text(bytes)).toBe(PREREGISTERED3_SHA256);
    expect(loadPreregistered3Manifest(root).name).toBe('preregistered-3');
    const o = JSON.parse(bytes.toString('utf8'));
    o.startScale.mlRuns = 6;
    expect(sha256Text(manifestText(o))).not.toBe(PREREGISTERED3_SHA256);
  });

  it('is what the code builds (every start, instance and dataset hash recomputed), and the shared builder still builds split 2', () => {
    expect(manifestText(buildPreregistered3Manifest() as never)).toBe(bytes.toString('utf8'));
    expect(checkedSplitManifest(SPLIT3).seed).toBe(PREREGISTERED3_SEED);
    expect(manifestText(buildPreregistered2Manifest() as never)).toBe(readFileSync(join(root, 'src/bench/preregistered2.json'), 'utf8'));
  });

  it('shares no start, instance, dataset or init with split 1 or split 2', () => {
    const one = loadPreregisteredManifest(root);
    const two = loadPreregistered2Manifest(root);
    const three = loadPreregistered3Manifest(root);
    expect(new Set([one.seed, two.seed, three.seed, PREREGISTERED2_SEED]).size).toBe(3);
    const earlierStarts = new Set([...one.functions.problems, ...two.functions.problems].flatMap((p) => [p.evalStartsSha256, p.tuneStartsSha256, p.valuesSha256]));
    for (const p of three.functions.problems) for (const h of [p.evalStartsSha256, p.tuneStartsSha256, p.valuesSha256]) expect(earlierStarts.has(h), p.key).toBe(false);
    const earlierTasks = [...one.ml.tasks, ...two.ml.tasks];
    const dataSeeds = new Set(earlierTasks.flatMap((t) => [...t.eval, ...t.tune].map((i) => i.dataSeed)));
    const initSeeds = new Set(earlierTasks.flatMap((t) => [...t.eval, ...t.tune].map((i) => i.initSeed)));
    const dataHashes = new Set(earlierTasks.map((t) => t.dataSha256));
    for (const t of three.ml.tasks) {
      expect(dataHashes.has(t.dataSha256), t.task).toBe(false);
      for (const i of [...t.eval, ...t.tune]) {
        expect(dataSeeds.has(i.dataSeed), t.task).toBe(false);
        expect(initSeeds.has(i.initSeed), t.task).toBe(false);
      }
    }
  });

  it('judges what issue 21 asks: 2-D at 50/200/1000, ML at 1000 and 5000 (full batch and mini-batch), start scales 1e-6 … 1e3', () => {
    const m = loadPreregistered3Manifest(root);
    expect(m.functions.budgets).toEqual([50, 200, 1000]);
    expect(m.functions.problems.filter((p) => p.n === 2).length).toBe(7);
    expect(m.ml.budgets).toEqual([1000, 5000]);
    expect(m.ml.tasks.filter((t) => t.batchSize !== null).length).toBe(4);
    expect(m.ml.tasks.filter((t) => t.batchSize === null).length).toBe(4);
    expect([m.startScale.scales[0], m.startScale.scales.at(-1)]).toEqual([1e-6, 1e3]);
    expect(m.startScale.tasks.every((t) => m.ml.tasks.some((x) => x.task === t))).toBe(true);
    expect(m.startScale.mlRuns).toBe(PREREGISTERED3_SCALE_ML_RUNS);
    expect(m.baselines).toEqual(['adam', 'rprop', 'adamw-cosine', 'adam:lr=0.001']);
  });
});

describe('split 3 is kept from training', () => {
  const m = loadPreregistered3Manifest(root);
  const names = [...new Set([...m.functions.problems.map((p) => p.fn), ...m.ml.tasks.map((t) => t.task), ...m.ml.families])];

  it.each(names)('%s → refused by the training config', (name) => {
    expect(preregisteredUse(name)).toBeDefined();
    expect(trainingUseProblems([name])).toHaveLength(1);
    expect(() => makeTrainConfig({ functions: ['rosenbrock', name] }, 'cfg')).toThrow(InputError);
  });

  it('the default config and every preset use nothing of split 3', () => {
    const configs = [DEFAULT_TRAIN_CONFIG, ...Object.entries(PRESETS).map(([name, p]) => makeTrainConfig(p.settings as Record<string, unknown>, name))];
    for (const cfg of configs)
      for (const l of [...trainProblemLabels(cfg), ...validationTasks(cfg).map((t) => t.fn)]) {
        expect(preregisteredUse(l.replace(/-\d+d$/, '')), l).toBeUndefined();
        expect(names.includes(l.replace(/-\d+d$/, '')), l).toBe(false);
      }
  });
});

describe('o1 bench --suite preregistered-3', () => {
  it('with another suite, --opt or --steps: one line, exit 2', async () => {
    for (const argv of [
      ['bench', '--suite', 'preregistered-3,heldout'],
      ['bench', '--suite', 'preregistered-3', '--opt', 'adam'],
      ['bench', '--suite', 'preregistered-3', '--steps', '10'],
    ]) {
      const io = bufferIO();
      expect(await main(argv, io)).toBe(2);
      expect(io.stderr.trim().split('\n')).toHaveLength(1);
      expect(io.stdout).toBe('');
    }
  });

  // Split 3's manifest shrunk to tiny budgets: its start-scale part runs only its tasks' first mlRuns instances.
  function shrunk() {
    const m = structuredClone(loadPreregistered3Manifest(root));
    m.functions = { ...m.functions, budgets: [6, 8], starts: 2, tuneStarts: 2, problems: m.functions.problems.filter((p) => p.fn === 'trecanni') };
    const tasks = m.ml.tasks.filter((t) => t.task === 'hastie-mlp-sgd' || t.task === 'peaks-mlp').map((t) => ({ ...t, ...mlInstanceSets(m.seed, t.task, 3, 1) }));
    m.ml = { ...m.ml, budgets: [8, 10], runs: 3, tuneRuns: 1, tasks };
    m.startScale = { ...m.startScale, functionSteps: 8, mlSteps: 8, problems: ['trecanni'], tasks: ['hastie-mlp-sgd'], mlRuns: 2 };
    m.baselines = ['adam'];
    return m;
  }
  const opts = { engine: () => getEngine('wasm'), grid: [0.01, 0.1], bootstrap: 20, workers: 1 };

  it('runs every part; the start-scale part on its tasks and first mlRuns instances; a budget run alone gives the same horizon', async () => {
    const m = shrunk();
    const model = randomO1Model(new Rng(7));
    // count the start-scale jobs the ML runner is given
    const inner = benchMlRunner(1, 'wasm');
    const scaled: string[] = [];
    const mlRunner = { run: (jobs: MlJob[], progress: () => void) => (scaled.push(...jobs.filter((j) => j.startScale !== undefined).map((j) => `${j.task}:${j.dataSeed}`)), inner.run(jobs, progress)), close: () => inner.close() };
    const r = await runPreregisteredSplit(SPLIT3, { ...opts, model, mlRunner }, { manifest: m }).finally(() => inner.close());
    const first2 = m.ml.tasks.find((t) => t.task === 'hastie-mlp-sgd')!.eval.slice(0, 2).map((i) => `hastie-mlp-sgd:${i.dataSeed}`);
    expect(scaled.length).toBe(2 * 10 * 2);
    expect(new Set(scaled)).toEqual(new Set(first2));
    expect(r.horizons.map((h) => h.steps)).toEqual([6, 8, 10]);
    const mlRows = r.startScale.rows.filter((x) => x.kind === 'ml');
    expect(mlRows.map((x) => `${x.problem}:${x.optimizer}`)).toEqual(['hastie-mlp-sgd:o1', 'hastie-mlp-sgd:adam']);
    expect(r.startScale.settings.mlRuns).toBe(2);
    for (const x of r.startScale.rows) expect(x.ratio[6]).toBe(1);
    // the longest budget alone (how a long horizon is scored apart) is that horizon of the full run
    const alone = await runPreregisteredSplit(SPLIT3, { ...opts, model }, { manifest: m, budgets: [10] });
    expect(alone.startScale).toBeUndefined();
    expect(preregisteredSplitJson(alone)).toBe(preregisteredSplitJson({ manifestSha256: r.manifestSha256, horizons: [r.horizons[2]] }));
    await expect(runPreregisteredSplit(SPLIT3, { ...opts, model }, { manifest: m, budgets: [7] })).rejects.toThrow(InputError);
  });
});
