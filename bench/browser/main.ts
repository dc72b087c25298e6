// The browser half of `npm run bench:browser`: runs benchmark (e) — the batched runner with o1
// (a seeded random v2 model, and the shipped default model: the v3 'normalized' rule, the default
// o1 path) and Adam on Rosenbrock and Rastrigin, N = 1024, T = 1000 — with the pure-TS engine and
// the WASM engines, interleaved, and reports the medians and ratios to TS. The .wasm files and
// default.json are fetched from the page's directory (the runner script serves them).
import { getFunction } from '../../src/functions/index.js';
import { getOptimizer } from '../../src/optimizers/index.js';
import { randomO1Model, type O1Model } from '../../src/o1/o1.js';
import { parseModelJson } from '../../src/model/json.js';
import { Rng } from '../../src/rng.js';
import { tsEngine } from '../../src/engine/tsEngine.js';
import { WasmEngine } from '../../src/engine/wasmEngine.js';
import { instantiateO1Wasm } from '../../src/engine/loadWasm.js';
import type { BatchSpec, Engine } from '../../src/engine/types.js';

interface BrowserRow {
  name: string;
  runStepsPerSecond: Record<string, number>;
  ratioToTs: Record<string, number>;
}

const params = new URLSearchParams(location.search);
const N = Number(params.get('n') ?? 1024);
const T = Number(params.get('t') ?? 1000);
const REPS = Math.max(5, Number(params.get('reps') ?? 5));

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function engineFrom(file: string, network: 'f64' | 'f32' = 'f64'): Promise<WasmEngine> {
  const res = await fetch(new URL(file, location.href));
  if (!res.ok) throw new Error(`${file}: HTTP ${res.status}`);
  return new WasmEngine(await instantiateO1Wasm(await res.arrayBuffer()), { network });
}

async function shippedModel(): Promise<O1Model> {
  const res = await fetch(new URL('default.json', location.href));
  if (!res.ok) throw new Error(`default.json: HTTP ${res.status}`);
  return parseModelJson(await res.text(), 'models/default.json');
}

async function main(): Promise<void> {
  const out = document.getElementById('out')!;
  const engines: Record<string, Engine> = {
    ts: tsEngine,
    'wasm-scalar': await engineFrom('o1-scalar.wasm'),
    'wasm-simd': await engineFrom('o1.wasm'),
    'wasm-simd-f32': await engineFrom('o1.wasm', 'f32'),
  };
  const rng = new Rng(20240601);
  const model = randomO1Model(rng);
  const shipped = await shippedModel();
  const rows: BrowserRow[] = [];
  const cases: { name: string; spec: BatchSpec; variants: string[] }[] = [];
  for (const fnName of ['rosenbrock', 'rastrigin']) {
    const fn = getFunction(fnName)!;
    const box = fn.domain(2);
    const starts = Float64Array.from({ length: 2 * N }, (_, k) => rng.range(box.lo[k % 2], box.hi[k % 2]));
    cases.push({ name: `o1 on ${fnName}`, spec: { fn, n: 2, optimizer: { kind: 'o1', model }, starts, steps: T }, variants: Object.keys(engines) });
    cases.push({
      name: `o1 default (v3) on ${fnName}`,
      spec: { fn, n: 2, optimizer: { kind: 'o1', model: shipped }, starts, steps: T },
      variants: Object.keys(engines),
    });
    cases.push({
      name: `adam on ${fnName}`,
      spec: { fn, n: 2, optimizer: { kind: 'baseline', spec: getOptimizer('adam')!, hyper: { lr: 0.01 } }, starts, steps: T },
      variants: ['ts', 'wasm-scalar', 'wasm-simd'],
    });
  }
  for (const c of cases) {
    const short: BatchSpec = { ...c.spec, starts: c.spec.starts.subarray(0, 128), steps: 20 };
    for (let k = 0; k < 20; k++) for (const v of c.variants) engines[v].runBatch(short); // leave the baseline tier
    const times: Record<string, number[]> = Object.fromEntries(c.variants.map((v) => [v, []]));
    for (let rep = 0; rep < REPS; rep++) {
      for (let k = 0; k < c.variants.length; k++) {
        const v = c.variants[(k + rep) % c.variants.length];
        const t0 = performance.now();
        engines[v].runBatch(c.spec);
        times[v].push(performance.now() - t0);
      }
      out.textContent = `running ${c.name}: round ${rep + 1}/${REPS}`;
      await new Promise((r) => setTimeout(r, 0));
    }
    const tsMs = median(times.ts);
    const row: BrowserRow = { name: c.name, runStepsPerSecond: {}, ratioToTs: {} };
    for (const v of c.variants) {
      const ms = median(times[v]);
      row.runStepsPerSecond[v] = (N * T) / (ms / 1000);
      row.ratioToTs[v] = tsMs / ms;
    }
    rows.push(row);
  }
  const result = { userAgent: navigator.userAgent, N, T, reps: REPS, rows };
  (globalThis as { __benchResult?: unknown }).__benchResult = result;
  out.textContent = JSON.stringify(result, null, 2);
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
}

main().catch((e) => {
  (globalThis as { __benchResult?: unknown }).__benchResult = { error: String(e?.stack ?? e) };
  document.getElementById('out')!.textContent = String(e?.stack ?? e);
});
