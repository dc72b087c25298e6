import { test } from 'vitest';
import { loadWasmEngine } from '../src/engine/index.js';
import { WasmProbes } from '../src/engine/wasmProbes.js';
import { computeFeaturesAt } from '../src/o1/features.js';

test('features', async () => {
  const e = await loadWasmEngine({ simd: false });
  const p = new WasmProbes(e.kernels);
  const W = 5, M = 8;
  const windows = new Float64Array(M * W).map(() => Math.random() - 0.5);
  const pr = p.prepareFeatures('v2', windows, W);
  console.log(e.kernels.memory.buffer.byteLength, e.kernels.heapBase());
  pr.run();
  const out = pr.read();
  const ref = new Float64Array(M * (W + 1));
  for (let r = 0; r < M; r++) computeFeaturesAt('v2', windows, r * W, W, ref, r * (W + 1));
  console.log(out.slice(0, 6), ref.slice(0, 6));
});
