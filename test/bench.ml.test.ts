// The benchmark's ml suite (src/bench/ml.ts) on tiny settings: one task, 2 evaluation runs, a few
// steps, 2 baselines, a short lr grid. Consistency of the numbers, disjoint instances,
// reproducibility (same seed → same JSON; 1 vs 2 worker threads → same result), the run loop
// against minimize(), the report and the CLI.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../src/rng.js';
import { randomO1Model, createO1Stepper, type O1Model } from '../src/o1/o1.js';
import { getOptimizer, resolveHyper } from '../src/optimizers/index.js';
import { getMlTask } from '../src/ml/index.js';
import { minimize } from '../src/run/minimize.js';
import { mlInstanceSets, mlJson, runMlBench, type MlBenchOptions, type MlBenchResult } from '../src/bench/ml.js';
import { runMlJob } from '../src/ml/job.js';
import { BENCH_ML_WORKER_FILE as ML_WORKER_FILE } from '../src/bench/ml/tasks.js';
import { runMlJobsBatched } from '../src/engine/mlBatch.js';
import { loadWasmEngine } from '../src/engine/index.js';
import { formatMlText, mlMarkdown, mlPlots, writeMlReport } from '../src/bench/mlReport.js';
import { tuneCell } from '../src/bench/tuning.js';
import { DEFAULT_SUITES } from '../src/bench/suites.js';
import { InputError } from '../src/errors.js';
import { main } from '../src/cli/main.js';
import { bufferIO } from '../src/cli/io.js';
import { saveModel } from '../src/model/io.js';

const model: O1Model = { ...randomO1Model(new Rng(5)), name: 'random-5' };
const grid = [1e-3, 1e-2, 1e-1, 1];
const tiny: Omit<MlBenchOptions, 'model'> = {
  tasks: ['logreg'],
  baselines: ['momentum', 'adam'],
  runs: 2,
  tuneRuns: 2,
  steps: 25,
  seed: 3,
  bootstrap: 50,
  grid,
};

function checkConsistent(r: MlBenchResult, steps: number, runs: number): void {
  for (const tr of r.tasks) {
    expect(tr.contenders.map((c) => `${c.optimizer}:${c.mode}`)).toEqual(['o1:none', 'momentum:suite', 'adam:suite', 'momentum:per-function', 'adam:per-function']);
    for (const c of tr.contenders) {
      expect(c.finalLoss).toHaveLength(runs);
      expect(c.stepsToTarget).toHaveLength(runs);
      expect(c.curve).toHaveLength(steps + 1);
      c.stepsToTarget.forEach((s, i) => {
        if (s === null) return;
        expect(Number.isInteger(s) && s >= 0 && s <= steps).toBe(true);
        // Reached at step s: the recorded curve is at or below the target there, not before.
        expect(c.finalLoss[i]).toBeLessThan(Infinity);
      });
      expect(c.reached).toBe(c.stepsToTarget.filter((s) => s !== null).length);
      expect(c.ciLo).toBeLessThanOrEqual(c.medianLog10Loss);
      expect(c.ciHi).toBeGreaterThanOrEqual(c.medianLog10Loss);
      expect(c.diverged).toBe(c.finalLoss.filter((f) => f === Infinity).length);
      if (c.diverged === 0) expect(c.curve[steps]).toBe(c.medianFinalLoss);
      // Held-out metrics of a classifier.
      expect(c.testAccuracy).toHaveLength(runs);
      for (const a of c.testAccuracy!) if (Number.isFinite(a)) expect(a >= 0 && a <= 1).toBe(true);
    }
    for (const mode of ['suite', 'per-function'] as const) {
      for (const b of ['momentum', 'adam']) {
        const v = tr.versus[mode][b];
        expect(v.wins + v.ties + v.losses).toBe(runs);
        expect(v.winRate).toBe((v.wins + v.ties / 2) / runs);
        expect(v.lo).toBeLessThanOrEqual(v.winRate);
        expect(v.hi).toBeGreaterThanOrEqual(v.winRate);
      }
    }
  }
  for (const mode of ['suite', 'per-function'] as const) {
    for (const b of ['momentum', 'adam']) {
      const s = r.summary[mode][b];
      expect(s.wins + s.ties + s.losses).toBe(s.runs);
      expect(s.runs).toBe(r.tasks.length * runs);
      expect(s.fewerSteps).toBe(s.fewerStepsTasks.length);
      expect(s.fewerSteps).toBeLessThanOrEqual(s.tasks);
    }
  }
}

