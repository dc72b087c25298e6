// The step API's cost per step: o1 (exact on the kernels, f32 on the kernels, each also with the
// 'distance' step unit, the TS reference),
// Adam and SGD on one flat Float32Array of n parameters, in one process, interleaved.
//
//   npm run bench:step                                  n = 10k, 100k, 1M, 10M
//   npm run bench:step -- --sizes 1e6 --rounds 9 --json
//
// Every variant has its own optimizer and parameters (seeded); a round times each variant over
// `steps(n)` steps in turn (the order rotates from round to round), so all are measured over the
// same stretch of time; the figure is the median over rounds of ms per step (and the minimum, which
// on a loaded machine is the closer to the unloaded cost). The gradient is that of the bowl
// ½Σc_i·x_i², g = c ⊙ x (c fixed, seeded), made after each step outside the timed call, so every run
// stays bounded (a fixed gradient, a linear loss without a minimum, sends the 'distance' unit to
// Infinity within ~50 steps, where startRms's rescaled branch would be timed instead of a step).
// The step's cost does not depend on the values otherwise; each run's parameters are checked
// finite at the end. Warm-up: 3 steps
// each (plus 20 at n ≤ 100k) before the rounds.
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { initWasm } from '../src/engine/index.js';
import { createO1Optimizer, createOptimizer, type TrainingOptimizer } from '../src/api/index.js';
import { Rng } from '../src/rng.js';
import { shippedDefaultModel } from '../src/api/defaultModel.js';
import type { O1Model } from '../src/o1/o1.js';

/** The shipped model's network with the normalized rule's 'distance' step unit (one more pass
 *  over x and x₀ per step). */
function distanceUnit(): O1Model {
  const m = shippedDefaultModel();
  return { ...m, config: { ...m.config, stepUnit: 'distance' } as O1Model['config'] };
}

interface Variant {
  name: string;
  make(): TrainingOptimizer;
}

const VARIANTS: Variant[] = [
  { name: 'o1 exact (kernels)', make: () => createO1Optimizer({ engine: 'wasm' }) },
  { name: 'o1 f32 (kernels)', make: () => createO1Optimizer({ engine: 'wasm', precision: 'f32' }) },
  { name: 'o1 exact, stepUnit distance (kernels)', make: () => createO1Optimizer({ engine: 'wasm', model: distanceUnit() }) },
  { name: 'o1 f32, stepUnit distance (kernels)', make: () => createO1Optimizer({ engine: 'wasm', precision: 'f32', model: distanceUnit() }) },
  { name: 'o1 TS reference', make: () => createO1Optimizer({ engine: 'ts' }) },
  { name: 'adam', make: () => createOptimizer('adam', { lr: 1e-3 }) },
  { name: 'sgd', make: () => createOptimizer('sgd', { lr: 1e-3 }) },
];

function args(argv: string[]) {
  const get = (k: string) => {
    const i = argv.indexOf(k);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const sizes = (get('--sizes') ?? '1e4,1e5,1e6,1e7').split(',').map((s) => Math.round(Number(s)));
  const rounds = Math.max(3, Number(get('--rounds') ?? 5) | 0);
  const only = get('--only')?.split(',');
  return { sizes, rounds, only, json: argv.includes('--json') };
}

function filled(n: number, seed: number, scale: number): Float32Array {
  const r = new Rng(seed);
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = scale * r.normal();
  return a;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function main() {
  const { sizes, rounds, only, json } = args(process.argv.slice(2));
  await initWasm();
  const variants = only ? VARIANTS.filter((v) => only.some((o) => v.name.startsWith(o))) : VARIANTS;
  const load0 = loadavg();
  const rows: { n: number; variant: string; engine: string; precision: string; msPerStep: number; minMsPerStep: number; nsPerCoordinate: number }[] = [];
  for (const n of sizes) {
    const curvature = filled(n, 2, 1).map((c) => 0.5 + Math.abs(c));
    const runs = variants.map((v, k) => ({ v, opt: v.make(), params: [filled(n, 1, 0.1)], grad: [new Float32Array(n)], ms: [] as number[], seed: k }));
    const gradOf = (r: (typeof runs)[number]) => {
      const x = r.params[0];
      const g = r.grad[0];
      for (let i = 0; i < n; i++) g[i] = curvature[i] * x[i];
      return r.grad;
    };
    const steps = Math.max(1, Math.round(2e6 / n));
    for (const r of runs) for (let s = 0; s < 3 + (n <= 1e5 ? 20 : 0); s++) r.opt.step(r.params, gradOf(r));
    for (let round = 0; round < rounds; round++) {
      for (let j = 0; j < runs.length; j++) {
        const r = runs[(j + round) % runs.length];
        let ms = 0;
        for (let s = 0; s < steps; s++) {
          const g = gradOf(r);
          const t0 = performance.now();
          r.opt.step(r.params, g);
          ms += performance.now() - t0;
        }
        r.ms.push(ms / steps);
      }
    }
    for (const r of runs) {
      if (!r.params[0].every(Number.isFinite)) console.error(`warning: ${r.v.name} at n = ${n} reached a non-finite parameter`);
      const ms = median(r.ms);
      rows.push({ n, variant: r.v.name, engine: r.opt.engine, precision: r.opt.precision, msPerStep: ms, minMsPerStep: Math.min(...r.ms), nsPerCoordinate: (ms * 1e6) / n });
    }
  }
  const load1 = loadavg();
  if (json) {
    console.log(JSON.stringify({ cpu: cpus()[0]?.model, node: process.version, load: [load0[0], load1[0]], rounds, rows }, null, 2));
    return;
  }
  console.log(`node ${process.version}, ${cpus()[0]?.model}, load average ${load0[0].toFixed(2)} → ${load1[0].toFixed(2)}, median of ${rounds} interleaved rounds`);
  console.log('');
  console.log('| n | variant | engine | precision | ms / step (median) | ns / coordinate | ÷ Adam | min ms / step | ÷ Adam (min) |');
  console.log('|---:|---|---|---|---:|---:|---:|---:|---:|');
  for (const n of sizes) {
    const adam = rows.find((r) => r.n === n && r.variant === 'adam');
    for (const r of rows.filter((x) => x.n === n)) {
      const ratio = adam ? `${(r.msPerStep / adam.msPerStep).toFixed(2)}×` : '';
      const minRatio = adam ? `${(r.minMsPerStep / adam.minMsPerStep).toFixed(2)}×` : '';
      console.log(
        `| ${n.toLocaleString('en-US')} | ${r.variant} | ${r.engine} | ${r.precision} | ${r.msPerStep.toPrecision(3)} | ${r.nsPerCoordinate.toPrecision(3)} | ${ratio} | ${r.minMsPerStep.toPrecision(3)} | ${minRatio} |`,
      );
    }
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
