// ML jobs on the kernels, batched — the lane-batched form of runMlJob (src/ml/job.ts): jobs that
// share a task instance (task and dataset seed) advance together, one kernel call computing the
// loss and gradient of every run of the group per step (assembly/ml/mlp.ts, two runs per f64x2
// lane), while each run keeps its own optimizer — any baseline at any lr, or o1 — stepped by the
// TS reference's own stepper on its own arrays. Each run follows runLoop's divergence rule (its
// checks, src/run/loop.ts) and ends in runMlJob's finishing step (finishMlRun), so the results
// are runMlJob's to the last bit: the kernel's loss and gradient are MlpLoss's doubles and the
// mini-batch of step t is the t-th batch of the task's stream, as after resetBatches (tested).
// Jobs the kernels cannot run (or every job, without a WASM engine) go through runMlJob.
import type { WasmEngine } from './wasmEngine.js';
import { reserveCall, writeDescriptor } from './kernelCall.js';
import { D, DESCRIPTOR_BYTES } from './wasmAbi.js';
import { MlBlock, type MlData, mlDescriptorSlots, mlKernelProblem, takeMlData, writeMlData } from './mlKernel.js';
import { type MlJob, type MlRunResult, type MlTaskLookup, answerOf, finishMlRun, jobStart, jobStepper, mlObjective, runMlJobWith } from '../ml/job.js';
import { getMlTask, type MlObjective } from '../ml/tasks.js';
import type { OptState, Stepper } from '../optimizers/types.js';
import { finalEnd, pointDiverges, valueDiverges } from '../run/loop.js';

/** Job indices grouped by task instance (task, dataset seed, steps), in first-seen order. */
export function groupByInstance(jobs: readonly MlJob[]): number[][] {
  const groups = new Map<string, number[]>();
  jobs.forEach((j, i) => {
    const key = `${j.task}|${j.dataSeed}|${j.steps}`;
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  });
  return [...groups.values()];
}

/** True for a baseline measured at its answer point (ml/job.ts answerOf), not at its iterate. */
function answersElsewhere(job: MlJob): boolean {
  return job.optimizer.kind === 'baseline' && answerOf(jobStepper(job.optimizer)) !== undefined;
}

/** Runs every job (grouped by task instance on the kernels when `engine` is given); results in
 *  job order. `lookup` finds the jobs' tasks (default: the ML tasks). */
export function runMlJobsBatched(jobs: readonly MlJob[], engine?: WasmEngine, lookup: MlTaskLookup = getMlTask): MlRunResult[] {
  const out: MlRunResult[] = new Array(jobs.length);
  if (!engine) {
    jobs.forEach((j, i) => (out[i] = runMlJobWith(j, lookup)));
    return out;
  }
  for (const members of groupByInstance(jobs)) {
    const first = jobs[members[0]];
    const objective = mlObjective(first.task, first.dataSeed, lookup);
    if (mlKernelProblem(objective.problem) !== undefined) {
      for (const i of members) out[i] = runMlJobWith(jobs[i], lookup);
      continue;
    }
    // A rule measured at its answer point (schedule-free's x) runs through runMlJob, which
    // evaluates f there; the kernel batch measures at the iterate.
    const batched = members.filter((i) => !answersElsewhere(jobs[i]));
    for (const i of members) if (!batched.includes(i)) out[i] = runMlJobWith(jobs[i], lookup);
    if (!batched.length) continue;
    const res = runGroup(engine, objective, batched.map((i) => jobs[i]));
    batched.forEach((i, k) => (out[i] = res[k]));
  }
  return out;
}

