// Linear memory of the WASM engine: flat over 10⁵ calls (no per-call growth: the kernels never
// allocate and the host reuses one arena), and batches larger than the cap are cut into chunks
// that give exactly the unchunked result.
import { describe, expect, test } from 'vitest';
import { getFunction } from '../src/functions/index.js';
import { getOptimizer } from '../src/optimizers/index.js';
import { randomO1Model } from '../src/o1/o1.js';
import { Rng } from '../src/rng.js';
import { loadWasmEngine, type BatchResult, type BatchSpec } from '../src/engine/index.js';

function startsFor(name: string, n: number, N: number, seed: number): Float64Array {
  const fn = getFunction(name)!;
  const box = fn.domain(n);
  const rng = new Rng(seed);
  const s = new Float64Array(N * n);
  for (let r = 0; r < N; r++) for (let i = 0; i < n; i++) s[r * n + i] = rng.range(box.lo[i], box.hi[i]);
  return s;
}

function expectIdentical(a: BatchResult, b: BatchResult): void {
  expect(Array.from(b.finalX)).toEqual(Array.from(a.finalX));
  expect(Array.from(b.finalF)).toEqual(Array.from(a.finalF));
  expect(Array.from(b.divergedAt)).toEqual(Array.from(a.divergedAt));
  if (a.loss) expect(Array.from(b.loss!)).toEqual(Array.from(a.loss));
  if (a.trace) {
    for (const key of ['x', 'grad', 'lr'] as const) {
      const rows = a.trace[key];
      if (!rows) continue;
      rows.forEach((row, t) => expect(Array.from(b.trace![key]![t])).toEqual(Array.from(row)));
    }
  }
}

describe('WASM engine memory', () => {
  test('memory.buffer.byteLength stays flat over 10⁵ small runBatch calls after warm-up', async () => {
    const engine = await loadWasmEngine();
    const model = randomO1Model(new Rng(1));
    const fn = getFunction('rosenbrock')!;
    const starts = startsFor('rosenbrock', 2, 3, 2);
    const specs: BatchSpec[] = [
      { fn, n: 2, optimizer: { kind: 'o1', model }, starts, steps: 5, recordLoss: true },
      { fn, n: 2, optimizer: { kind: 'baseline', spec: getOptimizer('adam')!, hyper: {} }, starts, steps: 5 },
      { fn, n: 2, optimizer: { kind: 'o1', model }, starts, steps: 3, recordTrace: true },
    ];
    const first = specs.map((s) => engine.runBatch(s));
    const before = engine.memoryBytes;
    const last: BatchResult[] = [];
    for (let k = 0; k < 100_000; k++) last[k % 3] = engine.runBatch(specs[k % 3]);
    expect(engine.memoryBytes).toBe(before);
    // the last calls give what the first ones gave (no state leaks from call to call)
    last.forEach((r, i) => expectIdentical(first[i], r));
  }, 120_000);

  test('a batch over the cap is chunked and equals the unchunked result', async () => {
    const whole = await loadWasmEngine();
    const capped = await loadWasmEngine({ maxBatchBytes: 64 * 1024 });
    const model = randomO1Model(new Rng(3));
    const fn = getFunction('rastrigin')!;
    const n = 3;
    const N = 501; // odd, so the last chunk is padded too
    const starts = startsFor('rastrigin', n, N, 4);
    const specs: BatchSpec[] = [
      { fn, n, optimizer: { kind: 'baseline', spec: getOptimizer('adam')!, hyper: { lr: 0.05 } }, starts, steps: 60, recordLoss: true },
      { fn, n, optimizer: { kind: 'o1', model }, starts, steps: 20, recordLoss: true, recordTrace: true },
    ];
    for (const spec of specs) {
      const a = whole.runBatch(spec);
      const memBefore = capped.memoryBytes;
      const b = capped.runBatch(spec);
      expectIdentical(a, b);
      // it really was chunked, and the arena stayed within the cap (plus the page it starts in)
      expect(capped.runsPerChunk(spec)).toBeLessThan(N);
      expect(whole.runsPerChunk(spec)).toBe(N + 1); // padded to the lane count
      expect(capped.memoryBytes).toBeLessThanOrEqual(Math.max(memBefore, capped.kernels.heapBase() + 64 * 1024 + 65536));
    }
  });

  test('a single run too large for the cap is refused with a clear error', async () => {
    const tiny = await loadWasmEngine({ maxBatchBytes: 16 * 1024 });
    const fn = getFunction('sphere')!;
    const spec: BatchSpec = {
      fn, n: 2, optimizer: { kind: 'baseline', spec: getOptimizer('sgd')!, hyper: {} },
      starts: Float64Array.of(1, 1), steps: 5000, recordTrace: true,
    };
    expect(() => tiny.runBatch(spec)).toThrow(/cap/);
  });
});
