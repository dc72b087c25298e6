// The evaluation protocol enforced in code (src/problems/heldout.ts, docs/BENCHMARK.md "Evaluation
// only"): training refuses what the benchmark evaluates on, and training's draws never produce an
// evaluation start point or an ML benchmark instance.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVAL_SEED_KEY, HELDOUT_FUNCTIONS, PREREGISTERED_FUNCTIONS, REAL_TASK_NAMES, TRAINING_FUNCTIONS, evaluationTaskNames, trainingUseProblems } from '../src/problems/heldout.js';
import { REAL_TASKS } from '../src/bench/realData.js';
import { MINIBATCH_VARIANTS } from '../src/problems/mlMinibatch.js';
import { mlInstanceSets } from '../src/bench/ml.js';
import { buildSuites, startSets } from '../src/bench/suites.js';
import { FUNCTIONS } from '../src/functions/index.js';
import { mlTaskNames } from '../src/ml/index.js';
import { randomO1Model } from '../src/o1/o1.js';
import { Rng, deriveSeed } from '../src/rng.js';
import { DEFAULT_TRAIN_CONFIG, makeTrainConfig } from '../src/train/config.js';
import { PRESETS } from '../src/train/presets.js';
import { generationTasks } from '../src/train/tasks.js';
import { InputError } from '../src/errors.js';

describe('what evaluation uses', () => {
  it('splits the built-in functions into training, held-out and pre-registered, and the real tasks are the named ones', () => {
    expect([...TRAINING_FUNCTIONS, ...HELDOUT_FUNCTIONS, ...PREREGISTERED_FUNCTIONS].sort()).toEqual(FUNCTIONS.map((f) => f.name).sort());
    expect(HELDOUT_FUNCTIONS).not.toContain('rosenbrock');
    expect(REAL_TASKS.map((t) => t.name)).toEqual([...REAL_TASK_NAMES]);
    expect(evaluationTaskNames()).toEqual([...mlTaskNames(), ...MINIBATCH_VARIANTS.map((t) => t.name), ...REAL_TASK_NAMES]);
  });

  it('the default train config and every preset train only on training functions', () => {
    for (const fns of [DEFAULT_TRAIN_CONFIG.functions, ...Object.values(PRESETS).map((p) => (p.settings as { functions?: string[] }).functions ?? [])])
      for (const f of fns) expect(TRAINING_FUNCTIONS).toContain(f);
  });

  it('a model trained on the training functions is benchmarked on exactly the held-out functions', () => {
    const model = { ...randomO1Model(new Rng(1)), provenance: { trainConfig: { functions: [...TRAINING_FUNCTIONS], dims: 2 } } };
    const heldout = buildSuites(model, { suites: ['heldout'] })[0];
    expect(heldout.problems.map((p) => p.key).sort()).toEqual([...HELDOUT_FUNCTIONS].sort());
  });
});

describe('training refuses evaluation data', () => {
  it.each([
    ['a held-out function', 'booth', /held-out benchmark function/],
    ['a held-out function by another case', 'Beale', /held-out benchmark function/],
    ['an ML benchmark task', 'spirals-mlp', /benchmark ML task/],
    ['a real-data task', 'penguins-sex', /benchmark ML task/],
    ['a real dataset file', './data/cars.json', /real dataset/],
  ])('%s → one clear InputError', (_what, name, message) => {
    expect(trainingUseProblems([name])).toHaveLength(1);
    expect(() => makeTrainConfig({ functions: ['rosenbrock', name] }, 'cfg')).toThrow(InputError);
    expect(() => makeTrainConfig({ functions: ['rosenbrock', name] }, 'cfg')).toThrow(message);
  });

  it('lets the training functions through', () => {
    expect(trainingUseProblems(TRAINING_FUNCTIONS)).toEqual([]);
    expect(() => makeTrainConfig({ functions: [...TRAINING_FUNCTIONS] }, 'cfg')).not.toThrow();
  });
});

describe("training's draws never produce an evaluation start or instance", () => {
  it('no training start point (any generation, agent or validation draw) is a benchmark evaluation start', () => {
    const model = { ...randomO1Model(new Rng(1)), provenance: { trainConfig: { functions: [...TRAINING_FUNCTIONS], dims: 2 } } };
    const problems = buildSuites(model, { suites: ['train'] })[0].problems;
    const evalStarts = new Set<string>();
    for (let seed = 0; seed < 5; seed++)
      for (const p of problems) {
        const { evalStarts: ev } = startSets(p, seed, 32, 0);
        for (let r = 0; r < 32; r++) evalStarts.add(`${p.fn.name}|${ev[2 * r]},${ev[2 * r + 1]}`);
      }
    let checked = 0;
    const hits: string[] = [];
    // Training seeds 0–4, and each one's validation stream (train.ts: deriveSeed(seed, 'validation')).
    const seeds = [0, 1, 2, 3, 4].flatMap((s) => [s, deriveSeed(s, 'validation')]);
    for (const seed of seeds)
      for (let gen = 0; gen < 10; gen++)
        for (const agent of [undefined, 0, 1]) {
          for (const task of generationTasks(seed, gen, TRAINING_FUNCTIONS.map((name) => ({ name, n: 2 })), 24, agent)) {
            for (let r = 0; r < task.starts.length / 2; r++) {
              const key = `${task.fn}|${task.starts[2 * r]},${task.starts[2 * r + 1]}`;
              if (evalStarts.has(key)) hits.push(key);
              checked++;
            }
          }
        }
    expect(hits).toEqual([]);
    expect(checked).toBe(seeds.length * 10 * 3 * TRAINING_FUNCTIONS.length * 24);
    // The check can fail: the benchmark's own starts are found in the set.
    const { evalStarts: own } = startSets(problems[0], 0, 32, 0);
    expect(evalStarts.has(`${problems[0].fn.name}|${own[0]},${own[1]}`)).toBe(true);
  });

  it('every evaluation seed derives under the bench key, which no training source uses', () => {
    const sources = readdirSync(join(import.meta.dirname, '..', 'src', 'train'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(sources.length).toBeGreaterThan(5);
    for (const f of sources) {
      const text = readFileSync(join(import.meta.dirname, '..', 'src', 'train', f), 'utf8');
      expect(text, f).not.toMatch(new RegExp(`deriveSeed\\([^)]*'${EVAL_SEED_KEY}'`));
      // Nor does training read the real data or the benchmark's tasks.
      expect(text, f).not.toMatch(/vega-datasets|realData|ML_TASKS|bench\/ml|bench\/preregistered/);
    }
    const inst = mlInstanceSets(0, 'logreg', 5, 2);
    expect(new Set([...inst.eval, ...inst.tune].map((i) => i.dataSeed)).size).toBe(7);
  });
});