describe('ml bench instances', () => {
  it('evaluation and tuning instances are seeded and disjoint in the dataset seed AND the init seed', () => {
    const a = mlInstanceSets(3, 'logreg', 5, 2);
    expect(mlInstanceSets(3, 'logreg', 5, 2)).toEqual(a);
    expect(mlInstanceSets(4, 'logreg', 5, 2)).not.toEqual(a);
    expect(a.eval).toHaveLength(5);
    expect(a.tune).toHaveLength(2);
    const data = new Set(a.eval.map((i) => i.dataSeed));
    const init = new Set(a.eval.map((i) => i.initSeed));
    expect(data.size).toBe(5);
    for (const t of a.tune) {
      expect(data.has(t.dataSeed)).toBe(false);
      expect(init.has(t.initSeed)).toBe(false);
    }
    // Different seeds give different datasets.
    const task = getMlTask('logreg')!;
    expect(task.makeObjective(a.eval[0].dataSeed).data.train.inputs).not.toEqual(task.makeObjective(a.tune[0].dataSeed).data.train.inputs);
  });
});

describe('ml bench run loop', () => {
  it('gives minimize()\'s losses and final loss bit for bit (baseline and o1, full-batch task)', () => {
    const task = getMlTask('moons-mlp')!;
    const adam = getOptimizer('adam')!;
    for (const [optimizer, stepper] of [
      [{ kind: 'baseline', name: 'adam', lr: 0.05 }, () => adam.create(resolveHyper(adam, { lr: 0.05 }))],
      [{ kind: 'o1', model }, () => createO1Stepper(model)],
    ] as const) {
      const r = runMlJob({ task: 'moons-mlp', dataSeed: 7, initSeed: 8, steps: 20, optimizer, record: true });
      const obj = task.makeObjective(7);
      const ref = minimize(obj, stepper(), obj.init(new Rng(8)), 20);
      expect(r.divergedAt).toBe(-1);
      expect(r.finalLoss).toBe(ref.finalLoss);
      expect(Array.from(r.curve!)).toEqual([...ref.loss, ref.finalLoss]);
      expect(r.testLoss).toBe(obj.testLoss(ref.x[20]));
      expect(r.testAccuracy).toBe(obj.testAccuracy!(ref.x[20]));
    }
  });

  it('records the full-batch loss at every step on the mini-batch task, and restarts its batches', () => {
    const task = getMlTask('moons-mlp-sgd')!;
    const job = { task: 'moons-mlp-sgd', dataSeed: 2, initSeed: 3, steps: 15, optimizer: { kind: 'baseline' as const, name: 'adam', lr: 0.05 }, record: true };
    const a = runMlJob(job);
    const b = runMlJob(job); // the cached objective's batch stream restarts
    expect(Array.from(b.curve!)).toEqual(Array.from(a.curve!));
    const obj = task.makeObjective(2);
    const adam = getOptimizer('adam')!;
    const ref = minimize(obj, adam.create(resolveHyper(adam, { lr: 0.05 })), obj.init(new Rng(3)), 15);
    expect(a.finalLoss).toBe(ref.finalLoss);
    expect(Array.from(a.curve!)).toEqual(ref.x.map((x) => obj.f(x)));
    // The mini-batch values minimize() records are not the full-batch curve.
    expect(ref.loss).not.toEqual(Array.from(a.curve!).slice(0, 15));
  });

  it('marks a run diverged like minimize() does, with +∞ losses', () => {
    const r = runMlJob({ task: 'sine-mlp', dataSeed: 1, initSeed: 1, steps: 40, optimizer: { kind: 'baseline', name: 'sgd', lr: 1e6 }, record: true });
    const obj = getMlTask('sine-mlp')!.makeObjective(1);
    const sgd = getOptimizer('sgd')!;
    const ref = minimize(obj, sgd.create(resolveHyper(sgd, { lr: 1e6 })), obj.init(new Rng(1)), 40);
    expect(ref.diverged).toBe(true);
    expect(r.divergedAt).toBe(ref.divergedAt);
    expect(r.finalLoss).toBe(Infinity);
    expect(r.curve![40]).toBe(Infinity);
    expect(Number.isNaN(r.testAccuracy!)).toBe(true);
  });

  it("measures schedule-free AdamW at its x (its evalPoint), keeping y's final loss", async () => {
    const sf = getOptimizer('adamw-schedulefree')!;
    const r = runMlJob({ task: 'moons-mlp', dataSeed: 7, initSeed: 8, steps: 20, optimizer: { kind: 'baseline', name: 'adamw-schedulefree', lr: 0.05 }, record: true });
    const obj = getMlTask('moons-mlp')!.makeObjective(7);
    const ref = minimize(obj, sf.create(resolveHyper(sf, { lr: 0.05 })), obj.init(new Rng(8)), 20);
    // The iterate (y) is minimize()'s; the answer x is measured.
    expect(r.iterateFinalLoss).toBe(ref.finalLoss);
    expect(r.finalLoss).not.toBe(ref.finalLoss);
    expect(r.curve![20]).toBe(r.finalLoss);
    expect(r.curve![0]).toBe(obj.f(ref.x[0])); // before the first step the answer is x_0
    // The kernel runner sends it to runMlJob (the kernel batch measures at the iterate), next to
    // an adam job that stays in the batch: same numbers as one by one.
    const jobs = [
      { task: 'moons-mlp', dataSeed: 7, initSeed: 8, steps: 20, optimizer: { kind: 'baseline' as const, name: 'adamw-schedulefree', lr: 0.05 }, record: true },
      { task: 'moons-mlp', dataSeed: 7, initSeed: 8, steps: 20, optimizer: { kind: 'baseline' as const, name: 'adam', lr: 0.05 }, record: true },
    ];
    const batched = runMlJobsBatched(jobs, await loadWasmEngine());
    expect(batched[0].finalLoss).toBe(r.finalLoss);
    expect(batched[0].iterateFinalLoss).toBe(r.iterateFinalLoss);
    expect(batched[1].iterateFinalLoss).toBeUndefined();
  });

});

