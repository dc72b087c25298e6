// The start-scale suite (src/bench/startScale.ts) and the long-horizon / mini-batch ML suites
// (src/bench/mlLong.ts, mlMinibatch.ts), on tiny budgets: correctness only.
import { describe, expect, it } from 'vitest';
import { getEngine } from '../src/engine/index.js';
import { randomO1Model } from '../src/o1/o1.js';
import { Rng } from '../src/rng.js';
import { START_SCALES, runStartScale, startScaleJson, startScaleText } from '../src/bench/startScale.js';
import { runBench } from '../src/bench/runBench.js';
import { runMlBench } from '../src/bench/ml.js';
import { median } from '../src/bench/stats.js';
import { ML_LONG_RUNS, runMlHorizons } from '../src/bench/mlLong.js';
import { MINIBATCH_TASKS, MINIBATCH_VARIANTS } from '../src/problems/mlMinibatch.js';
import { ML_TASKS } from '../src/ml/index.js';
import { runMlJob } from '../src/bench/ml/run.js';
import { main } from '../src/cli/main.js';
import { bufferIO } from '../src/cli/io.js';

const model = randomO1Model(new Rng(4));
const engine = () => getEngine('ts');
const tiny = { model, engine, starts: 3, tuneStarts: 2, steps: 6, baselines: ['adam'], grid: [0.01, 0.1], bootstrap: 20, seed: 2, workers: 1 };

describe('start-scale suite', () => {
  it('runs every scale; s = 1 reproduces the usual suites; a stall is caught', async () => {
    const r = await runStartScale({ ...tiny, functions: ['booth', 'logreg'] });
    expect(r.rows.map((x) => `${x.kind}:${x.problem}:${x.optimizer}`)).toEqual(['function:booth:o1', 'function:booth:adam', 'ml:logreg:o1', 'ml:logreg:adam']);
    const one = START_SCALES.indexOf(1);
    for (const x of r.rows) {
      expect(x.medianGap).toHaveLength(START_SCALES.length);
      expect(x.ratio[one]).toBe(1);
      expect(x.pass).toBe(x.worstRatio <= 10);
    }
    // s = 1 is the usual evaluation: the heldout and ml suites' own numbers.
    const bench = await runBench({ ...tiny, suites: ['heldout'], functions: ['booth'], engine: await engine() });
    const c = bench.suites[0].problems[0].contenders;
    expect(r.rows[0].medianGap[one]).toBe(median(c[0].gaps));
    const adamPf = c.find((k) => k.optimizer === 'adam' && k.mode === 'per-function')!;
    expect(r.rows[1].lr).toBe(adamPf.lr);
    expect(r.rows[1].medianGap[one]).toBe(median(adamPf.gaps));
    const ml = await runMlBench({ ...tiny, tasks: ['logreg'], runs: 3, tuneRuns: 2, engine: 'ts' });
    expect(r.rows[2].medianGap[one]).toBe(median(ml.tasks[0].contenders[0].finalLoss));
    // Adam at a tuned lr cannot cross 10³ times the usual distance in 6 steps: a stall, flagged.
    expect(r.rows[1].ratio[START_SCALES.indexOf(1000)]).toBeGreaterThan(10);
    expect(r.rows[1].pass).toBe(false);
    expect(r.rows[1].passAbove).toBe(false);
    for (const x of r.rows) expect(x.pass).toBe(x.passBelow && x.passAbove);
    expect(r.summary.find((x) => x.optimizer === 'adam')!.functionsAbove).toBe(0);
    expect(startScaleText(r)).toMatch(/within 10×/);
    expect(JSON.parse(startScaleJson(r))['start-scale'].rows).toHaveLength(4);
  });

  it('an ML job with a start scale starts at s·x₀ᵘ (kernels = TS reference)', async () => {
    const job = { task: 'sine-mlp', dataSeed: 1, initSeed: 2, steps: 3, optimizer: { kind: 'baseline' as const, name: 'adam', lr: 0.01 }, record: true };
    const a = runMlJob(job);
    const b = runMlJob({ ...job, startScale: 1e-3 });
    expect(b.curve![0]).not.toBe(a.curve![0]);
    expect(runMlJob({ ...job, startScale: 1 }).curve).toEqual(a.curve);
    const ts = await runStartScale({ ...tiny, functions: ['sine-mlp'], starts: 2 });
    const wasm = await runStartScale({ ...tiny, functions: ['sine-mlp'], starts: 2, engine: () => getEngine('wasm') });
    expect(wasm.rows).toEqual(ts.rows);
  });
});

describe('ml-long and ml-minibatch suites', () => {
  it('one whole ML benchmark per horizon; ≥ 10 runs per task by default', async () => {
    expect(ML_LONG_RUNS).toBeGreaterThanOrEqual(10);
    const r = await runMlHorizons({ ...tiny, functions: ['logreg'], starts: undefined }, 'ml-long', [3, 5]);
    expect(r.horizons.map((h) => [h.steps, h.result.ml!.settings.steps, h.result.ml!.settings.runs, h.result.ml!.settings.suite])).toEqual([
      [3, 3, ML_LONG_RUNS, 'ml'],
      [5, 5, ML_LONG_RUNS, 'ml'],
    ]);
  });

  it('the mini-batch suite: every ml task by mini-batches, same model and data as the full-batch task', async () => {
    expect(MINIBATCH_TASKS.every((t) => t.stochastic)).toBe(true);
    expect(MINIBATCH_TASKS.map((t) => t.name).sort()).toEqual(ML_TASKS.map((t) => (t.stochastic ? t.name : `${t.name}-sgd`)).filter((v, i, a) => a.indexOf(v) === i).sort());
    for (const v of MINIBATCH_VARIANTS) {
      const base = ML_TASKS.find((t) => `${t.name}-sgd` === v.name)!;
      const ov = v.makeObjective(7);
      const ob = base.makeObjective(7);
      expect(ov.batchSize).toBe(32);
      expect(Array.from(ov.data.train.inputs)).toEqual(Array.from(ob.data.train.inputs));
      const x = ob.init(new Rng(1));
      expect(ov.f(x)).toBe(ob.f(x));
    }
    const r = await runMlHorizons({ ...tiny, functions: ['sine-mlp-sgd'], starts: 2 }, 'ml-minibatch', [4]);
    expect(r.horizons[0].result.ml!.settings).toMatchObject({ suite: 'ml-minibatch', tasks: ['sine-mlp-sgd'], runs: 2, steps: 4 });
    expect(r.horizons[0].result.ml!.tasks[0].stochastic).toBe(true);
  });

  it('suites that run alone: with another suite, one line and exit 2', async () => {
    for (const argv of [
      ['bench', '--suite', 'start-scale,heldout'],
      ['bench', '--suite', 'ml-long,ml'],
      ['bench', '--suite', 'start-scale', '--steps', '5,10'],
    ]) {
      const io = bufferIO();
      expect(await main(argv, io)).toBe(2);
      expect(io.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