/** The runs of one task instance (same task, data seed and steps), stepped together. */
function runGroup(engine: WasmEngine, objective: MlObjective, jobs: readonly MlJob[]): MlRunResult[] {
  const t0 = performance.now();
  const N = jobs.length;
  const n = objective.n;
  const T = jobs[0].steps;
  const lanes = engine.kernels.lanes();
  const Nc = Math.ceil(N / lanes) * lanes;
  const problem = objective.problem;
  const train = problem.batch;
  const test = objective.testProblem.batch;
  const nextBatch = objective.batchStream();
  const maxCount = Math.max(train.count, test.count, objective.batchSize ?? 0);

  // Layout: descriptor, ML block + scratch, train / test / mini-batch data, x, g, f — placed,
  // reserved (kernelCall.ts), then written.
  const arena = engine.arena;
  const { desc, block, trainData, testData, miniData, xAt, gAt, fAt } = reserveCall(arena, (L) => ({
    desc: L.take(DESCRIPTOR_BYTES),
    block: new MlBlock(L, problem, maxCount),
    trainData: takeMlData(L, problem, train.count, lanes),
    testData: takeMlData(L, problem, test.count, lanes),
    miniData: nextBatch ? takeMlData(L, problem, objective.batchSize!, lanes) : null,
    xAt: L.take(8 * n * Nc),
    gAt: L.take(8 * n * Nc),
    fAt: L.take(8 * Nc),
  }));
  const i32 = arena.i32;
  const f64 = arena.f64;
  block.write(i32, f64);
  writeMlData(f64, problem, trainData, train, lanes);
  writeMlData(f64, problem, testData, test, lanes);
  writeDescriptor(i32, desc, mlDescriptorSlots(block, n, Nc, xAt, gAt, fAt));
  const d = desc >> 2;

  const xi = xAt >> 3;
  const gi = gAt >> 3;
  const fi = fAt >> 3;
  const xs: Float64Array[] = [];
  const gs: Float64Array[] = [];
  const steppers: Stepper[] = [];
  const states: OptState[] = [];
  const alive = new Uint8Array(N).fill(1);
  const divergedAt = new Int32Array(N).fill(-1);
  const curves: (Float64Array | undefined)[] = [];
  for (const job of jobs) {
    const x = jobStart(objective, job);
    xs.push(x);
    gs.push(new Float64Array(n));
    const stepper = jobStepper(job.optimizer);
    steppers.push(stepper);
    states.push(stepper.init(n, T));
    curves.push(job.record ? new Float64Array(T + 1).fill(Infinity) : undefined);
  }
  const anyRecord = jobs.some((j) => j.record);

  // The kernels see only the live runs, packed into the first columns (a diverged run's lanes
  // would cost as much as a live one's): column c holds run cols[c]; `width` columns in all
  // (a multiple of the lane count; padding columns get zeros and are never read).
  const cols = new Int32Array(Nc);
  let live = N;
  let width = Nc;
  cols.forEach((_, c) => (cols[c] = c));
  /** Packs the live runs (alive[r], or `keep(r)` when given) into the columns and their x into the lanes. */
  const putX = (keep: (r: number) => boolean = (r) => alive[r] === 1) => {
    live = 0;
    for (let r = 0; r < N; r++) if (keep(r)) cols[live++] = r;
    width = Math.max(lanes, Math.ceil(live / lanes) * lanes);
    i32[d + D.RUNS] = width;
    for (let c = 0; c < width; c++) {
      const src = c < live ? xs[cols[c]] : null;
      for (let i = 0; i < n; i++) f64[xi + i * width + c] = src ? src[i] : 0;
    }
  };
  /** Per run, the loss the kernels just wrote to its column (NaN for runs not packed). */
  const readF = (): Float64Array => {
    const out = new Float64Array(N).fill(NaN);
    for (let c = 0; c < live; c++) out[cols[c]] = f64[fi + c];
    return out;
  };
  const evaluate = (data: MlData, withGrad: boolean) => {
    block.setData(i32, data);
    block.setGradient(i32, withGrad);
    engine.kernels.mlGradBatch(desc);
  };

  for (let t = 0; t < T; t++) {
    putX();
    if (nextBatch) {
      writeMlData(f64, problem, miniData!, nextBatch(), lanes);
      evaluate(miniData!, true);
    } else evaluate(trainData, true);
    for (let c = 0; c < live; c++) {
      const g = gs[cols[c]];
      for (let i = 0; i < n; i++) g[i] = f64[gi + i * width + c];
    }
    const fMini = readF();
    // A full-batch task's value is f(x_t); the mini-batch task's curve needs the full-batch f
    // (of the live evaluation runs only).
    let fFull: Float64Array | null = null;
    if (nextBatch && anyRecord) {
      putX((r) => alive[r] === 1 && jobs[r].record);
      if (live > 0) evaluate(trainData, false);
      fFull = readF();
    }
    let stillAlive = 0;
    // runLoop's step t, run by run.
    for (let r = 0; r < N; r++) {
      if (!alive[r]) continue;
      if (valueDiverges(fMini[r], gs[r])) {
        divergedAt[r] = t;
        alive[r] = 0;
        continue;
      }
      const curve = curves[r];
      if (curve) curve[t] = fFull ? fFull[r] : fMini[r];
      steppers[r].step(xs[r], gs[r], states[r]);
      if (pointDiverges(xs[r])) {
        divergedAt[r] = t;
        alive[r] = 0;
        continue;
      }
      stillAlive++;
    }
    if (stillAlive === 0) break;
  }

  // f(x_T) on the full batch, then the held-out loss, for the runs that did not diverge.
  putX();
  let finalF: Float64Array = new Float64Array(N).fill(NaN);
  let testF: Float64Array = finalF;
  if (live > 0) {
    evaluate(trainData, false);
    finalF = readF();
    evaluate(testData, false);
    testF = readF();
  }
  const ms = (performance.now() - t0) / N;
  const results: MlRunResult[] = [];
  for (let r = 0; r < N; r++) {
    // A run that diverged keeps its step (its f is not read); the others end by runLoop's final rule.
    const end = divergedAt[r] >= 0 ? { divergedAt: divergedAt[r], f: NaN } : finalEnd(finalF[r], T);
    const res = finishMlRun(end, T, curves[r], objective, xs[r], () => testF[r]);
    res.ms = ms;
    results.push(res);
  }
  return results;
}