describe('runMlBench: one task, two runs', () => {
  it('runs, its numbers are consistent, and the same seed gives the same JSON', async () => {
    const r = await runMlBench({ model, ...tiny });
    expect(r.settings).toMatchObject({ suite: 'ml', tasks: ['logreg'], baselines: ['momentum', 'adam'], runs: 2, tuneRuns: 2, steps: 25, seed: 3, grid, engine: 'wasm' });
    expect(r.tasks).toHaveLength(1);
    checkConsistent(r, 25, 2);
    // Tuning: the chosen lr is a point of the (possibly extended) grid, the argmin of the rule —
    // fewest diverged runs, then the lowest mean (one task: suite = per-task).
    for (const b of ['momentum', 'adam']) {
      const t = r.tuning[b];
      for (const lr of grid) expect(t.grid).toContain(lr);
      expect(t.scores.logreg).toHaveLength(t.grid.length);
      expect(t.suiteLr).toBe(t.perFunctionLr.logreg);
      const k = t.grid.indexOf(t.suiteLr);
      const fewest = Math.min(...t.diverged.logreg);
      expect(t.diverged.logreg[k]).toBe(fewest);
      expect(t.scores.logreg[k]).toBe(Math.min(...t.scores.logreg.filter((_, i) => t.diverged.logreg[i] === fewest)));
    }
    // The tuning score recomputed from tuning runs on the tuning instances.
    const inst = r.instances.logreg.tune;
    const lr = r.tuning.adam.suiteLr;
    const gaps = inst.map((i) => runMlJob({ task: 'logreg', dataSeed: i.dataSeed, initSeed: i.initSeed, steps: 25, optimizer: { kind: 'baseline', name: 'adam', lr }, record: false }).finalLoss);
    expect(tuneCell(gaps).score).toBe(r.tuning.adam.scores.logreg[r.tuning.adam.grid.indexOf(lr)]);
    expect(r.headline).toMatch(/^o1 reaches the target in fewer steps than suite-tuned Adam on [01] of 1 task/);

    const again = await runMlBench({ model, ...tiny });
    expect(mlJson(again)).toBe(mlJson(r));
    expect(mlJson(await runMlBench({ model, ...tiny, seed: 4 }))).not.toBe(mlJson(r));
    const parsed = JSON.parse(mlJson(r));
    expect(parsed.timing).toBeUndefined();
    expect(parsed.tasks[0].contenders[0].finalLoss).toHaveLength(2);
  });

  it('a long enough run reaches the target: steps ≤ T, consistent with the curve', async () => {
    const r = await runMlBench({ model, ...tiny, baselines: ['adam'], grid: [0.1], steps: 300, runs: 2 });
    const adam = r.tasks[0].contenders.find((c) => c.optimizer === 'adam')!;
    expect(adam.reached).toBeGreaterThan(0);
    for (const s of adam.stepsToTarget) if (s !== null) expect(s).toBeLessThanOrEqual(300);
    const t = adam.stepsToTarget.filter((s): s is number => s !== null);
    expect(adam.medianSteps).toBeLessThanOrEqual(300);
    expect(Math.min(...t)).toBeGreaterThan(0);
  });

  it('gives the same result on 1 and 2 worker threads', async () => {
    expect(existsSync(ML_WORKER_FILE), 'run `npm run build:ts` first: workers load dist/').toBe(true);
    const opts = { ...tiny, tasks: ['logreg', 'moons-mlp-sgd'], steps: 15 };
    const one = await runMlBench({ model, ...opts, workers: 1 });
    const two = await runMlBench({ model, ...opts, workers: 2 });
    expect(one.timing.workers).toBe(1);
    expect(two.timing.workers).toBe(2);
    expect(mlJson(two)).toBe(mlJson(one));
    checkConsistent(two, 15, 2);
  });

  it('rejects unknown tasks and baselines', async () => {
    await expect(runMlBench({ model, ...tiny, tasks: ['logreq'] })).rejects.toThrow(/did you mean logreg/);
    await expect(runMlBench({ model, ...tiny, baselines: ['adamm'] })).rejects.toThrow(InputError);
    await expect(runMlBench({ model, ...tiny, runs: 0 })).rejects.toThrow(InputError);
  });
});

