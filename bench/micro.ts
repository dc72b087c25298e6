// Micro-benchmarks: pure TS vs WASM scalar vs WASM SIMD, in one process, interleaved.
//
//   npm run bench:micro             table (markdown)
//   npm run bench:micro -- --json   machine-readable
//   options: --reps N (rounds, default 7, min 5), --quick (small sizes, for a smoke run),
//            --only a,b,… (groups to run)
//
// Timing: tinybench measures each variant inside a round (its median sample); rounds rotate the
// three variants, so every variant is measured across the same stretch of time, and the reported
// time is the median over rounds. Before the rounds every variant is warmed up with short calls
// (a long first call would stay in V8's baseline tier).
import { availableParallelism, cpus } from 'node:os';
import { Bench } from 'tinybench';
import { FUNCTIONS, getFunction } from '../src/functions/index.js';
import type { TestFunction } from '../src/functions/types.js';
import { getOptimizer } from '../src/optimizers/index.js';
import { createO1Stepper, randomO1Model, type O1Model } from '../src/o1/o1.js';
import { computeFeaturesAt } from '../src/o1/features.js';
import { forwardAt, scratchSize } from '../src/o1/network.js';
import { o1Tanh } from '../src/o1/tanh.js';
import { Rng } from '../src/rng.js';
import { tsEngine, loadWasmEngine, type BatchSpec, type Engine } from '../src/engine/index.js';
import { WasmProbes, loadProbeKernels } from './wasmProbes.js';
import { ML_TASKS } from '../src/ml/tasks.js';
import { mlTestFunction } from '../src/ml/problem.js';
import { shippedDefaultModel } from '../src/api/defaultModel.js';

type Variant = 'ts' | 'wasm-scalar' | 'wasm-simd' | 'wasm-simd-f32';
const VARIANTS: Variant[] = ['ts', 'wasm-scalar', 'wasm-simd', 'wasm-simd-f32'];
/** The f32-network variant exists for o1 cases only. */
type Fns = Partial<Record<Variant, () => void>>;

interface Case {
  group: string;
  name: string;
  /** Work per call: items (a–d) or run-steps (c, e). */
  work: number;
  unit: 'items' | 'run-steps';
  /** Calls per tinybench sample set within a round. */
  iterations: number;
  warm: Fns;
  fns: Fns;
}

interface Row {
  group: string;
  name: string;
  unit: string;
  work: number;
  medianMs: Partial<Record<Variant, number>>;
  perSecond: Partial<Record<Variant, number>>;
  speedupVsTs: Partial<Record<Variant, number>>;
}

