// A kernel that aborts reaches the host as an Error with the kernel's message, file and line
// (the kernels are instantiated through @assemblyscript/loader, which supplies `abort`): the
// runner checks the batch descriptor first (assembly/check.ts) and refuses a bad one.
import { describe, expect, test } from 'vitest';
import { loadWasmEngine } from '../src/engine/index.js';
import { D, DESCRIPTOR_SLOTS } from '../src/engine/wasmAbi.js';

for (const simd of [true, false]) {
  describe(`${simd ? 'SIMD' : 'scalar'} build`, () => {
    const descriptor = async (slots: Partial<Record<keyof typeof D, number>>) => {
      const engine = await loadWasmEngine({ simd });
      const k = engine.kernels;
      const at = k.heapBase();
      const i32 = new Int32Array(k.memory.buffer);
      i32.fill(0, at >> 2, (at >> 2) + DESCRIPTOR_SLOTS);
      const all = { FN: 1, DIM: 2, RUNS: 2, STEPS: 0, OPT: 1, ...slots };
      for (const [slot, v] of Object.entries(all)) i32[(at >> 2) + D[slot as keyof typeof D]] = v;
      return () => k.runBatch(at);
    };

    test('an unknown optimizer id aborts with the message, the file and the line', async () => {
      const run = await descriptor({ OPT: 99 });
      expect(run).toThrow(Error);
      expect(run).toThrow(/^abort: bad descriptor: D_OPT is not an optimizer id these kernels know at assembly\/check\.ts:\d+:\d+$/);
    });

    test('an unknown function id, a bad run count and a bad dimension abort too', async () => {
      await expect(descriptor({ FN: 0 })).resolves.toThrow(/D_FN is not a function id/);
      await expect(descriptor({ RUNS: -2 })).resolves.toThrow(/D_RUNS must be a multiple of lanes\(\)/);
      await expect(descriptor({ DIM: 0 })).resolves.toThrow(/D_DIM must be at least 1/);
    });

    test('the instance still runs good batches after an abort', async () => {
      const engine = await loadWasmEngine({ simd });
      const k = engine.kernels;
      const at = k.heapBase();
      const i32 = new Int32Array(k.memory.buffer);
      i32.fill(0, at >> 2, (at >> 2) + DESCRIPTOR_SLOTS);
      i32[(at >> 2) + D.OPT] = 99;
      i32[(at >> 2) + D.FN] = 1;
      i32[(at >> 2) + D.DIM] = 1;
      expect(() => k.runBatch(at)).toThrow(/abort: bad descriptor/);
      const { getFunction } = await import('../src/functions/index.js');
      const { getOptimizer } = await import('../src/optimizers/index.js');
      const r = engine.runBatch({ fn: getFunction('sphere')!, n: 2, optimizer: { kind: 'baseline', spec: getOptimizer('adam')!, hyper: { lr: 0.1 } }, starts: Float64Array.of(1, 2), steps: 10 });
      expect(Number.isFinite(r.finalF[0])).toBe(true);
    });
  });
}
