// npm run bench:tfjs — o1 against TF.js's own Adam on real tfjs-layers training (docs/TFJS.md).
//
// Protocol, the same for every optimizer: the tasks of bench/tfjs/tasks.ts (generated data:
// train / validation / test splits from their own seeds), the same seeded initial weights and
// the same seeded mini-batch order for every optimizer at a given seed, `steps` mini-batches of
// 32 through model.trainOnBatch on the cpu backend. Adam's tuned lr is the grid point with the
// lowest final validation loss on tuning seeds disjoint from the evaluation seeds; o1 (the
// shipped model, on the WASM kernels) has nothing to tune. Reported per task over the
// evaluation seeds: full training-set loss every `evalEvery` steps (the curves), steps to the
// task's target training loss, test accuracy, and the wall time per step, measured interleaved
// (o1 block, Adam block, …) in one process so machine load hits both alike.
import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { O1Optimizer } from '../src/tfjs/index.js';
import { initWasm } from '../src/engine/index.js';
import { shippedDefaultModel } from '../src/api/defaultModel.js';
import { lineChart, type Series } from '../src/plot/lineChart.js';
import { optimizerColor } from '../src/plot/style.js';
// the nets suite's batch order; this script's seeds map to seed·7919 + 1 (its original stream)
import { batchOrder } from '../src/bench/netsTrain.js';
import { TFJS_TASKS, type Split, type TfjsTask } from './tfjs/tasks.js';

const { values: args } = parseArgs({
  options: {
    out: { type: 'string' },
    seeds: { type: 'string', default: '3' },
    quick: { type: 'boolean', default: false },
    task: { type: 'string' },
  },
});

const GRID = [1e-3, 3e-3, 1e-2, 3e-2, 1e-1];
const TUNING_SEEDS = [1001];
const EVAL_SEEDS = Array.from({ length: Number(args.seeds) }, (_, i) => i + 1);
const EVAL_EVERY = 20;
const SIZES = { train: 1024, val: 512, test: 1024 };

interface Opt {
  label: string;
  color: string;
  make(): tf.Optimizer;
}

interface RunResult {
  /** full training-set loss at steps 0, evalEvery, … steps */
  curve: number[];
  finalTrain: number;
  finalVal: number;
  testAccuracy: number;
  stepsToTarget: number | null;
  msPerStep: number;
}

interface TaskData {
  train: Split;
  val: Split;
  test: Split;
}

function taskData(task: TfjsTask): TaskData {
  return {
    train: task.data('train', SIZES.train, 11),
    val: task.data('val', SIZES.val, 12),
    test: task.data('test', SIZES.test, 13),
  };
}

function lossOn(model: tf.LayersModel, s: Split): number {
  return tf.tidy(() => {
    const out = model.evaluate(s.x, s.y, { batchSize: 1024 }) as tf.Scalar;
    return out.dataSync()[0];
  });
}

function accuracyOn(model: tf.LayersModel, task: TfjsTask, s: Split): number {
  return tf.tidy(() => {
    const p = model.predict(s.x) as tf.Tensor;
    const hit =
      task.loss === 'binaryCrossentropy'
        ? tf.equal(tf.greater(p, 0.5), tf.greater(s.y, 0.5))
        : tf.equal(tf.argMax(p, 1), tf.argMax(s.y, 1));
    return tf.mean(tf.cast(hit, 'float32')).dataSync()[0];
  });
}

async function train(task: TfjsTask, data: TaskData, opt: Opt, seed: number, steps: number): Promise<RunResult> {
  const model = task.model(seed);
  model.compile({ optimizer: opt.make(), loss: task.loss });
  const order = batchOrder(data.train.count, task.batch, steps, seed * 7919 + 1);
  const curve = [lossOn(model, data.train)];
  let stepsToTarget: number | null = curve[0] <= task.target ? 0 : null;
  let busy = 0;
  for (let s = 0; s < steps; s++) {
    const idx = tf.tensor1d(order[s], 'int32');
    const xb = tf.gather(data.train.x, idx);
    const yb = tf.gather(data.train.y, idx);
    const t0 = performance.now();
    await model.trainOnBatch(xb, yb);
    busy += performance.now() - t0;
    tf.dispose([idx, xb, yb]);
    if ((s + 1) % EVAL_EVERY === 0 || s + 1 === steps) {
      const l = lossOn(model, data.train);
      curve.push(l);
      if (stepsToTarget === null && l <= task.target) stepsToTarget = s + 1;
    }
  }
  const r: RunResult = {
    curve,
    finalTrain: curve[curve.length - 1],
    finalVal: lossOn(model, data.val),
    testAccuracy: accuracyOn(model, task, data.test),
    stepsToTarget,
    msPerStep: busy / steps,
  };
  model.dispose();
  return r;
}