function parseArgs(argv: string[]) {
  const json = argv.includes('--json');
  const quick = argv.includes('--quick');
  const i = argv.indexOf('--reps');
  const reps = i >= 0 ? Math.max(5, Number(argv[i + 1]) | 0) : 7;
  const o = argv.indexOf('--only');
  const only = o >= 0 ? new Set(argv[o + 1].split(',')) : undefined;
  return { json, quick, reps, only };
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

let sink = 0; // keeps results observable so nothing is optimised away

function randomStarts(fn: TestFunction, n: number, N: number, rng: Rng): Float64Array {
  const box = fn.domain(n);
  const s = new Float64Array(N * n);
  for (let r = 0; r < N; r++) for (let i = 0; i < n; i++) s[r * n + i] = rng.range(box.lo[i], box.hi[i]);
  return s;
}

async function main(): Promise<void> {
  const { json, quick, reps, only } = parseArgs(process.argv.slice(2));
  const rng = new Rng(20240601);
  const model: O1Model = randomO1Model(rng);
  const simd = await loadWasmEngine({ simd: true });
  const scalar = await loadWasmEngine({ simd: false });
  if (!simd.simd || scalar.simd) throw new Error('expected o1.wasm to be the SIMD build and o1-scalar.wasm the scalar one');
  const simdF32 = await loadWasmEngine({ simd: true, network: 'f32' });
  const engines: Record<Variant, Engine> = { ts: tsEngine, 'wasm-scalar': scalar, 'wasm-simd': simd, 'wasm-simd-f32': simdF32 };
  // the probes get instances of their own: an engine's runBatch reuses its instance's arena
  const probes = {
    'wasm-scalar': new WasmProbes(await loadProbeKernels({ simd: false })),
    'wasm-simd': new WasmProbes(await loadProbeKernels({ simd: true })),
    'wasm-simd-f32': new WasmProbes(await loadProbeKernels({ simd: true })),
  };
  const M = quick ? 512 : 4096; // items for (a), (b), (d)
  const N = quick ? 256 : 1024; // runs for (c), (e)
  const T = quick ? 100 : 1000; // steps for (e)
  const cfg = model.config;
  const W = cfg.lrMode === 'normalized' ? 0 : cfg.window; // a random model: a window rule
  const cases: Case[] = [];

  // (a) network forward
  {
    const width = cfg.layers[0];
    const inputs = new Float64Array(M * width).map(() => rng.range(-1, 1));
    const net = { layers: cfg.layers, activations: cfg.activations };
    const scratch = new Float64Array(scratchSize(net));
    const ts = () => {
      let s = 0;
      for (let r = 0; r < M; r++) s += forwardAt(net, model.weights, inputs, r * width, scratch);
      sink += s;
    };
    const pS = probes['wasm-scalar'].prepareForward(model, inputs);
    const pV = probes['wasm-simd'].prepareForward(model, inputs);
    const fns = { ts, 'wasm-scalar': pS.run, 'wasm-simd': pV.run };
    cases.push({ group: 'a', name: `network forward [${cfg.layers}] ${cfg.activations.join('/')}`, work: M, unit: 'items', iterations: 20, warm: fns, fns });
  }
  // (a) the network's activation alone: o1's tanh (src/o1/tanh.ts, the network's since issue 11) and
  // fdlibm's (Math.tanh; the kernels' port), each as TS and as the kernels, on pre-activations' range
  for (const [label, op, tsTanh] of [['o1 tanh', 'o1Tanh', o1Tanh], ['fdlibm tanh', 'tanh', Math.tanh]] as const) {
    const xs = new Float64Array(M).map(() => rng.range(-4, 4));
    const ts = () => {
      let s = 0;
      for (let k = 0; k < M; k++) s += tsTanh(xs[k]);
      sink += s;
    };
    const pS = probes['wasm-scalar'].prepareMath(op, xs);
    const pV = probes['wasm-simd'].prepareMath(op, xs);
    const fns = { ts, 'wasm-scalar': pS.run, 'wasm-simd': pV.run };
    cases.push({ group: 'a', name: `${label} (x in [−4, 4])`, work: M, unit: 'items', iterations: 50, warm: fns, fns });
  }
  // (b) softmax_abs + variance features
  for (const set of ['v2', 'v1'] as const) {
    const windows = new Float64Array(M * W).map(() => rng.normal() * Math.exp(rng.range(-5, 5)));
    const out = new Float64Array(M * (W + 1));
    const ts = () => {
      for (let r = 0; r < M; r++) computeFeaturesAt(set, windows, r * W, W, out, r * (W + 1));
      sink += out[0];
    };
    const pS = probes['wasm-scalar'].prepareFeatures(set, windows, W);
    const pV = probes['wasm-simd'].prepareFeatures(set, windows, W);
    const fns = { ts, 'wasm-scalar': pS.run, 'wasm-simd': pV.run };
    cases.push({ group: 'b', name: `softmax_abs + features ${set} (W = ${W})`, work: M, unit: 'items', iterations: 20, warm: fns, fns });
  }
  // (c) one o1 step (n = 2), gradients given
  {
    const n = 2;
    const xs = new Float64Array(N * n).map(() => rng.range(-2, 2));
    const gs = new Float64Array(N * n).map(() => rng.normal());
    const stepper = createO1Stepper(model);
    const xr = Array.from({ length: N }, (_, r) => xs.slice(r * n, r * n + n));
    const gr = Array.from({ length: N }, (_, r) => gs.slice(r * n, r * n + n));
    const states = Array.from({ length: N }, () => stepper.init(n));
    const ts = () => {
      for (let r = 0; r < N; r++) stepper.step(xr[r], gr[r], states[r]);
      sink += xr[0][0];
    };
    const pS = probes['wasm-scalar'].prepareO1Step(model, n, xs, gs);
    const pV = probes['wasm-simd'].prepareO1Step(model, n, xs, gs);
    const pF = probes['wasm-simd-f32'].prepareO1Step(model, n, xs, gs, 'f32');
    const fns = { ts, 'wasm-scalar': pS.run, 'wasm-simd': pV.run, 'wasm-simd-f32': pF.run };
    cases.push({ group: 'c', name: 'one o1 step (n = 2, v2)', work: N, unit: 'run-steps', iterations: 20, warm: fns, fns });
  }
  // (d) test-function gradients (n = 2)
  for (const name of ['rosenbrock', 'rastrigin', 'ackley', 'griewank']) {
    const fn = getFunction(name)!;
    const n = 2;
    const xs = randomStarts(fn, n, M, rng);
    const xr = Array.from({ length: M }, (_, r) => xs.slice(r * n, r * n + n));
    const g = new Float64Array(n);
    const ts = () => {
      let s = 0;
      for (let r = 0; r < M; r++) s += fn.grad(xr[r], g);
      sink += s;
    };
    const pS = probes['wasm-scalar'].prepareGrad(fn, n, xs);
    const pV = probes['wasm-simd'].prepareGrad(fn, n, xs);
    const fns = { ts, 'wasm-scalar': pS.run, 'wasm-simd': pV.run };
    cases.push({ group: 'd', name: `f + ∇f ${name} (n = 2)`, work: M, unit: 'items', iterations: 50, warm: fns, fns });
  }
  // (f) ML task objectives: full-batch loss and gradient of each ML task (the mini-batch task at
  // its full training batch), 8 parameter vectors (TS: MlpLoss; WASM: assembly/ml/mlp.ts)
  for (const task of ML_TASKS) {
    const o = task.makeObjective(1);
    const fn = mlTestFunction(task.name, o.problem);
    const n = o.n;
    const R = 8;
    const xs = new Float64Array(R * n);
    for (let r = 0; r < R; r++) xs.set(o.init(rng), r * n);
    const xr = Array.from({ length: R }, (_, r) => xs.slice(r * n, r * n + n));
    const g = new Float64Array(n);
    const ts = () => {
      let s = 0;
      for (let r = 0; r < R; r++) s += fn.grad(xr[r], g);
      sink += s;
    };
    const pS = probes['wasm-scalar'].prepareGrad(fn, n, xs);
    const pV = probes['wasm-simd'].prepareGrad(fn, n, xs);
    const fns = { ts, 'wasm-scalar': pS.run, 'wasm-simd': pV.run };
    cases.push({ group: 'f', name: `f + ∇f ML ${task.name} [${task.layers.join(', ')}], ${o.problem.batch.count} points`, work: R, unit: 'items', iterations: quick ? 3 : 10, warm: fns, fns });
  }
  // (e) the batched runner: o1 with the seeded random v2 model (the rows kept from before), o1 with
  // the shipped default model (models/default.json: the v3 'normalized' rule, the default o1 path)
  const adam = getOptimizer('adam')!;
  for (const [optName, optimizer] of [
    ['o1', { kind: 'o1' as const, model }],
    ['o1 default (v3)', { kind: 'o1' as const, model: shippedDefaultModel() }],
    ['adam', { kind: 'baseline' as const, spec: adam, hyper: { lr: 0.01 } }],
  ] as const) {
    for (const fnName of ['rosenbrock', 'rastrigin']) {
      const fn = getFunction(fnName)!;
      const starts = randomStarts(fn, 2, N, rng);
      const spec: BatchSpec = { fn, n: 2, optimizer, starts, steps: T };
      const short: BatchSpec = { ...spec, starts: starts.subarray(0, 64), steps: 20 };
      const fns: Fns = {};
      const warm: Fns = {};
      for (const v of VARIANTS) {
        if (v === 'wasm-simd-f32' && optimizer.kind !== 'o1') continue;
        fns[v] = () => {
          sink += engines[v].runBatch(spec).finalF[0];
        };
        warm[v] = () => {
          sink += engines[v].runBatch(short).finalF[0];
        };
      }
      cases.push({ group: 'e', name: `runner ${optName} on ${fnName} (N = ${N}, T = ${T})`, work: N * T, unit: 'run-steps', iterations: 1, warm, fns });
    }
  }

  if (only) cases.splice(0, cases.length, ...cases.filter((c) => only.has(c.group)));
  // warm-up: short calls, then each full call a few times
  for (const c of cases) {
    for (let k = 0; k < 30; k++) for (const v of VARIANTS) c.warm[v]?.();
    for (let k = 0; k < 2; k++) for (const v of VARIANTS) c.fns[v]?.();
  }

  const samples = new Map<Case, Record<Variant, number[]>>();
  for (const c of cases) samples.set(c, { ts: [], 'wasm-scalar': [], 'wasm-simd': [], 'wasm-simd-f32': [] });
  for (let rep = 0; rep < reps; rep++) {
    for (const c of cases) {
      const bench = new Bench({ iterations: c.iterations, time: 0, warmup: false });
      const present = VARIANTS.filter((v) => c.fns[v]);
      const order = present.map((_, k) => present[(k + rep) % present.length]); // rotate who goes first
      for (const v of order) bench.add(v, c.fns[v]!);
      bench.runSync();
      for (const task of bench.tasks) {
        const res = task.result;
        if (res.state !== "completed") throw new Error(`${c.name} / ${task.name}: ${res.state}: ${String((res as { error?: unknown }).error)}`);
        samples.get(c)![task.name as Variant].push(res.latency.p50);
      }
    }
    if (!json) process.stderr.write(`round ${rep + 1}/${reps}\n`);
  }

  const rows: Row[] = cases.map((c) => {
    const s = samples.get(c)!;
    const medianMs: Row['medianMs'] = {};
    const perSecond: Row['perSecond'] = {};
    const speedupVsTs: Row['speedupVsTs'] = {};
    for (const v of VARIANTS) {
      if (!c.fns[v]) continue;
      const ms = median(s[v]);
      medianMs[v] = ms;
      perSecond[v] = c.work / (ms / 1000);
      speedupVsTs[v] = median(s.ts) / ms;
    }
    return { group: c.group, name: c.name, unit: c.unit, work: c.work, medianMs, perSecond, speedupVsTs };
  });

  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    nproc: availableParallelism(),
    node: process.version,
    v8: process.versions.v8,
  };
  if (json) {
    process.stdout.write(`${JSON.stringify({ machine, reps, quick, functions: FUNCTIONS.length, rows, sink: Number.isFinite(sink) ? 0 : 1 }, null, 2)}\n`);
    return;
  }
  const fmt = (v?: number) =>
    v === undefined ? '—' : v >= 1e6 ? `${(v / 1e6).toFixed(2)} M` : v >= 1e3 ? `${(v / 1e3).toFixed(1)} k` : v.toFixed(0);
  const ratio = (v?: number) => (v === undefined ? '—' : `${v.toFixed(2)}×`);
  const lines = [
    `machine: ${machine.cpu}, ${machine.nproc} threads, node ${machine.node} (V8 ${machine.v8}); median of ${reps} interleaved rounds`,
    '',
    '| case | unit | TS /s | WASM scalar /s | WASM SIMD /s | SIMD, f32 net /s | scalar ÷ TS | SIMD ÷ TS | SIMD f32 net ÷ TS |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| (${r.group}) ${r.name} | ${r.unit} | ${fmt(r.perSecond.ts)} | ${fmt(r.perSecond['wasm-scalar'])} | ` +
        `${fmt(r.perSecond['wasm-simd'])} | ${fmt(r.perSecond['wasm-simd-f32'])} | ${ratio(r.speedupVsTs['wasm-scalar'])} | ` +
        `${ratio(r.speedupVsTs['wasm-simd'])} | ${ratio(r.speedupVsTs['wasm-simd-f32'])} |`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
