// The step API's normalized-rule kernels alone (assembly/flat.ts), per coordinate: the exact
// step, the f32 step and the reduction pass, each on its own instance of the kernels with a model
// laid out by one step of the step API, then called directly. On a loaded machine the minimum
// over many short calls is the figure closest to the unloaded cost, so that is what it prints.
//
//   npm run bench:step-kernels                      n = 512, 3000 calls each
//   npm run bench:step-kernels -- 4096 1000 [path/to/o1.wasm]
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { instantiateO1Wasm, loadWasmBytes } from '../src/engine/index.js';
import { createO1Optimizer } from '../src/api/index.js';

async function main() {
  const [nArg, callsArg, wasmPath] = process.argv.slice(2);
  const n = Number(nArg ?? 512);
  const calls = Number(callsArg ?? 3000);
  const bytes = wasmPath ? readFileSync(wasmPath) : await loadWasmBytes();
  const cases: { name: string; step: () => void; reduce: () => void }[] = [];
  for (const precision of ['exact', 'f32'] as const) {
    const kernels = await instantiateO1Wasm(bytes);
    const opt = createO1Optimizer({ kernels, precision });
    const p = [new Float32Array(n).map((_, i) => Math.sin(i) * 0.1)];
    const g = [new Float32Array(n).map((_, i) => Math.cos(i) * 0.01)];
    opt.step(p, g); // lays the call out at the heap base and leaves it there (resident state)
    const desc = kernels.heapBase();
    cases.push({
      name: precision,
      step: precision === 'f32' ? () => kernels.o1FlatStepF32(desc) : () => kernels.o1FlatStep(desc),
      reduce: () => kernels.o1FlatReduce(desc),
    });
  }
  for (const c of cases) for (let i = 0; i < 500; i++) (c.step(), c.reduce()); // the optimizing tier
  const best = cases.map(() => [Infinity, Infinity]);
  const load0 = loadavg()[0];
  for (let k = 0; k < calls; k++) {
    cases.forEach((c, j) => {
      let t0 = performance.now();
      c.step();
      best[j][0] = Math.min(best[j][0], performance.now() - t0);
      t0 = performance.now();
      c.reduce();
      best[j][1] = Math.min(best[j][1], performance.now() - t0);
    });
  }
  console.log(`n = ${n}, minimum of ${calls} calls, load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}`);
  cases.forEach((c, j) => {
    console.log(`${c.name.padEnd(6)} step ${((best[j][0] * 1e6) / n).toFixed(1)} ns/coordinate; reduce ${((best[j][1] * 1e6) / n).toFixed(2)} ns/coordinate`);
  });
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
