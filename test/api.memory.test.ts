// The step API on a large model: 10M parameters stepped on the kernels without linear memory
// growing past one chunk (maxChunkBytes): the state lives on the host between calls and each call
// takes at most a chunk of coordinates. A fresh instance of the kernels, so its memory is this
// test's alone.
import { describe, expect, it } from 'vitest';
import { instantiateO1Wasm, loadWasmBytes } from '../src/engine/index.js';
import { createO1Optimizer } from '../src/api/index.js';
import { InputError } from '../src/errors.js';
import { Rng } from '../src/rng.js';
import { defaultO1Config } from '../src/o1/config.js';
import { randomO1Model } from '../src/o1/o1.js';
import { shippedDefaultModel } from '../src/api/defaultModel.js';

const PAGE = 65536;

describe('step API: memory', () => {
  it('steps 10M parameters (o1 v3, exact and f32) within one chunk of linear memory', async () => {
    const kernels = await instantiateO1Wasm(await loadWasmBytes());
    const start = kernels.memory.buffer.byteLength;
    const maxChunkBytes = 32 * 1024 * 1024;
    const n = 10_000_000;
    const params = [new Float32Array(n / 2).fill(0.5), new Float32Array(n / 2).fill(-0.25)];
    const grads = [new Float32Array(n / 2).fill(0.01), new Float32Array(n / 2).fill(-0.02)];
    for (const precision of ['exact', 'f32'] as const) {
      const opt = createO1Optimizer({ kernels, maxChunkBytes, precision });
      expect(opt.precision).toBe(precision);
      opt.step(params, grads);
      expect(opt.t).toBe(1);
      const limit = Math.max(start, Math.ceil((kernels.heapBase() + maxChunkBytes) / PAGE) * PAGE);
      expect(kernels.memory.buffer.byteLength).toBeLessThanOrEqual(limit);
    }
    // every coordinate moved against its gradient (the chunk seams included)
    expect(params[0].every((v) => v < 0.5)).toBe(true);
    expect(params[1].every((v) => v > -0.25)).toBe(true);
  }, 60_000);

  it('the window rules (v2 models) keep a call within maxChunkBytes too, model blocks included', async () => {
    const kernels = await instantiateO1Wasm(await loadWasmBytes());
    const start = kernels.memory.buffer.byteLength;
    const model = randomO1Model(new Rng(4), defaultO1Config());
    const maxChunkBytes = 2 * 1024 * 1024;
    const n = 100_003;
    const opt = createO1Optimizer({ kernels, model, maxChunkBytes });
    expect(opt.engine).toBe('wasm');
    const params = [new Float32Array(n).fill(0.5)];
    opt.step(params, [new Float32Array(n).fill(0.01)]);
    const limit = Math.max(start, Math.ceil((kernels.heapBase() + maxChunkBytes) / PAGE) * PAGE);
    expect(kernels.memory.buffer.byteLength).toBeLessThanOrEqual(limit);
    expect(params[0].every((v) => v < 0.5)).toBe(true);
  });

  it("the 'distance' step unit keeps x₀ on the host (8 more bytes per parameter there): calls stay within maxChunkBytes", async () => {
    const kernels = await instantiateO1Wasm(await loadWasmBytes());
    const start = kernels.memory.buffer.byteLength;
    const base = shippedDefaultModel();
    const model = { ...base, config: { ...base.config, stepUnit: 'distance' as const } };
    const maxChunkBytes = 2 * 1024 * 1024;
    const n = 200_003;
    const opt = createO1Optimizer({ kernels, model, maxChunkBytes });
    expect(opt.engine).toBe('wasm');
    const params = [new Float32Array(n).fill(0.5)];
    for (let t = 0; t < 3; t++) opt.step(params, [new Float32Array(n).fill(0.01)]);
    const limit = Math.max(start, Math.ceil((kernels.heapBase() + maxChunkBytes) / PAGE) * PAGE);
    expect(kernels.memory.buffer.byteLength).toBeLessThanOrEqual(limit);
    expect(opt.state().buffers.x0.length).toBe(n);
    expect(params[0].every((v) => v < 0.5)).toBe(true);
  });

  it('a model whose state cannot be allocated is one clear error, the optimizer unchanged', () => {
    const opt = createO1Optimizer();
    const c = opt.state();
    c.sizes = [2 ** 45];
    expect(() => opt.load(c)).toThrow(InputError);
    expect(() => opt.load(c)).toThrow(/cannot allocate the optimizer state for 35184372088832 parameters/);
    expect(opt.t).toBe(0);
    expect(opt.sizes).toBeUndefined();
  });
});