describe('ml report', () => {
  it('prints the tables and headline, writes report.md, result.json and a loss curve per task', async () => {
    const r = await runMlBench({ model, ...tiny });
    const text = formatMlText(r);
    expect(text).toMatch(/suite ml — model 'random-5'/);
    expect(text).toMatch(/^logreg \(n 21, target 0\.3\)\s+o1/m);
    expect(text).toMatch(/^\s+momentum /m);
    expect(text).toMatch(/o1 reaches the target in fewer steps than suite-tuned Adam/);
    expect(text).toMatch(/ml bench took [\d.]+ s on 1 worker/);
    const plots = mlPlots(r);
    expect(plots.map((p) => p.file)).toEqual(['ml-curve-logreg.svg']);
    expect(plots[0].svg.match(/class="series"/g)).toHaveLength(4); // o1, momentum, adam, target
    expect(mlMarkdown(r, plots)).toMatch(/## Suite ml/);
    const dir = mkdtempSync(join(tmpdir(), 'o1-bench-ml-'));
    const files = writeMlReport(r, dir, mlJson(r));
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(['ml-curve-logreg.svg', 'result.json', 'report.md']);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toMatch(/!\[.*\]\(ml-curve-logreg\.svg\)/);
  });
});

describe('o1 bench --suite ml', () => {
  const dir = mkdtempSync(join(tmpdir(), 'o1-bench-ml-cli-'));
  const modelFile = join(dir, 'm.json');
  saveModel(model, modelFile);
  async function cli(...argv: string[]) {
    const io = bufferIO();
    const code = await main(argv, io);
    return { code, out: io.stdout, err: io.stderr };
  }
  const args = ['bench', '--model', modelFile, '--suite', 'ml', '--fn', 'logreg', '--opt', 'momentum,adam', '--starts', '2', '--tune-starts', '2', '--steps', '10', '--bootstrap', '50', '--workers', '1'];

  it('prints the ml tables; --json puts every number under "ml"', async () => {
    const r = await cli(...args);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/suite ml — model 'random-5'/);
    expect(r.out).toMatch(/ml bench took/);
    const j = await cli(...args, '--json');
    expect(j.code).toBe(0);
    const parsed = JSON.parse(j.out);
    expect(parsed.ml.settings).toMatchObject({ runs: 2, tuneRuns: 2, steps: 10, tasks: ['logreg'] });
    expect(parsed.ml.settings.grid).toHaveLength(25);
    expect(j.err).toMatch(/ml bench took/);
  });

  it('runs next to another suite, with --report adding the ml section', async () => {
    const out = join(dir, 'report');
    const r = await cli(...args, '--suite', 'train,ml', '--fn', 'rosenbrock,logreg', '--engine', 'ts', '--json', '--report', out);
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.out);
    expect(parsed.suites.map((s: { name: string }) => s.name)).toEqual(['train']);
    expect(parsed.ml.tasks.map((t: { task: string }) => t.task)).toEqual(['logreg']);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toMatch(/# o1 benchmark/);
    expect(md).toMatch(/## Suite ml/);
    expect(existsSync(join(out, 'ml-curve-logreg.svg'))).toBe(true);
    expect(existsSync(join(out, 'box-rosenbrock.svg'))).toBe(true);
  });

  it('is opt-in and rejects names that are not ML tasks', async () => {
    expect(DEFAULT_SUITES).not.toContain('ml');
    const bad = await cli(...args, '--fn', 'rosenbrock');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/'rosenbrock' is not an ML task/);
    const typo = await cli(...args, '--fn', 'spirals');
    expect(typo.err).toMatch(/did you mean spirals-mlp/);
  });
});
