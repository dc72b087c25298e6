// The ML benchmark's batched kernel runner (src/engine/mlBatch.ts, mlRunner.ts) against the TS
// job runner (runMlJob): every ML task (the mini-batch one included), baselines at several lrs
// (some diverging), o1, evaluation runs (curve, held-out loss and accuracy) and tuning runs mixed
// in one group — the identical numbers, in job order, for in-process and chunked runs.
import { beforeAll, describe, expect, test } from 'vitest';
import { loadWasmEngine, type WasmEngine } from '../src/engine/index.js';
import { runMlJobsBatched } from '../src/engine/mlBatch.js';
import { kernelMlRunner, mlChunks } from '../src/engine/mlRunner.js';
import { type MlJob, type MlRunResult, runMlJob } from '../src/ml/job.js';
import { ML_TASKS } from '../src/ml/tasks.js';
import { resolveModel } from '../src/model/resolve.js';
import { runMlBench } from '../src/bench/ml.js';

let simd: WasmEngine;
let scalar: WasmEngine;
beforeAll(async () => {
  simd = await loadWasmEngine();
  scalar = await loadWasmEngine({ simd: false });
});

const model = resolveModel('default');
const o1 = { kind: 'o1' as const, model: { config: model.config, weights: model.weights } };

function jobsFor(task: string, steps: number): MlJob[] {
  const jobs: MlJob[] = [];
  for (const dataSeed of [5, 6]) {
    for (const [k, lr] of [1e-3, 0.05, 3, 1e200].entries()) {
      jobs.push({ task, dataSeed, initSeed: 100 + k, steps, optimizer: { kind: 'baseline', name: 'adam', lr }, record: k % 2 === 0 });
      jobs.push({ task, dataSeed, initSeed: 200 + k, steps, optimizer: { kind: 'baseline', name: 'momentum', lr }, record: k % 2 === 1 });
    }
    jobs.push({ task, dataSeed, initSeed: 300, steps, optimizer: o1, record: true });
  }
  return jobs;
}

function same(got: MlRunResult[], want: MlRunResult[]) {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    const { ms: _a, ...a } = g;
    const { ms: _b, ...b } = want[i];
    expect(a, `job ${i}`).toEqual(b);
    expect(Object.is(a.finalLoss, b.finalLoss), `job ${i} finalLoss bits`).toBe(true);
  });
}

let diverged = 0;

describe('batched ML kernel runs ≡ runMlJob', () => {
  for (const task of ML_TASKS) {
    test(`${task.name}: 18 runs (adam, momentum at 4 lrs, o1; 2 instances), SIMD and scalar builds`, () => {
      const jobs = jobsFor(task.name, task.name === 'logreg' ? 25 : 12);
      const want = jobs.map(runMlJob);
      expect(want.some((r) => r.divergedAt < 0)).toBe(true);
      diverged += want.filter((r) => r.divergedAt >= 0).length;
      same(runMlJobsBatched(jobs, simd), want);
      same(runMlJobsBatched(jobs, scalar), want);
    });
  }

  test('runs that diverge at staggered steps leave the kernel one by one (live runs repacked), same results', () => {
    // sgd at huge lrs diverges at steps 1, 2, 3, 14, 20, 27 on sine-mlp (1, 2, 4, 25 on logreg);
    // live adam runs sit between them, so every retirement moves the later runs' columns
    for (const task of ['sine-mlp', 'logreg']) {
      const jobs: MlJob[] = [];
      [1e4, 1e6, 1e10, 1e50, 1e150, 1e300].forEach((lr, k) => {
        jobs.push({ task, dataSeed: 5, initSeed: 7, steps: 30, optimizer: { kind: 'baseline', name: 'sgd', lr }, record: k % 2 === 0 });
        jobs.push({ task, dataSeed: 5, initSeed: 8 + k, steps: 30, optimizer: { kind: 'baseline', name: 'adam', lr: 0.01 }, record: k % 3 === 0 });
      });
      const want = jobs.map(runMlJob);
      expect(new Set(want.map((r) => r.divergedAt).filter((t) => t >= 0)).size).toBeGreaterThanOrEqual(4);
      expect(want.some((r) => r.divergedAt < 0)).toBe(true);
      same(runMlJobsBatched(jobs, simd), want);
      same(runMlJobsBatched(jobs, scalar), want);
    }
  });

  test('some of those runs diverged (so the divergence path was compared too)', () => {
    expect(diverged).toBeGreaterThan(0);
  });

  test('chunks keep a task instance together, at most maxRuns each, and cover every job once', () => {
    const jobs = [...jobsFor('moons-mlp', 5), ...jobsFor('logreg', 5)];
    const chunks = mlChunks(jobs, 4);
    expect(chunks.flat().sort((a, b) => a - b)).toEqual(jobs.map((_, i) => i));
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(4);
      expect(new Set(c.map((i) => `${jobs[i].task}|${jobs[i].dataSeed}`)).size).toBe(1);
    }
  });

  test('the in-process kernel runner (chunks of 3) gives runMlJob\'s results in job order', async () => {
    const jobs = [...jobsFor('moons-mlp-sgd', 6), ...jobsFor('sine-mlp', 4)];
    const runner = kernelMlRunner(1, 'wasm', 3);
    let done = 0;
    const got = await runner.run(jobs, (k) => (done += k));
    await runner.close();
    expect(done).toBe(jobs.length);
    same(got, jobs.map(runMlJob));
  });
});

describe('o1 bench --suite ml on the kernels', () => {
  test('gives the TS engine\'s tuning and results (two tasks, 2 worker threads on wasm, in-process on ts)', async () => {
    const opts = { model, tasks: ['moons-mlp-sgd', 'logreg'], baselines: ['adam', 'sgd'], runs: 2, tuneRuns: 2, steps: 20, seed: 1, grid: [1e-3, 1e-2, 0.1, 1], bootstrap: 20 };
    const wasm = await runMlBench({ ...opts, engine: 'wasm', workers: 2 });
    const ts = await runMlBench({ ...opts, engine: 'ts', workers: 1 });
    expect(wasm.settings.engine).toBe('wasm');
    expect(ts.settings.engine).toBe('ts');
    expect(wasm.tuning).toEqual(ts.tuning);
    expect(wasm.tasks).toEqual(ts.tasks);
    expect(wasm.summary).toEqual(ts.summary);
  });
});