/** Per-step wall time of trainOnBatch, o1 vs Adam, interleaved blocks on the same batches: the
 *  median block time of each, and the median over blocks of the ratio within a block (o1's
 *  block and Adam's run back to back, so a load change hits both). */
async function timeSteps(task: TfjsTask, data: TaskData, opts: Opt[], blocks: number, perBlock: number): Promise<{ ms: number[]; ratio: number }> {
  const models = opts.map((o) => {
    const m = task.model(1);
    m.compile({ optimizer: o.make(), loss: task.loss });
    return m;
  });
  const order = batchOrder(data.train.count, task.batch, perBlock, 1 * 7919 + 1);
  const batches = order.map((o) => {
    const idx = tf.tensor1d(o, 'int32');
    const b = { x: tf.gather(data.train.x, idx), y: tf.gather(data.train.y, idx) };
    idx.dispose();
    return b;
  });
  const times: number[][] = opts.map(() => []);
  for (let b = 0; b < blocks + 1; b++) {
    for (let k = 0; k < models.length; k++) {
      const t0 = performance.now();
      for (const { x, y } of batches) await models[k].trainOnBatch(x, y);
      if (b > 0) times[k].push((performance.now() - t0) / perBlock); // block 0 warms up
    }
  }
  batches.forEach((x) => tf.dispose([x.x, x.y]));
  models.forEach((m) => m.dispose());
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  return { ms: times.map(median), ratio: median(times[0].map((t, b) => t / times[1][b])) };
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const sd = (v: number[]) => Math.sqrt(mean(v.map((x) => (x - mean(v)) ** 2)));
const fmt = (v: number, d = 3) => (Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(1) : v.toFixed(d));

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
  await initWasm();
  const started = Date.now();
  const load0 = loadavg()[0];
  const o1Model = shippedDefaultModel(); // what new O1Optimizer() runs
  const o1Engine = new O1Optimizer().inner.engine; // the kernels, or the reference for a rule they lack
  const o1Info = { model: o1Model.name ?? 'default', features: o1Model.config.features, lrMode: o1Model.config.lrMode, engine: o1Engine };
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, Node ${process.version}, @tensorflow/tfjs ${tf.version.tfjs} (cpu backend)`;
  const headerNow = (done: boolean) => [
    `Command: npm run bench:tfjs${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    `o1: the shipped model (models/default.json: '${o1Model.name}', features ${o1Model.config.features}, lr rule ${o1Model.config.lrMode}), stepped on the ${o1Engine === 'wasm' ? 'WASM kernels' : 'TS reference (the kernels do not implement this rule)'}.`,
    `Machine: ${machine}; ${((Date.now() - started) / 1000).toFixed(0)} s${done ? '' : ' so far (incomplete)'}; load average ${load0.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} now.`,
    '',
  ];
  const tasks = TFJS_TASKS.filter((t) => !args.task || t.name === args.task);
  const report: Record<string, unknown>[] = [];
  const lines: string[] = [];
  for (const task of tasks) {
    const steps = args.quick ? Math.min(100, task.steps) : task.steps;
    const data = taskData(task);
    // 1. tune Adam's lr on the validation split (tuning seeds)
    const grid: { lr: number; val: number }[] = [];
    for (const lr of GRID) {
      const adam: Opt = { label: `adam lr=${lr}`, color: optimizerColor('adam'), make: () => tf.train.adam(lr) };
      const vals: number[] = [];
      for (const s of TUNING_SEEDS) vals.push((await train(task, data, adam, s, steps)).finalVal);
      progress(`${task.name}: tuning adam lr=${lr} → validation loss ${fmt(mean(vals))}`);
      grid.push({ lr, val: mean(vals.map((v) => (Number.isFinite(v) ? v : Infinity))) });
    }
    const best = grid.reduce((a, b) => (b.val < a.val ? b : a));
    const opts: Opt[] = [
      { label: 'o1', color: optimizerColor('o1'), make: () => new O1Optimizer() },
      { label: 'adam 1e-3', color: optimizerColor('adam'), make: () => tf.train.adam(1e-3) },
      { label: `adam ${best.lr} (tuned)`, color: optimizerColor('adamw'), make: () => tf.train.adam(best.lr) },
    ];
    // 2. evaluate every optimizer on the evaluation seeds
    const results: { opt: Opt; runs: RunResult[] }[] = [];
    for (const o of opts) {
      const runs: RunResult[] = [];
      for (const s of EVAL_SEEDS) {
        runs.push(await train(task, data, o, s, steps));
        progress(`${task.name}: ${o.label} seed ${s} → final training loss ${fmt(runs[runs.length - 1].finalTrain)}`);
      }
      results.push({ opt: o, runs });
    }
    // 3. per-step overhead, interleaved
    const { ms, ratio } = await timeSteps(task, data, opts.slice(0, 2), args.quick ? 2 : 7, 25);

    lines.push(`### ${task.name}: ${task.description}`, '');
    lines.push(`${steps} steps of batch ${task.batch}; target training loss ${task.target}; ${EVAL_SEEDS.length} seeds (mean ± sd).`);
    lines.push(`Adam's lr grid ${GRID.join(', ')} → final validation loss ${grid.map((g) => fmt(g.val)).join(', ')}: tuned lr ${best.lr}.`, '');
    lines.push('| optimizer | final train loss | test accuracy | steps to target (runs that reach it) |', '|---|---|---|---|');
    for (const { opt, runs } of results) {
      const reached = runs.map((r) => r.stepsToTarget).filter((s): s is number => s !== null);
      lines.push(
        `| ${opt.label} | ${fmt(mean(runs.map((r) => r.finalTrain)))} ± ${fmt(sd(runs.map((r) => r.finalTrain)))} | ` +
          `${fmt(mean(runs.map((r) => r.testAccuracy)))} ± ${fmt(sd(runs.map((r) => r.testAccuracy)))} | ` +
          `${reached.length ? Math.round(mean(reached)) : '—'} (${reached.length}/${runs.length}) |`,
      );
    }
    lines.push('', `Per-step wall time (trainOnBatch, blocks of 25 steps, o1 and Adam alternating): o1 ${fmt(ms[0], 2)} ms, Adam ${fmt(ms[1], 2)} ms (medians); o1/Adam within a block ${fmt(ratio, 2)}× (median of the block ratios).`, '');

    report.push({
      task: task.name, description: task.description, steps, batch: task.batch, target: task.target,
      grid, tunedLr: best.lr, msPerStep: { o1: ms[0], adam: ms[1], o1OverAdam: ratio },
      results: results.map(({ opt, runs }) => ({ optimizer: opt.label, runs })),
    });
    if (args.out) {
      const xs = results[0].runs[0].curve.map((_, i) => Math.min(i * EVAL_EVERY, steps));
      const series: Series[] = results.map(({ opt, runs }) => ({
        name: opt.label,
        color: opt.color,
        dashed: opt.label === 'adam 1e-3',
        x: xs,
        y: xs.map((_, i) => mean(runs.map((r) => r.curve[i]))),
      }));
      writeAtomic(join(args.out, `${task.name}.svg`), lineChart(series, { title: `${task.name}: training loss (mean of ${EVAL_SEEDS.length} seeds)`, xLabel: 'step', yLabel: 'training-set loss', logY: true }));
    }
    writeResults(headerNow(false), lines, report, machine, o1Info);
  }
  const header = headerNow(true);
  const text = [...header, ...lines].join('\n');
  console.log(text);
  writeResults(header, lines, report, machine, o1Info);
}

function writeResults(header: string[], lines: string[], report: Record<string, unknown>[], machine: string, o1Info: Record<string, string>): void {
  const text = [...header, ...lines].join('\n');
  if (args.out) {
    writeAtomic(join(args.out, 'results.md'), text + '\n');
    writeAtomic(join(args.out, 'results.json'), JSON.stringify({ machine, o1: o1Info, evalSeeds: EVAL_SEEDS, tuningSeeds: TUNING_SEEDS, evalEvery: EVAL_EVERY, sizes: SIZES, tasks: report }, null, 1) + '\n');
  }
}

function progress(msg: string): void {
  process.stderr.write(`[bench:tfjs ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

function writeAtomic(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
